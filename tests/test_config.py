"""[tool.outrider]: every key, every error naming its key, targets from requires-python."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from outrider.config import (
    load_settings,
    parse_target_versions,
    versions_from_specifier,
)
from outrider.model import ConfigError, Level

CHECKS = ["bandit"]
FINDING = "import ssl\nssl.create_default_context().check_hostname = False\nassert True\n"


def write(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text(body)


def test_defaults_without_any_pyproject(tmp_path: Path) -> None:
    settings = load_settings(None, check_names=CHECKS, cwd=str(tmp_path))
    assert settings.config_path is None
    assert settings.select == ()
    assert ".venv" in settings.exclude


def test_every_key(project: Path) -> None:
    write(
        project,
        """
[project]
name = "demo"
requires-python = ">=3.10"

[tool.outrider]
select = ["OUT", "B1"]
extend-select = ["B6"]
ignore = ["b101"]
extend-exclude = ["migrations/"]
per-file-ignores = { "tests/*" = ["B101"] }
max-file-size = "2MB"
min-severity = "medium"
min-confidence = "LOW"

[tool.outrider.bandit]
ignore-nosec = true
""",
    )
    s = load_settings(None, check_names=CHECKS, cwd=str(project))
    assert s.select == ("OUT", "B1")
    assert s.extend_select == ("B6",)
    assert s.selects("B601")
    assert s.selects("OUT501")
    assert not s.selects("B101")  # ignored
    assert not s.selects("B404")  # not selected
    assert s.ignore == ("B101",)
    assert s.exclude[-1] == "migrations/"
    assert ".git" in s.exclude
    assert s.per_file_ignores == (("tests/*", ("B101",)),)
    assert s.max_file_size == 2 * 1024 * 1024
    assert s.min_severity is Level.MEDIUM
    assert s.min_confidence is Level.LOW
    assert s.table("bandit") == {"ignore-nosec": True}
    assert s.target_versions == ((3, 10), (3, 11), (3, 12), (3, 13), (3, 14), (3, 15))


def test_exclude_replaces_the_defaults(project: Path) -> None:
    write(project, '[tool.outrider]\nexclude = ["gen"]\n')
    s = load_settings(None, check_names=CHECKS, cwd=str(project))
    assert s.exclude == ("gen",)


def test_config_is_found_from_a_subdirectory(project: Path) -> None:
    write(project, '[tool.outrider]\nignore = ["B101"]\n')
    sub = project / "a" / "b"
    sub.mkdir(parents=True)
    s = load_settings(None, check_names=CHECKS, cwd=str(sub))
    assert s.ignore == ("B101",)
    assert s.root == str(project)


def test_a_nearer_pyproject_without_outrider_does_not_hide_the_configured_one(
    project: Path,
) -> None:
    write(project, '[tool.outrider]\nignore = ["B101"]\n')
    (project / "sub").mkdir()
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "sub"\n')
    s = load_settings(None, check_names=CHECKS, cwd=str(project / "sub"))
    assert s.ignore == ("B101",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[tool.outrider]\nselct = ["OUT"]\n', "tool.outrider.selct: unknown key"),
        ('[tool.outrider]\nselect = "OUT-1"\n', "tool.outrider.select: 'OUT-1' is not a rule code"),
        ("[tool.outrider]\nselect = 3\n", "tool.outrider.select: expected a list of strings"),
        (
            '[tool.outrider]\nmin-severity = "huge"\n',
            "tool.outrider.min-severity: 'huge' is not one of",
        ),
        (
            '[tool.outrider]\nmax-file-size = "lots"\n',
            "tool.outrider.max-file-size: expected a size",
        ),
        ("[tool.outrider]\nmax-file-size = 0\n", "tool.outrider.max-file-size: must be positive"),
        (
            '[tool.outrider]\ntarget-version = "2.7"\n',
            "tool.outrider.target-version: '2.7' is neither",
        ),
        (
            '[tool.outrider]\ntarget-version = "3.99"\n',
            "tool.outrider.target-version: unknown Python version",
        ),
        (
            '[tool.outrider]\nper-file-ignores = ["x"]\n',
            "tool.outrider.per-file-ignores: expected a table",
        ),
        ('[tool.outrider]\nbandit = "on"\n', "tool.outrider.bandit: expected a table"),
        (
            "[tool.outrider.bandit]\nignore-nosec = 1\n",
            "tool.outrider.bandit.ignore-nosec: expected true or false",
        ),
        ("[tool.outrider.bandit]\nnosec = true\n", "tool.outrider.bandit.nosec: unknown key"),
        ("[tool.outrider\n", "invalid TOML"),
        ('[project]\nrequires-python = ">=4"\n[tool.outrider]\n', "admits no Python version"),
    ],
)
def test_bad_configuration_exits_2_naming_the_key(project: Path, body: str, message: str) -> None:
    write(project, body)
    (project / "m.py").write_text("x = 1\n")
    result = run_cli("check", "m.py")
    assert result.code == 2
    assert message in result.err
    assert result.err.startswith("outrider: error: ")
    assert "Traceback" not in result.err


def test_explicit_config_file_with_top_level_keys(project: Path) -> None:
    (project / "outrider.toml").write_text('ignore = ["B101"]\n')
    (project / "m.py").write_text(FINDING)
    result = run_cli("check", "--config", "outrider.toml", "-q", "m.py")
    assert [line.split()[1] for line in result.lines] == ["OUT501"]


def test_missing_config_file_is_exit_2(project: Path) -> None:
    result = run_cli("check", "--config", "nope.toml")
    assert result.code == 2
    assert "nope.toml: configuration file not found" in result.err


def test_isolated_ignores_configuration(project: Path) -> None:
    write(project, '[tool.outrider]\nignore = ["B101", "OUT"]\n')
    (project / "m.py").write_text(FINDING)
    assert run_cli("check", "-q", "m.py").lines == []
    assert len(run_cli("check", "--isolated", "-q", "m.py").lines) == 2


def test_per_file_ignores(project: Path) -> None:
    write(project, '[tool.outrider.per-file-ignores]\n"tests/*" = ["B101"]\n')
    (project / "tests").mkdir()
    (project / "tests" / "t.py").write_text(FINDING)
    (project / "m.py").write_text(FINDING)
    codes = [line.split(":")[0] + " " + line.split()[1] for line in run_cli("check", "-q").lines]
    assert codes == ["m.py OUT501", "m.py B101", "tests/t.py OUT501"]


def test_excludes_apply_to_explicit_paths(project: Path) -> None:
    write(project, '[tool.outrider]\nextend-exclude = ["generated/", "*_pb2.py"]\n')
    (project / "generated").mkdir()
    (project / "generated" / "g.py").write_text(FINDING)
    (project / "api_pb2.py").write_text(FINDING)
    (project / "m.py").write_text(FINDING)
    result = run_cli("check", "-q", "generated/g.py", "api_pb2.py", "m.py")
    assert {line.split(":")[0] for line in result.lines} == {"m.py"}
    walked = run_cli("check", "-q", ".")
    assert {line.split(":")[0] for line in walked.lines} == {"m.py"}


def test_default_excludes(project: Path) -> None:
    for d in (".venv", "node_modules", "__pycache__", "build/lib/site-packages"):
        (project / d).mkdir(parents=True)
        (project / d / "m.py").write_text(FINDING)
    result = run_cli("check", "-q", ".")
    assert result.lines == []
    assert result.code == 0


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (">=3.10", [(3, 10), (3, 11), (3, 12), (3, 13), (3, 14), (3, 15)]),
        (">=3.9,<3.12", [(3, 9), (3, 10), (3, 11)]),
        ("~=3.11.2", [(3, 11)]),
        ("==3.12.*", [(3, 12)]),
        (">3.8", [(3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13), (3, 14), (3, 15)]),
        ("!=3.9.*,>=3.8", [(3, 8), (3, 10), (3, 11), (3, 12), (3, 13), (3, 14), (3, 15)]),
    ],
)
def test_target_versions_from_requires_python(spec: str, expected: list[tuple[int, int]]) -> None:
    assert list(versions_from_specifier("requires-python", spec)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3.12", [(3, 12), (3, 13), (3, 14), (3, 15)]),
        ("py313", [(3, 13), (3, 14), (3, 15)]),
        (["3.9", "py311"], [(3, 9), (3, 11)]),
        ("<3.10", [(3, 8), (3, 9)]),
    ],
)
def test_target_version_forms(value: object, expected: list[tuple[int, int]]) -> None:
    assert list(parse_target_versions("target-version", value)) == expected


def test_target_version_errors() -> None:
    with pytest.raises(ConfigError, match="target-version: expected a version"):
        parse_target_versions("target-version", 3.1)


def test_tool_bandit_is_honoured_without_c(project: Path) -> None:
    write(project, '[tool.bandit]\nskips = ["B101"]\nexclude_dirs = ["vendored"]\n')
    (project / "vendored").mkdir()
    (project / "vendored" / "v.py").write_text(FINDING)
    (project / "m.py").write_text(FINDING)
    result = run_cli("check", "-q", ".")
    assert [line.split(":")[0] + " " + line.split()[1] for line in result.lines] == ["m.py OUT501"]


def test_tool_bandit_plugin_settings(project: Path) -> None:
    write(project, '[tool.bandit.assert_used]\nskips = ["*/test_*.py"]\n')
    (project / "tests").mkdir()
    (project / "tests" / "test_a.py").write_text("assert True\n")
    (project / "m.py").write_text("assert True\n")
    result = run_cli("check", "-q", ".")
    assert [line.split(":")[0] for line in result.lines] == ["m.py"]


def test_virtualenvs_are_skipped_by_pyvenv_cfg_not_by_name(project: Path) -> None:
    (project / "env" / "lib").mkdir(parents=True)
    (project / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (project / "env" / "lib" / "m.py").write_text(FINDING)
    (project / "venv").mkdir()  # a package called venv, like the standard library's
    (project / "venv" / "__init__.py").write_text(FINDING)
    result = run_cli("check", "-q", "--select", "OUT501", ".")
    assert [line.split(":")[0] for line in result.lines] == ["venv/__init__.py"]


def test_extend_exclude_on_the_command_line(project: Path) -> None:
    (project / "gen").mkdir()
    (project / "gen" / "m.py").write_text(FINDING)
    (project / "m.py").write_text(FINDING)
    result = run_cli("check", "-q", "--select", "OUT501", "--extend-exclude", "gen,other", ".")
    assert [line.split(":")[0] for line in result.lines] == ["m.py"]


def test_configuration_is_found_from_the_named_paths(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[tool.outrider]\nignore = ["B101"]\n')
    (other / "pkg").mkdir()
    (other / "pkg" / "m.py").write_text(FINDING)
    # Run from an unrelated directory: the other project's settings apply.
    result = run_cli("check", "-q", str(other / "pkg"))
    assert [line.split()[1] for line in result.lines] == ["OUT501"]
