#
# SPDX-License-Identifier: Apache-2.0
"""Small, self-contained AST helpers shared by outrider's Bandit plugins.

Rules for this module, so that ``outrider upstream`` can inline what a plugin uses:
every helper is a top-level function that depends only on the standard library, on
``bandit`` and on other helpers here, and carries no state.
"""

from __future__ import annotations

import ast
from typing import Any, TypeGuard

from bandit.core import issue


def qualname(node: ast.AST, aliases: dict[str, str]) -> str:
    """Dotted name of a Name/Attribute chain with the import alias of its root resolved.

    ``np.lib.load`` with ``import numpy as np`` gives ``numpy.lib.load``; anything that is
    not a plain chain of names (a call, a subscript) gives ``""``.
    """
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value passed as keyword ``name``, or None."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """The value of a parameter passed either by keyword or at ``position``."""
    value = keyword(call, name)
    if value is not None:
        return value
    if position < len(call.args) and not any(
        isinstance(a, ast.Starred) for a in call.args[: position + 1]
    ):
        return call.args[position]
    return None


def is_true(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    """A literal that is truthy (``True``, ``1``, ``"yes"``): a switch surely turned on."""
    return isinstance(node, ast.Constant) and node.value is not ... and bool(node.value)


def is_false(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    """A literal ``False``/``0``/``None``/empty string: a switch surely turned off."""
    return isinstance(node, ast.Constant) and not node.value


def is_literal_string(node: ast.AST) -> bool:
    """A string whose whole value is in the source: constants, placeholder-free f-strings,
    and ``+`` concatenations of those."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | bytes)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_literal_string(node.left) and is_literal_string(node.right)
    return False


def make_issue(node: ast.AST, text: str, severity: str, confidence: str, cwe: int) -> Any:
    """A Bandit issue located at ``node``."""
    return issue.Issue(
        severity=severity,
        confidence=confidence,
        cwe=cwe,
        text=text,
        lineno=getattr(node, "lineno", None),
        col_offset=getattr(node, "col_offset", -1),
    )


def literal_string_value(node: ast.AST) -> str | bytes | None:
    """The value of a string written out in the source (see :func:`is_literal_string`),
    or None when any part of it is computed at runtime or ``str`` and ``bytes`` mix."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str | bytes) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                return None
            parts.append(value.value)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = literal_string_value(node.left)
        right = literal_string_value(node.right)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        if isinstance(left, bytes) and isinstance(right, bytes):
            return left + right
    return None


# -- names and what they are bound to (Bandit sets ``_bandit_parent`` on every node it
# visits, so a plugin can look at the code around a call) ---------------------------------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def parent(node: ast.AST) -> ast.AST | None:
    """The node Bandit's visitor found ``node`` in (None outside Bandit)."""
    found = getattr(node, "_bandit_parent", None)
    return found if isinstance(found, ast.AST) else None


def enclosing_scopes(node: ast.AST) -> list[ast.AST]:
    """Functions and the module around ``node``, innermost first. Class bodies are
    skipped, as Python's own name lookup from a method skips them."""
    scopes: list[ast.AST] = []
    current = parent(node)
    while current is not None:
        if isinstance(current, _SCOPES):
            scopes.append(current)
        current = parent(current)
    return scopes


def scope_nodes(scope: ast.AST) -> list[ast.AST]:
    """Every node in ``scope``'s own body, not inside nested functions or classes
    (their definitions themselves are included)."""
    body = getattr(scope, "body", [])
    todo: list[ast.AST] = list(body) if isinstance(body, list) else [body]
    found: list[ast.AST] = []
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, _NESTED):
            todo.extend(getattr(node, "decorator_list", []))
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def bindings(scope: ast.AST, name: str) -> list[tuple[str, ast.AST | None]]:
    """How ``name`` gets its value in ``scope``'s own body, one entry per binding:
    ``("value", expr)`` for ``name = expr``, ``name: T = expr``, ``with expr as name``
    and ``(name := expr)``; ``("annotation", T)`` for a parameter ``name: T``;
    ``("unknown", None)`` for anything else (a loop target, unpacking, an import, a
    definition, ``global``/``nonlocal``, an augmented assignment, a parameter without
    annotation)."""
    found: list[tuple[str, ast.AST | None]] = []
    args = getattr(scope, "args", None)
    if isinstance(args, ast.arguments):
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        params += [a for a in (args.vararg, args.kwarg) if a is not None]
        for param in params:
            if param.arg == name:
                kind = "annotation" if param.annotation is not None else "unknown"
                found.append((kind, param.annotation))
    for node in scope_nodes(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    found.append(("value", node.value))
                elif _names_in(target, name):
                    found.append(("unknown", None))
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr):
            if isinstance(node.target, ast.Name) and node.target.id == name:
                value = node.value
                found.append(("value", value) if value is not None else ("unknown", None))
        elif isinstance(node, ast.withitem):
            bound = node.optional_vars
            if isinstance(bound, ast.Name) and bound.id == name:
                found.append(("value", node.context_expr))
            elif bound is not None and _names_in(bound, name):
                found.append(("unknown", None))
        elif isinstance(node, ast.AugAssign | ast.For | ast.AsyncFor | ast.comprehension):
            if _names_in(node.target, name):
                found.append(("unknown", None))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == name:
                found.append(("unknown", None))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name.split(".")[0]) == name:
                    found.append(("unknown", None))
        elif isinstance(node, ast.Global | ast.Nonlocal):
            if name in node.names:
                found.append(("unknown", None))
        elif isinstance(node, ast.ExceptHandler) and node.name == name:
            found.append(("unknown", None))
    return found


