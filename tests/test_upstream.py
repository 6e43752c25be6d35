"""`outrider upstream`: exports into Bandit's own source distribution, checked by Bandit's
own functional tests, docutils, black, git apply, and every refusal.

Bandit's sdist (the version installed here, which outrider depends on) is downloaded from
PyPI at test time into pytest's cache directory, never committed; the throwaway virtualenv
that runs Bandit's functional tests is cached there too. Without PyPI these tests skip and
say so.
"""

from __future__ import annotations

import ast
import importlib.metadata
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

from outrider.upstream import UpstreamError, export
from outrider.upstream.tree import BanditTree, Style, free_ids

BANDIT_VERSION = importlib.metadata.version("bandit")
PLUGIN_DIR = ROOT / "src" / "outrider" / "plugins"
RULES = sorted(
    (p.stem.split("_", 1)[0].upper(), p.stem.split("_", 1)[1])
    for p in PLUGIN_DIR.glob("out[0-9][0-9][0-9]_*.py")
)
CODES = [code for code, _ in RULES]
GIT = shutil.which("git") or "git"
NETWORK_TROUBLE = (
    "NewConnectionError",
    "ConnectTimeout",
    "ConnectionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "No route to host",
    "ProxyError",
    "timed out",
)


# -- Bandit's sdist and a virtualenv to run its tests -------------------------------------


def _cache_dir(request: pytest.FixtureRequest, name: str) -> Path:
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir(name))
    base: Path = request.getfixturevalue("tmp_path_factory").mktemp(name)
    return base


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=10).close()
    except OSError:
        return False
    return True


def _pip(python: str | Path, *args: str, what: str) -> None:
    proc = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 0:
        return
    output = proc.stdout + proc.stderr
    if any(marker in output for marker in NETWORK_TROUBLE) or not _pypi_reachable():
        last = [line for line in output.splitlines() if line.strip()][-1:]
        pytest.skip(f"PyPI is unreachable, so {what} cannot be downloaded: {last}")
    pytest.fail(f"pip could not get {what}:\n{output}")


@pytest.fixture(scope="session")
def bandit_sdist(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bandit's own source distribution, unpacked (pristine: copy it before writing)."""
    cache = _cache_dir(request, "bandit-sdist")
    archive = cache / f"bandit-{BANDIT_VERSION}.tar.gz"
    if not archive.exists():
        _pip(
            sys.executable,
            "download",
            "--no-binary",
            ":all:",
            "--no-deps",
            f"bandit=={BANDIT_VERSION}",
            "-d",
            str(cache),
            what=f"Bandit {BANDIT_VERSION}'s sdist",
        )
    assert archive.exists(), sorted(p.name for p in cache.iterdir())
    target = tmp_path_factory.mktemp("bandit-sdist")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    root = target / f"bandit-{BANDIT_VERSION}"
    assert (root / "PKG-INFO").exists()
    return root


@pytest.fixture
def tree(bandit_sdist: Path, tmp_path: Path) -> Path:
    dest = tmp_path / f"bandit-{BANDIT_VERSION}"
    shutil.copytree(bandit_sdist, dest, ignore=shutil.ignore_patterns("*.png"))
    return dest


@pytest.fixture(scope="session")
def bandit_venv(request: pytest.FixtureRequest) -> Path:
    """A throwaway virtualenv with Bandit's runtime and test requirements but no Bandit
    (and no outrider: its plugins would change every functional test's counts)."""
    cache = _cache_dir(
        request, f"bandit-venv-{BANDIT_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}"
    )
    python = cache / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    ready = cache / "outrider-ready"
    if ready.exists() and python.exists():
        return python
    shutil.rmtree(cache)
    subprocess.run([sys.executable, "-m", "venv", str(cache)], check=True)
    _pip(
        python,
        "install",
        "--quiet",
        "pbr",
        "setuptools",
        "wheel",
        "PyYAML",
        "stevedore",
        "rich",
        "testtools",
        "pytest",
        what="Bandit's test requirements",
    )
    ready.write_text("ok\n")
    return python


def _clean_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "COV_CORE_", "COVERAGE_", "PYTHON"))
    }


def _bandit_ids(tree: Path) -> dict[str, str]:
    """A free Bandit id for each rule, in its group."""
    taken = BanditTree.open(tree).taken_ids()
    ids: dict[str, str] = {}
    for code in CODES:
        bid = free_ids(taken, code[3])[0]
        ids[code] = bid
        taken[bid] = code
    return ids


def _export(code: str, bid: str, tree: Path, *args: str) -> str:
    result = run_cli("upstream", code, "--bandit-id", bid, "--into", str(tree), *args)
    assert result.code == 0, result.err
    return result.out


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# -- Bandit's own functional tests ---------------------------------------------------------


