"""The values every check produces and every report consumes."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Any


class Level(enum.IntEnum):
    """Severity and confidence share Bandit's four-step scale."""

    UNDEFINED = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def parse(cls, value: str) -> Level:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            names = ", ".join(m.name.lower() for m in cls if m is not cls.UNDEFINED)
            raise ValueError(f"{value!r} is not one of {names}") from None

    def __str__(self) -> str:
        return self.name


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    """Static metadata of one rule code."""

    code: str
    name: str
    summary: str
    check: str
    severity: Level = Level.UNDEFINED
    confidence: Level = Level.UNDEFINED
    cwe: int | None = None
    # "safe" (applied by `outrider fix`), "unsafe" (only with --unsafe-fixes) or "".
    fix: str = ""
    url: str = ""
    # Markdown body of the rule's documentation page, when outrider owns the rule.
    doc: str = ""

    @property
    def fixable(self) -> bool:
        return bool(self.fix)


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One reported problem. Ordering is the report order: path, position, code."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Level = Level.UNDEFINED
    confidence: Level = Level.UNDEFINED
    cwe: int | None = None
    fixable: bool = False
    end_line: int = 0
    end_col: int = 0
    check: str = ""
    # Hash of the code and the finding's source line: for baselines and SARIF.
    fingerprint: str = dataclasses.field(default="", compare=False)
    # How this one finding can be fixed, when its check knows better than its code: "safe",
    # "unsafe" or "none". "" (the default) means what the code's installed fixers say. One
    # code may cover findings that are mechanically fixable and findings that are not.
    applicability: str = dataclasses.field(default="", compare=False)

    def to_json(self, rule: Rule | None = None) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line or self.line,
            "end_col": self.end_col,
            "code": self.code,
            "name": rule.name if rule else "",
            "severity": self.severity.name,
            "confidence": self.confidence.name,
            "cwe": self.cwe,
            "message": self.message,
            "fixable": self.fixable,
            "check": self.check,
            "url": rule.url if rule else "",
            "fingerprint": self.fingerprint,
        }


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class FileError:
    """A file that could not be checked (fully). Always makes the run fail."""

    path: str
    message: str
    line: int = 0
    col: int = 0
    check: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line or None,
            "col": self.col or None,
            "message": self.message,
            "check": self.check,
        }


@dataclasses.dataclass(slots=True)
class Result:
    """What running checks over some files produced."""

    findings: list[Finding] = dataclasses.field(default_factory=list)
    errors: list[FileError] = dataclasses.field(default_factory=list)

    def extend(self, other: Result) -> None:
        self.findings.extend(other.findings)
        self.errors.extend(other.errors)

    def sort(self) -> None:
        self.findings.sort()
        self.errors.sort()


class ConfigError(Exception):
    """Bad configuration or usage: exit status 2."""


def rule_map(rules: list[Rule]) -> Mapping[str, Rule]:
    return {r.code: r for r in rules}
