"""Fixers: one libcst codemod per rule code, registered as an entry point named by the code.

``outrider.fixes`` holds safe fixes (runtime behaviour is kept, or only the insecure
behaviour is removed); ``outrider.unsafe_fixes`` holds fixes that change behaviour a program
may rely on, applied only with ``--unsafe-fixes``. A fixer only touches the lines where the
finding it fixes was reported (a suppressed or baselined finding is never rewritten), and
leaves a site alone when the change is not provably safe.

This module imports libcst; nothing on the detection path imports it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import (
    ParentNodeProvider,
    PositionProvider,
    QualifiedNameProvider,
    QualifiedNameSource,
    ScopeProvider,
)
from libcst.metadata.base_provider import ProviderT
from libcst.metadata.scope_provider import Assignment

if TYPE_CHECKING:
    from outrider.config import Settings

#: Key of the run's :class:`~outrider.config.Settings` in a fixer's ``context.scratch``.
SETTINGS_KEY = "outrider.settings"


class Fixer(VisitorBasedCodemodCommand):
    """Base of every fixer: knows which lines it may touch and resolves qualified names."""

    CODE: ClassVar[str]
    DESCRIPTION: str = ""
    METADATA_DEPENDENCIES: ClassVar[Collection[ProviderT]] = (
        PositionProvider,
        QualifiedNameProvider,
    )
    #: The oldest Python the fixed code runs on, if the fix needs a newer one than the
    #: code it replaces: the fixer leaves the code alone (with a note) unless every
    #: target version of the run (``requires-python``, ``--target-version``) has it.
    MIN_PYTHON: ClassVar[tuple[int, int] | None] = None

    def __init__(self, context: CodemodContext, lines: Sequence[int]) -> None:
        super().__init__(context)
        self.lines = frozenset(lines)

    def targets_supported(self) -> bool:
        """Whether every target version of the run has :attr:`MIN_PYTHON`; if not, say so
        once. (Without the run's settings, the default targets: every known version.)"""
        if self.MIN_PYTHON is None:
            return True
        from outrider.config import Settings

        settings = self.settings or Settings()
        oldest = min(settings.target_versions, default=self.MIN_PYTHON)
        if oldest >= self.MIN_PYTHON:
            return True
        if not getattr(self, "_said_unsupported", False):
            self._said_unsupported = True
            need = ".".join(map(str, self.MIN_PYTHON))
            self.warn(
                f"{self.CODE}: not fixed: the fix needs Python {need} or later and the "
                f"target versions start at {oldest[0]}.{oldest[1]} (set requires-python or "
                "--target-version)"
            )
        return False

    @property
    def settings(self) -> Settings | None:
        """The run's settings (targets, check tables), when the fixer runs from ``outrider fix``."""
        value: Settings | None = self.context.scratch.get(SETTINGS_KEY)
        return value

    def reported(self, node: cst.CSTNode) -> bool:
        """Whether a finding of this fixer's code was reported on ``node``'s lines."""
        pos = self.get_metadata(PositionProvider, node, None)
        if pos is None:
            return False
        return any(pos.start.line <= line <= pos.end.line for line in self.lines)

    def qualified(self, node: cst.CSTNode) -> set[str]:
        """Qualified names ``node`` may refer to, resolved through imports and scopes.

        A name that is defined locally (shadowing an import) resolves to the local name,
        and a name never imported resolves to itself, so neither matches a library API.
        """
        names = self.get_metadata(QualifiedNameProvider, node, set())
        return {q.name for q in names}

    def resolves_to(self, node: cst.CSTNode, targets: frozenset[str]) -> bool:
        """Whether ``node`` certainly names one of ``targets``: every binding it may refer
        to does. A name rebound anywhere in scope (``import numpy as np`` and a later
        ``class np``, or ``import yaml`` and a later ``class yaml``) is ambiguous and does
        not match."""
        found = self.get_metadata(QualifiedNameProvider, node, set())
        # A class or function defined in the module has a LOCAL qualified name that can be
        # spelled like an import (``import yaml`` and a later ``class yaml``): never a match.
        return bool(found) and all(
            q.name in targets and q.source is not QualifiedNameSource.LOCAL for q in found
        )


def apply(
    source: bytes,
    fixers: Sequence[tuple[type[Fixer], Sequence[int]]],
    settings: Settings | None = None,
) -> tuple[bytes, list[str]]:
    """Run ``fixers`` (class and reported lines) over ``source``; return new bytes and notes.

    ``settings`` (the run's) is handed to each fixer through ``context.scratch``.

    A fixer that raises or whose output does not parse is skipped with a note; the others
    still apply. The bytes keep the file's encoding, BOM and line endings.
    """
    import ast
    import warnings

    notes: list[str] = []
    module = cst.parse_module(source)
    # Reported lines are lines of ``source``; a fix that adds or removes lines (an import)
    # moves them, so later fixers get them where they are now.
    where = {line: line for _, lines in fixers for line in lines}
    for fixer_cls, lines in fixers:
        context = CodemodContext(scratch={SETTINGS_KEY: settings})
        current = sorted({where[line] for line in lines if line in where})
        try:
            new = fixer_cls(context, current).transform_module(module)
        except Exception as exc:  # a broken fixer must not lose the file
            notes.append(f"{fixer_cls.CODE}: fixer failed ({type(exc).__name__}: {exc}); skipped")
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(new.bytes)
        except SyntaxError as exc:
            notes.append(f"{fixer_cls.CODE}: fix produced invalid code ({exc.msg}); skipped")
            continue
        if new.code != module.code:
            moved = moved_lines(module.code, new.code)
            where = {line: moved[now] for line, now in where.items() if now in moved}
        module = new
        notes.extend(context.warnings)
    return module.bytes, notes


def moved_lines(old: str, new: str) -> dict[int, int]:
    """Line numbers of ``old`` -> the same lines in ``new`` (lines a fix rewrote in place
    keep their number; lines that disappeared are absent)."""
    import difflib

    a = old.splitlines()
    b = new.splitlines()
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                mapping[i1 + k + 1] = j1 + k + 1
    return mapping


def arg_removed(args: Sequence[cst.Arg], index: int) -> list[cst.Arg]:
    """``args`` without the one at ``index``, with commas kept tidy."""
    kept = [a for i, a in enumerate(args) if i != index]
    if kept and index == len(args) - 1:
        kept[-1] = kept[-1].with_changes(comma=args[-1].comma)
    return kept


def arg_appended(args: Sequence[cst.Arg], new: cst.Arg) -> list[cst.Arg]:
    """``args`` with ``new`` at the end, laid out like the others (one per line in a
    call written one argument per line, a trailing comma kept where there was one)."""
    if not args:
        return [new]
    *rest, last = args
    if isinstance(last.comma, cst.Comma):
        # f(a, b,) / one per line: the new argument takes the last comma (and the line
        # break before the closing parenthesis); the last argument gets the separator
        # used between the others.
        between = (
            rest[-1].comma.whitespace_after
            if rest and isinstance(rest[-1].comma, cst.Comma)
            else cst.SimpleWhitespace(" ")
        )
        return [
            *rest,
            last.with_changes(comma=cst.Comma(whitespace_after=between)),
            new.with_changes(comma=last.comma),
        ]
    between = (
        rest[-1].comma.whitespace_after
        if rest and isinstance(rest[-1].comma, cst.Comma)
        else cst.SimpleWhitespace(" ")
    )
    return [
        *rest,
        last.with_changes(
            comma=cst.Comma(whitespace_after=between),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        ),
        new.with_changes(whitespace_after_arg=last.whitespace_after_arg),
    ]


#: Metadata :func:`made_by` needs; add it to a fixer's ``METADATA_DEPENDENCIES``.
INSTANCE_METADATA: tuple[ProviderT, ...] = (ScopeProvider, ParentNodeProvider)


def made_by(
    fixer: Fixer,
    node: cst.BaseExpression,
    constructors: frozenset[str],
    types: frozenset[str] = frozenset(),
) -> bool:
    """Whether ``node`` is surely an object made by one of ``constructors`` (qualified
    names): a call of one, or a name whose every binding (``None`` placeholders aside) is
    such a call, ``with ... as`` it, or a parameter annotated with one of ``types``."""
    if isinstance(node, cst.Call):
        return fixer.resolves_to(node.func, constructors)
    if not isinstance(node, cst.Name):
        return False
    scope = fixer.get_metadata(ScopeProvider, node, None)
    if scope is None:
        return False
    made = False
    for assignment in scope[node.value]:
        if not isinstance(assignment, Assignment):
            return False
        value = _bound_value(fixer, assignment.node)
        if value is None:
            return False
        if isinstance(value, cst.Name) and value.value == "None":
            continue
        if isinstance(value, cst.Call):
            if not fixer.resolves_to(value.func, constructors):
                return False
        elif not fixer.resolves_to(value, types):
            return False
        made = True
    return made


def _bound_value(fixer: Fixer, node: cst.CSTNode) -> cst.BaseExpression | None:
    """The expression a binding gives its name (the annotation, for a parameter)."""
    if isinstance(node, cst.Param):
        annotation = node.annotation
        return annotation.annotation if annotation is not None else None
    up = fixer.get_metadata(ParentNodeProvider, node, None)
    if isinstance(up, cst.AsName):
        item = fixer.get_metadata(ParentNodeProvider, up, None)
        return item.item if isinstance(item, cst.WithItem) else None
    if isinstance(up, cst.AssignTarget):
        assign = fixer.get_metadata(ParentNodeProvider, up, None)
        return assign.value if isinstance(assign, cst.Assign) else None
    if isinstance(up, cst.AnnAssign) and up.target is node:
        return up.value
    return None
