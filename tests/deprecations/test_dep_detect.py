"""The resolver, guards, targets, package versions and check plumbing, on small inputs."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from outrider.checks.deprecations import DeprecationsCheck
from outrider.checks.deprecations import versions as V
from outrider.checks.deprecations.data import Api
from outrider.checks.deprecations.detect import Detector, words_in
from outrider.checks.deprecations.index import build, stdlib_verdict, thirdparty_verdict
from outrider.checks.deprecations.packages import PackageVersions, from_lock_files
from outrider.config import KNOWN_VERSIONS, Settings
from outrider.model import ConfigError

SRC = "https://docs.python.org/3/"
ALL = frozenset(KNOWN_VERSIONS)


def row(name: str, kind: str = "function", status: str = "deprecated", **kw: object) -> Api:
    kw.setdefault("deprecated", "3.10")
    return Api(name=name, kind=kind, status=status, source=SRC, **kw)  # type: ignore[arg-type]


def hits(
    source: str, rows: list[Api], targets: frozenset[tuple[int, int]] = ALL
) -> list[tuple[int, str]]:
    index = build(rows)
    tree = ast.parse(textwrap.dedent(source))
    found = Detector(index, targets, words_in(source, index)).run(tree)
    return sorted((h.line, h.api.name) for h in found if h.targets)


# -- version guards ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "body", "orelse"),
    [
        ("sys.version_info >= (3, 12)", {12, 13, 14, 15}, {8, 9, 10, 11}),
        ("sys.version_info < (3, 10)", {8, 9}, {10, 11, 12, 13, 14, 15}),
        ("sys.version_info[:2] == (3, 9)", {9}, {8, 10, 11, 12, 13, 14, 15}),
        ("sys.version_info == (3, 9)", set(), set(range(8, 16))),
        ("sys.version_info >= (3, 12, 1)", {12, 13, 14, 15}, {8, 9, 10, 11, 12}),
        ("sys.version_info[0] == 2", set(), set(range(8, 16))),
        ("sys.version_info.minor >= 11", {11, 12, 13, 14, 15}, {8, 9, 10}),
        ("(3, 9) <= sys.version_info < (3, 11)", {9, 10}, {8, 11, 12, 13, 14, 15}),
        ("sys.hexversion >= 0x030B0000", {11, 12, 13, 14, 15}, {8, 9, 10}),
        ("not sys.version_info >= (3, 12)", {8, 9, 10, 11}, {12, 13, 14, 15}),
        ("sys.version_info >= (3, 10) and flag", {10, 11, 12, 13, 14, 15}, set(range(8, 16))),
        ("sys.version_info < (3, 9) or flag", set(range(8, 16)), {9, 10, 11, 12, 13, 14, 15}),
        ("vi >= (3, 13)", {13, 14, 15}, {8, 9, 10, 11, 12}),
    ],
)
def test_guards_narrow_each_branch(test: str, body: set[int], orelse: set[int]) -> None:
    source = f"""
    import sys
    from sys import version_info as vi
    import mod
    if {test}:
        mod.inside()
    else:
        mod.outside()
    """
    index = build([row("mod.inside"), row("mod.outside")])
    tree = ast.parse(textwrap.dedent(source))
    found = {h.api.name: h.targets for h in Detector(index, ALL, index.words).run(tree)}
    assert found.get("mod.inside", frozenset()) == {(3, m) for m in body}
    assert found.get("mod.outside", frozenset()) == {(3, m) for m in orelse}


def test_early_exit_and_assert_narrow_the_rest() -> None:
    source = """
    import sys, mod
    def f():
        if sys.version_info >= (3, 12):
            return
        mod.a()
    assert sys.version_info >= (3, 14)
    mod.b()
    """
    index = build([row("mod.a"), row("mod.b")])
    found = {
        h.api.name: h.targets
        for h in Detector(index, ALL, index.words).run(ast.parse(textwrap.dedent(source)))
    }
    assert found["mod.a"] == {(3, m) for m in range(8, 12)}
    assert found["mod.b"] == {(3, 14), (3, 15)}


def test_describe_versions() -> None:
    assert V.describe([(3, 12), (3, 13), (3, 9)]) == "3.9, 3.12-3.13"
    assert V.parse_version("2.0.0rc1") == (2, 0, 0)
    assert V.parse_version("") is None


# -- resolution -----------------------------------------------------------------------------


def test_class_scope_is_not_visible_from_methods() -> None:
    source = """
    import mod
    class C:
        mod = None
        def m(self):
            mod.f()
    """
    assert hits(source, [row("mod.f")]) == [(6, "mod.f")]


def test_nonlocal_and_global_bindings() -> None:
    source = """
    import mod
    def outer():
        mod.f()
        def inner():
            nonlocal mod
            mod = 1
        mod = 2
    def g():
        global other
        other = 1
    mod.f()
    """
    assert hits(source, [row("mod.f")]) == [(12, "mod.f")]


def test_two_different_imports_of_one_name_match_neither() -> None:
    source = """
    import sys
    if sys.version_info >= (3, 9):
        import new as m
    else:
        import old as m
    m.f()
    """
    assert hits(source, [row("old.f"), row("new.f")]) == []


def test_star_import_hides_builtins() -> None:
    rows = [row("open", kind="argument", argument="mode", position=1)]
    assert hits("open('f', 'U')\n", rows) == [(1, "open")]
    assert hits("from mod import *\nopen('f', 'U')\n", rows) == []


def test_argument_value_rows() -> None:
    rows = [
        row(
            "open",
            kind="argument-value",
            argument="mode",
            position=1,
            value="U",
            status="removed",
            removed="3.11",
        ),
    ]
    assert hits("open('f', 'rU')\nopen('f', mode='U')\nopen('f', 'r')\nopen(*a)\n", rows) == [
        (1, "open"),
        (2, "open"),
    ]


def test_omitted_and_keyword_syntax_arguments() -> None:
    rows = [
        row("ssl.SSLContext", kind="argument", argument="protocol", position=0),
        row(
            "typing.TypedDict",
            kind="argument",
            argument="kwargs",
            status="removed",
            deprecated="3.11",
            removed="3.13",
        ),
    ]
    source = """
    import ssl, typing
    ssl.SSLContext()
    ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    typing.TypedDict("T", x=int)
    typing.TypedDict("T", {"x": int}, total=False)
    """
    assert hits(source, rows) == [(3, "ssl.SSLContext"), (5, "typing.TypedDict")]


def test_deep_nesting_is_a_file_error(project: Path) -> None:
    """Parsed fine, too deep for the walk: reported as not checked, never a traceback."""
    terms = " + ".join(["1"] * 1500)
    (project / "deep.py").write_text(f"import logging\nx = {terms} + logging.warn\n")
    result = run_cli("check", "--check", "deprecations", "deep.py")
    assert result.code == 1
    assert result.lines == [
        "deep.py: error: too deeply nested to check for deprecated APIs; not checked"
    ]


def test_syntax_error_is_reported(project: Path) -> None:
    (project / "bad.py").write_text("def f(:\n")
    result = run_cli("check", "--check", "deprecations", "bad.py")
    assert result.code == 1
    assert result.lines[0].startswith("bad.py:1:")
    assert "syntax error" in result.lines[0]


# -- targets --------------------------------------------------------------------------------


def test_verdicts_follow_targets_not_the_interpreter() -> None:
    removed = row("m.f", status="removed", deprecated="3.4", removed="3.12")
    assert stdlib_verdict(removed, frozenset({(3, 8)}), soft=False).code == "DEP102"  # type: ignore[union-attr]
    assert stdlib_verdict(removed, frozenset({(3, 8), (3, 12)}), soft=False).code == "DEP101"  # type: ignore[union-attr]
    restored = row("m.g", status="undeprecated", deprecated="3.11", undeprecated="3.13")
    assert stdlib_verdict(restored, frozenset({(3, 13), (3, 14)}), soft=False) is None
    assert "restored in 3.13" in stdlib_verdict(restored, ALL, soft=False).message  # type: ignore[union-attr]
    soft = row("typing.List", kind="class", status="soft", deprecated="3.9")
    assert stdlib_verdict(soft, ALL, soft=False) is None
    assert stdlib_verdict(soft, ALL, soft=True).code == "DEP104"  # type: ignore[union-attr]
    pending = row("m.p", status="pending", deprecated="3.13")
    assert stdlib_verdict(pending, ALL, soft=False).code == "DEP103"  # type: ignore[union-attr]
    planned = row("m.q", deprecated="3.12", planned="3.14")
    message = stdlib_verdict(planned, ALL, soft=False).message  # type: ignore[union-attr]
    assert "removal planned for 3.14 (a targeted version)" in message


def test_target_version_option_changes_findings(project: Path) -> None:
    (project / "m.py").write_text("import threading\nthreading.currentThread()\n")
    assert (
        run_cli("check", "--check", "deprecations", "--target-version", ">=3.8,<3.10", "m.py").code
        == 0
    )
    assert run_cli("check", "--check", "deprecations", "--target-version", "3.10", "m.py").code == 1
    (project / "pyproject.toml").write_text(
        '[project]\nname = "d"\nrequires-python = ">=3.8,<3.10"\n'
    )
    assert run_cli("check", "--check", "deprecations", "m.py").code == 0


# -- third-party versions --------------------------------------------------------------------


def tp(status: str = "removed", **kw: object) -> Api:
    kw.setdefault("deprecated", "1.20")
    if status == "removed":
        kw.setdefault("removed", "2.0")
    return Api(
        name="numpy.float_", kind="attribute", status=status, source=SRC, package="numpy", **kw
    )  # type: ignore[arg-type]


def test_thirdparty_verdicts() -> None:
    api = tp(fix="rename", fix_to="float64")
    assert thirdparty_verdict(api, (1, 19), "uv.lock", soft=False) is None
    assert thirdparty_verdict(api, (1, 26, 4), "uv.lock", soft=False).code == "DEP202"  # type: ignore[union-attr]
    removed = thirdparty_verdict(api, (2, 1), "uv.lock", soft=False)
    assert removed is not None
    assert removed.code == "DEP201"
    assert "numpy 2.1 (uv.lock)" in removed.message
    assert thirdparty_verdict(api, None, "", soft=False).code == "DEP203"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("uv.lock", '[[package]]\nname = "NumPy"\nversion = "2.1.3"\n'),
        ("poetry.lock", '[[package]]\nname = "numpy"\nversion = "2.1.3"\n'),
        ("pdm.lock", '[[package]]\nname = "numpy"\nversion = "2.1.3"\n'),
        ("pylock.toml", 'lock-version = "1.0"\n[[packages]]\nname = "numpy"\nversion = "2.1.3"\n'),
        ("Pipfile.lock", json.dumps({"default": {"numpy": {"version": "==2.1.3"}}})),
        ("requirements.txt", "numpy==2.1.3 \\\n    --hash=sha256:00\nother>=1\n"),
    ],
)
def test_lock_files(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    versions, origin = from_lock_files(str(tmp_path))
    assert versions["numpy"] == "2.1.3"
    assert origin == name
    assert PackageVersions(str(tmp_path), {}).get("numpy") == ((2, 1, 3), name)


def test_override_and_project_virtualenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    site = tmp_path / ".venv" / "lib" / "python3.12" / "site-packages"
    (site / "numpy-1.26.4.dist-info").mkdir(parents=True)
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    assert PackageVersions(str(tmp_path), {}).get("numpy") == ((1, 26, 4), "installed in .venv")
    assert PackageVersions(str(tmp_path), {"NumPy": "2.0"}).get("numpy") == (
        (2, 0),
        "tool.outrider.deprecations.packages",
    )


# -- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"soft": "yes"}, "tool.outrider.deprecations.soft: expected true or false"),
        ({"packages": {"numpy": 2}}, "tool.outrider.deprecations.packages: expected a table"),
        ({"colour": 1}, "tool.outrider.deprecations.colour: unknown key"),
    ],
)
def test_bad_configuration(table: dict[str, object], message: str) -> None:
    settings = Settings(check_tables=(("deprecations", table),))
    with pytest.raises(ConfigError, match=message):
        DeprecationsCheck(settings)


def test_soft_by_name_or_setting(project: Path) -> None:
    (project / "m.py").write_text("from typing import List\n")
    assert run_cli("check", "--check", "deprecations", "m.py").code == 0
    assert run_cli("check", "--check", "deprecations", "--select", "DEP104", "m.py").code == 1
    assert run_cli("check", "--check", "deprecations", "--select", "DEP", "m.py").code == 0
    (project / "pyproject.toml").write_text(
        '[project]\nname = "d"\n[tool.outrider.deprecations]\nsoft = true\n'
    )
    assert run_cli("check", "--check", "deprecations", "m.py").code == 1


def test_json_fields_and_applicability(project: Path) -> None:
    (project / "m.py").write_text(
        "import datetime, logging\nlogging.warn('x')\ndatetime.datetime.utcnow()\nimport imp\n"
    )
    out = json.loads(run_cli("check", "--check", "deprecations", "--format", "json", "m.py").out)
    fixable = {(f["line"], f["code"]): f["fixable"] for f in out["findings"]}
    assert fixable == {(2, "DEP102"): True, (3, "DEP102"): False, (4, "DEP101"): False}
    first = out["findings"][0]
    assert first["cwe"] == 477
    assert first["severity"] == "MEDIUM"
    out = json.loads(
        run_cli(
            "check", "--check", "deprecations", "--format", "json", "--unsafe-fixes", "m.py"
        ).out
    )
    assert {(f["line"], f["fixable"]) for f in out["findings"]} == {
        (2, True),
        (3, True),
        (4, False),
    }


# -- lazy imports ---------------------------------------------------------------------------


def test_five_file_run_imports_no_libcst(tmp_path: Path) -> None:
    """What a pre-commit run on five staged files does: the check runs, libcst stays out."""
    names = []
    for i in range(5):
        path = tmp_path / f"f{i}.py"
        path.write_text("import logging\nlogging.warn('x')\n" if i == 0 else f"x = {i}\n")
        names.append(str(path))
    code = (
        "import sys\nfrom outrider.cli import main\n"
        f"status = main(['check', '--check', 'deprecations', *{names!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('libcst', 'bandit'))\n"
        "print('LOADED', loaded, status)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert "LOADED [] 1" in proc.stdout, proc.stdout + proc.stderr
    assert "f0.py:2:1: DEP102" in proc.stdout


def test_argument_rows_with_special_meaning() -> None:
    rows = [
        row("re.sub", kind="argument", argument="count", position=3),
        row("yaml.load", kind="argument", argument="Loader", position=1),
        row("sqlalchemy.select", kind="argument", argument="columns", position=0),
        row("threading.RLock", kind="argument", argument="args"),
        row("asyncio.wait", kind="argument", argument="fs", position=0),
    ]
    source = """
    import asyncio, re, threading, yaml
    import sqlalchemy as sa
    re.sub("a", "b", text, 1)
    re.sub("a", "b", text, count=1)
    yaml.load(stream)
    yaml.load(stream, Loader=yaml.SafeLoader)
    sa.select([table.c.a])
    sa.select(table.c.a, table.c.b)
    threading.RLock(1)
    threading.RLock()
    asyncio.wait([job()])
    """
    assert hits(source, rows) == [
        (4, "re.sub"),
        (6, "yaml.load"),
        (8, "sqlalchemy.select"),
        (10, "threading.RLock"),
    ]


def test_receiver_name_heuristic_is_limited_to_conventional_names() -> None:
    rows = [
        row("sqlalchemy.orm.Query.get", kind="method", receiver="sqlalchemy.orm.Query"),
        row("logging.Logger.warn", kind="method", receiver="logging.Logger"),
    ]
    source = """
    def f(url, query, logger):
        url.query.get("mode")
        query.get(1)
        logger.warn("x")
    """
    assert hits(source, rows) == [(5, "logging.Logger.warn")]


def table_hits(source: str) -> list[tuple[int, str, str]]:
    """Hits of the real table, through the prefilter a check run uses."""
    from outrider.checks.deprecations.detect import detector_for
    from outrider.checks.deprecations.index import default_index

    text = textwrap.dedent(source)
    detector = detector_for(text, default_index(), ALL)
    found = detector.run(ast.parse(text)) if detector is not None else []
    return sorted((h.line, h.api.name, h.api.argument) for h in found if h.targets)


def test_positional_only_parameters_by_keyword() -> None:
    source = """
    import contextlib, unittest, weakref
    from functools import partialmethod as pm
    weakref.finalize(obj=o, func=f)
    weakref.finalize(o, f, func=1, obj=2)
    pm(func=f)
    pm(f, func=1)
    with contextlib.ExitStack() as stack:
        stack.callback(callback=f)
        stack.callback(f, callback=1)
    class T(unittest.TestCase):
        def setUp(self):
            self.addCleanup(function=f)
            self.addCleanup(f, function=1)
    def g(other):
        other.addCleanup(function=f)
    int(x="1")
    int("1", base=2)
    """
    assert table_hits(source) == [
        (4, "weakref.finalize", "func"),
        (4, "weakref.finalize", "obj"),
        (6, "functools.partialmethod", "func"),
        (9, "contextlib.ExitStack.callback", "callback"),
        (13, "unittest.TestCase.addCleanup", "function"),
        (17, "builtins.int", "x"),
    ]


def test_positional_only_rows_exist_and_follow_targets() -> None:
    from outrider.checks.deprecations.data import load_stdlib
    from outrider.checks.deprecations.detect import POSITIONAL_ONLY

    rows = {(api.name, api.argument): api for api in load_stdlib() if api.kind == "argument"}
    assert set(rows) >= POSITIONAL_ONLY
    for key in POSITIONAL_ONLY:
        assert rows[key].position is not None, key
    finalize = rows[("weakref.finalize", "obj")]
    old = stdlib_verdict(finalize, frozenset({(3, 8)}), soft=False)
    new = stdlib_verdict(finalize, frozenset({(3, 8), (3, 9)}), soft=False)
    assert old is not None
    assert old.code == "DEP102"
    assert new is not None
    assert new.code == "DEP101"
    callback = stdlib_verdict(
        rows[("contextlib.ExitStack.callback", "callback")], frozenset({(3, 12)}), soft=False
    )
    assert callback is not None
    assert "`callback` argument of `contextlib.ExitStack.callback`" in callback.message
