from __future__ import annotations

import dataclasses
import io
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Bandit loads every plugin when it is first imported. A test that imports a plugin module
# before anything imported Bandit would make Bandit load that plugin half-imported, and
# drop it: load Bandit's plugins before any test runs.
from bandit.core import extension_loader  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)")


@dataclasses.dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_cli(*argv: str, cwd: Path | None = None) -> Run:
    """Run ``outrider`` in process, capturing its streams."""
    from outrider.cli import main

    out = io.StringIO()
    err = io.StringIO()
    old_err, old_cwd = sys.stderr, os.getcwd()
    sys.stderr = err
    try:
        if cwd is not None:
            os.chdir(cwd)
        code = main(list(argv), stdout=out)
    finally:
        sys.stderr = old_err
        os.chdir(old_cwd)
    return Run(code, out.getvalue(), err.getvalue())


def expectations(path: Path) -> set[tuple[int, str]]:
    """(line, code) pairs a fixture declares with ``# expect: CODE[, CODE]``."""
    found: set[tuple[int, str]] = set()
    text = path.read_text(encoding="utf-8")
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = EXPECT.search(line)
        if m:
            for code in m.group("codes").split(","):
                found.add((lineno, code.strip()))
    return found


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """An empty project directory (with a pyproject.toml) as the working directory."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1"\n')
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)
