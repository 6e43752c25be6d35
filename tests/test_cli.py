"""The command line contract: exact text lines, exit codes, options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, run_cli

import outrider

BAD = (
    "import numpy as np\n"
    "import ssl\n"
    "\n"
    "x = np.load('a.npy', allow_pickle=True)\n"
    "ctx = ssl.create_default_context()\n"
    "ctx.check_hostname = False\n"
)


def test_text_output_is_exact(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("check", "--select", "OUT", "m.py")
    assert result.code == 1
    assert result.lines == [
        "m.py:4:35: OUT301 numpy.load with allow_pickle=True unpickles object arrays: "
        "loading an untrusted file runs arbitrary code.",
        "m.py:6:1: OUT501 TLS hostname check turned off: a certificate for any host is accepted.",
    ]
    assert result.err == "2 findings in 1 file.\n"


def test_fixable_marker_with_unsafe_fixes(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("check", "--select", "OUT301", "--unsafe-fixes", "-q", "m.py")
    assert result.lines == [
        "m.py:4:35: OUT301 [*] numpy.load with allow_pickle=True unpickles object arrays: "
        "loading an untrusted file runs arbitrary code."
    ]
    assert result.err == ""


def test_clean_file_exits_zero(project: Path) -> None:
    (project / "ok.py").write_text("print('hello')\n")
    result = run_cli("check", "ok.py")
    assert result.code == 0
    assert result.out == ""
    assert result.err == "0 findings in 1 file.\n"


def test_default_path_is_current_directory(project: Path) -> None:
    (project / "pkg").mkdir()
    (project / "pkg" / "m.py").write_text(BAD)
    result = run_cli("check", "--select", "OUT501", "-q")
    assert result.lines == [
        "pkg/m.py:6:1: OUT501 TLS hostname check turned off: a certificate for any host "
        "is accepted."
    ]


def test_exit_zero(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("check", "--exit-zero", "-q", "m.py")
    assert result.code == 0
    assert len(result.lines) >= 2


def test_output_file(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("check", "--select", "OUT", "--output", "report.txt", "-q", "m.py")
    assert result.code == 1
    assert result.out == ""
    assert (project / "report.txt").read_text().count("\n") == 2


def test_ignore_and_prefix_selection(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    only5 = run_cli("check", "--select", "OUT5", "-q", "m.py")
    assert [line.split()[1] for line in only5.lines] == ["OUT501"]
    ignored = run_cli("check", "--select", "OUT", "--ignore", "OUT501", "-q", "m.py")
    assert [line.split()[1] for line in ignored.lines] == ["OUT301"]
    longest_wins = run_cli("check", "--select", "OUT501", "--ignore", "OUT5", "-q", "m.py")
    assert [line.split()[1] for line in longest_wins.lines] == ["OUT501"]


def test_unknown_selector_is_a_usage_error(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("check", "--select", "XYZ9", "m.py")
    assert result.code == 2
    assert "select: 'XYZ9' matches no rule" in result.err


def test_malformed_selector_is_a_usage_error(project: Path) -> None:
    result = run_cli("check", "--select", "out-501", "m.py")
    assert result.code == 2
    assert "'OUT-501' is not a rule code" in result.err


def test_bad_option_value_is_exit_2(project: Path) -> None:
    assert run_cli("check", "--jobs", "0").code == 2
    assert run_cli("check", "--format", "xml").code == 2
    assert run_cli("check", "--min-severity", "extreme").code == 2


def test_unknown_check_is_exit_2(project: Path) -> None:
    result = run_cli("check", "--check", "nope")
    assert result.code == 2
    assert "unknown check nope" in result.err


def test_missing_path_is_a_file_error(project: Path) -> None:
    result = run_cli("check", "missing.py")
    assert result.code == 1
    assert result.lines == ["missing.py: error: no such file or directory"]


def test_severity_and_confidence_floors(project: Path) -> None:
    (project / "m.py").write_text("assert True\nimport subprocess\n")
    everything = run_cli("check", "-q", "m.py")
    assert {line.split()[1] for line in everything.lines} == {"B101", "B404"}
    high = run_cli("check", "-q", "--min-severity", "medium", "m.py")
    assert high.lines == []
    assert high.code == 0


def test_statistics(project: Path) -> None:
    (project / "m.py").write_text(BAD + "y = np.load('b', allow_pickle=True)\n")
    result = run_cli("check", "--select", "OUT", "--statistics", "-q", "m.py")
    assert result.lines == [
        "     2  OUT301       numpy_load_allow_pickle",
        "     1  OUT501       ssl_context_verification_off",
    ]


def test_show_source(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("check", "--select", "OUT501", "--show-source", "-q", "m.py")
    assert result.lines == [
        "m.py:6:1: OUT501 TLS hostname check turned off: a certificate for any host is accepted.",
        "  6 | ctx.check_hostname = False",
        "    | ^",
    ]


def test_github_format(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    (project / "bad.py").write_text("def f(:\n")
    result = run_cli("check", "--select", "OUT501", "--format", "github", "-q", ".")
    assert result.lines == [
        "::error file=m.py,line=6,col=1,title=OUT501::OUT501 TLS hostname check turned off: "
        "a certificate for any host is accepted.",
        "::error file=bad.py,line=1,col=7,title=outrider::could not check: syntax error: "
        "invalid syntax; not checked",
    ]


def test_rules_table_lists_bandit_and_own_rules() -> None:
    result = run_cli("rules")
    assert result.code == 0
    header = result.lines[0].split()
    assert header == ["CODE", "NAME", "SEVERITY", "CWE", "FIX", "CHECK"]
    rows = {line.split()[0]: line.split() for line in result.lines[1:]}
    assert rows["OUT501"] == [
        "OUT501",
        "ssl_context_verification_off",
        "high",
        "CWE-295",
        "-",
        "bandit",
    ]
    assert rows["OUT301"][4] == "unsafe"
    assert "B101" in rows
    assert "B301" in rows  # Bandit's blacklist entries too


def test_rules_json() -> None:
    result = run_cli("rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(result.out)}
    assert rules["OUT601"]["url"].endswith("/docs/rules/OUT601.md")
    assert rules["OUT601"]["cwe"] == 78
    assert rules["B602"]["url"].startswith("https://bandit.readthedocs.io/")


def test_version() -> None:
    assert run_cli("--version").code == 0


def test_version_matches_distribution_metadata() -> None:
    from importlib.metadata import version

    assert outrider.__version__ == version("outrider")


def test_console_script_runs_as_a_module() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "outrider",
            "check",
            "--isolated",
            "--select",
            "OUT601",
            "-q",
            str(FIXTURES / "security" / "OUT601.py"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 9
    assert "Traceback" not in proc.stderr


def test_extend_select_adds_to_everything_when_nothing_is_selected(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("check", "--extend-select", "OUT301", "-q", "m.py")
    assert [line.split()[1] for line in result.lines] == ["OUT301", "OUT501"]
    narrowed = run_cli("check", "--select", "OUT5", "--extend-select", "OUT301", "-q", "m.py")
    assert [line.split()[1] for line in narrowed.lines] == ["OUT301", "OUT501"]
    only = run_cli("check", "--select", "OUT5", "-q", "m.py")
    assert [line.split()[1] for line in only.lines] == ["OUT501"]
