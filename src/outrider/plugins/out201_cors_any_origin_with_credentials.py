#
# SPDX-License-Identifier: Apache-2.0
r"""
=====================================================
OUT201: CORS allows any origin together with credentials
=====================================================

What it does
------------
Reports cross-origin resource sharing set up to accept any origin while allowing
credentials (cookies, HTTP authentication):

- Starlette / FastAPI ``CORSMiddleware`` (through ``app.add_middleware(CORSMiddleware,
  ...)``, ``Middleware(CORSMiddleware, ...)`` or a direct call) with
  ``allow_credentials=True`` and ``allow_origins`` holding ``"*"`` or an
  ``allow_origin_regex`` that matches anything (``".*"``, ``"https?://.*"`` ...);
- flask-cors ``CORS(app, ...)`` or ``@cross_origin(...)`` with
  ``supports_credentials=True`` and the default origins (``"*"``), ``"*"``, or a
  match-anything pattern;
- django-cors-headers settings: ``CORS_ALLOW_ALL_ORIGINS = True`` (or the old
  ``CORS_ORIGIN_ALLOW_ALL``), or a match-anything ``CORS_ALLOWED_ORIGIN_REGEXES`` (or
  ``CORS_ORIGIN_REGEX_WHITELIST``), in a module that also sets
  ``CORS_ALLOW_CREDENTIALS = True``.

The CORS specification forbids ``Access-Control-Allow-Origin: *`` with credentials, so
each of these libraries answers such a configuration by echoing back whatever origin the
request names.

Why is this bad
---------------
With the origin reflected and credentials allowed, any web site a logged-in user visits
can send requests to the application with the user's cookies and read the answers:
account data, API keys, CSRF tokens. It turns off the same-origin policy for the
application.

Severity and confidence
-----------------------
HIGH severity: any web site can read what the user can read.
HIGH confidence: the middleware classes are resolved through the imports, and the
django-cors-headers setting names belong to that library alone.

Example
-------
.. code-block:: python

    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)

Use instead
-----------
.. code-block:: python

    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    app = FastAPI()
    app.add_middleware(
        CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True
    )

References
----------
- `CWE-942: Permissive Cross-domain Policy with Untrusted Domains <https://cwe.mitre.org/data/definitions/942.html>`__
- `Fetch standard: CORS protocol and credentials <https://fetch.spec.whatwg.org/#cors-protocol-and-credentials>`__
- `PortSwigger: CORS vulnerabilities <https://portswigger.net/web-security/cors>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    argument,
    is_true,
    keyword,
    make_issue,
    module_setting,
    on_call_lines,
    parent,
    qualname,
)

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = 942

_STARLETTE = {"starlette.middleware.cors.CORSMiddleware", "fastapi.middleware.cors.CORSMiddleware"}
_WRAPPERS = {"starlette.middleware.Middleware", "fastapi.middleware.Middleware"}
_FLASK_CORS = {"flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS"}
_ANY_PATTERNS = {
    "*",
    ".*",
    ".+",
    "https?://.*",
    "https?://.+",
    "https://.*",
    "https://.+",
    "http://.*",
    "http.*",
    "(https?://)?.*",
    "(http|https)://.*",
}
_ALLOW_ALL = ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL")
_REGEXES = ("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST")
#: What a setting this rule reports is set to (``True``, ``"*"``, ``[".*"]`` ...).
_LITERALS = (ast.Constant, ast.List, ast.Tuple, ast.Set)


def _matches_anything(pattern: object) -> bool:
    """``"*"`` or a regular expression written to match any origin."""
    if not isinstance(pattern, str):
        return False
    core = pattern.strip().removeprefix("^").removesuffix("$").replace(r"\/", "/")
    return core in _ANY_PATTERNS or core.replace("(?:", "(") in _ANY_PATTERNS


def _any_origin(node: ast.AST | None) -> bool:
    """A literal string, or list/tuple/set of them, that lets every origin in."""
    if isinstance(node, ast.Constant):
        return _matches_anything(node.value)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return any(isinstance(e, ast.Constant) and _matches_anything(e.value) for e in node.elts)
    return False


def _issue(node: ast.AST, text: str) -> Any:
    return make_issue(node, text, SEVERITY, CONFIDENCE, CWE)


_REFLECTS = (
    "CORS allows any origin with credentials: the library reflects the requesting "
    "origin, so every web site can make credentialed requests and read the responses. "
    "List the trusted origins."
)


def _starlette(call: ast.Call, aliases: dict[str, str], offset: int) -> bool:
    """Whether keyword options of a CORSMiddleware (from argument ``offset`` on: its
    positional parameters after ``app``) let any origin in with credentials."""
    if any(kw.arg is None for kw in call.keywords):
        return False
    if not is_true(keyword(call, "allow_credentials")):
        return False
    return _any_origin(argument(call, offset, "allow_origins")) or _any_origin(
        keyword(call, "allow_origin_regex")
    )


def _flask_cors(call: ast.Call) -> bool:
    if any(kw.arg is None for kw in call.keywords):
        return False
    if not is_true(keyword(call, "supports_credentials")):
        return False
    origins = keyword(call, "origins")
    resources = keyword(call, "resources")
    if isinstance(resources, ast.Dict):
        # per-resource options: any resource without its own safe origins lets all in
        for options in resources.values:
            if not isinstance(options, ast.Dict):
                continue
            for key, value in zip(options.keys, options.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "origins":
                    if _any_origin(value):
                        return True
                    break
            else:
                if origins is None or _any_origin(origins):
                    return True
        return False
    return origins is None or _any_origin(origins)


_CREDENTIALS = ("allow_credentials", "supports_credentials")


@test.checks("keyword", "Assign", "AnnAssign")
@test.test_id("OUT201")
def cors_any_origin_with_credentials(context: Any) -> Any:
    node = context.node
    if node.__class__ is ast.keyword:
        # Every configuration this rule reports passes credentials by keyword: look at
        # those keywords, not at every call (Bandit makes each check of a call cost).
        if node.arg not in _CREDENTIALS:
            return None
        call = parent(node)
        if (
            isinstance(call, ast.Call)
            and next(kw for kw in call.keywords if kw.arg in _CREDENTIALS) is node
            and _call(call, context.import_aliases)
        ):
            # Once per call, from its first such keyword, placed at the call.
            return on_call_lines(context, _issue(call, _REFLECTS))
        return None
    return _setting(context, node)


def _setting(context: Any, node: Any) -> Any:
    """What an assignment ``node`` is reported for, or None."""
    # A django-cors-headers setting: ``NAME = literal`` at the top of a module (what
    # settings_in calls a "module" setting, read here without building that list).
    value = node.value
    if not isinstance(value, _LITERALS) or not isinstance(parent(node), ast.Module):
        return None
    for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
        if not isinstance(target, ast.Name):
            continue
        setting = target.id
        any_origin = (setting in _ALLOW_ALL and is_true(value)) or (
            setting in _REGEXES and _any_origin(value)
        )
        if any_origin and is_true(module_setting(node, "CORS_ALLOW_CREDENTIALS")):
            return _issue(target, _REFLECTS)
    return None


def _call(call: ast.Call, aliases: dict[str, str]) -> bool:
    """Whether ``call`` sets up CORS for any origin with credentials."""
    func = call.func
    name = qualname(func, aliases)
    if name in _STARLETTE:
        return _starlette(call, aliases, 1)
    if name in _FLASK_CORS:
        return _flask_cors(call)
    wraps = name in _WRAPPERS or (isinstance(func, ast.Attribute) and func.attr == "add_middleware")
    first = call.args[0] if call.args else None
    return (
        wraps
        and first is not None
        and qualname(first, aliases) in _STARLETTE
        and _starlette(call, aliases, 1)
    )