@pytest.mark.slow
def test_every_rule_passes_bandits_own_functional_tests(tree: Path, bandit_venv: Path) -> None:
    assert len(RULES) >= 3
    ids = _bandit_ids(tree)
    for code, _ in RULES:
        _export(code, ids[code], tree)
    install = subprocess.run(
        [
            str(bandit_venv),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--force-reinstall",
            str(tree),
        ],
        capture_output=True,
        text=True,
        env=_clean_env(),
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    # The tree's bandit (cwd first on sys.path) and its entry points, which the install just
    # wrote into the tree's bandit.egg-info too: the sdist's own egg-info is on sys.path
    # first from the tree's root and, left stale, would hide the new plugins. No other
    # plugin package is installed there.
    entry_points = (tree / "bandit.egg-info" / "entry_points.txt").read_text()
    for _, name in RULES:
        assert f"{name} = bandit.plugins.{name}:{name}" in entry_points
    proc = subprocess.run(
        [
            str(bandit_venv),
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-v",
            "tests/functional/test_functional.py",
        ],
        capture_output=True,
        text=True,
        cwd=tree,
        env=_clean_env(),
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    for _, name in RULES:
        assert re.search(rf"::test_{name} PASSED", proc.stdout), name
    assert re.search(r"\b\d{2,} passed\b", proc.stdout)
    # Bandit's own command line in that tree finds each exported id in its example.
    files = [f"examples/{name}.py" for _, name in RULES]
    cli = subprocess.run(
        [
            str(bandit_venv),
            "-m",
            "bandit",
            "-q",
            "-f",
            "json",
            "-t",
            ",".join(ids.values()),
            *files,
        ],
        capture_output=True,
        text=True,
        cwd=tree,
        env=_clean_env(),
        check=False,
    )
    import json

    results = json.loads(cli.stdout)["results"]
    found = {(os.path.normpath(r["filename"]), r["test_id"]) for r in results}
    from conftest import expectations

    # Each example reports its own id, and the ids of other exported rules whose lines
    # the rule's fixture holds too.
    wanted = {
        (f"examples/{name}.py", ids[other])
        for code, name in RULES
        for _, other in expectations(FIXTURES / "security" / f"{code}.py")
        if other in ids
    }
    assert {(f"examples/{name}.py", ids[code]) for code, name in RULES} <= wanted
    assert found == wanted


# -- what is written ----------------------------------------------------------------------


def test_writes_the_five_parts_and_reports_them(tree: Path) -> None:
    before = _snapshot(tree)
    out = _export("OUT301", "B326", tree)
    assert out.splitlines() == [
        "created bandit/plugins/numpy_load_allow_pickle.py",
        "created doc/source/plugins/b326_numpy_load_allow_pickle.rst",
        "created examples/numpy_load_allow_pickle.py",
        "updated setup.cfg",
        "updated tests/functional/test_functional.py",
        "example from fixtures/security/OUT301.py; reinstall the tree (pip install -e .) so "
        "that its entry points list the plugin, then run there: python -m pytest "
        "tests/functional/test_functional.py -k test_numpy_load_allow_pickle",
    ]
    after = _snapshot(tree)
    assert sorted(set(after) - set(before)) == [
        "bandit/plugins/numpy_load_allow_pickle.py",
        "doc/source/plugins/b326_numpy_load_allow_pickle.rst",
        "examples/numpy_load_allow_pickle.py",
    ]
    assert sorted(k for k in before if before[k] != after[k]) == [
        "setup.cfg",
        "tests/functional/test_functional.py",
    ]
    stub = (tree / "doc/source/plugins/b326_numpy_load_allow_pickle.rst").read_text()
    assert stub == (
        "-----------------------------\n"
        "B326: numpy_load_allow_pickle\n"
        "-----------------------------\n"
        "\n"
        ".. automodule:: bandit.plugins.numpy_load_allow_pickle\n"
        "   :no-index:\n"
    )
    setup = (tree / "setup.cfg").read_text()
    assert (
        "\thuggingface_unsafe_download = bandit.plugins.huggingface_unsafe_download:"
        "huggingface_unsafe_download\n"
        "\t\n"
        "\tnumpy_load_allow_pickle = bandit.plugins.numpy_load_allow_pickle:"
        "numpy_load_allow_pickle\n"
        "\n[build_sphinx]\n"
    ) in setup
    tests = (tree / "tests/functional/test_functional.py").read_text()
    assert tests.endswith(
        '        self.check_example("huggingface_unsafe_download.py", expect)\n'
        "\n"
        "    def test_numpy_load_allow_pickle(self):\n"
        "        expect = {\n"
        '            "SEVERITY": {"UNDEFINED": 0, "LOW": 0, "MEDIUM": 1, "HIGH": 6},\n'
        '            "CONFIDENCE": {"UNDEFINED": 0, "LOW": 0, "MEDIUM": 0, "HIGH": 7},\n'
        "        }\n"
        '        self.check_example("numpy_load_allow_pickle.py", expect)\n'
    )


def test_example_is_the_fixture_with_bandit_ids(tree: Path) -> None:
    _export("OUT601", "B616", tree)
    example = (tree / "examples/asyncio_subprocess_shell.py").read_text()
    fixture = (FIXTURES / "security" / "OUT601.py").read_text()
    assert example == fixture.replace("OUT601", "B616")
    assert "OUT" not in example


def test_example_from_documentation_without_a_fixture(tree: Path, tmp_path: Path) -> None:
    plan = export("OUT501", "B510", tree, fixtures_dir=tmp_path / "none")
    old, example = plan.files["examples/ssl_context_verification_off.py"]
    assert old is None
    assert example == (
        "# B510: TLS context with hostname or certificate verification off\n"
        "import ssl\n\nctx = ssl.create_default_context()\nctx.check_hostname = False\n"
        "ctx.verify_mode = ssl.CERT_NONE\n"
        "\n# Safe: not reported.\n"
        'import ssl\n\nctx = ssl.create_default_context()\nctx.load_verify_locations("internal-ca.pem")\n'
    )
    # Two findings, both HIGH/HIGH; Bandit's own tests find nothing in it.
    assert plan.counts == {
        "SEVERITY": {"UNDEFINED": 0, "LOW": 0, "MEDIUM": 0, "HIGH": 2},
        "CONFIDENCE": {"UNDEFINED": 0, "LOW": 0, "MEDIUM": 0, "HIGH": 2},
    }


_MODULES: dict[tuple[Path, str, str], str] = {}


def _module(tree: Path, code: str, bid: str) -> str:
    """The exported module of ``code`` (planned once per tree and id: nothing is written)."""
    key = (tree, code, bid)
    if key not in _MODULES:
        plan = export(code, bid, tree)
        _MODULES[key] = plan.files[f"bandit/plugins/{dict(RULES)[code]}.py"][1]
    return _MODULES[key]


def _helper_names() -> set[str]:
    helpers = ast.parse((PLUGIN_DIR / "helpers.py").read_text())
    return {n.name for n in helpers.body if isinstance(n, ast.FunctionDef)}


@pytest.mark.parametrize("code", CODES)
def test_exported_module_is_self_contained(bandit_sdist: Path, code: str) -> None:
    ids = _bandit_ids(bandit_sdist)
    text = _module(bandit_sdist, code, ids[code])
    module = ast.parse(text)
    code_part = "\n".join(text.splitlines()[module.body[0].end_lineno or 0 :])
    assert "outrider" not in code_part.lower()
    for node in ast.walk(module):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            for name in modules:
                top = (name or "").split(".")[0]
                assert top == "bandit" or top in sys.stdlib_module_names, name
        if isinstance(node, ast.arg):
            assert node.annotation is None
        if isinstance(node, ast.FunctionDef):
            assert node.returns is None
        assert not isinstance(node, ast.AnnAssign)
    # Every global name it uses is defined, imported or a builtin; every inlined helper
    # is used (only what the rule needs, transitively).
    import builtins
    import symtable

    defined = {
        t.id
        for stmt in module.body
        for t in ast.walk(stmt)
        if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)
    }
    defined |= {s.name for s in module.body if isinstance(s, ast.FunctionDef | ast.ClassDef)}
    defined |= {
        (a.asname or a.name).split(".")[0]
        for s in module.body
        if isinstance(s, ast.Import | ast.ImportFrom)
        for a in s.names
    }

    def globals_of(table: symtable.SymbolTable) -> set[str]:
        names = {s.get_name() for s in table.get_symbols() if s.is_global() and s.is_referenced()}
        for child in table.get_children():
            names |= globals_of(child)
        return names

    used = globals_of(symtable.symtable(text, "m.py", "exec"))
    assert used <= defined | set(dir(builtins)), used - defined - set(dir(builtins))
    inlined = {s.name for s in module.body if isinstance(s, ast.FunctionDef)} & _helper_names()
    name = dict(RULES)[code]
    referenced = {
        n.id
        for s in module.body
        if not (isinstance(s, ast.FunctionDef) and s.name in inlined)
        for n in ast.walk(s)
        if isinstance(n, ast.Name)
    } | {
        n.id
        for s in module.body
        if isinstance(s, ast.FunctionDef) and s.name in inlined
        for n in ast.walk(s)
        if isinstance(n, ast.Name) and n.id != s.name
    }
    assert inlined <= referenced
    assert any(isinstance(s, ast.FunctionDef) and s.name == name for s in module.body)


def test_only_the_helpers_a_rule_needs_are_inlined(bandit_sdist: Path) -> None:
    text = _module(bandit_sdist, "OUT301", "B326")
    functions = [s.name for s in ast.parse(text).body if isinstance(s, ast.FunctionDef)]
    # argument() needs keyword(); qualname, is_false, is_literal_string are not used.
    assert functions == ["keyword", "argument", "is_true", "make_issue", "numpy_load_allow_pickle"]


@pytest.mark.parametrize("code", CODES)
def test_exported_plugin_finds_what_the_rule_finds(
    bandit_sdist: Path, tmp_path: Path, code: str
) -> None:
    """The export keeps the detection: on the rule's fixture, the exported plugin reports
    exactly the lines the rule declares."""
    from conftest import expectations

    from outrider.upstream import run

    ids = _bandit_ids(bandit_sdist)
    name = dict(RULES)[code]
    text = _module(bandit_sdist, code, ids[code])
    func = run.load_plugin(text, f"bandit.plugins.{name}", name)
    fixture = FIXTURES / "security" / f"{code}.py"
    (tmp_path / "examples").mkdir()
    shutil.copy(fixture, tmp_path / "examples" / fixture.name)
    issues = run.scan_examples(func, tmp_path / "examples", skip="")
    got = {i.line for i in issues}
    assert got == {line for line, c in expectations(fixture) if c == code}


@pytest.mark.parametrize("code", CODES)
def test_exported_module_keeps_bandits_code_style(bandit_sdist: Path, code: str) -> None:
    import black

    text = _module(bandit_sdist, code, _bandit_ids(bandit_sdist)[code])
    module = ast.parse(text)
    doc_end = module.body[0].end_lineno or 0
    lines = text.splitlines()
    # Bandit's license header, then the docstring, then the imports right under it.
    assert lines[0] == "# SPDX-License-Identifier: Apache-2.0"
    assert lines[1] == 'r"""'
    assert lines[doc_end].startswith(("import ", "from "))
    # Black at Bandit's line length is happy, but for the blank line newer black wants
    # after a module docstring, which Bandit's reorder-python-imports removes.
    mode = black.Mode(line_length=79, target_versions={black.TargetVersion.PY38})
    formatted = black.format_str(text, mode=mode).splitlines()
    assert formatted[doc_end] == ""
    assert formatted[:doc_end] + formatted[doc_end + 1 :] == lines
    # Code fits in 79 columns (the docstring may hold Bandit's output and URLs, as
    # Bandit's own docstrings do).
    long = [(i, line) for i, line in enumerate(lines, 1) if i > doc_end and len(line) > 79]
    assert long == []
    prose = [line for line in lines[:doc_end] if len(line) > 79]
    assert all("http" in line or re.match(r"^ {4}\d+ ", line) for line in prose), prose
    # One import per line, standard library first, then Bandit; sorted as
    # reorder-python-imports sorts them.
    imports = [line for line in lines[doc_end:] if line.startswith(("import ", "from "))]
    groups = [
        [i for i in imports if not re.match(r"^(import|from) bandit\b", i)],
        [i for i in imports if re.match(r"^(import|from) bandit\b", i)],
    ]

    def key(line: str) -> tuple[bool, str, str]:
        parts = line.split()
        return (
            parts[0] == "from",
            parts[1].lower(),
            parts[3].lower() if parts[0] == "from" else "",
        )

    for group in groups:
        assert group == sorted(group, key=key)
    assert all("," not in i for i in imports)
    assert imports == groups[0] + groups[1]


def test_copyright_line(tree: Path) -> None:
    _export("OUT301", "B326", tree, "--copyright", "2026 Jane Doe")
    text = (tree / "bandit/plugins/numpy_load_allow_pickle.py").read_text()
    assert text.startswith(
        '# Copyright (c) 2026 Jane Doe\n#\n# SPDX-License-Identifier: Apache-2.0\nr"""\n'
    )


# -- the docstring ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docutils_with_sphinx_directives() -> None:
    """docutils, plus stand-ins for the two Sphinx directives Bandit's docstrings use
    (Sphinx defines them; plain docutils does not): their content is parsed for real."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    class SeeAlso(Directive):
        has_content = True

        def run(self) -> list[nodes.Node]:
            node = nodes.admonition("\n".join(self.content))
            node += nodes.title(text="See also")
            self.state.nested_parse(self.content, self.content_offset, node)
            return [node]

    class VersionAdded(Directive):
        required_arguments = 1
        has_content = False

        def run(self) -> list[nodes.Node]:
            return [nodes.paragraph(text=f"New in version {self.arguments[0]}.")]

    directives.register_directive("seealso", SeeAlso)
    directives.register_directive("versionadded", VersionAdded)


def _render(doc: str) -> tuple[object, str]:
    from docutils.core import publish_doctree

    stream = io.StringIO()
    tree = publish_doctree(
        doc,
        settings_overrides={
            "report_level": 1,
            "halt_level": 5,
            "warning_stream": stream,
            "syntax_highlight": "none",
            "input_encoding": "unicode",
        },
    )
    return tree, stream.getvalue()


@pytest.mark.usefixtures("docutils_with_sphinx_directives")
@pytest.mark.parametrize("code", CODES)
def test_docstring_renders_without_errors_or_warnings(bandit_sdist: Path, code: str) -> None:
    from docutils import nodes

    bid = _bandit_ids(bandit_sdist)[code]
    text = _module(bandit_sdist, code, bid)
    doc = ast.get_docstring(ast.parse(text), clean=True) or ""
    doctree, messages = _render(doc)
    assert messages == ""
    assert not list(doctree.findall(nodes.system_message))  # type: ignore[attr-defined]
    title = next(iter(doctree.findall(nodes.title)))  # type: ignore[attr-defined]
    assert title.astext().startswith(f"{bid}: ")
    # Bandit's anatomy, in its order.
    order = [
        ":Example:",
        ".. code-block:: none",
        ">> Issue: [",
        ".. seealso::",
        ".. versionadded::",
    ]
    positions = [doc.index(marker) for marker in order]
    assert positions == sorted(positions)
    cwe = re.search(r"CWE: CWE-(\d+)", doc)
    assert cwe is not None
    seealso = doc.split(".. seealso::")[1]
    first = re.search(r"- (\S+)", seealso)
    assert first is not None
    assert first.group(1) == f"https://cwe.mitre.org/data/definitions/{cwe.group(1)}.html"
    assert doc.rstrip().endswith(
        f".. versionadded:: {BANDIT_VERSION.rsplit('.', 1)[0]}.{int(BANDIT_VERSION.rsplit('.', 1)[1]) + 1}"
    )


def test_docstring_renders_a_config_section(tree: Path, tmp_path: Path) -> None:
    """A rule that takes configuration gets Bandit's **Config Options:** with the
    defaults its gen_config returns."""
    plugins = _synthetic_plugins(
        tmp_path,
        """
        from typing import Any

        from bandit.core import constants, issue
        from bandit.core import test_properties as test

        SEVERITY = constants.LOW
        CONFIDENCE = constants.HIGH
        CWE = issue.Cwe.IMPROPER_INPUT_VALIDATION


        def gen_config(name: str) -> dict[str, Any] | None:
            if name == "tuning":
                return {"names": ["danger"]}
            return None


        @test.takes_config("tuning")
        @test.checks("Call")
        @test.test_id("OUT198")
        def danger_called(context: Any, config: dict[str, Any]) -> Any:
            if context.call_function_name_qual in config["names"]:
                return issue.Issue(
                    severity=SEVERITY, confidence=CONFIDENCE, cwe=CWE, text="danger() called"
                )
            return None
        """,
        name="danger_called",
        code="OUT198",
        example="danger()\n",
        good="safe()\n",
    )
    plan = export("OUT198", "B198", tree, plugins_dir=plugins, fixtures_dir=tmp_path)
    text = plan.files["bandit/plugins/danger_called.py"][1]
    assert (
        "**Config Options:**\n\n.. code-block:: yaml\n\n    tuning:\n      names:\n      - danger\n"
        in text
    )
    assert plan.counts["SEVERITY"]["LOW"] == 1


# -- dry run, idempotence, update ----------------------------------------------------------


def test_dry_run_prints_the_patch_and_writes_nothing(tree: Path, tmp_path: Path) -> None:
    before = _snapshot(tree)
    patch = _export("OUT501", "B510", tree, "--dry-run")
    assert _snapshot(tree) == before
    assert [line for line in patch.splitlines() if line.startswith("diff --git")] == [
        f"diff --git a/{p} b/{p}"
        for p in (
            "bandit/plugins/ssl_context_verification_off.py",
            "doc/source/plugins/b510_ssl_context_verification_off.rst",
            "examples/ssl_context_verification_off.py",
            "setup.cfg",
            "tests/functional/test_functional.py",
        )
    ]
    assert "--- /dev/null\n+++ b/bandit/plugins/ssl_context_verification_off.py\n" in patch
    assert "--- a/setup.cfg\n+++ b/setup.cfg\n" in patch
    # The patch, applied by git to a second copy, gives what a real run writes.
    applied = tmp_path / "applied"
    shutil.copytree(tree, applied)
    (tmp_path / "export.patch").write_text(patch)
    git = subprocess.run(
        [GIT, "apply", "--verbose", str(tmp_path / "export.patch")],
        cwd=applied,
        capture_output=True,
        text=True,
        check=False,
    )
    assert git.returncode == 0, git.stderr
    _export("OUT501", "B510", tree)
    assert _snapshot(applied) == _snapshot(tree)


def test_second_run_changes_nothing(tree: Path) -> None:
    _export("OUT601", "B616", tree)
    first = _snapshot(tree)
    again = run_cli("upstream", "OUT601", "--bandit-id", "B616", "--into", str(tree))
    assert (again.code, again.out) == (
        0,
        f"{tree}: nothing to change, the export is already there\n",
    )
    assert _snapshot(tree) == first
    dry = run_cli("upstream", "OUT601", "--bandit-id", "b616", "--into", str(tree), "--dry-run")
    assert (dry.code, dry.out) == (0, "")


def test_export_of_a_changed_rule_updates_what_it_wrote(tree: Path, tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    shutil.copytree(PLUGIN_DIR, plugins, ignore=shutil.ignore_patterns("__pycache__"))
    export("OUT301", "B326", tree, plugins_dir=plugins).write()
    setup = (tree / "setup.cfg").read_text()
    rule = plugins / "out301_numpy_load_allow_pickle.py"
    rule.write_text(
        rule.read_text().replace("unpickles object arrays", "unpickles any object array")
    )
    plan = export("OUT301", "B326", tree, plugins_dir=plugins)
    assert plan.changed == ["bandit/plugins/numpy_load_allow_pickle.py"]
    plan.write()
    text = (tree / "bandit/plugins/numpy_load_allow_pickle.py").read_text()
    assert "unpickles any object array" in text
    assert (tree / "setup.cfg").read_text() == setup
    tests = (tree / "tests/functional/test_functional.py").read_text()
    assert tests.count("def test_numpy_load_allow_pickle(") == 1


def test_counts_include_rules_exported_earlier(tree: Path, tmp_path: Path) -> None:
    """The functional test runs every plugin of the tree: a second export's counts include
    what the first exported plugin reports on its example, and the first one's example
    gaining a finding from the second raises the counts its functional test expects."""
    _export("OUT501", "B510", tree)
    plugins = _synthetic_plugins(
        tmp_path,
        """
        import ast
        from typing import Any

        from bandit.core import constants, issue
        from bandit.core import test_properties as test

        SEVERITY = constants.LOW
        CONFIDENCE = constants.LOW
        CWE = issue.Cwe.IMPROPER_CERT_VALIDATION


        @test.checks("Assign")
        @test.test_id("OUT599")
        def any_check_hostname(context: Any) -> Any:
            for target in context.node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "check_hostname":
                    return issue.Issue(
                        severity=SEVERITY, confidence=CONFIDENCE, cwe=CWE, text="check_hostname set"
                    )
            return None
        """,
        name="any_check_hostname",
        code="OUT599",
        example="ctx.check_hostname = False\n",
        good="ctx.verify_mode = 2\n",
        keep=PLUGIN_DIR / "out501_ssl_context_verification_off.py",
    )
    plan = export("OUT599", "B599", tree, plugins_dir=plugins, fixtures_dir=tmp_path)
    # B599 (LOW/LOW) and the earlier B510 (HIGH/HIGH) both report the one line.
    assert plan.counts == {
        "SEVERITY": {"UNDEFINED": 0, "LOW": 1, "MEDIUM": 0, "HIGH": 1},
        "CONFIDENCE": {"UNDEFINED": 0, "LOW": 1, "MEDIUM": 0, "HIGH": 1},
    }
    elsewhere = [w for w in plan.warnings if "B599 reports here too" in w]
    assert elsewhere[0] == (
        "examples/ssl_context_verification_off.py:10: B599 reports here too (check_hostname "
        "set); test_ssl_context_verification_off now counts it"
    )
    assert all(w.endswith("; test_ssl_context_verification_off now counts it") for w in elsewhere)
    tests_before = (tree / "tests/functional/test_functional.py").read_text()
    old_method = _method_text(tests_before, "test_ssl_context_verification_off")
    plan.write()
    tests_after = (tree / "tests/functional/test_functional.py").read_text()
    new_method = _method_text(tests_after, "test_ssl_context_verification_off")
    # The B510 counts it had, plus B599's LOW/LOW findings there.
    before = ast.literal_eval(ast.parse(textwrap.dedent(old_method)).body[0].body[0].value)
    after = ast.literal_eval(ast.parse(textwrap.dedent(new_method)).body[0].body[0].value)
    for kind in ("SEVERITY", "CONFIDENCE"):
        assert after[kind]["LOW"] == before[kind]["LOW"] + len(elsewhere)
        assert {k: v for k, v in after[kind].items() if k != "LOW"} == {
            k: v for k, v in before[kind].items() if k != "LOW"
        }
    # Nothing else in the file moved but the new test method.
    restored = tests_after.replace(new_method, old_method)
    added = _method_text(restored, "test_any_check_hostname")
    assert restored.replace("\n" + added, "") == tests_before
    result = run_cli("upstream", "OUT501", "--bandit-id", "B510", "--into", str(tree), "--dry-run")
    assert result.code == 0


def _method_text(source: str, name: str) -> str:
    module = ast.parse(source)
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            lines = source.splitlines(keepends=True)
            return "".join(lines[node.lineno - 1 : node.end_lineno])
    raise AssertionError(f"no {name}")


def test_a_newer_plugin_of_the_tree_is_reported(tree: Path) -> None:
    setup = tree / "setup.cfg"
    setup.write_text(
        setup.read_text().replace(
            "\thuggingface_unsafe_download = ",
            "\tbrand_new = bandit.plugins.brand_new:brand_new\n\thuggingface_unsafe_download = ",
        )
    )
    result = run_cli("upstream", "OUT601", "--bandit-id", "B616", "--into", str(tree), "--dry-run")
    assert result.code == 0
    assert result.out.startswith("diff --git a/bandit/plugins/asyncio_subprocess_shell.py")
    assert result.err == (
        "outrider: warning: the tree's plugin brand_new is not in the installed Bandit; the "
        "counts for examples/asyncio_subprocess_shell.py assume it reports nothing there\n"
    )


def test_the_next_version_comes_from_the_tree(tree: Path) -> None:
    major, minor, micro = BANDIT_VERSION.split(".")
    assert BanditTree.open(tree).next_version() == f"{major}.{minor}.{int(micro) + 1}"
    (tree / "PKG-INFO").unlink()
    # No PKG-INFO, no git: the newest versionadded among its plugins.
    found = {
        tuple(int(p) for p in m.split("."))
        for f in (tree / "bandit/plugins").glob("*.py")
        for m in re.findall(r"^\.\. versionadded:: (\S+)$", f.read_text(), re.MULTILINE)
    }
    newest = max(found)
    assert BanditTree.open(tree).next_version() == f"{newest[0]}.{newest[1]}.{newest[2] + 1}"
    subprocess.run([GIT, "init", "-q"], cwd=tree, check=True)
    subprocess.run([GIT, "add", "setup.cfg"], cwd=tree, check=True)
    subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
        cwd=tree,
        check=True,
    )
    subprocess.run([GIT, "tag", "7.3.0"], cwd=tree, check=True)
    assert BanditTree.open(tree).next_version() == "7.3.1"


# -- refusals -----------------------------------------------------------------------------


def _refused(*args: str) -> str:
    result = run_cli("upstream", *args)
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_refuses_an_id_bandit_uses(tree: Path) -> None:
    taken = _refused("OUT601", "--bandit-id", "B614", "--into", str(tree))
    assert taken == (
        "outrider: error: B614 is already taken by the plugin in bandit/plugins/pytorch_load.py; "
        "free in B6xx: B616, B617, B618"
    )
    blacklist = _refused("OUT301", "--bandit-id", "B301", "--into", str(tree))
    assert blacklist.startswith(
        "outrider: error: B301 is already taken by a blacklist in bandit/blacklists/calls.py; "
    )


def test_refuses_a_retired_id(tree: Path) -> None:
    """An id whose plugin was removed keeps its page and is never reused."""
    (tree / "doc/source/plugins/b327_gone.rst").write_text("B327: gone\n")
    message = _refused("OUT301", "--bandit-id", "B327", "--into", str(tree))
    assert message.startswith(
        "outrider: error: B327 is already taken by gone (doc/source/plugins/b327_gone.rst);"
    )


def test_refuses_an_id_of_another_rule_exported_earlier(tree: Path) -> None:
    _export("OUT501", "B510", tree)
    message = _refused("OUT501", "--bandit-id", "B511", "--into", str(tree))
    assert message == (
        "outrider: error: the tree already has a plugin named ssl_context_verification_off "
        "(bandit.plugins.ssl_context_verification_off:ssl_context_verification_off, test id B510); "
        "OUT501 cannot be added as B511"
    )


def test_refuses_to_overwrite_files_it_did_not_write(tree: Path) -> None:
    (tree / "examples/numpy_load_allow_pickle.py").write_text("# mine\n")
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(tree)) == (
        "outrider: error: examples/numpy_load_allow_pickle.py already exists in the Bandit tree; "
        "not overwriting it"
    )
    assert (tree / "examples/numpy_load_allow_pickle.py").read_text() == "# mine\n"


@pytest.mark.parametrize(
    ("code", "bid", "message"),
    [
        (
            "OUT301",
            "B501",
            "--bandit-id B501 is not in OUT301's group: OUT301 is one of the blacklists "
            "(calls), which Bandit numbers B3xx",
        ),
        (
            "OUT601",
            "B701",
            "--bandit-id B701 is not in OUT601's group: OUT601 is one of the injection, which "
            "Bandit numbers B6xx",
        ),
        ("OUT301", "B32", "--bandit-id B32: expected B followed by three digits (B310)"),
        ("OUT301", "OUT302", "--bandit-id OUT302: expected B followed by three digits (B310)"),
        ("OUT301", "B026", "--bandit-id B026: expected B followed by three digits (B310)"),
        (
            "DEP101",
            "B101",
            "DEP101 is not an outrider security rule: only Bandit plugins (OUT1xx..OUT7xx) "
            "can move to Bandit",
        ),
        ("OUT399", "B399", "no outrider security rule OUT399; `outrider rules` lists them"),
    ],
)
def test_refuses_ids_outside_the_group(tree: Path, code: str, bid: str, message: str) -> None:
    assert _refused(code, "--bandit-id", bid, "--into", str(tree)) == f"outrider: error: {message}"


def test_refuses_what_is_not_a_bandit_tree(tree: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(missing)) == (
        f"outrider: error: {missing} is not a directory (expected a Bandit source tree)"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(empty)) == (
        f"outrider: error: {empty} is not a Bandit source tree: it has no setup.cfg, "
        "bandit/__init__.py, bandit/core/test_properties.py, bandit/plugins, examples, "
        "tests/functional/test_functional.py, doc/source/plugins"
    )
    shutil.rmtree(tree / "tests")
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(tree)) == (
        f"outrider: error: {tree} is not a Bandit source tree: it has no "
        "tests/functional/test_functional.py"
    )


def test_refuses_a_tree_of_another_project(tree: Path) -> None:
    setup = tree / "setup.cfg"
    setup.write_text(setup.read_text().replace("name = bandit", "name = banditry"))
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(tree)) == (
        f"outrider: error: {tree} is not a Bandit source tree: setup.cfg does not name the "
        "bandit project"
    )
    setup.write_text(
        setup.read_text()
        .replace("name = banditry", "name = bandit")
        .replace("bandit.plugins =", "bandit.other =")
    )
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(tree)) == (
        f"outrider: error: {tree} is not a Bandit source tree: setup.cfg has no "
        "`bandit.plugins =` entry points"
    )


def _synthetic_plugins(
    tmp_path: Path,
    source: str,
    *,
    name: str,
    code: str,
    example: str,
    good: str,
    helpers: str | None = None,
    keep: Path | None = None,
) -> Path:
    """A plugins directory with outrider's helpers.py and one made-up rule (documented in
    the ruledoc shape), to exercise what no real rule does."""
    plugins = tmp_path / "synthetic_plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "helpers.py").write_text(
        (PLUGIN_DIR / "helpers.py").read_text() + textwrap.dedent(helpers or "")
    )
    if keep is not None:
        shutil.copy(keep, plugins / keep.name)

    def block(code: str) -> str:
        return "".join(f"    {line}\n" if line.strip() else "\n" for line in code.splitlines())

    doc = (
        '"""\n==================\n'
        f"{code}: A made-up rule\n"
        "==================\n\n"
        "What it does\n------------\nReports something.\n\n"
        "Why is this bad\n---------------\nIt is made up.\n\n"
        "Severity and confidence\n-----------------------\nLOW severity, as made up.\n\n"
        "Example\n-------\n.. code-block:: python\n\n" + block(example) + "\n"
        "Use instead\n-----------\n.. code-block:: python\n\n" + block(good) + "\n"
        "References\n----------\n"
        "- `CWE-20 <https://cwe.mitre.org/data/definitions/20.html>`__\n\n"
        '.. versionadded:: 0.1.0\n"""\n'
    )
    (plugins / f"{code.lower()}_{name}.py").write_text(doc + textwrap.dedent(source))
    return plugins


