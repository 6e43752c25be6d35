"""SARIF 2.1.0, as GitHub code scanning and other SARIF consumers accept it.

Rules carry help that points at outrider's own rule pages (or Bandit's, for Bandit's own
tests); results carry a ``partialFingerprints`` entry so that code scanning tracks a
finding across line shifts; files that could not be checked become error notifications on
an invocation marked unsuccessful.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from outrider import __version__
from outrider.model import Level

if TYPE_CHECKING:
    from outrider.engine import Report
    from outrider.model import Rule
    from outrider.output import Options

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/outrider-security/outrider"

_LEVEL = {
    Level.HIGH: "error",
    Level.MEDIUM: "warning",
    Level.LOW: "note",
    Level.UNDEFINED: "warning",
}
_SECURITY_SEVERITY = {Level.HIGH: "8.0", Level.MEDIUM: "5.5", Level.LOW: "2.0"}
_PRECISION = {Level.HIGH: "high", Level.MEDIUM: "medium", Level.LOW: "low"}


def _location(path: str, line: int, col: int, end_line: int = 0) -> dict[str, Any]:
    if os.path.isabs(path):
        artifact: dict[str, Any] = {"uri": "file://" + quote(path.replace(os.sep, "/"))}
    else:
        artifact = {"uri": quote(path), "uriBaseId": "%SRCROOT%"}
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line > 0:
        region: dict[str, Any] = {"startLine": line}
        if col > 0:
            region["startColumn"] = col
        if end_line > line:
            region["endLine"] = end_line
        physical["region"] = region
    return {"physicalLocation": physical}


def _rule(code: str, rule: Rule | None, severity: Level) -> dict[str, Any]:
    if rule is None:
        return {"id": code, "shortDescription": {"text": code}}
    entry: dict[str, Any] = {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
    }
    if rule.url:
        entry["helpUri"] = rule.url
        text = f"{rule.summary}. See {rule.url}" if rule.summary else f"See {rule.url}"
        help_: dict[str, str] = {"text": text}
        help_["markdown"] = rule.doc or f"[{code}: {rule.summary or rule.name}]({rule.url})"
        entry["help"] = help_
    level = rule.severity if rule.severity != Level.UNDEFINED else severity
    entry["defaultConfiguration"] = {"level": _LEVEL[level]}
    tags = ["security"] if rule.check == "bandit" else [rule.check]
    if rule.cwe:
        tags.append(f"external/cwe/cwe-{rule.cwe}")
    props: dict[str, Any] = {"tags": tags}
    if level in _SECURITY_SEVERITY and rule.check == "bandit":
        props["security-severity"] = _SECURITY_SEVERITY[level]
    if rule.confidence in _PRECISION:
        props["precision"] = _PRECISION[rule.confidence]
    entry["properties"] = props
    return entry


def render(report: Report, options: Options) -> str:
    findings = report.result.findings
    order: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for f in findings:
        if f.code not in order:
            order[f.code] = len(rules)
            rules.append(_rule(f.code, report.rules.get(f.code), f.severity))
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": order[f.code],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [_location(f.path, f.line, f.col, f.end_line)],
        }
        if f.fingerprint:
            result["partialFingerprints"] = {"outrider/v1": f.fingerprint}
        props: dict[str, Any] = {"severity": f.severity.name, "confidence": f.confidence.name}
        if f.cwe:
            props["cwe"] = f"CWE-{f.cwe}"
        result["properties"] = props
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": f"could not check {e.path}: {e.message}"},
            "locations": [_location(e.path, e.line, e.col)],
        }
        for e in report.result.errors
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "outrider",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2) + "\n"
