"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outrider.model import Level

if TYPE_CHECKING:
    from outrider.engine import Report
    from outrider.output import Options


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: Options) -> str:
    out: list[str] = []
    for f in report.result.findings:
        level = (
            "error" if f.severity >= Level.MEDIUM or f.severity == Level.UNDEFINED else "warning"
        )
        props = [f"file={_prop(f.path)}", f"line={f.line}", f"col={f.col}"]
        if f.end_line and f.end_line != f.line:
            props.append(f"endLine={f.end_line}")
        props.append(f"title={_prop(f.code)}")
        out.append(f"::{level} {','.join(props)}::{_data(f'{f.code} {f.message}')}")
    for e in report.result.errors:
        props = [f"file={_prop(e.path)}"]
        if e.line:
            props += [f"line={e.line}", f"col={e.col or 1}"]
        props.append("title=outrider")
        out.append(f"::error {','.join(props)}::{_data('could not check: ' + e.message)}")
    return "".join(line + "\n" for line in out)
