#
# SPDX-License-Identifier: Apache-2.0
r"""
=================================================
OUT206: Cookie HttpOnly flag explicitly turned off
=================================================

What it does
------------
Reports cookies explicitly made readable from JavaScript:

- ``response.set_cookie(..., httponly=False)`` and ``set_signed_cookie(...,
  httponly=False)``;
- the settings ``SESSION_COOKIE_HTTPONLY`` (Django, Flask) and
  ``REMEMBER_COOKIE_HTTPONLY`` (Flask-Login) set to ``False``: at the top level of a
  module, in a config class, through ``app.config[...]``, or as a keyword of
  ``app.config.update(...)``.

``CSRF_COOKIE_HTTPONLY`` and ``LANGUAGE_COOKIE_HTTPONLY`` are not reported: those cookies
are meant to be read by scripts. Only an explicit ``False`` given by keyword is reported
(not one in ``set_cookie``'s eighth positional slot).

Why is this bad
---------------
A cookie without ``HttpOnly`` can be read by any script on the page. One cross-site
scripting flaw anywhere on the site then lets the attacker copy the session cookie and
use the session from elsewhere, long after the page is closed.

Severity and confidence
-----------------------
LOW severity: it needs a cross-site scripting flaw first; it makes that flaw worse.
HIGH confidence: the parameter and setting names mean the same thing in every framework
that has them.

Example
-------
.. code-block:: python

    def login(response, token):
        response.set_cookie("session", token, secure=True, httponly=False)

Use instead
-----------
.. code-block:: python

    def login(response, token):
        response.set_cookie("session", token, secure=True, httponly=True)

References
----------
- `CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag <https://cwe.mitre.org/data/definitions/1004.html>`__
- `Django: SESSION_COOKIE_HTTPONLY <https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly>`__
- `MDN: Set-Cookie HttpOnly <https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#httponly>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any, TypeGuard

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    cookie_option,
    is_framework_defaults,
    make_issue,
    on_call_lines,
    setting_node,
    settings_in,
)

SEVERITY = constants.LOW
CONFIDENCE = constants.HIGH
CWE = 1004

_SETTINGS = frozenset({"SESSION_COOKIE_HTTPONLY", "REMEMBER_COOKIE_HTTPONLY"})


def _off(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    return isinstance(node, ast.Constant) and node.value is False


@test.checks("keyword", "Assign", "AnnAssign")
@test.test_id("OUT206")
def cookie_httponly_off(context: Any) -> Any:
    node = context.node
    # Every case reported sets a literal False: anything else returns at once.
    value = node.value
    if not isinstance(value, ast.Constant) or value.value is not False:
        return None
    found = _cookie_httponly_off(context, node)
    # Placed at the call only when found: this runs on every keyword and assignment.
    return None if found is None else on_call_lines(context, found)


def _cookie_httponly_off(context: Any, node: Any) -> Any:
    """What ``node`` (a keyword or assignment whose value passed the test above) is
    reported for, or None."""
    if isinstance(node, ast.keyword):
        arg = node.arg
        if arg == "httponly":
            value = cookie_option(node, "httponly")
            if _off(value):
                return make_issue(
                    value,
                    "Cookie set with httponly=False: scripts on the page can read it, so one "
                    "cross-site scripting flaw leaks it. Set httponly=True.",
                    SEVERITY,
                    CONFIDENCE,
                    CWE,
                )
            return None
        if arg not in _SETTINGS:
            return None
    if not setting_node(node):
        return None
    for setting, value, where, _ in settings_in(node):
        if setting in _SETTINGS and _off(value):
            if is_framework_defaults(context.filename or ""):
                return None
            return make_issue(
                where,
                f"{setting} = False: scripts on the page can read the cookie, so one "
                "cross-site scripting flaw leaks the session. Set it to True.",
                SEVERITY,
                CONFIDENCE,
                CWE,
            )
    return None