HELPER_NEEDS_OUTRIDER = """

def level_of(node: ast.AST) -> str:
    from outrider.model import Level

    return Level.HIGH.name


def loud(node: ast.AST) -> str:
    return level_of(node).lower() + STATE.name


from outrider.model import Level as STATE
"""


def test_refuses_helpers_that_need_outrider(tree: Path, tmp_path: Path) -> None:
    plugins = _synthetic_plugins(
        tmp_path,
        """
        from typing import Any

        from bandit.core import constants, issue
        from bandit.core import test_properties as test

        from outrider.plugins.helpers import loud, make_issue

        SEVERITY = constants.LOW
        CONFIDENCE = constants.LOW
        CWE = 20


        @test.checks("Call")
        @test.test_id("OUT197")
        def loud_call(context: Any) -> Any:
            return make_issue(context.node, loud(context.node), SEVERITY, CONFIDENCE, CWE)
        """,
        name="loud_call",
        code="OUT197",
        example="f()\n",
        good="\n",
        helpers=HELPER_NEEDS_OUTRIDER,
    )
    with pytest.raises(UpstreamError) as info:
        export("OUT197", "B197", tree, plugins_dir=plugins)
    assert str(info.value) == (
        "the rule uses outrider-only helpers that cannot be inlined: helpers.level_of imports "
        "outrider.model, which is neither the standard library nor Bandit; helpers.loud uses "
        "STATE from outrider.model, which is neither the standard library nor Bandit"
    )
    # Without the module-level import, the import inside level_of still refuses.
    (plugins / "helpers.py").write_text(
        (plugins / "helpers.py").read_text().replace(" + STATE.name", "")
    )
    with pytest.raises(UpstreamError) as info:
        export("OUT197", "B197", tree, plugins_dir=plugins)
    assert str(info.value) == (
        "the rule uses outrider-only helpers that cannot be inlined: helpers.level_of imports "
        "outrider.model, which is neither the standard library nor Bandit"
    )


