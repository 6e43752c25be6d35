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

from bandit.core import issue, utils


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
    """The value of a string written out in the source, as
    :func:`is_literal_string` defines it; None when any part of it is computed
    at runtime or ``str`` and ``bytes`` mix."""
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
    (their definitions themselves are included). Computed once per scope."""
    cached = getattr(scope, "_cached_scope_nodes", None)
    if cached is not None:
        return list(cached)
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
    scope._cached_scope_nodes = found  # type: ignore[attr-defined]
    return list(found)


Binding = tuple[str, ast.AST | None]


def scope_bindings(scope: ast.AST, name: str) -> list[Binding]:
    """How ``name`` gets its value in ``scope``'s own body, one entry per binding:
    ``("value", expr)`` for ``name = expr``, ``name: T = expr``, ``with expr as name``
    and ``(name := expr)``; ``("annotation", T)`` for a parameter ``name: T``;
    ``("unknown", None)`` for anything else (a loop target, unpacking, an import, a
    definition, ``global``/``nonlocal``, an augmented assignment, a parameter without
    annotation). Every name of a scope is indexed in one pass, once."""
    index = getattr(scope, "_cached_bindings", None)
    if index is None:
        index = _index_bindings(scope)
        scope._cached_bindings = index  # type: ignore[attr-defined]
    return list(index.get(name, ()))


def _index_bindings(scope: ast.AST) -> dict[str, list[Binding]]:
    found: dict[str, list[Binding]] = {}

    def add(name: str, binding: Binding) -> None:
        found.setdefault(name, []).append(binding)

    def unknown(target: ast.AST) -> None:
        for name in _bound_names(target):
            add(name, ("unknown", None))

    args = getattr(scope, "args", None)
    if isinstance(args, ast.arguments):
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        params += [a for a in (args.vararg, args.kwarg) if a is not None]
        for param in params:
            kind = "annotation" if param.annotation is not None else "unknown"
            add(param.arg, (kind, param.annotation))
    for node in scope_nodes(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    add(target.id, ("value", node.value))
                else:
                    unknown(target)
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr):
            if isinstance(node.target, ast.Name):
                value = node.value
                add(node.target.id, ("value", value) if value is not None else ("unknown", None))
        elif isinstance(node, ast.withitem):
            bound = node.optional_vars
            if isinstance(bound, ast.Name):
                add(bound.id, ("value", node.context_expr))
            elif bound is not None:
                unknown(bound)
        elif isinstance(node, ast.AugAssign | ast.For | ast.AsyncFor | ast.comprehension):
            unknown(node.target)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            add(node.name, ("unknown", None))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                add(alias.asname or alias.name.split(".")[0], ("unknown", None))
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                add(name, ("unknown", None))
        elif isinstance(node, ast.ExceptHandler) and node.name:
            add(node.name, ("unknown", None))
    return found


def _bound_names(target: ast.AST) -> list[str]:
    """Names that assigning to ``target`` binds (``x``, ``(x, y)``, ``[*x]``; not
    ``x.attr`` or ``x[i]``, which change an object ``x`` names)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for e in target.elts for name in _bound_names(e)]
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return []


def name_bindings(node: ast.Name, at: ast.AST | None = None) -> list[tuple[str, ast.AST | None]]:
    """The bindings (see :func:`bindings`) ``node`` refers to: those of the innermost
    scope around it that binds the name at all; empty if none does. Bandit sets parents
    as it goes: pass as ``at`` the node being checked when ``node`` is inside it."""
    for scope in enclosing_scopes(at if at is not None else node):
        found = scope_bindings(scope, node.id)
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
#: lxml calls that create a parser from keyword options (OUT306, OUT307).
LXML_PARSERS = frozenset(
    {
        "lxml.etree.XMLParser",
        "lxml.etree.XMLPullParser",
        "lxml.etree.ETCompatXMLParser",
        "lxml.etree.HTMLParser",
        "lxml.etree.HTMLPullParser",
        "lxml.etree.iterparse",
        "lxml.html.HTMLParser",
        "lxml.html.XHTMLParser",
        "lxml.objectify.makeparser",
    }
)

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
    cached = getattr(module, "_cached_django_settings", None)
    if cached is None:
        cached = any(
            isinstance(stmt, ast.Assign)
            and any(
                isinstance(t, ast.Name) and t.id in DJANGO_SETTINGS_MARKERS for t in stmt.targets
            )
            for stmt in getattr(module, "body", [])
        )
        module._cached_django_settings = cached  # type: ignore[attr-defined]
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


#: Where a plain ``NAME = value`` assignment is a setting (see :func:`settings_in`).
_SETTING_SCOPES = (ast.Module, ast.ClassDef)


