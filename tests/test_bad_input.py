"""Hostile input is normal input: each case is a clear file error (or a correct result),
never a traceback, and the run goes on to report the other files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

# One file with a real finding, so every test can see that the run went on.
CANARY = "import ssl\nssl.create_default_context().check_hostname = False\n"
CANARY_LINE = (
    "canary.py:2:1: OUT501 TLS hostname check turned off: a certificate for any host is accepted."
)


def check_both(project: Path, *paths: str) -> tuple[list[str], dict[str, object]]:
    """Run text and json output; assert no traceback and that the canary was reported."""
    (project / "canary.py").write_text(CANARY)
    text = run_cli("check", "--select", "OUT501", "-q", "canary.py", *paths)
    doc = run_cli("check", "--select", "OUT501", "-q", "--format", "json", "canary.py", *paths)
    for run in (text, doc):
        assert "Traceback" not in run.err
        assert run.code == 1
    assert CANARY_LINE in text.lines
    parsed = json.loads(doc.out)
    assert "canary.py" in [f["path"] for f in parsed["findings"]]
    return [line for line in text.lines if line != CANARY_LINE], parsed


def only_error(project: Path, name: str, shown: str = "") -> tuple[str, dict[str, object]]:
    lines, doc = check_both(project, name)
    assert len(lines) == 1, lines
    errors = doc["errors"]
    assert isinstance(errors, list)
    assert len(errors) == 1
    assert errors[0]["path"] == (shown or name)
    return lines[0], errors[0]


def test_invalid_utf8(project: Path) -> None:
    (project / "latin.py").write_bytes(b"x = 1\nname = '\xe9t\xe9'\n")
    line, err = only_error(project, "latin.py")
    assert line == "latin.py:2:9: error: invalid utf-8: byte 0xe9 cannot be decoded"
    assert err["line"] == 2
    assert err["col"] == 9


def test_declared_encoding_is_honoured(project: Path) -> None:
    (project / "declared.py").write_bytes(
        b"# -*- coding: latin-1 -*-\nimport ssl\nname = '\xe9t\xe9'\n"
        b"ssl.create_default_context().check_hostname = False\n"
    )
    lines, _doc = check_both(project, "declared.py")
    assert lines == [
        "declared.py:4:1: OUT501 TLS hostname check turned off: a certificate for any host "
        "is accepted."
    ]


def test_unknown_declared_encoding(project: Path) -> None:
    (project / "bogus.py").write_bytes(b"# coding: no-such-codec\nx = 1\n")
    line, _ = only_error(project, "bogus.py")
    assert line == "bogus.py:1:1: error: bad encoding declaration: unknown encoding: no-such-codec"


def test_nul_byte(project: Path) -> None:
    (project / "nul.py").write_bytes(b"x = 1\ny = '\x00'\n")
    line, _ = only_error(project, "nul.py")
    assert line == "nul.py:2:6: error: file contains a NUL byte (binary file?): not checked"


def test_twenty_megabyte_file(project: Path) -> None:
    with open(project / "huge.py", "wb") as f:
        f.write(b"x = 1\n" * (20 * 1024 * 1024 // 6 + 1))
    line, _ = only_error(project, "huge.py")
    assert line == (
        "huge.py: error: file is 20.0 MB, over the 10.0 MB limit (raise max-file-size to check it)"
    )


def test_max_file_size_is_configurable(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.outrider]\nmax-file-size = "1KB"\n')
    (project / "big.py").write_text("x = 1\n" * 200)
    line, _ = only_error(project, "big.py")
    assert line == (
        "big.py: error: file is 1.2 KB, over the 1.0 KB limit (raise max-file-size to check it)"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("(" * 10_000 + "1" + ")" * 10_000, "syntax error: too many nested parentheses"),
        ("[" * 10_000 + "]" * 10_000, "syntax error: too many nested parentheses"),
        ("a" + " + a" * 10_000, "too deeply nested to parse"),
        ("x" + ".y" * 10_000, "too deeply nested to parse"),
        ("-" * 10_000 + "1", "too deeply nested to parse"),
        ("not " * 10_000 + "x", "too deeply nested to parse"),
        ("lambda: " * 10_000 + "1", "too deeply nested to parse"),
        ("f" + "()" * 10_000, "too deeply nested to parse"),
    ],
    ids=["parens", "lists", "binop", "attributes", "unary", "not", "lambda", "calls"],
)
def test_ten_thousand_deep_nesting(project: Path, source: str, message: str) -> None:
    (project / "deep.py").write_text(f"value = {source}\n")
    line, _ = only_error(project, "deep.py")
    assert line.startswith("deep.py")
    assert message in line


def test_nesting_deep_enough_for_bandit_but_not_the_parser(project: Path) -> None:
    # ast.parse copes; Bandit's recursive visitor does not. Bandit alone would skip the file
    # and exit 0; outrider reports it.
    (project / "deep.py").write_text("value = a" + " + a" * 1500 + "\n")
    line, err = only_error(project, "deep.py")
    assert line == "deep.py: error: too deeply nested for Bandit to walk; not checked"
    assert err["check"] == "bandit"


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ('print "hello"\n', "1:1"),
        ('exec "x = 1"\n', "1:1"),
        ("try:\n    pass\nexcept Exception, e:\n    pass\n", "3:8"),
        ("x = `1`\n", "1:5"),
        ("x = 0777\n", "1:5"),
    ],
    ids=["print", "exec", "except-comma", "backticks", "octal"],
)
def test_python2_syntax(project: Path, source: str, where: str) -> None:
    (project / "old.py").write_text(source)
    line, _ = only_error(project, "old.py")
    assert line.startswith(f"old.py:{where}: error: syntax error: ")
    assert line.endswith("; not checked")


def test_python2_print_says_so(project: Path) -> None:
    (project / "old.py").write_text('print "hello"\n')
    line, _ = only_error(project, "old.py")
    assert "(Python 2 syntax?)" in line


def test_crlf_file_is_checked_at_the_right_lines(project: Path) -> None:
    (project / "crlf.py").write_bytes(CANARY.replace("\n", "\r\n").encode() * 2)
    lines, _ = check_both(project, "crlf.py")
    assert [line.split(":", 3)[:3] for line in lines] == [
        ["crlf.py", "2", "1"],
        ["crlf.py", "4", "1"],
    ]


def test_bom_file_is_checked_at_the_right_columns(project: Path) -> None:
    (project / "bom.py").write_bytes(
        b"\xef\xbb\xbf"
        + b"import ssl\nc = ssl.create_default_context()\nc.check_hostname = False\n"
    )
    lines, _ = check_both(project, "bom.py")
    assert lines == [
        "bom.py:3:1: OUT501 TLS hostname check turned off: a certificate for any host is accepted."
    ]


def test_broken_symlink(project: Path) -> None:
    os.symlink("nowhere.py", project / "broken.py")
    line, _ = only_error(project, "broken.py")
    assert line == "broken.py: error: broken symbolic link: target 'nowhere.py' does not exist"


def test_broken_symlink_found_by_a_walk(project: Path) -> None:
    (project / "pkg").mkdir()
    os.symlink("nowhere.py", project / "pkg" / "broken.py")
    line, _ = only_error(project, "pkg", "pkg/broken.py")
    assert line == "pkg/broken.py: error: broken symbolic link: target 'nowhere.py' does not exist"


def test_symlink_loop(project: Path) -> None:
    os.symlink("b.py", project / "a.py")
    os.symlink("a.py", project / "b.py")
    lines, _doc = check_both(project, "a.py", "b.py")
    assert lines == [
        "a.py: error: symbolic link loop: the link never reaches a file",
        "b.py: error: symbolic link loop: the link never reaches a file",
    ]


def test_directory_symlink_loop_is_not_followed(project: Path) -> None:
    (project / "pkg").mkdir()
    os.symlink("..", project / "pkg" / "up")
    (project / "pkg" / "m.py").write_text(CANARY)
    lines, _ = check_both(project, "pkg")
    assert lines == [
        "pkg/m.py:2:1: OUT501 TLS hostname check turned off: a certificate for any host is "
        "accepted."
    ]


def test_symlink_to_a_file_is_followed(project: Path) -> None:
    (project / "real.py").write_text(CANARY)
    os.symlink("real.py", project / "link.py")
    lines, _ = check_both(project, "link.py")
    assert lines == [
        "link.py:2:1: OUT501 TLS hostname check turned off: a certificate for any host is accepted."
    ]


def _unreadable_run(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "outrider", *argv]
    if os.geteuid() == 0:
        # Root reads mode-000 files through CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH: run without.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv is not installed")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *cmd]
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, check=False)


def test_unreadable_file(project: Path) -> None:
    (project / "secret.py").write_text(CANARY)
    (project / "canary.py").write_text(CANARY)
    os.chmod(project / "secret.py", 0)
    try:
        proc = _unreadable_run(
            project, "check", "--select", "OUT501", "-q", "canary.py", "secret.py"
        )
    finally:
        os.chmod(project / "secret.py", 0o644)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        CANARY_LINE,
        "secret.py: error: permission denied: the file cannot be read",
    ]


def test_directory_named_like_a_python_file_is_walked(project: Path) -> None:
    (project / "x.py").mkdir()
    (project / "x.py" / "inner.py").write_text(CANARY)
    lines, doc = check_both(project, "x.py")
    assert lines == [
        "x.py/inner.py:2:1: OUT501 TLS hostname check turned off: a certificate for any host "
        "is accepted."
    ]
    assert doc["errors"] == []


def test_empty_file_is_clean(project: Path) -> None:
    (project / "empty.py").write_bytes(b"")
    lines, doc = check_both(project, "empty.py")
    assert lines == []
    assert doc["errors"] == []
    assert doc["summary"]["files"] == 2  # type: ignore[index]


def test_fifo_is_not_read(project: Path) -> None:
    os.mkfifo(project / "pipe.py")
    line, _ = only_error(project, "pipe.py")
    assert line == "pipe.py: error: not a regular file (device, socket or pipe): not read"


def test_many_bad_files_in_one_parallel_run(project: Path) -> None:
    """Errors and findings survive the worker pool (input large enough to go parallel)."""
    (project / "pkg").mkdir()
    filler = "# " + "x" * 70 + "\n"
    for i in range(30):
        (project / "pkg" / f"ok{i:02}.py").write_text(CANARY + filler * 80)
    (project / "pkg" / "bad.py").write_bytes(b"\xff\n")
    (project / "pkg" / "old.py").write_text('print "x"\n')
    result = run_cli("check", "--select", "OUT501", "-q", "-j", "2", "pkg")
    assert "Traceback" not in result.err
    assert sum(1 for line in result.lines if "OUT501" in line) == 30
    errors = [line for line in result.lines if ": error: " in line]
    assert errors == [
        "pkg/bad.py:1:1: error: invalid utf-8: byte 0xff cannot be decoded",
        "pkg/old.py:1:1: error: syntax error: Missing parentheses in call to 'print'. Did you "
        "mean print(...)? (Python 2 syntax?); not checked",
    ]