@pytest.mark.parametrize(
    ("imports", "message"),
    [
        (
            "from outrider.model import Level",
            "OUT196 cannot move to Bandit as it is: line 41: from outrider.model import Level "
            "(only top-level `from outrider.plugins.helpers import NAME` can be inlined)",
        ),
        (
            "from outrider.plugins.helpers import make_issue as mk",
            "OUT196 cannot move to Bandit as it is: line 41: helper make_issue imported as mk "
            "(import helpers under their own names)",
        ),
        (
            "import yaml",
            "OUT196 cannot move to Bandit as it is: line 41: import yaml (Bandit does not "
            "depend on yaml)",
        ),
        (
            "from outrider.plugins.helpers import nothing_here",
            "OUT196 imports nothing_here from outrider.plugins.helpers, which does not define it",
        ),
    ],
)
def test_refuses_imports_that_cannot_move(
    tree: Path, tmp_path: Path, imports: str, message: str
) -> None:
    plugins = _synthetic_plugins(
        tmp_path,
        f"""
        from typing import Any

        from bandit.core import constants, issue
        from bandit.core import test_properties as test
        {imports}

        SEVERITY = constants.LOW
        CONFIDENCE = constants.LOW
        CWE = 20


        @test.checks("Call")
        @test.test_id("OUT196")
        def some_call(context: Any) -> Any:
            return None
        """,
        name="some_call",
        code="OUT196",
        example="f()\n",
        good="\n",
    )
    with pytest.raises(UpstreamError) as info:
        export("OUT196", "B196", tree, plugins_dir=plugins)
    assert str(info.value) == message


