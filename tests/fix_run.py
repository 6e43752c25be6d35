"""Running ``outrider fix`` on a snippet, for the fixer tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import Run, run_cli


def fix(
    project: Path,
    source: str,
    code: str,
    *options: str,
    unsafe: bool = True,
) -> tuple[str, Run]:
    """Write ``source`` to ``m.py`` in ``project``, run ``outrider fix`` selecting ``code``,
    and return the file's new text and the run."""
    path = project / "m.py"
    path.write_text(textwrap.dedent(source))
    flags = ["--unsafe-fixes"] if unsafe else []
    run = run_cli("fix", *flags, *options, "--select", code, "m.py")
    return path.read_text(), run


def check_codes(project: Path, code: str) -> list[str]:
    """Codes ``outrider check`` still reports on ``m.py``."""
    run = run_cli("check", "--select", code, "--format", "json", "-q", "m.py")
    import json

    return [f["code"] for f in json.loads(run.out)["findings"]]
