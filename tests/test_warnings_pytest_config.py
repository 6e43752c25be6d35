"""The audit of pytest's warning configuration: fixtures, pytest's own verdict, examples."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import run_cli
from warnings_helpers import WARNINGS_FIXTURES, expectations

from outrider.checks.warnings import docs
from outrider.checks.warnings.pytest_config import (
    CONFIG_NAMES,
    effective,
    load,
    parse_filter,
    scan_addopts,
)
from outrider.ruledoc import parse

PYTEST_FIXTURES = WARNINGS_FIXTURES / "pytest"
PROJECTS = sorted(p for p in PYTEST_FIXTURES.iterdir() if p.is_dir())
CONFIG_PROJECTS = [p for p in PROJECTS if any((p / n).exists() for n in CONFIG_NAMES)]


def audit(directory: Path) -> dict[str, object]:
    result = run_cli(
        "check", "--isolated", "--check", "warnings", "--format", "json", "-q", str(directory)
    )
    doc: dict[str, object] = json.loads(result.out)
    assert result.code == (1 if doc["findings"] or doc["errors"] else 0)
    return doc


def found_in(doc: dict[str, object]) -> set[tuple[str, int, str]]:
    assert doc["errors"] == [], doc["errors"]
    return {(Path(f["path"]).name, f["line"], f["code"]) for f in doc["findings"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_fixture_project(project: Path) -> None:
    expected = {
        (path.name, line, code)
        for path in sorted(project.iterdir())
        for line, code in expectations(path)
    }
    assert found_in(audit(project)) == expected


PROBE = textwrap.dedent(
    """
    import warnings

    def test_deprecation():
        warnings.warn("probe", DeprecationWarning)

    def test_pending_deprecation():
        warnings.warn("probe", PendingDeprecationWarning)
    """
)


@pytest.mark.parametrize("project", CONFIG_PROJECTS, ids=lambda p: p.name)
def test_verdict_matches_what_pytest_does(project: Path, tmp_path: Path) -> None:
    """For each category: reported as not an error <=> pytest lets the probe test pass."""
    copy = tmp_path / project.name
    shutil.copytree(project, copy)
    (copy / "test_probe.py").write_text(PROBE)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "test_probe.py"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    passed = set(re.findall(r"^PASSED test_probe.py::test_(\w+)$", proc.stdout, re.MULTILINE))
    findings = [
        f
        for f in audit(project)["findings"]  # type: ignore[attr-defined]
        if f["code"] in ("WRN121", "WRN122", "WRN123")
    ]
    for test, category in (
        ("deprecation", "DeprecationWarning"),
        ("pending_deprecation", "PendingDeprecationWarning"),
    ):
        hidden = any(
            f["code"] == "WRN123" or re.search(rf"\b{category}\b", f["message"]) for f in findings
        )
        assert hidden == (test in passed), (category, findings, proc.stdout)


# -- exact messages --------------------------------------------------------------------


def test_messages(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]\n"
        'addopts = "-W ignore::DeprecationWarning"\n'
        'filterwarnings = ["error::DeprecationWarning", "default::PendingDeprecationWarning"]\n'
    )
    (tmp_path / "tox.ini").write_text("[pytest]\nfilterwarnings = error\n")
    result = run_cli("check", "--isolated", "--check", "warnings", str(tmp_path))
    path = tmp_path / "pyproject.toml"
    assert result.lines == [
        f'{path}:2:1: WRN122 -W option in addopts "ignore::DeprecationWarning" hides every '
        "DeprecationWarning from the test suite; narrow it to a message or module "
        "(ignore:<message>:DeprecationWarning:<module>) or remove it",
        f'{path}:3:1: WRN121 filter "default::PendingDeprecationWarning" shows '
        'PendingDeprecationWarning as plain warnings; use "error::PendingDeprecationWarning" '
        "so that they fail the tests (pytest reads only this file: the pytest settings in "
        "tox.ini are ignored)",
    ]


def test_missing_filters_message(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n\n[tool:pytest]\naddopts = -ra\n")
    result = run_cli("check", "--isolated", "--check", "warnings", str(tmp_path))
    assert result.lines == [
        f"{tmp_path / 'setup.cfg'}:4:1: WRN121 pytest does not turn DeprecationWarning and "
        'PendingDeprecationWarning into errors; add "error::DeprecationWarning" and '
        '"error::PendingDeprecationWarning" to filterwarnings'
    ]


def test_a_file_pytest_cannot_read_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n  continuation without a key\n")
    result = run_cli("check", "--isolated", "--check", "warnings", "-q", str(tmp_path))
    assert result.lines == [
        f"{tmp_path / 'pytest.ini'}:2:1: error: pytest cannot read this configuration: "
        "unexpected value continuation"
    ]
    assert result.code == 1


def test_an_unread_broken_file_is_not_reported(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nfilterwarnings =\n    error::DeprecationWarning\n"
        "    error::PendingDeprecationWarning\n"
    )
    (tmp_path / "setup.cfg").write_text("no section header\n")
    assert run_cli("check", "--isolated", "--check", "warnings", str(tmp_path)).code == 0


def test_no_pytest_anywhere_is_silent(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["pytest-cov"]\n'
    )
    assert run_cli("check", "--isolated", "--check", "warnings", str(tmp_path)).code == 0


def test_poetry_and_dependency_groups_count_as_using_pytest(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[dependency-groups]\ndev = ["ruff", "pytest"]\n')
    assert audit(tmp_path)["findings"][0]["line"] == 2  # type: ignore[index]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry.group.dev.dependencies]\npytest = "^8"\n'
    )
    assert audit(tmp_path)["findings"][0]["line"] == 2  # type: ignore[index]


# -- filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "blanket", "action", "category"),
    [
        ("ignore::DeprecationWarning", True, "ignore", "DeprecationWarning"),
        ("ignore", True, "ignore", "Warning"),
        ("i::builtins.DeprecationWarning", True, "ignore", "DeprecationWarning"),
        ("e", True, "error", "Warning"),
        ("all::Warning", True, "always", "Warning"),
        ("ignore:.*:DeprecationWarning", True, "ignore", "DeprecationWarning"),
        ("ignore:old:DeprecationWarning", False, "ignore", "DeprecationWarning"),
        ("ignore::DeprecationWarning:pkg", False, "ignore", "DeprecationWarning"),
        ("ignore::DeprecationWarning::3", False, "ignore", "DeprecationWarning"),
        ("ignore:[:DeprecationWarning", False, "ignore", "DeprecationWarning"),
    ],
)
def test_parse_filter(text: str, blanket: bool, action: str, category: str) -> None:
    f = parse_filter(text, 1)
    assert f is not None
    assert (f.blanket, f.action, f.category) == (blanket, action, category)


@pytest.mark.parametrize("text", ["bogus::Warning", "a:b:c:d:e:f", "ignore::Warning::x"])
def test_filters_pytest_rejects_are_left_to_pytest(text: str) -> None:
    assert parse_filter(text, 1) is None


def test_escaped_command_line_filters_are_literal() -> None:
    f = parse_filter("ignore:.*:DeprecationWarning", 1, escaped=True)
    assert f is not None
    assert not f.blanket


def test_last_filter_wins() -> None:
    filters = [
        f
        for f in (
            parse_filter("ignore::DeprecationWarning", 1),
            parse_filter("error", 2),
            parse_filter("ignore::PendingDeprecationWarning:pkg", 3),
        )
        if f is not None
    ]
    decider = effective(filters, "PendingDeprecationWarning")
    assert decider is not None
    assert decider.line == 2


def test_scan_addopts_forms() -> None:
    args = [
        ("-Wignore::DeprecationWarning", 1),
        ("--pythonwarnings=error", 2),
        ("-W", 3),
        ("once", 3),
        ("-pno:warnings", 4),
        ("-p", 5),
        ("no:cacheprovider", 5),
        ("-W", 6),
    ]
    filters, disabled = scan_addopts(args)
    assert [(f.line, f.action) for f in filters] == [(1, "ignore"), (2, "error"), (3, "once")]
    assert disabled == [4]


def test_toml_lines_and_forms(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        [tool.pytest.ini_options]
        addopts = '''-ra
          -W ignore'''
        filterwarnings = '''
            error
            ignore::DeprecationWarning'''
        """
    )
    config = load(str(tmp_path / "pyproject.toml"), text)
    assert config is not None
    assert config.addopts == [("-ra", 2), ("-W", 2), ("ignore", 2)]
    assert config.filterwarnings == [("error", 5), ("ignore::DeprecationWarning", 6)]


# -- rule pages ------------------------------------------------------------------------

CONFIG_RULE_FILES = {
    "WRN121": "pyproject.toml",
    "WRN122": "pyproject.toml",
    "WRN123": "pyproject.toml",
    "WRN124": "test_example.py",
    "WRN125": "conftest.py",
}


@pytest.mark.parametrize("code", sorted(CONFIG_RULE_FILES))
def test_rule_page_examples(code: str, tmp_path: Path) -> None:
    page = parse(docs.DOCS[code])
    name = CONFIG_RULE_FILES[code]
    bad, good = tmp_path / "bad", tmp_path / "good"
    for directory, text in ((bad, page.bad_example), (good, page.good_example)):
        directory.mkdir()
        (directory / name).write_text(text)
    if code in ("WRN124", "WRN125"):
        (good / "pytest.ini").write_text(
            "[pytest]\nfilterwarnings =\n    error::DeprecationWarning\n"
            "    error::PendingDeprecationWarning\n"
        )
    assert code in {c for _, _, c in found_in(audit(bad))}
    assert found_in(audit(good)) == set()
