"""``outrider pytest-warnings``, run for real on small temporary projects.

These tests run pytest (this virtualenv's) on projects they write: the one command of
outrider that executes a project's code.
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from conftest import run_cli

from outrider.checks.warnings import pytest_run

LIBRARY = textwrap.dedent(
    """\
    import warnings

    PATTERN = "\\d+"


    def old():
        warnings.warn("old() is deprecated; use new()", DeprecationWarning, stacklevel=2)
        return 1


    def uses_old():
        return old()
    """
)

TESTS = textwrap.dedent(
    """\
    import pytest

    import demo


    def test_fine():
        assert demo.PATTERN


    def test_uses_old():
        assert demo.uses_old() == 1


    def test_broken():
        assert 1 == 2


    @pytest.mark.xfail(reason="known", strict=True)
    def test_known():
        demo.old()
    """
)


def make_project(root: Path, *, library: str = LIBRARY, tests: str = TESTS) -> Path:
    (root / "src" / "demo").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "src" / "demo" / "__init__.py").write_text(library)
    (root / "tests" / "test_demo.py").write_text(tests)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1"\n\n'
        '[tool.pytest.ini_options]\npythonpath = ["src"]\n'
    )
    return root


def hook(root: Path, *args: str) -> tuple[int, list[str], str]:
    result = run_cli("pytest-warnings", "--python", sys.executable, *args, cwd=root)
    return result.code, result.lines, result.err


def test_reports_warnings_and_failures_and_sees_through_old_bytecode(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    # An old .pyc of the library: a plain run never recompiles it, so never sees "\d".
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert compileall.compile_dir(str(root / "src"), quiet=1, force=True)
    plain = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"),
            *("-W", "error::DeprecationWarning", "-W", "error::SyntaxWarning", "-k", "fine"),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"},
    )
    assert plain.returncode == 0, plain.stdout
    code, lines, err = hook(root)
    assert code == 1
    assert lines == [
        "src/demo/__init__.py:3:11: WRN131 tests/test_demo.py fails (in collect) with "
        "warnings as errors: compile-time warning raised as an error: invalid escape "
        "sequence '\\d'",
    ]
    assert "this executes the project's code" in err
    # The .pyc that hid it is untouched: the run compiled into a temporary prefix.
    assert list((root / "src" / "demo" / "__pycache__").glob("*.pyc"))


def test_points_at_the_caller_of_the_deprecated_api(tmp_path: Path) -> None:
    root = make_project(tmp_path, library=LIBRARY.replace('"\\d+"', 'r"\\d+"'))
    code, lines, err = hook(root)
    assert code == 1
    assert lines == [
        "src/demo/__init__.py:12:1: WRN131 tests/test_demo.py::test_uses_old fails with "
        "warnings as errors: DeprecationWarning: old() is deprecated; use new()",
        "tests/test_demo.py:15:1: error: tests/test_demo.py::test_broken fails, not because "
        "of a warning: AssertionError: assert 1 == 2",
    ]
    assert err.splitlines()[-1] == (
        "outrider pytest-warnings: 1 test failure caused by warnings, 1 for other reasons."
    )


def test_clean_suite_passes_and_pytest_args_reach_pytest(tmp_path: Path) -> None:
    root = make_project(tmp_path, library=LIBRARY.replace('"\\d+"', 'r"\\d+"'))
    code, lines, _ = hook(root, "--", "-k", "fine or known")
    assert (code, lines) == (0, [])
    code, lines, _ = hook(root, "--", "-k", "nothing_matches")
    assert (code, lines) == (0, [])


def test_json_output_and_configured_arguments(tmp_path: Path) -> None:
    root = make_project(tmp_path, library=LIBRARY.replace('"\\d+"', 'r"\\d+"'))
    with (root / "pyproject.toml").open("a") as f:
        f.write('\n[tool.outrider.warnings]\npytest-args = ["-k", "uses_old"]\n')
    code, lines, _ = hook(root, "--format", "json", "-q")
    assert code == 1
    doc = json.loads("\n".join(lines))
    assert [(f["code"], f["path"], f["line"]) for f in doc["findings"]] == [
        ("WRN131", "src/demo/__init__.py", 12)
    ]
    assert doc["errors"] == []


def test_deprecation_at_import_is_a_collection_failure(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        library=LIBRARY.replace('"\\d+"', 'r"\\d+"') + "\nuses_old()\n",
        tests="import demo\n\n\ndef test_a():\n    pass\n",
    )
    code, lines, _ = hook(root)
    assert code == 1
    assert lines == [
        "src/demo/__init__.py:12:1: WRN131 tests/test_demo.py fails (in collect) with "
        "warnings as errors: DeprecationWarning: old() is deprecated; use new()"
    ]


def test_warnings_plugin_disabled_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with (root / "pyproject.toml").open("a") as f:
        f.write('addopts = "-p no:warnings"\n')
    code, _, err = hook(root)
    assert code == 2
    assert "pytest's warnings plugin is disabled" in err


def test_an_interpreter_without_pytest_is_a_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    fake = tmp_path / "python-without-pytest"
    fake.write_text("#!/bin/sh\necho 'No module named pytest' >&2\nexit 1\n")
    fake.chmod(0o755)
    result = run_cli("pytest-warnings", "--python", str(fake), cwd=root)
    assert result.code == 2
    assert "pytest did not start (exit status 1); is pytest installed" in result.err
    assert "No module named pytest" in result.err


def test_missing_interpreter_is_a_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    result = run_cli("pytest-warnings", "--python", str(tmp_path / "nope"), cwd=root)
    assert result.code == 2
    assert result.err.strip().endswith(f"{tmp_path / 'nope'}: no such Python executable")


def test_interpreter_choice(tmp_path: Path) -> None:
    assert pytest_run.find_python(str(tmp_path), None, {}) == (
        sys.executable,
        "the interpreter running outrider",
    )
    active = tmp_path / "active"
    (active / "bin").mkdir(parents=True)
    (active / "pyvenv.cfg").write_text("home = /usr\n")
    (active / "bin" / "python").write_text("#!/bin/sh\n")
    (active / "bin" / "python").chmod(0o755)
    env = {"VIRTUAL_ENV": str(active)}
    assert pytest_run.find_python(str(tmp_path), None, env) == (
        str(active / "bin" / "python"),
        "the activated virtualenv",
    )
    # Under pre-commit the activated environment is the hook's own: not the project's.
    assert pytest_run.find_python(str(tmp_path), None, {"VIRTUAL_ENV": sys.prefix})[0] == (
        sys.executable
    )
    project_venv = tmp_path / ".venv"
    active.rename(project_venv)
    assert pytest_run.find_python(str(tmp_path), None, env) == (
        str(project_venv / "bin" / "python"),
        "the project's virtualenv .venv",
    )


def test_interpret_refuses_a_run_that_never_started() -> None:
    with pytest.raises(pytest_run.RunError, match="pytest did not start"):
        pytest_run.interpret([], 1, "boom")
    with pytest.raises(pytest_run.RunError, match="exit status 4"):
        pytest_run.interpret([{"event": "start"}], 4, "usage")


def test_recording_plugin_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin's own logic (the real runs load it into another interpreter)."""
    import importlib

    from outrider.checks.warnings import _pytest_plugin

    report = tmp_path / "report.jsonl"
    monkeypatch.setenv("OUTRIDER_PYTEST_REPORT", str(report))
    monkeypatch.setenv("OUTRIDER_PYTEST_ROOT", str(tmp_path))
    plugin = importlib.reload(_pytest_plugin)
    module = tmp_path / "lib.py"
    module.write_text(
        "import warnings\n\ndef old():\n    warnings.warn('x', DeprecationWarning)\n\n"
        "def caller():\n    return old()\n"
    )
    namespace: dict[str, object] = {}
    exec(compile(module.read_text(), str(module), "exec"), namespace)  # nosec B102 # the test's own module, to get a real traceback
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            namespace["caller"]()  # type: ignore[operator]
        except DeprecationWarning as exc:
            caught: BaseException = exc
    described = plugin._describe(caught)
    assert described["warning"] == "DeprecationWarning"
    assert described["frame"] == ["lib.py", 7, 0]

    class CollectError(Exception):
        pass

    try:
        try:
            compile('x = "\\d"\n', str(module), "exec")
            raise SyntaxError("invalid escape sequence '\\d'", (str(module), 1, 5, "x"))
        except SyntaxError as err:
            raise CollectError("collect") from err
    except CollectError as wrapped:
        root = plugin._root_cause(wrapped)
    assert isinstance(root, SyntaxError)
    assert plugin._describe(root)["frame"] == ["lib.py", 1, 5]
    assert not plugin._in_project("/elsewhere/x.py")
    assert not plugin._in_project(str(tmp_path / "venv" / "site-packages" / "x.py"))
    plugin._write({"event": "finish"})
    assert json.loads(report.read_text()) == {"event": "finish"}
    monkeypatch.delenv("OUTRIDER_PYTEST_REPORT")
    importlib.reload(_pytest_plugin)
