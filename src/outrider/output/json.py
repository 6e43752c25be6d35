"""One JSON object: ``findings`` and ``errors`` (see DESIGN.md for the field contract)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from outrider import __version__

if TYPE_CHECKING:
    from outrider.engine import Report
    from outrider.output import Options


def render(report: Report, options: Options) -> str:
    doc = {
        "tool": "outrider",
        "version": __version__,
        "findings": [f.to_json(report.rules.get(f.code)) for f in report.result.findings],
        "errors": [e.to_json() for e in report.result.errors],
        "summary": {
            "files": report.files,
            "findings": len(report.result.findings),
            "fixable": sum(1 for f in report.result.findings if f.fixable),
            "errors": len(report.result.errors),
            "suppressed": report.suppressed,
            "baselined": report.baselined,
        },
    }
    return json.dumps(doc, indent=2) + "\n"
