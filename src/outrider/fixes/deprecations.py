"""DEP fixers: rewrite uses of deprecated APIs that the deprecation check reported.

One code covers many table rows, so each fixer handles every mechanically fixable row of its
code. It finds the uses exactly as the check does (the same ``ast`` walk, the same targets
and guards, so shadowed, unimported and version-guarded names are left alone), keeps those
reported on its lines under its code with the right applicability, and rewrites the
matching libcst nodes:

* renames: ``self.assertEquals`` -> ``self.assertEqual``, ``logging.warn`` ->
  ``logging.warning``, ``from threading import currentThread`` -> ``from threading import
  current_thread as currentThread`` (the local name stays, so other lines need no change);
* import moves: ``from collections import Mapping`` -> ``from collections.abc import
  Mapping``, ``collections.Mapping`` -> ``collections.abc.Mapping`` (``import
  collections.abc`` added), ``import xml.etree.cElementTree as ET`` -> ``import
  xml.etree.ElementTree as ET``; imports are added with libcst's ``AddImportsVisitor`` and
  imports a fix left unused are removed with ``RemoveImportsVisitor``;
* unsafe only (``--unsafe-fixes``): ``datetime.datetime.utcnow()`` ->
  ``datetime.datetime.now(datetime.timezone.utc)``, ``utcfromtimestamp(ts)`` ->
  ``fromtimestamp(ts, datetime.timezone.utc)``, ``asyncio.get_event_loop()`` inside a
  coroutine -> ``asyncio.get_running_loop()``, ``codecs.open(...)`` -> ``open(...)``.

A name resolved through the imports is also confirmed with libcst's qualified names before
it is touched; any doubt leaves the code as it is.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import PositionProvider

from outrider.fixes import Fixer

if TYPE_CHECKING:
    from outrider.checks.deprecations.detect import Detector, Hit

Key = tuple[int, int, int, int]
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def dotted(name: str) -> cst.Attribute | cst.Name:
    parts = name.split(".")
    node: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


class _Columns:
    """ast gives UTF-8 byte columns; libcst gives character columns."""

    def __init__(self, code: str) -> None:
        self.lines = _LINE_BREAK.split(code)

    def char(self, line: int, col: int) -> int:
        if not 0 < line <= len(self.lines):
            return col
        text = self.lines[line - 1]
        if text.isascii():
            return col
        return len(text.encode("utf-8")[:col].decode("utf-8", "replace"))

    def key(self, node: ast.AST) -> Key:
        line = getattr(node, "lineno", 0)
        end = getattr(node, "end_lineno", line) or line
        return (
            line,
            self.char(line, getattr(node, "col_offset", 0)),
            end,
            self.char(end, getattr(node, "end_col_offset", 0) or 0),
        )


class DeprecationFixer(Fixer):
    """Base: plans from the check's own findings, then rewrites the planned nodes."""

    CODE: ClassVar[str] = ""
    #: Which findings this fixer applies: "safe" or "unsafe".
    APPLIES: ClassVar[str] = "safe"

    def __init__(self, context: cst.codemod.CodemodContext, lines: Sequence[int]) -> None:
        super().__init__(context, lines)
        self.todo: dict[Key, list[Hit]] = {}

    # -- planning ------------------------------------------------------------------------

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self.todo = self.plan(tree.code)
        if not self.todo:
            return tree
        return super().transform_module_impl(tree)

    def plan(self, code: str) -> dict[Key, list[Hit]]:
        from outrider.checks.deprecations import DeprecationsCheck
        from outrider.config import Settings

        settings = self.settings or Settings()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError):
            return {}
        check = DeprecationsCheck(settings)
        columns = _Columns(code)
        todo: dict[Key, list[Hit]] = {}
        for hit, finding in check.findings("", tree, code):
            if (
                finding.code != self.CODE
                or finding.line not in self.lines
                or finding.applicability != self.APPLIES
            ):
                continue
            node = hit.call if self.APPLIES == "unsafe" and hit.call is not None else hit.node
            todo.setdefault(columns.key(node), []).append(hit)
        return todo

    def hits(self, node: cst.CSTNode) -> list[Hit]:
        pos = self.get_metadata(PositionProvider, node, None)
        if pos is None:
            return []
        key = (pos.start.line, pos.start.column, pos.end.line, pos.end.column)
        return self.todo.get(key, [])


