#
# SPDX-License-Identifier: Apache-2.0
r"""
===============================================
OUT204: Cookie Secure flag explicitly turned off
===============================================

What it does
------------
Reports cookies explicitly allowed over plain HTTP:

- ``response.set_cookie(..., secure=False)`` and ``set_signed_cookie(..., secure=False)``
  (Django, Flask/Werkzeug, Starlette, aiohttp);
- the settings ``SESSION_COOKIE_SECURE``, ``CSRF_COOKIE_SECURE``,
  ``LANGUAGE_COOKIE_SECURE`` (Django) and ``REMEMBER_COOKIE_SECURE`` (Flask-Login) set
  to ``False``: at the top level of a module, in a config class, through
  ``app.config[...]``, or as a keyword of ``app.config.update(...)``;
- Starlette's ``SessionMiddleware(..., https_only=False)``.

Only an explicit ``False`` given by keyword is reported: leaving the default in place is
not, nor ``False`` in the seventh positional slot of ``set_cookie`` (the rule looks at
keyword arguments, which Bandit visits far less often than calls). Django's own
table of defaults (``global_settings.py``) is not reported.

Why is this bad
---------------
A cookie without the ``Secure`` attribute is also sent over unencrypted HTTP: one request
to ``http://`` (a link, a redirect, a network that strips TLS) hands the session cookie
to anyone on the network path, who can then act as the user.

Severity and confidence
-----------------------
MEDIUM severity: it needs an attacker on the network path, but then yields the session.
HIGH confidence: ``set_cookie``'s ``secure`` parameter and these setting names mean the
same thing in every framework that has them.

Example
-------
.. code-block:: python

    def login(request, response, token):
        response.set_cookie("session", token, secure=False, httponly=True)
        return response

Use instead
-----------
.. code-block:: python

    def login(request, response, token):
        response.set_cookie("session", token, secure=True, httponly=True)
        return response

References
----------
- `CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute <https://cwe.mitre.org/data/definitions/614.html>`__
- `Django: SESSION_COOKIE_SECURE <https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure>`__
- `MDN: Set-Cookie Secure <https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#secure>`__

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
    session_middleware_option,
    setting_node,
    settings_in,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = 614

_SETTINGS = frozenset(
    {
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "REMEMBER_COOKIE_SECURE",
    }
)


def _off(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    return isinstance(node, ast.Constant) and node.value is False


@test.checks("keyword", "Assign", "AnnAssign")
@test.test_id("OUT204")
def cookie_secure_off(context: Any) -> Any:
    node = context.node
    # Every case reported sets a literal False: anything else returns at once.
    value = node.value
    if not isinstance(value, ast.Constant) or value.value is not False:
        return None
    found = _cookie_secure_off(context, node)
    # Placed at the call only when found: this runs on every keyword and assignment.
    return None if found is None else on_call_lines(context, found)


def _cookie_secure_off(context: Any, node: Any) -> Any:
    """What ``node`` (a keyword or assignment whose value passed the test above) is
    reported for, or None."""
    if isinstance(node, ast.keyword):
        arg = node.arg
        if arg == "secure":
            value = cookie_option(node, "secure")
            if _off(value):
                return make_issue(
                    value,
                    "Cookie set with secure=False: it is also sent over plain HTTP, where "
                    "anyone on the network can read it. Set secure=True.",
                    SEVERITY,
                    CONFIDENCE,
                    CWE,
                )
            return None
        if arg == "https_only":
            value = session_middleware_option(node, context.import_aliases, "https_only")
            if _off(value):
                return make_issue(
                    value,
                    "SessionMiddleware with https_only=False: the session cookie is also "
                    "sent over plain HTTP. Set https_only=True.",
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
                f"{setting} = False: the cookie is also sent over plain HTTP, where anyone "
                "on the network can read it. Set it to True.",
                SEVERITY,
                CONFIDENCE,
                CWE,
            )
    return None
