"""Every fixture in fixtures/deprecations, checked by the real CLI: exact (line, code) sets.

A fixture declares its targets in a header comment (``# target-version: 3.12``), and may
select codes (``# select: DEP104``); lines that must be reported end with ``# expect: CODE``.
The same code under different targets lives in sibling fixtures (removed_312.py and
old_targets.py, restored.py and restored_311.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, expectations, run_cli

DEP_FIXTURES = sorted((FIXTURES / "deprecations").glob("*.py"))
HEADER = re.compile(r"^#\s*(?P<key>target-version|select):\s*(?P<value>.+?)\s*$", re.MULTILINE)


def header(path: Path) -> dict[str, str]:
    return {m["key"]: m["value"] for m in HEADER.finditer(path.read_text(encoding="utf-8"))}


def check(path: Path, *extra: str) -> dict[str, object]:
    meta = header(path)
    args = ["check", "--isolated", "--check", "deprecations", "--format", "json"]
    args += ["--target-version", meta["target-version"]]
    if "select" in meta:
        args += ["--select", meta["select"]]
    result = run_cli(*args, *extra, str(path))
    doc: dict[str, object] = json.loads(result.out)
    return doc


def test_there_are_fixtures() -> None:
    assert len(DEP_FIXTURES) >= 8


@pytest.mark.parametrize("fixture", DEP_FIXTURES, ids=lambda p: p.name)
def test_fixture(fixture: Path) -> None:
    assert "target-version" in header(fixture), "every fixture declares its targets"
    doc = check(fixture)
    findings = doc["findings"]
    assert isinstance(findings, list)
    got = {(f["line"], f["code"]) for f in findings}
    assert got == expectations(fixture)
    assert doc["errors"] == []


def test_same_code_differs_by_target() -> None:
    """removed_312.py and old_targets.py share lines; their codes follow the targets."""
    new = {line for line, code in expectations(FIXTURES / "deprecations" / "removed_312.py")}
    assert new
    old = expectations(FIXTURES / "deprecations" / "old_targets.py")
    assert "DEP102" in {c for _, c in old}
    assert "DEP101" in {c for _, c in old}