def setting_node(node: ast.AST) -> bool:
    """A cheap first test for :func:`settings_in`: an assignment at the top of a module
    or class, or to a subscript, or an upper-case keyword argument."""
    if isinstance(node, ast.Assign):
        if isinstance(getattr(node, "_bandit_parent", None), _SETTING_SCOPES):
            return True
        targets = node.targets
        if len(targets) == 1:  # nearly always: test it without a generator
            return isinstance(targets[0], ast.Subscript)
        return any(isinstance(t, ast.Subscript) for t in targets)
    if isinstance(node, ast.keyword):
        return node.arg is not None and node.arg.isupper()
    return isinstance(node, ast.AnnAssign)


def settings_in(node: ast.AST) -> list[tuple[str, ast.expr, ast.AST, str]]:
    """Settings that ``node`` sets, as ``(name, value, where to report, how)``. ``how``:

    - ``"module"``: ``NAME = value`` at the top level of a module;
    - ``"class"``: ``NAME = value`` in a class body (Flask-style config classes);
    - ``"config"``: ``X.config["NAME"] = value`` (an assignment), or the keyword
      argument ``NAME=value`` of ``X.config.update(...)`` / ``X.config.from_mapping(...)``
      (a ``keyword`` node: rules look at keywords rather than at every call, which Bandit
      makes expensive).

    Only upper-case names count, as Django and Flask read only those. Computed once per
    node (several rules ask)."""
    cached = getattr(node, "_cached_settings", None)
    if cached is None:
        cached = _settings_in(node)
        node._cached_settings = cached  # type: ignore[attr-defined]
    return list(cached)


def _settings_in(node: ast.AST) -> list[tuple[str, ast.expr, ast.AST, str]]:
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
    elif isinstance(node, ast.keyword) and node.arg is not None and node.arg.isupper():
        call = parent(node)
        if isinstance(call, ast.Call) and _is_config_update(call):
            found.append((node.arg, node.value, node.value, "config"))
    return found


def _is_config_update(call: ast.Call) -> bool:
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr in ("update", "from_mapping")
        and isinstance(call.func.value, ast.Attribute)
        and call.func.value.attr == "config"
    )


def config_call_settings(call: ast.Call) -> list[tuple[str, ast.expr, ast.AST, str]]:
    """The settings ``app.config.update(NAME=value)`` / ``from_mapping(...)`` sets, read
    from the call itself (for rules that look at calls anyway; Bandit has not yet linked
    the call's keywords to it when it shows the call)."""
    if not _is_config_update(call):
        return []
    return [
        (kw.arg, kw.value, kw.value, "config")
        for kw in call.keywords
        if kw.arg is not None and kw.arg.isupper()
    ]


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


def cookie_option(node: ast.keyword, name: str) -> ast.expr | None:
    """The value of keyword argument ``node`` when it is option ``name`` of a
    ``set_cookie(...)`` / ``set_signed_cookie(...)`` call, else None."""
    if node.arg != name:
        return None
    call = parent(node)
    if not isinstance(call, ast.Call):
        return None
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in COOKIE_SETTERS):
        return None
    return node.value


def session_middleware_option(
    node: ast.keyword, aliases: dict[str, str], name: str
) -> ast.expr | None:
    """The value of keyword argument ``node`` when it is option ``name`` of Starlette's
    ``SessionMiddleware``, called directly or through ``add_middleware(SessionMiddleware,
    ...)`` / ``Middleware(SessionMiddleware, ...)``; else None."""
    if node.arg != name:
        return None
    call = parent(node)
    if not isinstance(call, ast.Call):
        return None
    func = call.func
    last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if last not in ("SessionMiddleware", "Middleware", "add_middleware") and last not in aliases:
        return None  # not a middleware call (an alias may rename the class)
    target = qualname(func, aliases)
    if target not in _SESSION_MIDDLEWARE:
        wraps = target in _MIDDLEWARE_WRAPPERS or (
            isinstance(func, ast.Attribute) and func.attr == "add_middleware"
        )
        if not (wraps and call.args and qualname(call.args[0], aliases) in _SESSION_MIDDLEWARE):
            return None
    return node.value


# --- Scope, binding and literal helpers (added for OUT302-OUT309, OUT502-OUT509) ---------

# (_SCOPES: defined above.)


def enclosing_scope(node: ast.AST) -> ast.AST | None:
    """The nearest function, lambda or module around ``node``, through the
    ``_bandit_parent`` links Bandit's visitor sets; None when they are missing."""
    current = getattr(node, "_bandit_parent", None)
    while current is not None and not isinstance(current, _SCOPES):
        current = getattr(current, "_bandit_parent", None)
    return current


def enclosing_module(node: ast.AST) -> ast.Module | None:
    """The module ``node`` belongs to (through ``_bandit_parent``), or None."""
    current: ast.AST | None = node
    while current is not None and not isinstance(current, ast.Module):
        current = getattr(current, "_bandit_parent", None)
    return current


