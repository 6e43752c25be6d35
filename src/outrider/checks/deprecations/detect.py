"""Finding uses of deprecated APIs in an ``ast`` tree.

One walk over the tree records, per scope, every binding of every name (imports, assignments,
``def``, ``class``, ``for`` and ``with`` targets, parameters, comprehension variables,
``global``/``nonlocal``, ``except ... as``, ``match`` captures), and the places that could use
a deprecated API: imports, attribute chains and calls whose last name is in the table. It
also tracks, as it goes, which targeted versions can reach the code (``sys.version_info``
guards, early exits, ``assert``) and which code is a compatibility shim (``try``/``except
ImportError``, ``AttributeError`` handlers, ``if TYPE_CHECKING:``, ``hasattr`` guards).

After the walk, each recorded use is resolved. A name resolves to a qualified name only when
every binding of it in its scope is an import of that same name (Python's scoping rules, flow
insensitive): a name also bound by an assignment, a ``def`` or a parameter is the program's
own and never matches, and two different imports of one name (the usual compatibility
pattern) match neither.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from outrider.checks.deprecations import versions as V
from outrider.checks.deprecations.index import (
    BUILTIN_NAMES,
    Index,
    leaf,
)

if TYPE_CHECKING:
    from outrider.checks.deprecations.data import Api

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"builtins"}

# Binding kinds.
IMPORT = 1  # value: qualified name
CALL = 2  # value: the called expression (``x = Thread()``): x may be an instance of it
ANNOTATED = 3  # value: the annotation expression (``x: Thread``)
CLASS = 4  # value: the ClassDef
OTHER = 0

# Scope kinds.
MODULE, FUNCTION, CLASS_SCOPE, COMPREHENSION = range(4)

#: Factories whose result is an instance of a class a receiver hint names.
FACTORIES: dict[str, frozenset[str]] = {
    "logging.Logger": frozenset(
        {"logging.getLogger", "logging.Logger", "logging.getLoggerClass", "logging.RootLogger"}
    ),
    "threading.Thread": frozenset(
        {
            "threading.Thread",
            "threading.Timer",
            "threading.current_thread",
            "threading.currentThread",
            "threading.main_thread",
        }
    ),
    "configparser.RawConfigParser": frozenset(
        {
            "configparser.RawConfigParser",
            "configparser.ConfigParser",
            "configparser.SafeConfigParser",
        }
    ),
    "configparser.ConfigParser": frozenset(
        {"configparser.ConfigParser", "configparser.SafeConfigParser"}
    ),
    "xml.etree.ElementTree.ElementTree": frozenset(
        {"xml.etree.ElementTree.ElementTree", "xml.etree.ElementTree.parse"}
    ),
    "xml.etree.ElementTree.Element": frozenset(
        {
            "xml.etree.ElementTree.Element",
            "xml.etree.ElementTree.SubElement",
            "xml.etree.ElementTree.fromstring",
            "xml.etree.ElementTree.XML",
        }
    ),
}

#: Conventional variable names for instances of a class (``log``, ``logger`` for a Logger).
CONVENTIONAL_NAMES: dict[str, tuple[str, ...]] = {
    "logging.Logger": ("logger", "log"),
    "logging.LoggerAdapter": ("adapter", "logger", "log"),
    "threading.Thread": ("thread",),
    "threading.Condition": ("condition", "cond", "cv"),
    "threading.Event": ("event", "evt"),
    "configparser.RawConfigParser": ("parser", "config", "cfg", "conf", "configparser"),
    "xml.etree.ElementTree.Element": ("element", "elem", "root"),
    "xml.etree.ElementTree.ElementTree": ("tree", "etree"),
    "ssl.SSLContext": ("context", "ctx", "sslcontext"),
    "ssl.SSLSocket": ("sock", "sslsock", "sslsocket"),
    "zipimport.zipimporter": ("importer", "zipimporter"),
    "asyncio.Task": ("task",),
    "trace.Trace": ("tracer",),
    "profile.Profile": ("profiler",),
    "cProfile.Profile": ("profiler",),
    "concurrent.futures.ThreadPoolExecutor": ("executor",),
    "contextlib.ExitStack": ("stack", "exit_stack"),
    "contextlib.AsyncExitStack": ("stack", "exit_stack"),
}

GUARD_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError"})


class Binding(NamedTuple):
    kind: int
    value: object


class Scope:
    __slots__ = ("bindings", "globals", "kind", "node", "nonlocals", "parent", "star")

    def __init__(self, kind: int, parent: Scope | None, node: ast.AST | None) -> None:
        self.kind = kind
        self.parent = parent
        self.node = node
        self.bindings: dict[str, list[Binding]] = {}
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self.star = False


class Ctx(NamedTuple):
    """What holds for the code being walked."""

    #: Targeted versions that can reach this code.
    targets: V.Versions
    #: Nothing here is reported (a compatibility fallback, TYPE_CHECKING-only code).
    silent: bool = False
    #: Imports here are not reported (the body of ``try: ... except ImportError``).
    quiet_imports: bool = False
    #: Qualified names a ``hasattr`` guard checked before this code.
    guarded: frozenset[str] = frozenset()
    #: The enclosing function, if any.
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None = None
    #: Under a version guard that excludes the newest targets: code for older versions,
    #: where only what breaks is reported (a deprecated API there is the compatibility path).
    old_branch: bool = False


@dataclasses.dataclass(frozen=True)
class Hit:
    """One use of a row at a place, before the row is judged against the targets."""

    api: Api
    node: ast.AST
    #: What the node is: "import" (ast.alias of ``import``), "from-module" (ImportFrom, the
    #: module is the row), "from-name" (ast.alias of ``from ... import``), "attribute",
    #: "name", "call".
    site: str
    targets: V.Versions
    #: HIGH when the receiver's type is known, MEDIUM when only its name says so.
    certain: bool = True
    #: The ImportFrom statement of a "from-name" or "from-module" site.
    statement: ast.AST | None = None
    #: The scope of the use (for fixers that need to check names).
    scope: Scope | None = None
    #: Inside an ``async def``.
    in_async: bool = False
    #: Reached only on older targeted versions (see :attr:`Ctx.old_branch`).
    old_branch: bool = False
    #: The call whose callee the node is (``x.utcnow()``), if any.
    call: ast.Call | None = None
    #: The walk that found it (for fixers that must check other names in scope).
    detector: Detector | None = dataclasses.field(default=None, compare=False, repr=False)
    #: The receiver resolved to a qualified name (``datetime.datetime`` in
    #: ``datetime.datetime.utcnow``) rather than matched by a receiver hint.
    resolved: bool = True

    @property
    def line(self) -> int:
        return getattr(self.node, "lineno", 0)

    @property
    def col(self) -> int:
        return getattr(self.node, "col_offset", 0)


class Detector:
    """One file's walk. ``hits()`` returns every use of a row, with its reachable targets."""

    def __init__(
        self,
        index: Index,
        targets: V.Versions,
        words: frozenset[str],
        hot: Sequence[int] | None = None,
        *,
        skip_bodies: bool = False,
    ) -> None:
        self.index = index
        self.words = words
        #: Sorted lines that hold a word of the table; expressions and ``def``/``class``
        #: bodies elsewhere cannot use a row and are not walked. None: walk everything.
        self.hot = hot
        #: Whether cold function and class bodies may be skipped: only when no ``global`` or
        #: ``nonlocal`` statement is on these lines (a body that has one can rebind a name
        #: outside itself).
        self.skip_bodies = skip_bodies and hot is not None
        self.rebinding_lines: Sequence[int] = ()
        self.module = Scope(MODULE, None, None)
        self.root_ctx = Ctx(targets)
        self.uses: list[tuple[str, ast.AST, Scope, Ctx, ast.AST | None]] = []
        self.classes: dict[ast.ClassDef, Scope] = {}
        self.function_scopes: dict[ast.AST, Scope] = {}
        self.version_names: dict[str, tuple[V.Versions, V.Versions]] = {}
        self.call_words = frozenset([*map(leaf, index.calls), *index.call_attrs]) & words
        self.call_of: dict[int, ast.Call] = {}
        self._stmt: dict[type[ast.AST], Callable[[ast.AST, Scope, Ctx], Ctx]] = {
            ast.FunctionDef: self._function,  # type: ignore[dict-item]
            ast.AsyncFunctionDef: self._function,  # type: ignore[dict-item]
            ast.ClassDef: self._class,  # type: ignore[dict-item]
            ast.Import: self._import,  # type: ignore[dict-item]
            ast.ImportFrom: self._import_from,  # type: ignore[dict-item]
            ast.If: self._if,  # type: ignore[dict-item]
            ast.Try: self._try,  # type: ignore[dict-item]
            ast.Assign: self._assign,  # type: ignore[dict-item]
            ast.AnnAssign: self._ann_assign,  # type: ignore[dict-item]
            ast.AugAssign: self._aug_assign,  # type: ignore[dict-item]
            ast.For: self._for,  # type: ignore[dict-item]
            ast.AsyncFor: self._for,  # type: ignore[dict-item]
            ast.With: self._with,  # type: ignore[dict-item]
            ast.AsyncWith: self._with,  # type: ignore[dict-item]
            ast.Global: self._global,  # type: ignore[dict-item]
            ast.Nonlocal: self._nonlocal,  # type: ignore[dict-item]
            ast.Assert: self._assert,  # type: ignore[dict-item]
            ast.Delete: self._delete,  # type: ignore[dict-item]
        }
        if sys.version_info >= (3, 11):
            self._stmt[ast.TryStar] = self._try  # type: ignore[dict-item]
        self._expr: dict[type[ast.AST], Callable[[ast.AST, Scope, Ctx], None]] = {
            ast.Name: self._name,  # type: ignore[dict-item]
            ast.Attribute: self._attribute,  # type: ignore[dict-item]
            ast.Call: self._call,  # type: ignore[dict-item]
            ast.Lambda: self._lambda,  # type: ignore[dict-item]
            ast.ListComp: self._comprehension,  # type: ignore[dict-item]
            ast.SetComp: self._comprehension,  # type: ignore[dict-item]
            ast.GeneratorExp: self._comprehension,  # type: ignore[dict-item]
            ast.DictComp: self._comprehension,  # type: ignore[dict-item]
            ast.NamedExpr: self._named_expr,  # type: ignore[dict-item]
            ast.IfExp: self._if_exp,  # type: ignore[dict-item]
            ast.BoolOp: self._bool_op,  # type: ignore[dict-item]
            ast.Constant: _nothing,
        }

    # -- driving -------------------------------------------------------------------------

    def narrow(self, ctx: Ctx, versions: V.Versions) -> Ctx:
        """``ctx`` for code that only ``versions`` reach."""
        targets = ctx.targets & versions
        if targets == ctx.targets:
            return ctx
        newest = max(self.root_ctx.targets, default=None)
        old = ctx.old_branch or (bool(targets) and newest is not None and max(targets) < newest)
        return ctx._replace(targets=targets, old_branch=old)

    def run(self, tree: ast.Module) -> list[Hit]:
        self.stmts(tree.body, self.module, self.root_ctx)
        return [dataclasses.replace(hit, detector=self) for hit in self.resolve_uses()]

    def stmts(self, body: Sequence[ast.stmt], scope: Scope, ctx: Ctx) -> bool:
        """Walk a statement list; returns whether it always exits (raise/return/...)."""
        stmt_handlers = self._stmt
        for st in body:
            kind = type(st)
            handler = stmt_handlers.get(kind)
            if handler is not None:
                ctx = handler(st, scope, ctx)
            elif kind in _SIMPLE:
                # No bindings inside: walked only where a row could be used.
                if not self.cold(st):
                    self.generic(st, scope, ctx)
                if isinstance(st, ast.Expr):
                    if _is_exit_call(st.value):
                        return True
                elif kind is not ast.Pass:
                    return True
            else:
                self.generic(st, scope, ctx)
            if not ctx.targets and not ctx.silent:
                # No targeted version reaches the rest: walk it for bindings only.
                ctx = ctx._replace(silent=True)
        return False

    def cold(self, node: ast.AST) -> bool:
        """No line of ``node`` holds a word of the table."""
        hot = self.hot
        if hot is None:
            return False
        start = getattr(node, "lineno", 0)
        end = getattr(node, "end_lineno", None) or start
        i = bisect.bisect_left(hot, start)
        return i == len(hot) or hot[i] > end

    def skippable(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
        """A cold ``def`` or ``class`` whose body cannot rebind an outer name."""
        if not self.skip_bodies or not self.cold(node):
            return False
        if node.decorator_list and not all(map(self.cold, node.decorator_list)):
            return False
        lines = self.rebinding_lines
        if lines:
            i = bisect.bisect_left(lines, node.lineno)
            if i < len(lines) and lines[i] <= (node.end_lineno or node.lineno):
                return False
        return True

    def value(self, node: ast.AST, scope: Scope, ctx: Ctx) -> None:
        """An expression of a statement: walked only where it could use a row."""
        if not self.cold(node):
            self.visit(node, scope, ctx)

    def visit(self, node: ast.AST, scope: Scope, ctx: Ctx) -> None:
        if isinstance(node, ast.stmt):
            self.stmts([node], scope, ctx)
            return
        handler = self._expr.get(type(node))
        if handler is not None:
            handler(node, scope, ctx)
        else:
            self.generic(node, scope, ctx)

    def generic(self, node: ast.AST, scope: Scope, ctx: Ctx) -> None:
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                if value and isinstance(value[0], ast.stmt):
                    self.stmts(value, scope, ctx)
                    continue
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item, scope, ctx)
            elif isinstance(value, ast.AST):
                self.visit(value, scope, ctx)
        if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            self.bind(node.name, scope, Binding(OTHER, None))
        elif isinstance(node, ast.MatchMapping) and node.rest:
            self.bind(node.rest, scope, Binding(OTHER, None))

    # -- bindings ------------------------------------------------------------------------

    def bind(self, name: str, scope: Scope, binding: Binding) -> None:
        target = scope
        if scope.kind == COMPREHENSION and binding.kind == -1:
            target = scope
        if name in scope.globals:
            target = self.module
        elif name in scope.nonlocals:
            parent = scope.parent
            while parent is not None and parent.kind not in (FUNCTION,):
                parent = parent.parent
            target = parent or self.module
        target.bindings.setdefault(name, []).append(binding)

    def bind_target(self, target: ast.AST, scope: Scope, ctx: Ctx, binding: Binding) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, scope, binding)
        elif isinstance(target, ast.Tuple | ast.List):
            for elt in target.elts:
                self.bind_target(elt, scope, ctx, Binding(OTHER, None))
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, scope, ctx, Binding(OTHER, None))
        else:  # attribute or subscript: its parts are loads
            self.value(target, scope, ctx)

    # -- statements ----------------------------------------------------------------------

    def _function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, ctx: Ctx
    ) -> Ctx:
        for dec in node.decorator_list:
            self.value(dec, scope, ctx)
        self._arguments_outer(node.args, scope, ctx)
        if node.returns is not None:
            self.value(node.returns, scope, ctx)
        self.bind(node.name, scope, Binding(OTHER, None))
        inner = Scope(FUNCTION, scope, node)
        self.function_scopes[node] = inner
        self._parameters(node.args, inner)
        self.stmts(node.body, inner, ctx._replace(function=node, quiet_imports=False))
        return ctx

    def _arguments_outer(self, args: ast.arguments, scope: Scope, ctx: Ctx) -> None:
        """Defaults and annotations are evaluated in the enclosing scope."""
        for default in args.defaults:
            self.value(default, scope, ctx)
        for kw_default in args.kw_defaults:
            if kw_default is not None:
                self.value(kw_default, scope, ctx)
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None and arg.annotation is not None:
                self.value(arg.annotation, scope, ctx)

    def _parameters(self, args: ast.arguments, inner: Scope) -> None:
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None:
                binding = (
                    Binding(ANNOTATED, arg.annotation)
                    if arg.annotation is not None
                    else Binding(OTHER, None)
                )
                inner.bindings.setdefault(arg.arg, []).append(binding)

    def _class(self, node: ast.ClassDef, scope: Scope, ctx: Ctx) -> Ctx:
        if self.skippable(node):
            self.bind(node.name, scope, Binding(CLASS, node))
            self.classes[node] = scope
            return ctx
        for dec in node.decorator_list:
            self.value(dec, scope, ctx)
        for base in node.bases:
            self.value(base, scope, ctx)
        for kw in node.keywords:
            self.value(kw.value, scope, ctx)
        self.bind(node.name, scope, Binding(CLASS, node))
        inner = Scope(CLASS_SCOPE, scope, node)
        self.classes[node] = scope
        self.function_scopes[node] = inner
        self.stmts(node.body, inner, ctx._replace(quiet_imports=False))
        return ctx

    def _import(self, node: ast.Import, scope: Scope, ctx: Ctx) -> Ctx:
        for alias in node.names:
            name = alias.name
            if alias.asname:
                self.bind(alias.asname, scope, Binding(IMPORT, name))
            else:
                root = name.split(".", 1)[0]
                self.bind(root, scope, Binding(IMPORT, root))
            if not ctx.silent and not ctx.quiet_imports and self._maybe_module(name):
                self.uses.append(("import", alias, scope, ctx, node))
        return ctx

    def _maybe_module(self, name: str) -> bool:
        words = self.words
        return any(part in words for part in name.split("."))

    def _import_from(self, node: ast.ImportFrom, scope: Scope, ctx: Ctx) -> Ctx:
        module = node.module if not node.level else None
        report = not ctx.silent and not ctx.quiet_imports and module is not None
        if report and module is not None and self._maybe_module(module):
            self.uses.append(("from-module", node, scope, ctx, node))
        for alias in node.names:
            if alias.name == "*":
                scope.star = True
                continue
            local = alias.asname or alias.name
            if module is None:
                self.bind(local, scope, Binding(OTHER, None))
                continue
            self.bind(local, scope, Binding(IMPORT, f"{module}.{alias.name}"))
            if report and alias.name in self.words:
                self.uses.append(("from-name", alias, scope, ctx, node))
        return ctx

    def _if(self, node: ast.If, scope: Scope, ctx: Ctx) -> Ctx:
        self.value(node.test, scope, ctx)
        cond = self.condition(node.test, scope)
        if cond == "type-checking":
            self.stmts(node.body, scope, ctx._replace(silent=True))
            self.stmts(node.orelse, scope, ctx)
            return ctx
        if isinstance(cond, tuple):
            true, false = cond
            body_ctx = self.narrow(ctx, true)
            else_ctx = self.narrow(ctx, false)
        else:
            body_ctx = else_ctx = ctx
            true = false = V.UNIVERSE
            if cond is not None:
                # ``if hasattr(mod, "name"):`` the body may use ``mod.name``; the ``else``
                # branch is the fallback for versions without it (``not hasattr``: swapped).
                present, missing = (else_ctx, body_ctx) if cond[0] == "!" else (body_ctx, else_ctx)
                qual = cond.lstrip("!")
                present = present._replace(guarded=ctx.guarded | {qual})
                missing = missing._replace(silent=True)
                body_ctx, else_ctx = (missing, present) if cond[0] == "!" else (present, missing)
        body_exits = self.stmts(node.body, scope, body_ctx)
        else_exits = self.stmts(node.orelse, scope, else_ctx) if node.orelse else False
        if not isinstance(cond, tuple):
            return ctx
        rest = V.NONE
        if not body_exits:
            rest |= true
        if not else_exits:
            rest |= false
        return self.narrow(ctx, rest)

    def _try(self, node: ast.Try, scope: Scope, ctx: Ctx) -> Ctx:
        guards: set[str] = set()
        guarded_handlers = []
        for handler in node.handlers:
            caught = self._caught(handler.type, scope)
            guards |= caught
            guarded_handlers.append(bool(caught))
        body_ctx = ctx
        if "AttributeError" in guards:
            body_ctx = ctx._replace(silent=True)
        elif guards:
            body_ctx = ctx._replace(quiet_imports=True)
        self.stmts(node.body, scope, body_ctx)
        for handler, guarded in zip(node.handlers, guarded_handlers, strict=True):
            hctx = ctx._replace(silent=True) if guarded else ctx
            if handler.type is not None:
                self.value(handler.type, scope, ctx)
            if handler.name:
                self.bind(handler.name, scope, Binding(OTHER, None))
            self.stmts(handler.body, scope, hctx)
        self.stmts(node.orelse, scope, ctx)
        self.stmts(node.finalbody, scope, ctx)
        return ctx

    def _caught(self, node: ast.expr | None, scope: Scope) -> set[str]:
        if node is None:
            return set()
        items = node.elts if isinstance(node, ast.Tuple) else [node]
        found = set()
        for item in items:
            name = item.id if isinstance(item, ast.Name) else getattr(item, "attr", "")
            if name in GUARD_ERRORS:
                found.add("AttributeError" if name == "AttributeError" else "ImportError")
        return found

    def _assign(self, node: ast.Assign, scope: Scope, ctx: Ctx) -> Ctx:
        self.value(node.value, scope, ctx)
        value = node.value
        binding = Binding(CALL, value.func) if isinstance(value, ast.Call) else Binding(OTHER, None)
        for target in node.targets:
            self.bind_target(target, scope, ctx, binding)
        if (
            scope is self.module
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            cond = self.condition(value, scope)
            if isinstance(cond, tuple):
                self.version_names[node.targets[0].id] = cond
        return ctx

    def _ann_assign(self, node: ast.AnnAssign, scope: Scope, ctx: Ctx) -> Ctx:
        self.value(node.annotation, scope, ctx)
        if node.value is not None:
            self.value(node.value, scope, ctx)
        if node.value is not None or scope.kind != CLASS_SCOPE:
            self.bind_target(node.target, scope, ctx, Binding(ANNOTATED, node.annotation))
        return ctx

    def _aug_assign(self, node: ast.AugAssign, scope: Scope, ctx: Ctx) -> Ctx:
        self.value(node.value, scope, ctx)
        if isinstance(node.target, ast.Name):
            self.bind(node.target.id, scope, Binding(OTHER, None))
        else:
            self.value(node.target, scope, ctx)
        return ctx

    def _for(self, node: ast.For | ast.AsyncFor, scope: Scope, ctx: Ctx) -> Ctx:
        self.value(node.iter, scope, ctx)
        self.bind_target(node.target, scope, ctx, Binding(OTHER, None))
        self.stmts(node.body, scope, ctx)
        self.stmts(node.orelse, scope, ctx)
        return ctx

    def _with(self, node: ast.With | ast.AsyncWith, scope: Scope, ctx: Ctx) -> Ctx:
        for item in node.items:
            self.value(item.context_expr, scope, ctx)
            if item.optional_vars is not None:
                expr = item.context_expr
                binding = (
                    Binding(CALL, expr.func) if isinstance(expr, ast.Call) else Binding(OTHER, None)
                )
                self.bind_target(item.optional_vars, scope, ctx, binding)
        self.stmts(node.body, scope, ctx)
        return ctx

    def _global(self, node: ast.Global, scope: Scope, ctx: Ctx) -> Ctx:
        scope.globals.update(node.names)
        return ctx

    def _nonlocal(self, node: ast.Nonlocal, scope: Scope, ctx: Ctx) -> Ctx:
        scope.nonlocals.update(node.names)
        return ctx

    def _assert(self, node: ast.Assert, scope: Scope, ctx: Ctx) -> Ctx:
        self.generic(node, scope, ctx)
        cond = self.condition(node.test, scope)
        if isinstance(cond, tuple):
            return self.narrow(ctx, cond[0])
        return ctx

    def _delete(self, node: ast.Delete, scope: Scope, ctx: Ctx) -> Ctx:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.bind(target.id, scope, Binding(OTHER, None))
            else:
                self.value(target, scope, ctx)
        return ctx

    # -- expressions ---------------------------------------------------------------------

    def _name(self, node: ast.Name, scope: Scope, ctx: Ctx) -> None:
        if isinstance(node.ctx, ast.Store):
            self.bind(node.id, scope, Binding(OTHER, None))
        elif node.id in self.words and not ctx.silent:
            self.uses.append(("name", node, scope, ctx, None))

    def _attribute(self, node: ast.Attribute, scope: Scope, ctx: Ctx) -> None:
        if node.attr in self.words and not ctx.silent and not isinstance(node.ctx, ast.Store):
            self.uses.append(("attribute", node, scope, ctx, None))
        self.visit(node.value, scope, ctx)

    def _call(self, node: ast.Call, scope: Scope, ctx: Ctx) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in self.call_words and not ctx.silent:
            self.uses.append(("call", node, scope, ctx, None))
        if name in self.words:
            self.call_of[id(func)] = node
        self.visit(func, scope, ctx)
        for arg in node.args:
            self.visit(arg, scope, ctx)
        for kw in node.keywords:
            self.visit(kw.value, scope, ctx)

    def _lambda(self, node: ast.Lambda, scope: Scope, ctx: Ctx) -> None:
        self._arguments_outer(node.args, scope, ctx)
        inner = Scope(FUNCTION, scope, node)
        self._parameters(node.args, inner)
        self.visit(node.body, inner, ctx._replace(function=node))

    def _comprehension(
        self,
        node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
        scope: Scope,
        ctx: Ctx,
    ) -> None:
        inner = Scope(COMPREHENSION, scope, node)
        for i, gen in enumerate(node.generators):
            # The first iterable is evaluated in the enclosing scope.
            self.visit(gen.iter, scope if i == 0 else inner, ctx)
            self.bind_target(gen.target, inner, ctx, Binding(OTHER, None))
            for cond in gen.ifs:
                self.visit(cond, inner, ctx)
        if isinstance(node, ast.DictComp):
            self.visit(node.key, inner, ctx)
            self.visit(node.value, inner, ctx)
        else:
            self.visit(node.elt, inner, ctx)

    def _named_expr(self, node: ast.NamedExpr, scope: Scope, ctx: Ctx) -> None:
        self.visit(node.value, scope, ctx)
        target = scope
        while target.kind == COMPREHENSION and target.parent is not None:
            target = target.parent
        self.bind(node.target.id, target, Binding(OTHER, None))

    def _if_exp(self, node: ast.IfExp, scope: Scope, ctx: Ctx) -> None:
        self.visit(node.test, scope, ctx)
        cond = self.condition(node.test, scope)
        if isinstance(cond, tuple):
            self.visit(node.body, scope, self.narrow(ctx, cond[0]))
            self.visit(node.orelse, scope, self.narrow(ctx, cond[1]))
        elif cond == "type-checking":
            self.visit(node.body, scope, ctx._replace(silent=True))
            self.visit(node.orelse, scope, ctx)
        else:
            self.visit(node.body, scope, ctx)
            self.visit(node.orelse, scope, ctx)

    def _bool_op(self, node: ast.BoolOp, scope: Scope, ctx: Ctx) -> None:
        # ``guard and use``: the use runs only where the guard holds (``or``: where it fails).
        current = ctx
        for value in node.values:
            self.visit(value, scope, current)
            cond = self.condition(value, scope)
            if isinstance(cond, tuple):
                keep = cond[0] if isinstance(node.op, ast.And) else cond[1]
                current = self.narrow(current, keep)

    # -- guards --------------------------------------------------------------------------

    def condition(self, node: ast.expr, scope: Scope) -> tuple[V.Versions, V.Versions] | str | None:
        """(versions where ``node`` may be true, where it may be false) for a version guard;
        "type-checking" for ``TYPE_CHECKING``; a qualified ``module.attr`` for
        ``hasattr(module, "attr")``; None for anything else."""
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v, scope) for v in node.values]
            if all(not isinstance(p, tuple) for p in parts):
                return None
            sets = [p if isinstance(p, tuple) else (V.UNIVERSE, V.UNIVERSE) for p in parts]
            if isinstance(node.op, ast.And):
                true = frozenset.intersection(*(s[0] for s in sets))
                false = frozenset.union(*(s[1] for s in sets))
            else:
                true = frozenset.union(*(s[0] for s in sets))
                false = frozenset.intersection(*(s[1] for s in sets))
            return true, false
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.condition(node.operand, scope)
            if isinstance(inner, tuple):
                return inner[1], inner[0]
            if isinstance(inner, str) and inner != "type-checking" and inner[0] != "!":
                return "!" + inner  # not hasattr(...)
            return None
        if isinstance(node, ast.Compare):
            return self._compare(node, scope)
        if isinstance(node, ast.Constant) and node.value is False:
            return "type-checking"
        if isinstance(node, ast.Name | ast.Attribute):
            qual = self.qualify_now(node, scope)
            if qual in ("typing.TYPE_CHECKING", "typing_extensions.TYPE_CHECKING") or (
                isinstance(node, ast.Name) and node.id == "TYPE_CHECKING" and qual is None
            ):
                return "type-checking"
            if qual in ("six.PY3", "future.utils.PY3"):
                return V.UNIVERSE, V.NONE
            if qual in ("six.PY2", "future.utils.PY2"):
                return V.NONE, V.UNIVERSE
            if isinstance(node, ast.Name) and node.id in self.version_names:
                return self.version_names[node.id]
            return None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "hasattr"
            and len(node.args) == 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            owner = self.qualify_now(node.args[0], scope)
            if owner is not None:
                return f"{owner}.{node.args[1].value}"
        return None

    def _compare(self, node: ast.Compare, scope: Scope) -> tuple[V.Versions, V.Versions] | None:
        operands = [node.left, *node.comparators]
        results: list[tuple[V.Versions, V.Versions]] = []
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            pair = self._compare_pair(op, left, right, scope)
            if pair is None:
                return None
            results.append(pair)
        if not results:
            return None
        true = frozenset.intersection(*(r[0] for r in results))
        false = frozenset.union(*(r[1] for r in results))
        return true, false

    def _compare_pair(
        self, op: ast.cmpop, left: ast.expr, right: ast.expr, scope: Scope
    ) -> tuple[V.Versions, V.Versions] | None:
        probe = self._version_expr(left, scope)
        other = right
        if probe is None:
            probe = self._version_expr(right, scope)
            other = left
            swap = V._SWAP.get(type(op))
            if probe is None or swap is None:
                return None
            op = swap()
        what, length = probe
        truth: dict[V.Version, int] = {}
        if what == "tuple":
            const = V.constant_tuple(other)
            if const is None:
                return None
            for v in V.UNIVERSE:
                truth[v] = V.truth_version_info(op, length, const, v)
        else:
            value = V.constant_int(other)
            if value is None:
                return None
            for v in V.UNIVERSE:
                if what == "major":
                    truth[v] = V.truth_scalar(op, 3, 3, value)
                elif what == "minor":
                    truth[v] = V.truth_scalar(op, v[1], v[1], value)
                else:  # hexversion of any 3.m.x release
                    low = (3 << 24) | (v[1] << 16)
                    truth[v] = V.truth_scalar(op, low, low | 0xFFFF, value)
        return V.split(truth)

    def _version_expr(self, node: ast.expr, scope: Scope) -> tuple[str, int] | None:
        """("tuple", length) for sys.version_info[:n]; ("major"|"minor"|"hex", 0)."""
        if isinstance(node, ast.Subscript):
            if self.qualify_now(node.value, scope) != "sys.version_info":
                return None
            index = node.slice
            if isinstance(index, ast.Slice):
                if index.lower is None and index.step is None and index.upper is not None:
                    upper = V.constant_int(index.upper)
                    if upper is not None:
                        return ("tuple", upper)
                return None
            position = V.constant_int(index)
            if position == 0:
                return ("major", 0)
            if position == 1:
                return ("minor", 0)
            return None
        qual = self.qualify_now(node, scope)
        if qual == "sys.version_info":
            return ("tuple", 5)
        if qual == "sys.version_info.major":
            return ("major", 0)
        if qual == "sys.version_info.minor":
            return ("minor", 0)
        if qual == "sys.hexversion":
            return ("hex", 0)
        return None

    def qualify_now(self, node: ast.AST, scope: Scope) -> str | None:
        """Qualified name of ``node`` from the bindings seen so far (for guards)."""
        if isinstance(node, ast.Attribute):
            base = self.qualify_now(node.value, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Name):
            return self.resolve_name(node.id, scope)
        return None

    # -- resolution ----------------------------------------------------------------------

    def lookup(self, name: str, scope: Scope) -> list[Binding] | None:
        """The bindings ``name`` refers to from ``scope``; None for an unbound name."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if name in current.globals:
                return self.module.bindings.get(name)
            if (
                (first or current.kind != CLASS_SCOPE)
                and name in current.bindings
                and name not in current.nonlocals
            ):
                return current.bindings[name]
            first = False
            current = current.parent
        return None

    def resolve_name(self, name: str, scope: Scope) -> str | None:
        bindings = self.lookup(name, scope)
        if bindings is None:
            if name in BUILTIN_NAMES and not self.module.star:
                return f"builtins.{name}"
            return None
        qual: str | None = None
        for b in bindings:
            if b.kind != IMPORT:
                return None
            if qual is None:
                qual = str(b.value)
            elif qual != b.value:
                return None
        return qual

    def qualify(self, node: ast.AST, scope: Scope) -> str | None:
        if isinstance(node, ast.Attribute):
            base = self.qualify(node.value, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Name):
            return self.resolve_name(node.id, scope)
        return None

    def local_class(self, name: str, scope: Scope) -> ast.ClassDef | None:
        bindings = self.lookup(name, scope)
        if bindings and len(bindings) == 1 and isinstance(bindings[0].value, ast.ClassDef):
            return bindings[0].value
        return None

    def resolve_uses(self) -> Iterator[Hit]:
        for kind, node, scope, ctx, statement in self.uses:
            for hit in self._resolve(kind, node, scope, ctx, statement):
                yield dataclasses.replace(hit, old_branch=True) if ctx.old_branch else hit

    def _resolve(
        self, kind: str, node: ast.AST, scope: Scope, ctx: Ctx, statement: ast.AST | None
    ) -> Iterator[Hit]:
        index = self.index
        if kind == "import" and isinstance(node, ast.alias):
            for api in _module_rows(index, node.name):
                yield Hit(api, node, "import", ctx.targets, statement=statement, scope=scope)
        elif kind == "from-module" and isinstance(node, ast.ImportFrom) and node.module:
            for api in _module_rows(index, node.module):
                yield Hit(api, node, "from-module", ctx.targets, statement=node, scope=scope)
        elif (
            kind == "from-name"
            and isinstance(node, ast.alias)
            and isinstance(statement, ast.ImportFrom)
            and statement.module
        ):
            if _module_rows(index, statement.module):
                return  # the whole module is the finding
            full = f"{statement.module}.{node.name}"
            for api in (*index.modules.get(full, ()), *index.names.get(full, ())):
                yield Hit(api, node, "from-name", ctx.targets, statement=statement, scope=scope)
        elif kind == "attribute" and isinstance(node, ast.Attribute):
            yield from self._attribute_hits(node, scope, ctx)
        elif kind == "name" and isinstance(node, ast.Name):
            qual = self.resolve_name(node.id, scope)
            if qual is not None and qual.startswith("builtins."):
                for api in index.names.get(qual, ()):
                    yield Hit(api, node, "name", ctx.targets, scope=scope)
        elif kind == "call" and isinstance(node, ast.Call):
            yield from self._call_hits(node, scope, ctx)

    def _attribute_hits(self, node: ast.Attribute, scope: Scope, ctx: Ctx) -> Iterator[Hit]:
        index = self.index
        base = self.qualify(node.value, scope)
        in_async = isinstance(ctx.function, ast.AsyncFunctionDef)
        call = self.call_of.get(id(node))
        if base is not None:
            full = f"{base}.{node.attr}"
            if full in ctx.guarded:
                return
            for api in index.names.get(full, ()):
                yield Hit(
                    api, node, "attribute", ctx.targets, scope=scope, in_async=in_async, call=call
                )
            return
        for api in index.attrs.get(node.attr, ()):
            certainty = self.receiver_matches(api, node.value, scope, ctx)
            if certainty is not None:
                yield Hit(
                    api,
                    node,
                    "attribute",
                    ctx.targets,
                    certain=certainty,
                    scope=scope,
                    in_async=in_async,
                    call=call,
                    resolved=False,
                )

    def _call_hits(self, node: ast.Call, scope: Scope, ctx: Ctx) -> Iterator[Hit]:
        func = self.qualify(node.func, scope)
        if func is not None:
            for api in self.index.calls.get(func, ()):
                if _argument_used(api, node):
                    yield Hit(api, node, "call", ctx.targets, scope=scope, call=node)
            return
        callee = node.func
        if not isinstance(callee, ast.Attribute):
            return
        # A method's argument row on an instance (``self.addCleanup(function=f)``): the
        # receiver is matched by the row's hint, like a method row's.
        for api in self.index.call_attrs.get(callee.attr, ()):
            if not _argument_used(api, node):
                continue
            certainty = self.receiver_matches(api, callee.value, scope, ctx)
            if certainty is not None:
                yield Hit(
                    api,
                    node,
                    "call",
                    ctx.targets,
                    certain=certainty,
                    scope=scope,
                    call=node,
                    resolved=False,
                )

    # -- receivers -----------------------------------------------------------------------

    def receiver_matches(self, api: Api, receiver: ast.expr, scope: Scope, ctx: Ctx) -> bool | None:
        """True (certain), False (likely: by name only) or None (no match)."""
        hint = api.receiver
        owner = api.name.rpartition(".")[0]
        if hint == "self":
            return self._self_in_subclass(receiver, owner, api, scope, ctx)
        if hint == "any":
            typed = self.receiver_type(receiver, scope)
            return typed is not None and (
                typed in FACTORIES.get(owner, frozenset({owner})) or typed == owner
            )
        # A class name.
        cls = hint if "." in hint else owner
        accepted = FACTORIES.get(cls, frozenset({cls}))
        typed = self.receiver_type(receiver, scope)
        if typed is not None:
            return True if typed in accepted else None
        # ``self`` counts only in a class certainly derived from it: with a class-name hint
        # the method names are common ones (``execute``, ``get``, ``copy``), and a base class
        # from elsewhere says nothing.
        if self._self_in_subclass(receiver, cls, api, scope, ctx):
            return True
        word = _receiver_word(receiver)
        if word is not None:
            # Only names that conventionally hold such an instance (``logger``, ``thread``);
            # a class's own name is no evidence for a third-party ``Query`` or ``Engine``.
            for conventional in CONVENTIONAL_NAMES.get(cls, ()):
                if word == conventional or word.endswith("_" + conventional):
                    return False
        return None

    def receiver_type(self, receiver: ast.expr, scope: Scope) -> str | None:
        """The qualified name of what made ``receiver`` (``Thread`` for ``t = Thread()``)."""
        if isinstance(receiver, ast.Call):
            return self.qualify(receiver.func, scope)
        if not isinstance(receiver, ast.Name):
            return None
        bindings = self.lookup(receiver.id, scope)
        if not bindings:
            return None
        made: str | None = None
        for b in bindings:
            if b.kind in (CALL, ANNOTATED) and isinstance(b.value, ast.expr):
                q = self.qualify(b.value, scope)
            else:
                return None
            if q is None or (made is not None and q != made):
                return None
            made = q
        return made

    def _self_in_subclass(
        self, receiver: ast.expr, owner: str, api: Api, scope: Scope, ctx: Ctx
    ) -> bool | None:
        cls = self._enclosing_class(receiver, scope, ctx)
        if cls is None:
            return None
        return self.subclass_of(cls, owner, api.name.rpartition(".")[2], set())

    def _enclosing_class(self, receiver: ast.expr, scope: Scope, ctx: Ctx) -> ast.ClassDef | None:
        function = ctx.function
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            return None
        is_super = (
            isinstance(receiver, ast.Call)
            and isinstance(receiver.func, ast.Name)
            and receiver.func.id == "super"
        )
        params = [*function.args.posonlyargs, *function.args.args]
        if not is_super and not (
            isinstance(receiver, ast.Name) and params and receiver.id == params[0].arg
        ):
            return None
        fscope = self.function_scopes.get(function)
        parent = fscope.parent if fscope is not None else None
        if (
            parent is None
            or parent.kind != CLASS_SCOPE
            or not isinstance(parent.node, ast.ClassDef)
        ):
            return None
        return parent.node

    def subclass_of(self, cls: ast.ClassDef, owner: str, attr: str, seen: set[int]) -> bool | None:
        """True: certainly a subclass of ``owner``; False: may be (an unknown base); None: no.

        A class that defines ``attr`` itself is not using the deprecated alias.
        """
        if id(cls) in seen:
            return None
        seen.add(id(cls))
        for stmt in cls.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == attr:
                return None
        scope = self.classes.get(cls, self.module)
        maybe = False
        for base in cls.bases:
            qual = self.qualify(base, scope)
            if qual is not None:
                if qual == owner or qual in SUBCLASSES.get(owner, ()):
                    return True
                if qual.split(".", 1)[0] not in STDLIB:
                    maybe = True
                continue
            if isinstance(base, ast.Name):
                local = self.local_class(base.id, scope)
                if local is not None:
                    result = self.subclass_of(local, owner, attr, seen)
                    if result:
                        return True
                    if result is False:
                        maybe = True
                    continue
            maybe = True
        return False if maybe else None


#: Known standard-library subclasses (and aliases) of classes that rows name.
SUBCLASSES: dict[str, frozenset[str]] = {
    "unittest.TestCase": frozenset(
        {
            "unittest.case.TestCase",
            "unittest.IsolatedAsyncioTestCase",
            "unittest.async_case.IsolatedAsyncioTestCase",
            "unittest.FunctionTestCase",
        }
    ),
    "threading.Thread": frozenset({"threading.Timer"}),
    "configparser.RawConfigParser": frozenset(
        {"configparser.ConfigParser", "configparser.SafeConfigParser"}
    ),
}


def _nothing(node: ast.AST, scope: Scope, ctx: Ctx) -> None:
    return None


#: Statements without bindings or nested bodies; all but ``pass`` and a plain expression
#: end the statement list (an expression does too when it is ``sys.exit(...)``).
_SIMPLE = frozenset({ast.Expr, ast.Pass, ast.Raise, ast.Return, ast.Continue, ast.Break})


def _is_exit_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "exit"
        and isinstance(func.value, ast.Name)
        and func.value.id == "sys"
    )


def _receiver_word(receiver: ast.expr) -> str | None:
    if isinstance(receiver, ast.Name):
        return receiver.id.lower().lstrip("_")
    if isinstance(receiver, ast.Attribute):
        return receiver.attr.lower().lstrip("_")
    return None


def _module_rows(index: Index, module: str) -> tuple[Api, ...]:
    """Module rows for ``module`` or any package it lives in (``distutils`` for
    ``distutils.core``); the most specific row only."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        rows = index.modules.get(".".join(parts[:n]))
        if rows:
            return rows
    return ()