class SafeDeprecationFixer(DeprecationFixer):
    """Renames and import moves."""

    APPLIES = "safe"

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        for hit in self.hits(original_node):
            api = hit.api
            if hit.resolved and not self._confirmed(original_node, api.name):
                continue
            if api.fix == "rename":
                return updated_node.with_changes(attr=cst.Name(api.fix_to))
            moved = self._move_attribute(updated_node, hit)
            if moved is not None:
                return moved
        return updated_node

    def _confirmed(self, node: cst.CSTNode, name: str) -> bool:
        """libcst's own resolution agrees that ``node`` names ``name``."""
        try:
            names = self.qualified(node)
        except KeyError:  # pragma: no cover - metadata not computed for this node
            return False
        return name in names

    def _move_attribute(self, node: cst.Attribute, hit: Hit) -> cst.BaseExpression | None:
        old_parent = hit.api.name.rpartition(".")[0]
        new_parent, _, new_leaf = hit.api.fix_to.rpartition(".")
        if not new_parent:
            return None
        if new_parent.startswith(old_parent + "."):
            # collections.Mapping -> collections.abc.Mapping, through the same receiver.
            value: cst.BaseExpression = node.value
            for part in new_parent[len(old_parent) + 1 :].split("."):
                value = cst.Attribute(value=value, attr=cst.Name(part))
            AddImportsVisitor.add_needed_import(self.context, new_parent)
            return node.with_changes(value=value, attr=cst.Name(new_leaf))
        if not _root_free(hit.detector, hit, new_parent.split(".", 1)[0]):
            self.warn(f"{hit.api.name}: {new_parent.split('.', 1)[0]} is bound to something else")
            return None
        AddImportsVisitor.add_needed_import(self.context, new_parent)
        RemoveImportsVisitor.remove_unused_import(self.context, old_parent)
        replacement = dotted(hit.api.fix_to)
        return replacement.with_changes(lpar=node.lpar, rpar=node.rpar)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        names = list(updated_node.names)
        changed = False
        for i, alias in enumerate(original_node.names):
            for hit in self.hits(alias):
                if hit.site == "import" and alias.asname is not None:
                    names[i] = names[i].with_changes(name=dotted(hit.api.fix_to))
                    changed = True
                    break
        return updated_node.with_changes(names=names) if changed else updated_node

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        for hit in self.hits(original_node):
            if hit.site == "from-module":
                return updated_node.with_changes(module=dotted(hit.api.fix_to))
        if isinstance(original_node.names, cst.ImportStar) or isinstance(
            updated_node.names, cst.ImportStar
        ):
            return updated_node
        module = _dotted_text(original_node.module)
        if module is None or original_node.relative:
            return updated_node
        kept: list[cst.ImportAlias] = []
        moved: list[tuple[str, cst.ImportAlias]] = []  # (new module, alias)
        for alias, new_alias in zip(original_node.names, updated_node.names, strict=True):
            target = self._alias_target(alias)
            if target is None:
                kept.append(new_alias)
                continue
            new_module, new_name = target
            local = _alias_local(alias)
            as_name = None if local == new_name else cst.AsName(name=cst.Name(local))
            renamed = new_alias.with_changes(name=cst.Name(new_name), asname=as_name)
            if new_module == module:
                kept.append(renamed)
            else:
                moved.append((new_module, renamed))
        if not moved:
            return updated_node.with_changes(names=_tidy(kept, updated_node.names))
        if not kept:
            first = moved[0][0]
            stay = [a for m, a in moved if m == first]
            for m, a in moved:
                if m != first:
                    self._add_import(m, a)
            return updated_node.with_changes(
                module=dotted(first), names=_tidy(stay, updated_node.names)
            )
        for m, a in moved:
            self._add_import(m, a)
        return updated_node.with_changes(names=_tidy(kept, updated_node.names))

    def _alias_target(self, alias: cst.ImportAlias) -> tuple[str, str] | None:
        """(new module, new name) for an alias with a planned from-name fix."""
        for hit in self.hits(alias):
            if hit.site != "from-name":
                continue
            api = hit.api
            old_module = api.name.rpartition(".")[0]
            if api.fix == "rename":
                return old_module, api.fix_to
            new_module, _, new_name = api.fix_to.rpartition(".")
            if new_module:
                return new_module, new_name
        return None

    def _add_import(self, module: str, alias: cst.ImportAlias) -> None:
        name = _dotted_text(alias.name) or ""
        asname = _alias_local(alias)
        AddImportsVisitor.add_needed_import(
            self.context, module, name, asname if asname != name else None
        )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        for hit in self.hits(original_node):
            if hit.site != "call":
                continue
            args = [
                a.with_changes(keyword=cst.Name(hit.api.fix_to))
                if a.keyword is not None and a.keyword.value == hit.api.argument
                else a
                for a in updated_node.args
            ]
            return updated_node.with_changes(args=args)
        return updated_node