def dotted(node: ast.AST) -> str:
    """Source spelling of a Name/Attribute chain (``self.session``), without resolving
    imports; ``""`` for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def bindings(scope: ast.AST, name: str) -> list[ast.expr]:
    """Every value bound to the dotted ``name`` anywhere under ``scope``: the value of a
    plain or annotated assignment whose whole target is the name, and the context
    expression of ``with ... as name``. Any other binding (a parameter, a loop or tuple
    target, ``+=``, a walrus, an import, ``global``) gives an ``ast.Name`` of the name
    itself, an unknown value, so a caller that needs every binding to agree sees the doubt."""
    found: list[ast.expr] = []
    known: set[int] = set()
    unknown = ast.Name(id=name, ctx=ast.Load())
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if dotted(target) == name:
                    known.add(id(target))
                    found.append(node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            if dotted(node.target) == name:
                known.add(id(node.target))
                found.append(node.value)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None and dotted(item.optional_vars) == name:
                    known.add(id(item.optional_vars))
                    found.append(item.context_expr)
    for node in ast.walk(scope):
        if isinstance(node, ast.Name | ast.Attribute):
            other = isinstance(node.ctx, ast.Store) and id(node) not in known
            bound = other and dotted(node) == name
        elif isinstance(node, ast.arg):
            bound = node.arg == name
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound = name in node.names
        elif isinstance(node, ast.alias):
            bound = (node.asname or node.name) == name
        elif isinstance(node, ast.ExceptHandler):
            bound = node.name == name
        else:
            bound = False
        if bound:
            found.append(unknown)
    return found


def bound_call_names(receiver: ast.AST, aliases: dict[str, str], anchor: ast.AST) -> set[str]:
    """Qualified names of the calls whose results are bound to ``receiver`` (a name or
    ``self.attr`` chain) in the scope of ``anchor`` (the node under test, whose parent links
    Bandit has set; the receiver's own are not set yet); ``self.x`` is looked up in the
    whole module. A binding that is not a call gives ``""`` in the set."""
    name = dotted(receiver)
    if not name:
        return set()
    scope = enclosing_module(anchor) if "." in name else enclosing_scope(anchor)
    if scope is None:
        return set()
    names = set()
    for value in bindings(scope, name):
        if isinstance(value, ast.Call):
            names.add(qualname(value.func, aliases))
        else:
            names.add("")
    return names


def int_value(node: ast.AST | None) -> int | None:
    """The value of an integer literal or of simple arithmetic on integer literals
    (``100_000``, ``10**5``, ``2 * 1000``); None for anything else or anything huge."""
    if isinstance(node, ast.Constant):
        value = node.value
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(node, ast.BinOp):
        left, right = int_value(node.left), int_value(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult) and abs(left) < 1 << 64 and abs(right) < 1 << 64:
            return left * right
        if isinstance(node.op, ast.Pow) and 0 <= right < 64 and abs(left) < 1 << 16:
            return int(left**right)
    return None


def constant_bytes(node: ast.AST | None) -> bool:
    r"""Whether ``node`` is a byte or text value written out in the source: a literal,
    ``b"\0" * 16``, ``bytes(16)``, ``bytes.fromhex("...")``, ``"...".encode()``,
    or ``+`` of those."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bytes | str)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add):
            return constant_bytes(node.left) and constant_bytes(node.right)
        if isinstance(node.op, ast.Mult):
            return (constant_bytes(node.left) and int_value(node.right) is not None) or (
                constant_bytes(node.right) and int_value(node.left) is not None
            )
        return False
    if isinstance(node, ast.Call) and not node.keywords and len(node.args) <= 1:
        func = node.func
        arg = node.args[0] if node.args else None
        if isinstance(func, ast.Name) and func.id in ("bytes", "bytearray"):
            return arg is not None and (int_value(arg) is not None or constant_bytes(arg))
        if isinstance(func, ast.Attribute) and func.attr == "fromhex":
            return dotted(func.value) in ("bytes", "bytearray") and constant_bytes(arg)
        if isinstance(func, ast.Attribute) and func.attr == "encode":
            return constant_bytes(func.value)
    return False


def on_call_lines(context: Any, found: Any) -> Any:
    """``found`` (an issue or None); when the check ran on a keyword argument of a call,
    placed as Bandit places a finding of a check run on the call (see
    :func:`place_at_call`)."""
    node = context.node
    if found is not None and isinstance(node, ast.keyword):
        call = parent(node)
        if isinstance(call, ast.Call):
            place_at_call(context, call)
    return found


def place_at_call(context: Any, call: ast.Call) -> None:
    """For a finding a check makes on a keyword argument of ``call``: have Bandit place it
    as a finding of a check run on the call itself. Bandit then reads ``# nosec`` on every
    line of the call (a comment on its first or last line silences the finding), quotes
    those lines, and gives the call's end column."""
    raw = getattr(context, "_context", None)
    if isinstance(raw, dict):
        raw["linerange"] = utils.linerange(call)
        raw["end_col_offset"] = call.end_col_offset