#: Argument rows whose deprecated use is *leaving the argument out* (``ssl.SSLContext()``
#: without a protocol; ``typing.NamedTuple("N")`` or its keyword syntax ``NamedTuple("N",
#: x=int)``, where the fields are not passed as such).
OMITTED = frozenset(
    {("ssl.SSLContext", "protocol"), ("typing.NamedTuple", "fields"), ("yaml.load", "Loader")}
)
#: Argument rows where only passing the argument *by position* is deprecated.
POSITIONAL = frozenset(
    {
        ("re.sub", "count"),
        ("re.sub", "flags"),
        ("re.subn", "count"),
        ("re.subn", "flags"),
        ("re.split", "maxsplit"),
        ("re.split", "flags"),
    }
)
#: Argument rows of parameters made positional-only (3.9): passing the parameter by keyword
#: is the deprecated use, unless its positional slot is filled, when a keyword of that name
#: goes on to the callable's ``**kwargs`` (``weakref.finalize(obj, fin, func=3)``).
POSITIONAL_ONLY = frozenset(
    {
        ("weakref.finalize", "obj"),
        ("weakref.finalize", "func"),
        ("functools.partialmethod", "func"),
        ("unittest.TestCase.addCleanup", "function"),
        ("trace.Trace.runfunc", "func"),
        ("profile.Profile.runcall", "func"),
        ("cProfile.Profile.runcall", "func"),
        ("bdb.Bdb.runcall", "func"),
        ("concurrent.futures.ThreadPoolExecutor.submit", "fn"),
        ("contextlib.ExitStack.callback", "callback"),
        ("contextlib.AsyncExitStack.callback", "callback"),
        ("contextlib.AsyncExitStack.push_async_callback", "callback"),
    }
)
#: Argument rows where any argument at all is the deprecated use (``threading.RLock(x)``).
ANY_ARGUMENT = frozenset({("threading.RLock", "args")})
#: Argument rows where the deprecated use is a list literal (``select([t.c.a, t.c.b])``).
LIST_LITERAL = frozenset({("sqlalchemy.select", "columns")})
#: Argument rows that depend on run-time values (coroutines passed to ``asyncio.wait``,
#: named placeholders with a sequence): not decidable from the source, never reported.
UNDECIDABLE = frozenset({("asyncio.wait", "fs"), ("sqlite3.Cursor.execute", "parameters")})
#: Argument rows named ``kwargs``: the deprecated use is passing fields as keyword arguments;
#: these keywords are the callable's own parameters.
OWN_KEYWORDS: dict[str, frozenset[str]] = {
    "typing.TypedDict": frozenset({"total", "closed", "extra_items"}),
}


