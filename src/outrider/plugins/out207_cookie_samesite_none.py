#
# SPDX-License-Identifier: Apache-2.0
r"""
=============================================
OUT207: Cookie SameSite explicitly set to None
=============================================

What it does
------------
Reports cookies explicitly sent with cross-site requests:

- ``response.set_cookie(..., samesite="None")`` and ``set_signed_cookie(...,
  samesite="None")`` (any letter case, given by keyword);
- the settings ``SESSION_COOKIE_SAMESITE``, ``CSRF_COOKIE_SAMESITE`` (Django, Flask) and
  ``REMEMBER_COOKIE_SAMESITE`` (Flask-Login) set to ``"None"``;
- Starlette's ``SessionMiddleware(..., same_site="none")``.

The Python value ``None`` is not reported: Django and Werkzeug then leave the attribute
out, and browsers apply ``Lax``.

Why is this bad
---------------
``SameSite=None`` tells the browser to send the cookie with requests that other sites
start: form posts, images, frames. That re-opens the cross-site request forgery that
browsers' ``Lax`` default blocks, and lets other sites embed pages with the user's
session (clickjacking, cross-site leaks). Some cookies need it (a widget embedded in
other sites); most, and session cookies especially, do not.

Severity and confidence
-----------------------
LOW severity: the endpoints still need their CSRF protection to fail for this to matter.
HIGH confidence: the parameter and setting names mean the same thing in every framework
that has them.

Example
-------
.. code-block:: python

    SESSION_COOKIE_SAMESITE = "None"

Use instead
-----------
.. code-block:: python

    SESSION_COOKIE_SAMESITE = "Lax"

References
----------
- `CWE-1275: Sensitive Cookie with Improper SameSite Attribute <https://cwe.mitre.org/data/definitions/1275.html>`__
- `Django: SESSION_COOKIE_SAMESITE <https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite>`__
- `MDN: Set-Cookie SameSite <https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value>`__

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

SEVERITY = constants.LOW
CONFIDENCE = constants.HIGH
CWE = 1275

_SETTINGS = frozenset(
    {"SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "REMEMBER_COOKIE_SAMESITE"}
)


def _none(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.lower() == "none"
    )


def _issue(node: ast.AST, what: str) -> Any:
    return make_issue(
        node,
        f"{what} SameSite=None: the browser sends the cookie with requests other sites "
        "start, re-opening cross-site request forgery. Use Lax (or Strict) unless the "
        "cookie must work in another site's frame.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )


@test.checks("keyword", "Assign", "AnnAssign")
@test.test_id("OUT207")
def cookie_samesite_none(context: Any) -> Any:
    node = context.node
    # Every case reported sets the string "None": anything else returns at once.
    value = node.value
    if not isinstance(value, ast.Constant) or not _none(value):
        return None
    found = _cookie_samesite_none(context, node)
    # Placed at the call only when found: this runs on every keyword and assignment.
    return None if found is None else on_call_lines(context, found)


def _cookie_samesite_none(context: Any, node: Any) -> Any:
    """What ``node`` (a keyword or assignment whose value passed the test above) is
    reported for, or None."""
    if isinstance(node, ast.keyword):
        arg = node.arg
        if arg == "samesite":
            value = cookie_option(node, "samesite")
            return _issue(value, "Cookie set with") if _none(value) else None
        if arg == "same_site":
            value = session_middleware_option(node, context.import_aliases, "same_site")
            return _issue(value, "SessionMiddleware cookie with") if _none(value) else None
        if arg not in _SETTINGS:
            return None
    if not setting_node(node):
        return None
    for setting, value, where, _ in settings_in(node):
        if setting in _SETTINGS and _none(value):
            if is_framework_defaults(context.filename or ""):
                return None
            return _issue(where, f"{setting} sets")
    return None
