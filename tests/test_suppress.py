"""Inline suppressions, Bandit's nosec through outrider, and baselines."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

from outrider.model import Finding
from outrider.suppress import is_suppressed, suppressions

CODE = """\
import ssl
import numpy as np
a = ssl.create_default_context()
a.check_hostname = False
a.check_hostname = False  # outrider: ignore[OUT501]
a.check_hostname = False  # outrider: ignore[B101, OUT501]
a.check_hostname = False  # outrider: ignore[OUT301]
a.check_hostname = False  # nosec OUT501
a.check_hostname = False  # nosec
a.check_hostname = False  # nosec B101
s = "a.check_hostname = False  # outrider: ignore[OUT501]"
x = np.load(  # outrider: ignore[OUT301]
    "f",
    allow_pickle=True,
)
y = np.load(
    "f",
    allow_pickle=True,  # outrider: ignore[OUT301]
)
a.check_hostname = False  # outrider: ignore[OUT5]
"""


def test_inline_suppressions(project: Path) -> None:
    (project / "m.py").write_text(CODE)
    result = run_cli("check", "--select", "OUT", "m.py")
    assert [line.split(":")[1] + " " + line.split()[1] for line in result.lines] == [
        "4 OUT501",
        "7 OUT501",
        "10 OUT501",
        "14 OUT301",
    ]
    assert "(4 suppressed inline)" in result.err


def test_suppression_comment_in_a_string_does_not_count() -> None:
    table = suppressions("m.py", b'x = "# outrider: ignore[B101]"\n')
    assert table == {}


def test_suppression_in_other_formats() -> None:
    table = suppressions("requirements.txt", b"requests  # outrider: ignore[PIN101,pin102]\n")
    assert table == {1: frozenset({"PIN101", "PIN102"})}
    finding = Finding("requirements.txt", 1, 1, "PIN102", "m")
    assert is_suppressed(finding, table)
    assert not is_suppressed(Finding("requirements.txt", 2, 1, "PIN102", "m"), table)


def test_ignore_nosec_setting(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.outrider.bandit]\nignore-nosec = true\n")
    (project / "m.py").write_text(
        "import ssl\nssl.create_default_context().check_hostname = False  # nosec\n"
    )
    result = run_cli("check", "-q", "m.py")
    assert [line.split()[1] for line in result.lines] == ["OUT501"]


def test_baseline_round_trip(project: Path) -> None:
    (project / "m.py").write_text(
        "import ssl\nc = ssl.create_default_context()\nc.check_hostname = False\nassert c\n"
    )
    written = run_cli("check", "--write-baseline", "baseline.json", "m.py")
    assert written.code == 0
    assert "wrote 2 findings to baseline.json" in written.err
    doc = json.loads((project / "baseline.json").read_text())
    assert doc["version"] == 1
    assert sorted(f["code"] for f in doc["findings"]) == ["B101", "OUT501"]

    clean = run_cli("check", "--baseline", "baseline.json", "m.py")
    assert clean.code == 0
    assert clean.lines == []
    assert "(2 in the baseline)" in clean.err

    # Lines added above move the findings; the baseline still absorbs them.
    (project / "m.py").write_text(
        "import ssl\n\n\n# moved\nc = ssl.create_default_context()\nc.check_hostname = False\n"
        "assert c\n"
    )
    assert run_cli("check", "--baseline", "baseline.json", "-q", "m.py").lines == []

    # A second, new occurrence of the same line is reported.
    (project / "m.py").write_text(
        "import ssl\nc = ssl.create_default_context()\nc.check_hostname = False\nassert c\n"
        "c.check_hostname = False\n"
    )
    new = run_cli("check", "--baseline", "baseline.json", "-q", "m.py")
    assert [line.split()[1] for line in new.lines] == ["OUT501"]
    assert new.code == 1


def test_bad_baseline_is_exit_2(project: Path) -> None:
    (project / "b.json").write_text('{"results": []}')
    result = run_cli("check", "--baseline", "b.json")
    assert result.code == 2
    assert "not an outrider baseline" in result.err
    (project / "c.json").write_text("{")
    assert "baseline is not valid JSON" in run_cli("check", "--baseline", "c.json").err
    assert "cannot read baseline" in run_cli("check", "--baseline", "missing.json").err