def _names_in(target: ast.AST, name: str) -> bool:
    """Whether assigning to ``target`` binds ``name`` (``x``, ``(x, y)``, ``[*x]``; not
    ``x.attr`` or ``x[i]``, which change an object ``x`` names)."""
    if isinstance(target, ast.Name):
        return target.id == name
    if isinstance(target, ast.Tuple | ast.List):
        return any(_names_in(e, name) for e in target.elts)
    if isinstance(target, ast.Starred):
        return _names_in(target.value, name)
    return False


def name_bindings(node: ast.Name, at: ast.AST | None = None) -> list[tuple[str, ast.AST | None]]:
    """The bindings (see :func:`bindings`) ``node`` refers to: those of the innermost
    scope around it that binds the name at all; empty if none does. Bandit sets parents
    as it goes: pass as ``at`` the node being checked when ``node`` is inside it."""
    for scope in enclosing_scopes(at if at is not None else node):
        found = bindings(scope, node.id)
        if found:
            return found
    return []


def is_instance_of(
    node: ast.AST,
    aliases: dict[str, str],
    constructors: frozenset[str] | set[str],
    types: frozenset[str] | set[str] = frozenset(),
    at: ast.AST | None = None,
) -> bool:
    """Whether ``node`` is surely an object made by one of ``constructors`` (qualified
    names of callables), or a parameter annotated with one of ``types``: a call of one,
    or a name whose every binding in its scope is one (``None`` placeholders aside).
    ``at``: see :func:`name_bindings`."""
    if isinstance(node, ast.Call):
        return qualname(node.func, aliases) in constructors
    if not isinstance(node, ast.Name):
        return False
    found = name_bindings(node, at)
    made = False
    for kind, value in found:
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            if kind == "unknown":
                return False
            continue
        if kind == "annotation":
            annotation = value
            if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
                try:
                    annotation = ast.parse(annotation.value, mode="eval").body
                except SyntaxError:
                    return False
            if qualname(annotation, aliases) not in types:
                return False
        elif not (isinstance(value, ast.Call) and qualname(value.func, aliases) in constructors):
            return False
        made = True
    return made


# -- framework settings: Django settings modules, Flask ``app.config``, config classes ------

#: Names only a Django settings module assigns; one of them at module level marks one.
DJANGO_SETTINGS_MARKERS = frozenset(
    {
        "INSTALLED_APPS",
        "MIDDLEWARE",
        "ROOT_URLCONF",
        "DATABASES",
        "WSGI_APPLICATION",
        "ASGI_APPLICATION",
        "TEMPLATES",
        "AUTH_PASSWORD_VALIDATORS",
        "DEFAULT_AUTO_FIELD",
        "SECRET_KEY",
        "STATIC_URL",
    }
)


def module_of(node: ast.AST) -> ast.AST:
    """The outermost node Bandit's visitor reached ``node`` from (the module)."""
    while (up := parent(node)) is not None:
        node = up
    return node


def is_django_settings(node: ast.AST, filename: str) -> bool:
    """Whether the module around ``node`` is a Django settings module: it assigns one of
    :data:`DJANGO_SETTINGS_MARKERS` at module level, or it is named ``settings*.py`` or
    sits in a ``settings`` package. Django's own table of defaults
    (``django/conf/global_settings.py``) is not one: its values are defaults, not
    choices."""
    path = filename.replace("\\", "/")
    if is_framework_defaults(path):
        return False
    parts = path.split("/")
    if parts[-1].startswith("settings") or "settings" in parts[:-1]:
        return True
    module = module_of(node)
    cached = getattr(module, "_outrider_django_settings", None)
    if cached is None:
        cached = any(
            isinstance(stmt, ast.Assign)
            and any(
                isinstance(t, ast.Name) and t.id in DJANGO_SETTINGS_MARKERS for t in stmt.targets
            )
            for stmt in getattr(module, "body", [])
        )
        module._outrider_django_settings = cached  # type: ignore[attr-defined]
    return bool(cached)


