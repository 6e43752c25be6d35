#
# SPDX-License-Identifier: Apache-2.0
r"""
===================================
OUT203: CSRF protection switched off
===================================

What it does
------------
Reports code that turns off a framework's protection against cross-site request
forgery:

- Django: views decorated with ``@csrf_exempt`` (also through
  ``method_decorator(csrf_exempt, ...)``) or wrapped in ``csrf_exempt(view)``, and a
  settings module whose ``MIDDLEWARE`` list has ``SessionMiddleware`` but not
  ``CsrfViewMiddleware``;
- Flask-WTF: ``WTF_CSRF_ENABLED = False`` (module or config class, ``app.config[...]``,
  keywords of ``app.config.update(...)``), and ``@csrf.exempt`` / ``csrf.exempt(view)`` on a
  ``CSRFProtect`` object;
- Pyramid: ``require_csrf=False`` given to ``set_default_csrf_options``, ``add_view``,
  ``@view_config`` or ``@view_defaults``.

Why is this bad
---------------
A browser sends the user's cookies with every request to the application, whichever
site the request comes from. Without a CSRF token check, any page the user opens can
submit forms to the application as the user: change their e-mail address or password,
make a purchase, post content.

Severity and confidence
-----------------------
MEDIUM severity: the attacker acts as the user on the endpoints concerned, and a
SameSite cookie policy (browsers default to ``Lax``) blocks part of it.
HIGH confidence: the decorators and objects are resolved through the imports, and the
setting names belong to these frameworks. Some exemptions are deliberate (a webhook
checked by signature): suppress those where they are.

Example
-------
.. code-block:: python

    from django.http import HttpResponse
    from django.views.decorators.csrf import csrf_exempt


    @csrf_exempt
    def update_profile(request):
        request.user.email = request.POST["email"]
        request.user.save()
        return HttpResponse("ok")

Use instead
-----------
.. code-block:: python

    from django.http import HttpResponse


    def update_profile(request):
        request.user.email = request.POST["email"]
        request.user.save()
        return HttpResponse("ok")

References
----------
- `CWE-352: Cross-Site Request Forgery <https://cwe.mitre.org/data/definitions/352.html>`__
- `Django: CSRF protection <https://docs.djangoproject.com/en/stable/ref/csrf/>`__
- `Flask-WTF: CSRF protection <https://flask-wtf.readthedocs.io/en/stable/csrf/>`__
- `Pyramid: preventing CSRF <https://docs.pylonsproject.org/projects/pyramid/en/latest/narr/security.html#preventing-cross-site-request-forgery-attacks>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    config_call_settings,
    is_django_settings,
    is_false,
    is_instance_of,
    keyword,
    make_issue,
    qualname,
    setting_node,
    settings_in,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = 352

_CSRF_EXEMPT = {"django.views.decorators.csrf.csrf_exempt"}
_CSRF_PROTECT = frozenset({"flask_wtf.csrf.CSRFProtect", "flask_wtf.CSRFProtect"})
_PYRAMID = {"set_default_csrf_options", "add_view", "view_config", "view_defaults"}
_SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"
_CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"
#: Last components of the called names the Call branch can report: the rest return at once.
_CALLS = frozenset({"csrf_exempt", "exempt", "update", "from_mapping", *_PYRAMID})
#: Tuples rather than ``A | B`` unions, which Python would build again at every call.
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_LISTS = (ast.List, ast.Tuple)

_DJANGO = (
    "csrf_exempt turns off Django's CSRF check for this view: any web site can make a "
    "logged-in user's browser call it. Keep the check, or verify the request another way "
    "(a signature) and say so."
)


def _issue(node: ast.AST, text: str) -> Any:
    return make_issue(node, text, SEVERITY, CONFIDENCE, CWE)


def _is_exempt(node: ast.AST, aliases: dict[str, str]) -> bool:
    return qualname(node, aliases) in _CSRF_EXEMPT


def _flask_exempt(node: ast.AST, aliases: dict[str, str], at: ast.AST) -> bool:
    """``csrf.exempt`` on a ``CSRFProtect`` object."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "exempt"
        and is_instance_of(node.value, aliases, _CSRF_PROTECT, at=at)
    )