def test_refuses_a_rule_whose_export_reports_nothing(tree: Path, tmp_path: Path) -> None:
    plugins = _synthetic_plugins(
        tmp_path,
        """
        from typing import Any

        from bandit.core import constants, issue
        from bandit.core import test_properties as test

        SEVERITY = constants.LOW
        CONFIDENCE = constants.LOW
        CWE = 20


        @test.checks("Call")
        @test.test_id("OUT195")
        def never(context: Any) -> Any:
            return None
        """,
        name="never",
        code="OUT195",
        example="f()\n",
        good="\n",
    )
    with pytest.raises(UpstreamError, match=r"^the exported B195 reports nothing on its example$"):
        export("OUT195", "B195", tree, plugins_dir=plugins, fixtures_dir=tmp_path)


def test_refuses_without_black(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "black", None)
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(tree)) == (
        "outrider: error: outrider upstream formats the plugin as Bandit does, with black, "
        "which is not installed: pip install 'outrider[upstream]'"
    )


def test_upstream_needs_its_arguments() -> None:
    result = run_cli("upstream", "OUT301")
    assert result.code == 2
    assert "--bandit-id" in result.err


# -- what no real rule does yet -------------------------------------------------------------

KITCHEN_HELPERS = '''

_SHELLS = frozenset({"sh", "bash"})
_DEFAULT_LIMIT = 3


def is_shell(name: str, shells: frozenset[str] = _SHELLS) -> bool:
    """Whether ``name`` is one of the shells this helper knows of, in a first line longer than the limit.

    - a list item that is re-filled as a list item, however long it happens to be in the end
    - another
    """
    return name in shells


class Counter:
    """Counts."""

    def __init__(self) -> None:
        self.n = _DEFAULT_LIMIT
'''

