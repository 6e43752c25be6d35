"""Report formats. Each renders a whole report to one string, deterministically."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from outrider.engine import Report

FORMATS = ("text", "json", "sarif", "github")


@dataclasses.dataclass(frozen=True)
class Options:
    show_source: bool = False
    statistics: bool = False
    root: str = "."


def renderer(name: str) -> Callable[[Report, Options], str]:
    if name == "text":
        from outrider.output.text import render
    elif name == "json":
        from outrider.output.json import render
    elif name == "sarif":
        from outrider.output.sarif import render
    elif name == "github":
        from outrider.output.github import render
    else:
        raise ValueError(f"unknown format {name!r}")
    return render