def _decorators(node: ast.AST, aliases: dict[str, str]) -> Any:
    for decorator in getattr(node, "decorator_list", []):
        if _is_exempt(decorator, aliases):
            return _issue(decorator, _DJANGO)
        if _flask_exempt(decorator, aliases, node):
            return _issue(
                decorator,
                "csrf.exempt turns off Flask-WTF's CSRF check for this view: any web site "
                "can make a logged-in user's browser call it.",
            )
    return None


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _middleware(value: ast.AST) -> bool:
    """A literal MIDDLEWARE list with sessions and without the CSRF middleware."""
    if not isinstance(value, _LISTS):
        return False
    names = {e.value for e in value.elts if isinstance(e, ast.Constant)}
    if len(names) != len(value.elts):
        return False  # something computed: it may add the middleware
    return _SESSIONS in names and _CSRF_MIDDLEWARE not in names


@test.checks("Call", "Assign", "AnnAssign", "FunctionDef", "AsyncFunctionDef", "ClassDef")
@test.test_id("OUT203")
def csrf_protection_disabled(context: Any) -> Any:
    node = context.node
    if node.__class__ is ast.Call:
        # The last part of the called name, which Bandit has worked out already (a
        # method's name, or a function's once its import alias is resolved): nearly every
        # call returns here.
        short = context.call_function_name
        if short in _CALLS or "method_decorator" in short:
            return _call(context, node, short)
        return None
    if isinstance(node, _DEFINITIONS):
        if not node.decorator_list:
            return None
        return _decorators(node, context.import_aliases)
    # An assignment: WTF_CSRF_ENABLED set to a false literal other than None, or a
    # MIDDLEWARE list or tuple; anything else returns at once.
    value = node.value
    if isinstance(value, ast.Constant):
        if value.value or value.value is None:
            return None
    elif not isinstance(value, _LISTS):
        return None
    if not setting_node(node):
        return None
    return _settings(context, node, settings_in(node))


def _call(context: Any, node: ast.Call, short: str) -> Any:
    """The Call branch, for a call whose called name ends in ``short``:
    ``csrf_exempt(view)``, ``method_decorator(csrf_exempt, ...)``, ``csrf.exempt(view)``,
    Pyramid's ``require_csrf=False`` and ``app.config.update(WTF_CSRF_ENABLED=False)``."""
    func = node.func
    aliases = context.import_aliases
    name = context.call_function_name_qual or ""
    if name in _CSRF_EXEMPT or (
        name.endswith("method_decorator") and any(_is_exempt(arg, aliases) for arg in node.args)
    ):
        return _issue(node, _DJANGO)
    if short == "exempt" and _flask_exempt(func, aliases, node):
        return _issue(
            node,
            "csrf.exempt turns off Flask-WTF's CSRF check for this view or blueprint: "
            "any web site can make a logged-in user's browser call it.",
        )
    if short in _PYRAMID:
        value = keyword(node, "require_csrf")
        if isinstance(value, ast.Constant) and value.value is False:
            return _issue(
                value,
                "require_csrf=False turns off Pyramid's CSRF check: any web site can "
                "make a logged-in user's browser submit to these views.",
            )
    # Settings given as keywords of ``app.config.update(...)`` (this rule looks at calls
    # anyway, so it reads their keywords rather than visiting each one).
    return _settings(context, node, config_call_settings(node))


def _settings(
    context: Any, node: ast.AST, settings: list[tuple[str, ast.expr, ast.AST, str]]
) -> Any:
    """The issue for the first of ``settings`` (see ``settings_in``) that turns CSRF
    protection off, if any."""
    for setting, value, where, how in settings:
        if setting == "WTF_CSRF_ENABLED" and is_false(value) and not _is_none(value):
            return _issue(
                where,
                "WTF_CSRF_ENABLED = False turns off Flask-WTF's CSRF check for every form.",
            )
        if (
            setting == "MIDDLEWARE"
            and how == "module"
            and _middleware(value)
            and is_django_settings(node, context.filename or "")
        ):
            return _issue(
                where,
                "MIDDLEWARE has sessions but not CsrfViewMiddleware: no view checks CSRF "
                "tokens. Add django.middleware.csrf.CsrfViewMiddleware.",
            )
    return None