KITCHEN_RULE = """
from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import Counter, is_shell, make_issue

if TYPE_CHECKING:
    from collections.abc import Sequence

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.OS_COMMAND_INJECTION
KNOWN: frozenset[str] = frozenset({"sh"}) if is_shell("sh") else frozenset()
LATER: int
MESSAGE = "A shell named in a call to run(): whatever follows it is a script that the shell interprets, quoted or not."
# A standalone comment that is long enough that it has to be wrapped to fit in the columns Bandit allows.
PARTS = "one " 'two ' "three"


def _names(node: Any) -> Sequence[str]:  # type: ignore[misc]
    return [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


@test.checks("Call")
@test.test_id("OUT194")
def shell_named(context: Any) -> Any:
    counter = Counter()
    if context.call_function_name_qual != "run":
        return None
    for name in _names(context.node):
        if is_shell(name) and counter.n and name not in PARTS:
            return make_issue(context.node, MESSAGE, SEVERITY, CONFIDENCE, CWE)
    return None
"""


def test_what_outrider_adds_for_itself_goes(tree: Path, tmp_path: Path) -> None:
    from outrider.upstream import run

    plugins = _synthetic_plugins(
        tmp_path,
        KITCHEN_RULE,
        name="shell_named",
        code="OUT194",
        example='run("bash", "-c", "x")\nrun("ls")\n',
        good='run("ls")\n',
        helpers=KITCHEN_HELPERS,
    )
    plan = export("OUT194", "B194", tree, plugins_dir=plugins, fixtures_dir=tmp_path)
    text = plan.files["bandit/plugins/shell_named.py"][1]
    module = ast.parse(text)
    doc_end = module.body[0].end_lineno or 0
    code = "\n".join(text.splitlines()[doc_end:])
    for gone in ("__future__", "TYPE_CHECKING", "typing", "Any", "LATER", "# type:", "Sequence"):
        assert gone not in code, gone
    assert all(len(line) <= 79 for line in code.splitlines())
    # Helpers in helpers.py's order, with the constants they need, before the first use
    # (KNOWN calls is_shell at import time).
    assert [
        s.name if isinstance(s, ast.FunctionDef | ast.ClassDef) else ast.unparse(s).split(" ")[0]
        for s in module.body[1:]
        if not isinstance(s, ast.Import | ast.ImportFrom)
    ] == [
        "make_issue",
        "_SHELLS",
        "_DEFAULT_LIMIT",
        "is_shell",
        "Counter",
        "SEVERITY",
        "CONFIDENCE",
        "CWE",
        "KNOWN",
        "MESSAGE",
        "PARTS",
        "_names",
        "shell_named",
    ]
    assert (
        "MESSAGE = (\n"
        '    "A shell named in a call to run(): whatever follows it is a script that "\n'
        '    "the shell interprets, quoted or not."\n'
        ")\n"
    ) in code
    assert (
        "# A standalone comment that is long enough that it has to be wrapped to fit in\n"
        "# the columns Bandit allows.\n"
    ) in code
    assert 'PARTS = "one " "two " "three"\n' in code
    assert (
        '    """Whether ``name`` is one of the shells this helper knows of, in a first\n'
        "    line longer than the limit.\n"
        "\n"
        "    - a list item that is re-filled as a list item, however long it happens\n"
        "      to be in the end\n"
        "    - another\n"
        '    """\n'
    ) in code
    assert "KNOWN = " in code
    assert "def is_shell(name, shells=_SHELLS):" in code
    func = run.load_plugin(text, "bandit.plugins.shell_named", "shell_named")
    (tmp_path / "scan").mkdir()
    (tmp_path / "scan" / "x.py").write_text('run("bash", "-c", "x")\nrun("ls")\nrun("sh")\n')
    assert [f.line for f in run.scan_examples(func, tmp_path / "scan", skip="")] == [1, 3]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (
                "from outrider.plugins.helpers import",
                "from . import helpers\nfrom outrider.plugins.helpers import",
            ),
            "OUT194 cannot move to Bandit as it is: line 45: a relative import",
        ),
        (
            ("def _names(", '@test.test_id("OUT194")\ndef _names('),
            '@test.test_id("OUT194") exactly once (found 2)',
        ),
        (
            ("def _names(", "def is_shell(x):\n    return x\n\n\ndef _names("),
            "cannot inline helpers is_shell: OUT194 defines the same names",
        ),
        (
            ("CWE = issue.Cwe.OS_COMMAND_INJECTION", "CWE_ID = 78"),
            "out194_shell_named.py has no CWE constant (docs/development.md)",
        ),
        (
            ("\nSEVERITY", "\nSEVERITY = helpers_missing()\nSEVERITY"),
            "",
        ),
    ],
)
def test_refuses_rules_that_break_the_conventions(
    tree: Path, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    rule = KITCHEN_RULE.replace(*change)
    plugins = _synthetic_plugins(
        tmp_path,
        rule,
        name="shell_named",
        code="OUT194",
        example='run("bash")\n',
        good="\n",
        helpers=KITCHEN_HELPERS,
    )
    if not message:
        # An undefined name is the rule's own bug: the export runs it and says so.
        with pytest.raises(NameError):
            export("OUT194", "B194", tree, plugins_dir=plugins, fixtures_dir=tmp_path)
        return
    with pytest.raises(UpstreamError) as info:
        export("OUT194", "B194", tree, plugins_dir=plugins, fixtures_dir=tmp_path)
    assert str(info.value).endswith(message), str(info.value)


def test_refuses_a_helper_that_uses_an_undefined_name(tree: Path, tmp_path: Path) -> None:
    plugins = _synthetic_plugins(
        tmp_path,
        KITCHEN_RULE,
        name="shell_named",
        code="OUT194",
        example='run("bash")\n',
        good="\n",
        helpers=KITCHEN_HELPERS.replace("return name in shells", "return name in shells or MAGIC"),
    )
    with pytest.raises(UpstreamError) as info:
        export("OUT194", "B194", tree, plugins_dir=plugins, fixtures_dir=tmp_path)
    assert str(info.value) == (
        "the rule uses outrider-only helpers that cannot be inlined: helpers.is_shell uses "
        "MAGIC, which helpers.py does not define"
    )


# -- the tree, on small made-up trees -------------------------------------------------------

MINI_SETUP = """[metadata]
name = bandit

[entry_points]
bandit.plugins =
    one = bandit.plugins.one:one
    two = bandit.plugins.two:two
bandit.formatters =
    txt = bandit.formatters.text:report"""

MINI_TESTS = """import testtools


class FunctionalTests(testtools.TestCase):
    def test_one(self):
        pass"""


def _mini_tree(root: Path) -> Path:
    """The files a Bandit tree must have, with nothing in them: our own, not Bandit's."""
    for rel in ("bandit/plugins", "examples", "doc/source/plugins", "tests/functional"):
        (root / rel).mkdir(parents=True)
    (root / "bandit/core").mkdir()
    (root / "bandit/__init__.py").write_text("")
    (root / "bandit/core/test_properties.py").write_text("")
    (root / "setup.cfg").write_text(MINI_SETUP)
    (root / "tests/functional/test_functional.py").write_text(MINI_TESTS)
    (root / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: bandit\nVersion: 1.10.0.dev3\n")
    return root


def test_tree_edits_keep_a_compact_layout(tmp_path: Path) -> None:
    from outrider.upstream.tree import add_entry_point, put_test_method

    tree = BanditTree.open(_mini_tree(tmp_path))
    block = tree.entry_points()
    assert block.entries == {"one": "bandit.plugins.one:one", "two": "bandit.plugins.two:two"}
    assert (block.indent, block.separator) == ("    ", None)
    assert add_entry_point(MINI_SETUP, block, "three = bandit.plugins.three:three") == (
        MINI_SETUP.replace("two:two\n", "two:two\n    three = bandit.plugins.three:three\n")
    )
    methods = tree.test_methods()
    assert methods == {"test_one": (5, 6)}
    new = "    def test_two(self):\n        pass\n"
    assert put_test_method(MINI_TESTS, new, None) == MINI_TESTS + "\n\n" + new
    assert (
        put_test_method(MINI_TESTS + "\n", new, methods["test_one"])
        == MINI_TESTS.replace("    def test_one(self):\n        pass", new.rstrip("\n")) + "\n"
    )
    assert tree.next_version() == "1.10.0"
    assert tree.style() == Style(79, ())
    assert tree.doc_stub_template() == []
    assert tree.taken_ids() == {}


def test_tree_style_comes_from_its_configuration(tmp_path: Path) -> None:
    root = _mini_tree(tmp_path)
    (root / "tox.ini").write_text("[flake8]\nmax-line-length = 99\n")
    assert BanditTree.open(root).style() == Style(99, ())
    (root / "pyproject.toml").write_text(
        '[tool.black]\ntarget-version = ["py39"]\nline-length = 88\n'
    )
    assert BanditTree.open(root).style() == Style(88, ("py39",))
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n- repo: https://github.com/psf/black\n  hooks:\n  - id: black\n"
        "    args: [-l 72, --target-version=py310]\n"
    )
    assert BanditTree.open(root).style() == Style(72, ("py310",))


def test_tree_version_problems(tmp_path: Path) -> None:
    root = _mini_tree(tmp_path)
    (root / "PKG-INFO").write_text("Version: banana\n")
    with pytest.raises(UpstreamError, match="the Bandit tree's version 'banana' is not a version"):
        BanditTree.open(root).next_version()
    (root / "PKG-INFO").unlink()
    with pytest.raises(UpstreamError, match="cannot tell the version of the Bandit tree"):
        BanditTree.open(root).next_version()


def test_tree_with_broken_functional_tests(tmp_path: Path) -> None:
    root = _mini_tree(tmp_path)
    tests = root / "tests/functional/test_functional.py"
    tests.write_text("class FunctionalTests(:\n")
    with pytest.raises(UpstreamError, match=r"test_functional\.py does not parse"):
        BanditTree.open(root).test_methods()
    tests.write_text("class Other:\n    pass\n")
    with pytest.raises(UpstreamError, match="has no class FunctionalTests"):
        BanditTree.open(root).test_methods()


# -- re-filling RST -------------------------------------------------------------------------


def test_refill_keeps_rst_structure() -> None:
    from outrider.upstream.doc import refill

    text = (
        "A paragraph long enough to be wrapped, with a dash - placed where a line could "
        "start with it.\n\n"
        "- an item long enough to be wrapped onto a second line of its own, surely\n"
        "  continued here\n- short\n\n"
        ".. code-block:: python\n\n    x = 1\n\n\n    y = 2\n\n"
        "Text ending with::\n\n    literal\n"
    )
    assert refill(text, 40) == (
        "A paragraph long enough to be wrapped,\nwith a dash - placed where a line could\n"
        "start with it.\n\n"
        "- an item long enough to be wrapped onto\n  a second line of its own, surely\n"
        "  continued here\n- short\n\n"
        ".. code-block:: python\n\n    x = 1\n\n\n    y = 2\n\n"
        "Text ending with::\n\n    literal"
    )
    # A word that would start a line as a bullet, an enumerator or a directive moves up.
    assert refill("aaaa bbbb - cccc dddd", 10) == "aaaa bbbb -\ncccc\ndddd"
    assert refill("aaaa bbbb 1. cccc .. dddd", 10) == "aaaa bbbb 1.\ncccc ..\ndddd"


def test_code_blocks_black_cannot_parse_stay_as_written() -> None:
    import black

    from outrider.upstream.doc import fit_code_blocks

    def formatter(code: str, width: int) -> str:
        return black.format_str(code, mode=black.Mode(line_length=width))

    odd = ".. code-block:: python\n\n    this is not python at all, and longer than the width\n"
    assert fit_code_blocks(odd, 40, formatter) == odd
    assert fit_code_blocks(odd, 40, None) == odd
    long = ".. code-block:: python\n\n    value = compute(first_argument, second_argument)\n"
    assert fit_code_blocks(long, 40, formatter) == (
        ".. code-block:: python\n\n    value = compute(\n        first_argument, second_argument\n    )\n"
    )


def test_refuses_a_test_or_page_of_the_same_name(tree: Path) -> None:
    from outrider.upstream.tree import put_test_method

    tests = tree / "tests/functional/test_functional.py"
    original = tests.read_text()
    tests.write_text(
        put_test_method(
            original, "    def test_numpy_load_allow_pickle(self):\n        pass\n", None
        )
    )
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(tree)) == (
        "outrider: error: tests/functional/test_functional.py already has "
        "test_numpy_load_allow_pickle"
    )
    tests.write_text(original)
    (tree / "doc/source/plugins/b399_numpy_load_allow_pickle.rst").write_text("x\n")
    assert _refused("OUT301", "--bandit-id", "B326", "--into", str(tree)) == (
        "outrider: error: doc/source/plugins/b399_numpy_load_allow_pickle.rst already documents "
        "numpy_load_allow_pickle"
    )


