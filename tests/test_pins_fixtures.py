"""The pins check over fixtures/pins: exact (line, code) sets, file by file.

A line that must be reported carries ``# expect: CODE[, CODE]`` (``ERROR`` for a file
error); formats without comments (JSON, setup.cfg values) list them in ``<file>.expect``
as ``LINE CODE[,CODE]``. Every other line of every fixture must stay silent, including
the lock and requirements files the tools wrote themselves (fixtures/pins/generated).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from outrider.checks.pins.check import format_of
from outrider.checks.pins.rules import SPECS

PINS = FIXTURES / "pins"
MARK = re.compile(
    r"#\s*expect:\s*(?P<codes>(?:[A-Z]+[0-9]+|ERROR)(?:\s*,\s*(?:[A-Z]+[0-9]+|ERROR))*)"
)
FILES = sorted(
    p for p in PINS.rglob("*") if p.is_file() and p.suffix != ".expect" and p.name != "README.md"
)


def expected(path: Path) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = MARK.search(line)
        if m:
            found.update((number, c.strip()) for c in m.group("codes").split(","))
    sidecar = path.with_name(path.name + ".expect")
    if sidecar.exists():
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                number, codes = line.split(None, 1)
                found.update((int(number), c.strip()) for c in codes.split(","))
    return found


@pytest.fixture(scope="module")
def report() -> dict[str, set[tuple[int, str]]]:
    result = run_cli("check", "--check", "pins", "--format", "json", "-q", str(PINS))
    doc = json.loads(result.out)
    got: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for f in doc["findings"]:
        got[f["path"]].add((f["line"], f["code"]))
    for e in doc["errors"]:
        got[e["path"]].add((e["line"] or 0, "ERROR"))
    return got


def _key(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


@pytest.mark.parametrize("fixture", FILES, ids=lambda p: str(p.relative_to(PINS)))
def test_fixture(fixture: Path, report: dict[str, set[tuple[int, str]]]) -> None:
    got = report.get(_key(fixture), set())
    assert got == expected(fixture)


def test_every_fixture_is_checked_or_included() -> None:
    for path in FILES:
        included = path.suffix == ".list"
        assert included or format_of(str(path)) is not None, path


def test_every_rule_has_a_fixture() -> None:
    codes = {code for path in FILES for _, code in expected(path)}
    assert set(SPECS) <= codes, sorted(set(SPECS) - codes)


def test_every_format_has_a_fixture() -> None:
    formats = {format_of(str(p)) for p in FILES}
    assert formats >= {
        "requirements",
        "pyproject",
        "setup.cfg",
        "Pipfile",
        "Pipfile.lock",
        "poetry.lock",
        "pdm.lock",
        "uv.lock",
        "pylock",
        "pre-commit",
        "workflow",
    }


def test_tool_generated_files_are_silent(report: dict[str, set[tuple[int, str]]]) -> None:
    generated = sorted((PINS / "generated").rglob("*"))
    names = {p.name for p in generated if p.is_file()}
    assert {
        "requirements.txt",
        "uv.lock",
        "poetry.lock",
        "pdm.lock",
        "pylock.toml",
        "Pipfile.lock",
    } <= names
    for path in generated:
        if path.is_file():
            assert report.get(_key(path), set()) == set(), path
