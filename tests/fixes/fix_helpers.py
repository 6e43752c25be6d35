"""Running ``outrider fix`` on one snippet, as the fixer tests do."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def fix(project: Path, code: str, source: str, *, unsafe: bool = True) -> str:
    """The text of ``source`` after ``outrider fix --select code``; checks that a second run
    changes nothing and that what was fixed parses."""
    path = project / "m.py"
    path.write_text(source)
    flags = ["--unsafe-fixes"] if unsafe else []
    run_cli("fix", *flags, "--select", code, "m.py")
    fixed = path.read_text()
    compile(fixed, "m.py", "exec")
    run_cli("fix", *flags, "--select", code, "m.py")
    assert path.read_text() == fixed, "not idempotent"
    return fixed


def still_reported(project: Path, code: str) -> bool:
    return run_cli("check", "--select", code, "m.py").code != 0