class UnsafeDeprecationFixer(DeprecationFixer):
    """Replacements that change behaviour a program may rely on (``--unsafe-fixes``)."""

    APPLIES = "unsafe"
    METADATA_DEPENDENCIES = (PositionProvider,)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        for hit in self.hits(original_node):
            func = updated_node.func
            if not isinstance(func, cst.Attribute):
                continue
            name = hit.api.name
            if name == "asyncio.get_event_loop":
                return updated_node.with_changes(
                    func=func.with_changes(attr=cst.Name("get_running_loop"))
                )
            if name in ("datetime.datetime.utcnow", "datetime.datetime.utcfromtimestamp"):
                tz = self._utc(hit)
                if tz is None:
                    self.warn(f"{name}: no name for datetime.timezone is free; left as is")
                    continue
                new_attr = "now" if name.endswith("utcnow") else "fromtimestamp"
                args = [*updated_node.args]
                if args:
                    args[-1] = args[-1].with_changes(
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                    )
                args.append(cst.Arg(value=tz))
                return updated_node.with_changes(
                    func=func.with_changes(attr=cst.Name(new_attr)), args=args
                )
            if name == "codecs.open":
                detector = hit.detector
                if detector is None or hit.scope is None:
                    continue
                if detector.resolve_name("open", hit.scope) != "builtins.open":
                    self.warn("codecs.open: the builtin open is shadowed here; left as is")
                    continue
                RemoveImportsVisitor.remove_unused_import(self.context, "codecs")
                return updated_node.with_changes(
                    func=cst.Name("open"), args=_codecs_open_args(updated_node.args)
                )
        return updated_node

    def _utc(self, hit: Hit) -> cst.BaseExpression | None:
        """An expression for ``datetime.timezone.utc`` that works at the hit's place."""
        detector = hit.detector
        if detector is None or hit.scope is None:
            return None
        module_names = detector.module.bindings
        for local, bindings in sorted(module_names.items()):
            values = {b.value for b in bindings}
            if (
                all(b.kind == 1 for b in bindings)
                and values == {"datetime"}
                and detector.resolve_name(local, hit.scope) == "datetime"
            ):
                return dotted(f"{local}.timezone.utc")
        for local, bindings in sorted(module_names.items()):
            values = {b.value for b in bindings}
            if (
                all(b.kind == 1 for b in bindings)
                and values == {"datetime.timezone"}
                and detector.resolve_name(local, hit.scope) == "datetime.timezone"
            ):
                return dotted(f"{local}.utc")
        if detector.lookup("timezone", hit.scope) is None and "timezone" not in module_names:
            AddImportsVisitor.add_needed_import(self.context, "datetime", "timezone")
            return dotted("timezone.utc")
        return None


def _codecs_open_args(args: Sequence[cst.Arg]) -> list[cst.Arg]:
    """codecs.open(filename, mode, encoding, errors, buffering) -> open(file, mode, ...)."""
    positional_names = ("file", "mode", "encoding", "errors", "buffering")
    out: list[cst.Arg] = []
    for i, given in enumerate(args):
        arg = given
        if arg.keyword is None and i >= 2:
            arg = arg.with_changes(
                keyword=cst.Name(positional_names[i]),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""),
                    whitespace_after=cst.SimpleWhitespace(""),
                ),
            )
        elif arg.keyword is not None and arg.keyword.value == "filename":
            arg = arg.with_changes(keyword=cst.Name("file"))
        out.append(arg)
    return out


def _root_free(detector: Detector | None, hit: Hit, root: str) -> bool:
    """``root`` can name the module ``root`` at the hit: unbound, or bound only by its import."""
    if detector is None or hit.scope is None:
        return False
    bindings = detector.lookup(root, hit.scope)
    if bindings is None:
        return root not in detector.module.bindings
    return all(b.kind == 1 and b.value == root for b in bindings)


def _dotted_text(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _dotted_text(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def _alias_local(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return _dotted_text(alias.name) or ""


def _tidy(
    names: Sequence[cst.ImportAlias], original: Sequence[cst.ImportAlias]
) -> list[cst.ImportAlias]:
    """Aliases with the commas of a list of that length (no trailing comma on the last unless
    the original had one)."""
    out = list(names)
    if not out:
        return out
    trailing = original[-1].comma if original else cst.MaybeSentinel.DEFAULT
    for i, alias in enumerate(out[:-1]):
        if not isinstance(alias.comma, cst.Comma):
            out[i] = alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    out[-1] = out[-1].with_changes(comma=trailing)
    return out


# One class per code and kind, as the entry points name them.


class FixDEP101(SafeDeprecationFixer):
    CODE = "DEP101"
    DESCRIPTION = "Replace standard-library APIs removed in a targeted version"


class FixDEP102(SafeDeprecationFixer):
    CODE = "DEP102"
    DESCRIPTION = "Replace deprecated standard-library APIs"


class FixDEP103(SafeDeprecationFixer):
    CODE = "DEP103"
    DESCRIPTION = "Replace standard-library APIs pending deprecation"


class FixDEP104(SafeDeprecationFixer):
    CODE = "DEP104"
    DESCRIPTION = "Replace soft-deprecated APIs"


class FixDEP201(SafeDeprecationFixer):
    CODE = "DEP201"
    DESCRIPTION = "Replace third-party APIs removed in the version in use"


class FixDEP202(SafeDeprecationFixer):
    CODE = "DEP202"
    DESCRIPTION = "Replace third-party APIs deprecated in the version in use"


class UnsafeFixDEP101(UnsafeDeprecationFixer):
    CODE = "DEP101"
    DESCRIPTION = "Semantic replacements for removed standard-library APIs"


class UnsafeFixDEP102(UnsafeDeprecationFixer):
    CODE = "DEP102"
    DESCRIPTION = "Semantic replacements for deprecated standard-library APIs"
