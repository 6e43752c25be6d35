"""``path:line:col: CODE message``, one line per finding; file errors in the same shape."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from outrider.files import read_bytes

if TYPE_CHECKING:
    from outrider.engine import Report
    from outrider.model import FileError, Finding
    from outrider.output import Options


def finding_line(f: Finding) -> str:
    fix = " [*]" if f.fixable else ""
    return f"{f.path}:{f.line}:{f.col}: {f.code}{fix} {f.message}"


def error_line(e: FileError) -> str:
    where = f"{e.path}:{e.line}:{e.col or 1}" if e.line else e.path
    return f"{where}: error: {e.message}"


def _source(path: str, line: int, col: int, cache: dict[str, list[str]]) -> list[str]:
    if path not in cache:
        data = read_bytes(path, 64 * 1024 * 1024)
        cache[path] = (
            [] if not isinstance(data, bytes) else data.decode("utf-8", "replace").splitlines()
        )
    lines = cache[path]
    if not 0 < line <= len(lines):
        return []
    text = lines[line - 1].expandtabs(1).rstrip()
    width = len(str(line))
    return [
        f"  {line} | {text}",
        f"  {' ' * width} | {' ' * max(col - 1, 0)}^",
    ]


def render(report: Report, options: Options) -> str:
    findings = report.result.findings
    if options.statistics:
        return statistics(report)
    out: list[str] = []
    cache: dict[str, list[str]] = {}
    for f in findings:
        out.append(finding_line(f))
        if options.show_source:
            out.extend(_source(f.path, f.line, f.col, cache))
    out.extend(error_line(e) for e in report.result.errors)
    return "".join(line + "\n" for line in out)


def statistics(report: Report) -> str:
    counts = Counter(f.code for f in report.result.findings)
    fixable = {f.code for f in report.result.findings if f.fixable}
    rows = []
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = report.rules.get(code)
        name = rule.name if rule else ""
        mark = "[*]" if code in fixable else "   "
        rows.append(f"{count:>6}  {code:<8} {mark} {name}")
    if report.result.errors:
        rows.append(
            f"{len(report.result.errors):>6}  {'error':<8}     files that could not be checked"
        )
    return "".join(r + "\n" for r in rows)


def summary(report: Report) -> str:
    n = len(report.result.findings)
    fixable = sum(1 for f in report.result.findings if f.fixable)
    errors = len(report.result.errors)
    parts = [f"{n} finding{'s' if n != 1 else ''}"]
    if fixable:
        parts[0] += f" ({fixable} fixable with `outrider fix`)"
    if errors:
        parts.append(f"{errors} file{'s' if errors != 1 else ''} could not be checked")
    extra = []
    if report.suppressed:
        extra.append(f"{report.suppressed} suppressed inline")
    if report.baselined:
        extra.append(f"{report.baselined} in the baseline")
    tail = f" ({', '.join(extra)})" if extra else ""
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    return f"{'; '.join(parts)} in {files}{tail}."