def _argument_used(api: Api, call: ast.Call) -> bool:
    """Whether ``call`` passes the row's argument (with the row's value, for values)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        kw.arg is None for kw in call.keywords
    ):
        return False  # *args / **kwargs: cannot tell
    key = (api.name, api.argument)
    if key in UNDECIDABLE:
        return False
    if key in ANY_ARGUMENT:
        return bool(call.args or call.keywords)
    if key in POSITIONAL:
        return api.position is not None and len(call.args) > api.position
    if key in POSITIONAL_ONLY:
        filled = api.position is not None and len(call.args) > api.position
        return not filled and any(kw.arg == api.argument for kw in call.keywords)
    if key in LIST_LITERAL:
        first = call.args[0] if call.args else None
        return isinstance(first, ast.List) or any(kw.arg == api.argument for kw in call.keywords)
    if api.argument == "kwargs":
        own = OWN_KEYWORDS.get(api.name, frozenset())
        return any(kw.arg not in own for kw in call.keywords)
    if (api.name, api.argument) in OMITTED:
        slot = api.position if api.position is not None else 1
        return len(call.args) <= slot and not any(kw.arg == api.argument for kw in call.keywords)
    position = api.position
    passed: ast.expr | None = None
    for kw in call.keywords:
        if kw.arg == api.argument:
            passed = kw.value
            break
    if passed is None and position is not None and len(call.args) > position:
        passed = call.args[position]
    if passed is None:
        return False
    if api.kind == "argument":
        return True
    if not isinstance(passed, ast.Constant):
        return False
    value = passed.value
    wanted = api.value
    if type(value) is not type(wanted):
        return False
    if value == wanted:
        return True
    # A mode letter inside a mode string: ``open(f, "rU")`` for value "U".
    return (
        isinstance(value, str)
        and isinstance(wanted, str)
        and len(wanted) == 1
        and "mode" in api.argument
        and wanted in value
    )


def words_in(text: str, index: Index, *, soft: bool = True) -> frozenset[str]:
    """The table's words that occur in ``text`` together with a root they need (the
    prefilter): ``path`` counts only in a file that also says ``importlib``."""
    present = set(WORD.findall(text))
    found = index.words.intersection(present)
    if not soft:
        found -= index.soft_only
    return frozenset(
        w for w in found if any(not root or root in present for root in index.roots.get(w, ("",)))
    )


_AS = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s+as\s+([A-Za-z_][A-Za-z0-9_]*)")


def call_aliases(text: str, words: frozenset[str], index: Index) -> frozenset[str]:
    """Local names that may alias a callable with argument rows (``from functools import
    partialmethod as pm``): their calls are where the argument is passed. Resolution decides
    later whether the name really is that import."""
    if " as " not in text:
        return frozenset()
    callables = {leaf(n) for n in index.calls} & words
    if not callables:
        return frozenset()
    return frozenset(m[2] for m in _AS.finditer(text) if m[1] in callables)


def hot_lines(text: str, words: frozenset[str]) -> list[int] | None:
    """Sorted numbers of the lines that hold one of ``words``; None when the file's line
    breaks would not count the way the parser counts them (a lone carriage return)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    positions: list[int] = []
    for word in words:
        size = len(word)
        at = text.find(word)
        while at >= 0:
            end = at + size
            before = text[at - 1] if at else " "
            after = text[end] if end < len(text) else " "
            if not (before.isidentifier() or before.isdigit()) and not (
                after.isidentifier() or after.isdigit()
            ):
                positions.append(at)
            at = text.find(word, end)
    positions.sort()
    lines: list[int] = []
    line = 1
    last = 0
    for at in positions:
        line += text.count("\n", last, at)
        last = at
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def detector_for(
    text: str, index: Index, targets: V.Versions, *, soft: bool = True
) -> Detector | None:
    """A Detector for one file's text, or None when the prefilter rules every row out."""
    words = words_in(text, index, soft=soft)
    if not words:
        return None
    aliases = call_aliases(text, words, index)
    words |= aliases
    # An assignment expression can bind a name from inside any expression: walk them all.
    hot = None if ":=" in text else hot_lines(text, words)
    detector = Detector(index, targets, words, hot, skip_bodies=True)
    detector.call_words |= aliases
    if hot is not None and ("global" in text or "nonlocal" in text):
        detector.rebinding_lines = hot_lines(text, frozenset({"global", "nonlocal"})) or ()
    return detector


def find(tree: ast.Module, text: str, index: Index, targets: V.Versions) -> list[Hit]:
    detector = detector_for(text, index, targets)
    return detector.run(tree) if detector is not None else []