def is_framework_defaults(filename: str) -> bool:
    """Whether ``filename`` is a framework's own table of default settings (Django's
    ``global_settings.py``): values there are defaults, not a project's choices."""
    return filename.replace("\\", "/").endswith("django/conf/global_settings.py")


def module_setting(node: ast.AST, name: str) -> ast.expr | None:
    """The value last assigned to ``name`` at the top level of the module around
    ``node`` (None if it is not assigned there)."""
    found = None
    for stmt in getattr(module_of(node), "body", []):
        targets = (
            stmt.targets
            if isinstance(stmt, ast.Assign)
            else [stmt.target]
            if isinstance(stmt, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            found = stmt.value
    return found


def settings_in(node: ast.AST) -> list[tuple[str, ast.expr, ast.AST, str]]:
    """Settings that ``node`` sets, as ``(name, value, where to report, how)``. ``how``:

    - ``"module"``: ``NAME = value`` at the top level of a module;
    - ``"class"``: ``NAME = value`` in a class body (Flask-style config classes);
    - ``"config"``: ``X.config["NAME"] = value``, ``X.config.update(NAME=value)``,
      ``X.config.update({"NAME": value})`` or ``X.config.from_mapping(...)``.

    Only upper-case names count, as Django and Flask read only those."""
    found: list[tuple[str, ast.expr, ast.AST, str]] = []
    if isinstance(node, ast.Assign | ast.AnnAssign):
        value = node.value
        if value is None:
            return found
        where = parent(node)
        how = (
            "module"
            if isinstance(where, ast.Module)
            else "class"
            if isinstance(where, ast.ClassDef)
            else ""
        )
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and how and target.id.isupper():
                found.append((target.id, value, target, how))
            elif (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Attribute)
                and target.value.attr == "config"
                and isinstance(target.slice, ast.Constant)
                and isinstance(target.slice.value, str)
                and target.slice.value.isupper()
            ):
                found.append((target.slice.value, value, target, "config"))
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("update", "from_mapping")
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "config"
    ):
        for kw in node.keywords:
            if kw.arg is not None and kw.arg.isupper():
                found.append((kw.arg, kw.value, kw.value, "config"))
        for arg in node.args:
            if isinstance(arg, ast.Dict):
                for key, value in zip(arg.keys, arg.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and isinstance(key.value, str)
                        and key.value.isupper()
                    ):
                        found.append((key.value, value, key, "config"))
    return found


def is_module_imported(context: Any, prefix: str) -> bool:
    """Whether the module imports ``prefix`` or something under it (any spelling)."""
    imports = getattr(context, "_context", {}).get("imports", set())
    aliases = getattr(context, "import_aliases", {}) or {}
    names = set(imports) | set(aliases.values())
    return any(n == prefix or n.startswith(prefix + ".") for n in names)


# -- cookies ----------------------------------------------------------------------------

#: Response methods that set a cookie (Django, Werkzeug/Flask, Starlette, aiohttp).
COOKIE_SETTERS = frozenset({"set_cookie", "set_signed_cookie"})
_SESSION_MIDDLEWARE = frozenset(
    {
        "starlette.middleware.sessions.SessionMiddleware",
        "fastapi.middleware.sessions.SessionMiddleware",
    }
)
_MIDDLEWARE_WRAPPERS = frozenset(
    {"starlette.middleware.Middleware", "fastapi.middleware.Middleware"}
)


def cookie_option(call: ast.Call, name: str, position: int) -> ast.expr | None:
    """The value a ``set_cookie(...)`` call gives option ``name`` (``position``: its place
    among positional arguments, the same in Django, Werkzeug and Starlette), or None."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in COOKIE_SETTERS):
        return None
    if func.attr == "set_signed_cookie":
        return keyword(call, name)
    return argument(call, position, name)


def session_middleware_option(
    call: ast.Call, aliases: dict[str, str], name: str
) -> ast.expr | None:
    """Keyword ``name`` of Starlette's ``SessionMiddleware``, called directly or through
    ``add_middleware(SessionMiddleware, ...)`` / ``Middleware(SessionMiddleware, ...)``."""
    func = call.func
    target = qualname(func, aliases)
    if target not in _SESSION_MIDDLEWARE:
        wraps = target in _MIDDLEWARE_WRAPPERS or (
            isinstance(func, ast.Attribute) and func.attr == "add_middleware"
        )
        if not (wraps and call.args and qualname(call.args[0], aliases) in _SESSION_MIDDLEWARE):
            return None
    return keyword(call, name)
