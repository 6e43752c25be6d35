"""Turning the interpreters' replies for one file into findings."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from outrider.checks.warnings import kinds, locate
from outrider.checks.warnings.interpreters import Reply, parse_reply
from outrider.model import FileError, Finding, Level, Result

if TYPE_CHECKING:
    from outrider.files import SourceFile

Version = tuple[int, int]
CHECK = "warnings"

SEVERITY: dict[str, Level] = {
    "WRN101": Level.MEDIUM,
    "WRN102": Level.MEDIUM,
    "WRN103": Level.MEDIUM,
    "WRN104": Level.MEDIUM,
    "WRN105": Level.MEDIUM,
    "WRN106": Level.HIGH,
    "WRN107": Level.HIGH,
    "WRN108": Level.MEDIUM,
    "WRN109": Level.HIGH,
}
CWE: dict[str, int] = {
    "WRN101": 1127,
    "WRN102": 1127,
    "WRN103": 595,
    "WRN104": 1127,
    "WRN105": 584,
    "WRN106": 571,
    "WRN107": 1127,
    "WRN108": 1127,
    "WRN109": 1127,
}


def compile_in_process(name: str, data: bytes) -> Reply:
    """What the compile server does, done by the running interpreter."""
    error: list[object] | None = None
    with warnings.catch_warnings(record=True) as log:
        warnings.simplefilter("always")
        try:
            compile(data, name, "exec", dont_inherit=True, optimize=0)
        except SyntaxError as exc:
            error = [exc.msg or "invalid syntax", exc.lineno or 0, exc.offset or 0]
        except (RecursionError, MemoryError):
            error = ["too deeply nested to compile (the compiler ran out of stack)", 0, 0]
        except ValueError as exc:
            error = [str(exc), 0, 0]
    found = [
        [w.category.__name__, str(w.message), w.lineno or 0] for w in log if w.filename == name
    ]
    return parse_reply({"warnings": found, "error": error})


def _message(kind: kinds.Kind, pos: locate.Position, seen: dict[Version, tuple[str, str]]) -> str:
    by_version = {v: category for v, (category, _) in seen.items()}
    newest = seen[max(seen)][1]
    cats = kinds.describe_categories(by_version)
    detail = pos.detail
    if kind.code == "WRN101" and detail:
        return (
            f"invalid escape sequence '{detail}' ({cats}); double the backslash "
            f"('\\{detail}') or use a raw string"
        )
    if kind.code == "WRN102" and detail:
        value = int(detail[1:], 8)
        return (
            f"invalid octal escape sequence '{detail}' ({cats}); octal escapes end at '\\377': "
            f"in a str write '\\u{value:04x}' for this character"
        )
    if kind.code == "WRN103":
        op = "is not" if newest.startswith('"is not"') else "is"
        equal = "!=" if op == "is not" else "=="
        literal = f" {detail}" if detail else ""
        return (
            f'"{op}" compares identity with the literal{literal} ({cats}); whether two equal '
            f'literals are the same object is an implementation detail: use "{equal}"'
        )
    if kind.code == "WRN104" and " " in detail:
        number, keyword = detail.split(" ", 1)
        return (
            f"numeric literal {number} directly followed by keyword '{keyword}' ({cats}); "
            "put a space between them"
        )
    if kind.code == "WRN105":
        statement = detail or newest.split("'")[1]
        return (
            f"'{statement}' in a 'finally' block ({cats}) silently cancels any exception in "
            "flight; move it after the try statement"
        )
    if kind.code == "WRN106":
        return (
            f"assertion on a non-empty tuple is always true ({cats}); remove the parentheses: "
            "assert condition, message"
        )
    return f"{newest} ({cats})"


def report(source: SourceFile, text: str, replies: dict[Version, Reply]) -> Result:
    """Findings for one file from every interpreter's reply (one per construct)."""
    src: locate.Source | None = None
    seen: dict[tuple[str, locate.Position], dict[Version, tuple[str, str]]] = {}
    by_code: dict[str, kinds.Kind] = {}
    for version, reply in sorted(replies.items()):
        for category, message, line in reply.warnings:
            if src is None:
                tree = source.tree()
                src = locate.Source(text, None if isinstance(tree, FileError) else tree)
            kind = kinds.classify(message)
            by_code[kind.code] = kind
            for pos in locate.locate(src, kind.locator, line, message):
                seen.setdefault((kind.code, pos), {})[version] = (category, message)
    findings = [
        Finding(
            path=source.path,
            line=pos.line,
            col=pos.col,
            code=code,
            message=_message(by_code[code], pos, by_version),
            severity=SEVERITY[code],
            confidence=Level.HIGH,
            cwe=CWE[code],
            end_line=pos.end_line,
            end_col=pos.end_col,
            check=CHECK,
        )
        for (code, pos), by_version in seen.items()
    ]
    failing = {v: r.error for v, r in replies.items() if r.error is not None}
    if failing:
        oldest = min(failing)
        message, line, col = failing[oldest]
        findings.append(
            Finding(
                path=source.path,
                line=max(line, 1),
                col=max(col, 1),
                code=kinds.SYNTAX_ERROR_CODE,
                message=(
                    f"does not compile on Python {kinds.version_ranges(list(failing))}, a "
                    f"target version: {message}"
                ),
                severity=SEVERITY[kinds.SYNTAX_ERROR_CODE],
                confidence=Level.HIGH,
                cwe=CWE[kinds.SYNTAX_ERROR_CODE],
                check=CHECK,
            )
        )
    return Result(findings=findings)