def test_fixtures_come_from_the_checkout_or_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install finds the checkout's fixtures beside the package; installed
    from the checkout into site-packages (as CI does), the current directory's."""
    import outrider
    from outrider.upstream import default_fixtures_dir

    assert default_fixtures_dir() == FIXTURES / "security"
    site = tmp_path / "venv" / "lib" / "site-packages" / "outrider"
    site.mkdir(parents=True)
    monkeypatch.setattr(outrider, "__file__", str(site / "__init__.py"))
    checkout = tmp_path / "checkout"
    (checkout / "fixtures" / "security").mkdir(parents=True)
    monkeypatch.chdir(checkout)
    assert default_fixtures_dir() == checkout / "fixtures" / "security"


def test_a_helpers_closures_and_comprehensions_need_only_module_names() -> None:
    from outrider.upstream.source import _analyse_helpers

    helpers = _analyse_helpers(
        "import ast\n"
        "LIMIT = 3\n"
        "def index(node):\n"
        "    found = {}\n"
        "    def add(name):\n"
        "        found.setdefault(name, []).append(LIMIT)\n"
        "    for child in ast.walk(node):\n"
        "        add(type(child).__name__)\n"
        "    return found\n"
        "def named(nodes, name):\n"
        "    return [n for n in nodes if getattr(n, 'id', None) == name and n is not MISSING]\n"
    )
    # Builtins count as needs too (the closure skips them); ``found``, ``name`` and
    # ``add`` are the helpers' own.
    assert helpers.needs["index"] == {"ast", "LIMIT", "type"}
    # MISSING is a module name helpers.py does not define: still needed, and refused.
    assert helpers.needs["named"] == {"MISSING", "getattr"}
