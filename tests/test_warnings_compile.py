"""The warnings check's compile-time part, run with the real interpreters present."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from warnings_helpers import WARNINGS_FIXTURES, available, expectations, version_text

from outrider.checks.warnings import WarningsCheck, interpreters, kinds, locate
from outrider.config import KNOWN_VERSIONS, Settings
from outrider.files import SourceFile
from outrider.model import ConfigError

COMPILE_FIXTURES = sorted(WARNINGS_FIXTURES.glob("*.py"))
RUNNING = (sys.version_info[0], sys.version_info[1])


def check_json(*paths: str, target: str, extra: tuple[str, ...] = ()) -> dict[str, object]:
    result = run_cli(
        "check",
        "--isolated",
        "--check",
        "warnings",
        "--target-version",
        target,
        "--format",
        "json",
        "-q",
        *extra,
        *paths,
    )
    doc: dict[str, object] = json.loads(result.out)
    assert result.code == (1 if doc["findings"] or doc["errors"] else 0)
    return doc


def found(doc: dict[str, object]) -> set[tuple[int, str]]:
    assert doc["errors"] == [], doc["errors"]
    return {(f["line"], f["code"]) for f in doc["findings"]}  # type: ignore[attr-defined]


def needs(version: tuple[int, int]) -> None:
    if version not in available():
        pytest.skip(f"no Python {version_text(version)} interpreter on this machine")


@pytest.mark.parametrize("version", KNOWN_VERSIONS, ids=version_text)
@pytest.mark.parametrize("fixture", COMPILE_FIXTURES, ids=lambda p: p.name)
def test_fixture_on_one_version(fixture: Path, version: tuple[int, int]) -> None:
    needs(version)
    doc = check_json(str(fixture), target=f"=={version_text(version)}.*")
    assert found(doc) == expectations(fixture, [version])


@pytest.mark.parametrize("fixture", COMPILE_FIXTURES, ids=lambda p: p.name)
def test_fixture_on_every_version_present(fixture: Path) -> None:
    versions = list(available())
    doc = check_json(str(fixture), target=versions_spec(versions))
    assert found(doc) == expectations(fixture, versions)


def versions_spec(versions: list[tuple[int, int]]) -> str:
    """Every version from the oldest to the newest given (those without an interpreter are
    skipped by the check)."""
    newest = max(versions)
    return f">={version_text(min(versions))},<{newest[0]}.{newest[1] + 1}"


def test_every_compile_rule_has_a_fixture() -> None:
    codes = {p.stem for p in COMPILE_FIXTURES if p.stem.startswith("WRN")}
    assert codes == {k.code for k in kinds.KINDS} | {kinds.SYNTAX_ERROR_CODE}


# -- exact output ----------------------------------------------------------------------


def test_exact_lines_across_versions(tmp_path: Path) -> None:
    for v in ((3, 11), (3, 12)):
        needs(v)
    (tmp_path / "m.py").write_text(
        'import re\nA = re.compile("\\d")\nif A is 1:\n    B = 1if A else 2\nC = "\\400"\n'
    )
    result = run_cli(
        "check",
        "--isolated",
        "--check",
        "warnings",
        "--target-version",
        ">=3.11,<3.13",
        str(tmp_path / "m.py"),
    )
    path = str(tmp_path / "m.py")
    assert result.lines == [
        f"{path}:2:17: WRN101 invalid escape sequence '\\d' (DeprecationWarning on 3.11, "
        "SyntaxWarning on 3.12); double the backslash ('\\\\d') or use a raw string",
        f'{path}:3:4: WRN103 "is" compares identity with the literal 1 (SyntaxWarning on '
        "3.11-3.12); whether two equal literals are the same object is an implementation "
        'detail: use "=="',
        f"{path}:4:9: WRN104 numeric literal 1 directly followed by keyword 'if' "
        "(SyntaxWarning on 3.11-3.12); put a space between them",
        f"{path}:5:6: WRN102 invalid octal escape sequence '\\400' (DeprecationWarning on "
        "3.11, SyntaxWarning on 3.12); octal escapes end at '\\377': in a str write "
        "'\\u0100' for this character",
    ]
    assert result.code == 1


def test_end_positions_and_json_fields(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text('X = "a\\qb"\n')
    doc = check_json(str(tmp_path / "m.py"), target=f"=={version_text(RUNNING)}.*")
    [finding] = doc["findings"]  # type: ignore[misc]
    assert (finding["line"], finding["col"], finding["end_line"], finding["end_col"]) == (
        1,
        7,
        1,
        9,
    )
    assert finding["check"] == "warnings"
    assert finding["severity"] == "MEDIUM"
    assert finding["cwe"] == 1127
    assert finding["url"].endswith("/docs/rules/WRN101.md")


def test_syntax_of_a_newer_python_is_reported_per_target(tmp_path: Path) -> None:
    needs((3, 8))
    (tmp_path / "m.py").write_text("def f(x):\n    match x:\n        case 1:\n            pass\n")
    doc = check_json(str(tmp_path / "m.py"), target=">=3.8")
    [finding] = doc["findings"]  # type: ignore[misc]
    assert finding["code"] == "WRN109"
    assert (finding["line"], finding["col"]) == (2, 11)
    failing = [v for v in available() if v < (3, 10)]
    assert finding["message"] == (
        f"does not compile on Python {kinds.version_ranges(failing)}, a target version: "
        "invalid syntax"
    )


def test_syntax_error_on_the_running_interpreter_is_one_file_error(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def f(:\n    pass\n")
    result = run_cli("check", "--isolated", "--format", "json", "-q", str(tmp_path / "m.py"))
    doc = json.loads(result.out)
    assert doc["findings"] == []
    assert [(e["line"], e["message"]) for e in doc["errors"]] == [
        (1, "syntax error: invalid syntax; not checked")
    ]
    assert result.code == 1


def test_compiler_only_errors_are_reported_even_on_the_running_version(tmp_path: Path) -> None:
    # ast.parse accepts it; the compiler (symbol table) rejects it on every version.
    (tmp_path / "m.py").write_text("x = 1\nreturn x\n")
    doc = check_json(str(tmp_path / "m.py"), target=f"=={version_text(RUNNING)}.*")
    assert [(f["code"], f["line"], f["message"]) for f in doc["findings"]] == [  # type: ignore[attr-defined]
        (
            "WRN109",
            2,
            f"does not compile on Python {version_text(RUNNING)}, a target version: "
            "'return' outside function",
        )
    ]


def test_undecodable_file_is_an_error_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_bytes(b'x = "\xff"\n')
    result = run_cli("check", "--isolated", "--check", "warnings", "-q", str(tmp_path / "m.py"))
    assert result.lines == [
        f"{tmp_path / 'm.py'}:1:6: error: invalid utf-8: byte 0xff cannot be decoded"
    ]
    assert result.code == 1


def test_suppression_by_code(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        'A = "\\d"  # outrider: ignore[WRN101]\nB = "\\d"  # outrider: ignore[WRN103]\n'
    )
    doc = check_json(str(tmp_path / "m.py"), target=f"=={version_text(RUNNING)}.*")
    assert found(doc) == {(2, "WRN101")}


def test_unknown_warning_kinds_are_reported_with_the_interpreters_message(
    tmp_path: Path,
) -> None:
    from outrider.checks.warnings.interpreters import Reply
    from outrider.checks.warnings.report import report

    path = tmp_path / "m.py"
    path.write_text("x = 1\ny = 2\n")
    source = SourceFile("m.py", path.read_bytes())
    replies = {
        (3, 14): Reply([("SyntaxWarning", "a brand new warning", 2)], None),
        (3, 15): Reply([("SyntaxWarning", "a brand new warning, reworded", 2)], None),
    }
    result = report(source, "x = 1\ny = 2\n", replies)
    assert [(f.code, f.line, f.col, f.message) for f in result.findings] == [
        ("WRN108", 2, 1, "a brand new warning, reworded (SyntaxWarning on 3.14-3.15)")
    ]


# -- the in-process path ---------------------------------------------------------------


def test_running_interpreter_compiles_in_process(tmp_path: Path) -> None:
    check = WarningsCheck(Settings(target_versions=(RUNNING,)))
    check.prepare()
    assert [(i.version, i.executable, i.origin) for i in check.interpreters()] == [
        (RUNNING, None, "running")
    ]
    assert check._servers == []
    source = SourceFile("m.py", b'x = "\\d"\n')
    assert [f.code for f in check.check_file(source).findings] == ["WRN101"]


def test_no_interpreter_for_any_target_reports_nothing(tmp_path: Path) -> None:
    settings = Settings(target_versions=((3, 15),))
    check = WarningsCheck(settings.replace(check_tables=(("warnings", {"search": False}),)))
    result = check.check_file(SourceFile("m.py", b'x = "\\d"\n'))
    assert result.findings == []
    assert result.errors == []


# -- discovery and configuration -------------------------------------------------------


def test_pyenv_shims_are_skipped_and_versions_found_in_pyenv(tmp_path: Path) -> None:
    root = tmp_path / "pyenv"
    (root / "shims").mkdir(parents=True)
    shim = root / "shims" / "python3.9"
    shim.write_text("#!/bin/sh\nexit 127\n")
    shim.chmod(0o755)
    for version in ("3.9.1", "3.9.18", "3.9.18t", "3.10.2"):
        exe = root / "versions" / version / "bin" / f"python{version[:4].rstrip('.')}"
        exe.parent.mkdir(parents=True)
        exe.write_text("#!/bin/sh\n")
        exe.chmod(0o755)
    env = {"PATH": str(root / "shims"), "PYENV_ROOT": str(root)}
    assert interpreters.from_path((3, 9), env) is None
    assert interpreters.from_pyenv((3, 9), env) == str(
        root / "versions" / "3.9.18" / "bin" / "python3.9"
    )
    found, missing = interpreters.discover([(3, 9), (3, 8)], {}, environ=env)
    assert [(i.version, i.origin) for i in found if not i.in_process] == [((3, 9), "pyenv")]
    assert (3, 8) in missing or RUNNING == (3, 8)


def test_python_on_path_is_used(tmp_path: Path) -> None:
    exe = tmp_path / "python3.9"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    env = {"PATH": str(tmp_path), "PYENV_ROOT": str(tmp_path / "none")}
    found, _ = interpreters.discover([(3, 9)], {}, environ=env)
    assert [(i.executable, i.origin) for i in found] == [(str(exe), "PATH")]


def test_configured_interpreter_of_the_wrong_version_is_a_config_error(tmp_path: Path) -> None:
    if RUNNING == (3, 8):
        pytest.skip("needs a running interpreter other than 3.8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.outrider.warnings]\ninterpreters = {{"3.8" = "{sys.executable}"}}\n'
        '[project]\nname = "p"\nrequires-python = ">=3.8"\n'
    )
    (tmp_path / "m.py").write_text("x = 1\n")
    result = run_cli("check", "--check", "warnings", str(tmp_path / "m.py"), cwd=tmp_path)
    assert result.code == 2
    assert result.err.strip() == (
        f"outrider: error: tool.outrider.warnings: {sys.executable} is Python "
        f"{version_text(RUNNING)}, not 3.8"
    )


def test_configured_interpreter_that_cannot_run_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.outrider.warnings]\ninterpreters = {"3.15" = "bin/python-missing"}\n'
    )
    (tmp_path / "m.py").write_text("x = 1\n")
    result = run_cli("check", "--check", "warnings", "m.py", cwd=tmp_path)
    assert result.code == 2
    missing = tmp_path / "bin" / "python-missing"
    assert result.err.strip() == (
        f"outrider: error: tool.outrider.warnings: cannot run {missing}: No such file or directory"
    )


def test_require_interpreters_names_the_missing_versions(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.outrider]\ntarget-version = ["3.15"]\n'
        "[tool.outrider.warnings]\nrequire-interpreters = true\nsearch = false\n"
    )
    (tmp_path / "m.py").write_text("x = 1\n")
    result = run_cli("check", "--check", "warnings", "m.py", cwd=tmp_path)
    assert result.code == 2
    assert result.err.strip() == (
        "outrider: error: tool.outrider.warnings: no interpreter for Python 3.15 (install it, "
        "put python3.X on PATH, or set tool.outrider.warnings.interpreters)"
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("interpreters = 3", "tool.outrider.warnings.interpreters: expected a table of version"),
        (
            'interpreters = {"2.7" = "/usr/bin/python2"}',
            "tool.outrider.warnings.interpreters: unknown Python version '2.7'",
        ),
        (
            'interpreters = {"3.9" = ""}',
            "tool.outrider.warnings.interpreters.3.9: expected the path of a Python executable",
        ),
        ('search = "yes"', "tool.outrider.warnings.search: expected true or false, got 'yes'"),
        ("pytest-args = '-x'", "tool.outrider.warnings.pytest-args: expected a list of strings"),
        ("pytest-python = 1", "tool.outrider.warnings.pytest-python: expected the path"),
        ("colour = 1", "tool.outrider.warnings.colour: unknown key"),
    ],
)
def test_bad_configuration_is_named(table: str, message: str) -> None:
    import tomllib

    parsed = tomllib.loads(table)
    with pytest.raises(ConfigError) as info:
        WarningsCheck(Settings(check_tables=(("warnings", parsed),)))
    assert message in str(info.value)


# -- servers ---------------------------------------------------------------------------


def test_a_server_that_dies_is_reported_and_replaced(tmp_path: Path) -> None:
    other = next((v for v, exe in available().items() if exe is not None), None)
    if other is None:
        pytest.skip("needs an interpreter other than the running one")
    check = WarningsCheck(Settings(target_versions=(other,)))
    check.prepare()
    [server] = check._servers
    server.proc.kill()
    server.proc.wait()
    result = check.check_file(SourceFile("m.py", b'x = "\\d"\n'))
    assert result.findings == []
    [error] = result.errors
    assert error.message.startswith(f"not compiled on Python {version_text(other)}: ")
    assert error.message.endswith("stopped (signal 9)")
    again = check.check_file(SourceFile("m.py", b'x = "\\d"\n'))
    assert [f.code for f in again.findings] == ["WRN101"]
    for s in check._servers:
        s.close()


def test_forked_worker_starts_its_own_servers() -> None:
    other = next((v for v, exe in available().items() if exe is not None), None)
    if other is None:
        pytest.skip("needs an interpreter other than the running one")
    check = WarningsCheck(Settings(target_versions=(other,)))
    check.prepare()
    parent_servers = list(check._servers)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        codes = [f.code for f in check.check_file(SourceFile("m.py", b'x = "\\d"\n')).findings]
        fresh = all(s not in parent_servers for s in check._servers)
        os.write(write, json.dumps([codes, fresh]).encode())
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    data = os.read(read, 1000)
    os.close(read)
    assert status == 0
    assert json.loads(data) == [["WRN101"], True]
    for s in parent_servers:
        s.close()


def test_many_files_go_through_one_server_per_interpreter(tmp_path: Path) -> None:
    if len([v for v, exe in available().items() if exe is not None]) < 1:
        pytest.skip("needs an interpreter other than the running one")
    for i in range(40):
        (tmp_path / f"m{i}.py").write_text(f'X{i} = "\\d"\n' + "y = 1\n" * 2000)
    versions = list(available())
    doc = check_json(str(tmp_path), target=versions_spec(versions), extra=("--jobs", "2"))
    assert len(doc["findings"]) == 40  # type: ignore[arg-type]


# -- locating --------------------------------------------------------------------------


def test_locator_falls_back_to_the_reported_line() -> None:
    src = locate.Source("x = 1\n    y = 2\n", None)
    assert locate.locate(src, locate.locate_assert, 2, "assertion is always true") == [
        locate.Position(2, 5)
    ]


def test_escape_scan_knows_prefixes_and_nesting() -> None:
    text = 'a = rb"\\d" + b"\\u00e9" + "\\u00e9" + f"{x!r}\\q"\n'
    src = locate.Source(text, None)
    assert [(e.text, src.position(e.offset)) for e in src.escapes] == [
        ("\\u", (1, 16)),
        ("\\q", (1, 44)),
    ]


def test_version_ranges() -> None:
    assert kinds.version_ranges([(3, 8), (3, 9), (3, 10), (3, 12)]) == "3.8-3.10, 3.12"
    assert kinds.describe_categories(
        {(3, 11): "DeprecationWarning", (3, 12): "SyntaxWarning", (3, 13): "SyntaxWarning"}
    ) == ("DeprecationWarning on 3.11, SyntaxWarning on 3.12-3.13")


def test_a_run_without_python_files_starts_no_interpreter(tmp_path: Path) -> None:
    from outrider.engine import Engine

    (tmp_path / "README.md").write_text("nothing to compile\n")
    settings = Settings(root=str(tmp_path))
    check = WarningsCheck(settings)
    report = Engine(settings, [check]).run([str(tmp_path)])
    assert report.files == 0
    assert check._interpreters is None


def test_compile_server_protocol_in_process() -> None:
    """The server's loop, driven through in-memory streams (the real runs are subprocesses)."""
    import io
    import struct

    from outrider.checks.warnings import _server

    requests = b""
    for name, data in (("a.py", b'x = "\\d"\n'), ("b.py", b"def f(:\n"), ("c.py", b"x\0")):
        requests += struct.pack(">II", len(name), len(data)) + name.encode() + data
    requests += b"\x00\x00"  # a truncated header ends the loop like end of input

    class Stream(io.BytesIO):
        @property
        def buffer(self) -> io.BytesIO:
            return self

    stdin, stdout = Stream(requests), Stream()
    old = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = stdin, stdout  # type: ignore[assignment]
    try:
        _server.main()
    finally:
        sys.stdin, sys.stdout = old
    out = stdout.getvalue()
    replies = []
    while out:
        (size,) = struct.unpack(">I", out[:4])
        replies.append(json.loads(out[4 : 4 + size]))
        out = out[4 + size :]
    hello, a, b, c = replies
    assert hello["version"][:2] == list(RUNNING)
    assert a == {
        "warnings": [[a["warnings"][0][0], "invalid escape sequence '\\d'", 1]],
        "error": None,
    }
    assert b["error"][:2] == ["invalid syntax", 1]
    assert "null bytes" in c["error"][0]
    assert _server.read_exact(io.BytesIO(b"ab"), 3) is None


def test_a_pre_commit_sized_run_imports_no_libcst(tmp_path: Path) -> None:
    import subprocess

    for i in range(5):
        (tmp_path / f"m{i}.py").write_text(f'X = "\\d{i}"\n')
    (tmp_path / "pyproject.toml").write_text("[tool.pytest.ini_options]\n")
    code = (
        "import sys\nfrom outrider.cli import main\n"
        f"status = main(['check', '--isolated', {str(tmp_path)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('libcst', 'outrider')))\n"
        "sys.exit(0 if status == 1 else 3)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    modules = proc.stdout.strip().splitlines()[-1]
    assert "libcst" not in modules
    assert "outrider.checks.warnings.report" in modules
