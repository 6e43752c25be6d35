"""The pins check: routing, configuration, project kinds, rule pages and their examples,
position scanners, URL rules, and findings in included files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from outrider.checks.pins import deps as D
from outrider.checks.pins import jsonpos, tomlpos
from outrider.checks.pins.check import _detect_kind, format_of
from outrider.checks.pins.rules import SPECS, all_rules
from outrider.ruledoc import parse

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def findings(*args: str, cwd: Path | None = None) -> list[tuple[str, int, str]]:
    result = run_cli("check", "--check", "pins", "--format", "json", "-q", *args, cwd=cwd)
    doc = json.loads(result.out)
    return sorted((f["path"], f["line"], f["code"]) for f in doc["findings"])


# -- routing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("requirements.txt", "requirements"),
        ("requirements-dev.txt", "requirements"),
        ("dev-requirements.in", "requirements"),
        ("requirements/base.txt", "requirements"),
        ("reqs/test.in", "requirements"),
        ("constraints.txt", "requirements"),
        ("requirements.pip", "requirements"),
        ("a/b/pyproject.toml", "pyproject"),
        ("setup.cfg", "setup.cfg"),
        ("Pipfile", "Pipfile"),
        ("Pipfile.lock", "Pipfile.lock"),
        ("poetry.lock", "poetry.lock"),
        ("pdm.lock", "pdm.lock"),
        ("uv.lock", "uv.lock"),
        ("pylock.toml", "pylock"),
        ("pylock.dev.toml", "pylock"),
        (".pre-commit-config.yaml", "pre-commit"),
        (".github/workflows/ci.yml", "workflow"),
        ("x/.github/workflows/release.yaml", "workflow"),
        ("action.yml", "workflow"),
        ("MANIFEST.in", None),
        ("config.h.in", None),
        ("notes.txt", None),
        ("docs/conf.yml", None),
        ("tox.ini", None),
        ("requirements.py", None),
    ],
)
def test_routing(path: str, fmt: str | None) -> None:
    assert format_of(path) == fmt


# -- configuration ----------------------------------------------------------------------


def _project(tmp_path: Path, pins: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.outrider.pins]\n{pins}\n")
    return tmp_path


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('project = "service"', "tool.outrider.pins.project: expected one of auto"),
        ('require-hashes = "yes"', "tool.outrider.pins.require-hashes: expected true or false"),
        ('typosquat-allow = "x"', "tool.outrider.pins.typosquat-allow: expected a list"),
        ("pinned = true", "tool.outrider.pins.pinned: unknown key"),
    ],
)
def test_bad_configuration_is_a_usage_error(tmp_path: Path, table: str, message: str) -> None:
    project = _project(tmp_path, table)
    result = run_cli("check", "--check", "pins", str(project), cwd=project)
    assert result.code == 2
    assert message in result.err


def test_project_kind_can_be_forced(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "x"\nversion = "1"\ndependencies = ["requests>=2", "idna==3.10"]\n'
    )
    assert findings(str(tmp_path), cwd=tmp_path) == [("pyproject.toml", 7, "PIN102")]
    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text()
        + '\n[tool.outrider.pins]\nproject = "application"\n'
    )
    assert findings(str(tmp_path), cwd=tmp_path) == [("pyproject.toml", 7, "PIN101")]


def test_require_hashes_setting_applies_to_requirements_not_inputs(tmp_path: Path) -> None:
    _project(tmp_path, "require-hashes = true")
    (tmp_path / "requirements.txt").write_text("requests==2.32.3\n")
    # The input needs no hashes (its compiled output has them), only coverage by it.
    (tmp_path / "requirements.in").write_text("requests\nidna\n")
    assert findings(str(tmp_path), cwd=tmp_path) == [
        ("requirements.in", 2, "PIN101"),
        ("requirements.txt", 1, "PIN201"),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (None, "application"),
        ("not [toml", "application"),
        ('[project]\nname = "x"\n', "application"),
        ('[build-system]\nrequires = ["setuptools"]\n', "unknown"),
        ('[build-system]\nrequires = []\n[project]\nname = "x"\n', "library"),
        ('[build-system]\n[project]\nname = "x"\n[tool.uv]\npackage = false\n', "application"),
        (
            '[build-system]\n[project]\nname = "x"\n[tool.pdm]\ndistribution = false\n',
            "application",
        ),
        (
            '[build-system]\n[project]\nname = "x"\nclassifiers = ["Private :: Do Not Upload"]\n',
            "application",
        ),
        ('[tool.poetry]\nname = "x"\n', "library"),
        ('[tool.poetry]\nname = "x"\npackage-mode = false\n', "application"),
        ("[tool.black]\nline-length = 100\n", "unknown"),
    ],
)
def test_project_kind_detection(text: str | None, kind: str) -> None:
    assert _detect_kind(text) == kind


def test_setup_cfg_project_is_a_library(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[options]\ninstall_requires =\n    requests==2.32.3\n")
    assert findings(str(tmp_path), cwd=tmp_path) == [("setup.cfg", 3, "PIN102")]
    # A pyproject.toml with build settings only leaves the metadata to setup.cfg.
    (tmp_path / "pyproject.toml").write_text('[build-system]\nrequires = ["setuptools"]\n')
    assert findings(str(tmp_path), cwd=tmp_path) == [("setup.cfg", 3, "PIN102")]


def test_lock_file_covers_application_dependencies(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "1"\ndependencies = ["requests", "idna"]\n'
    )
    assert [c for _, _, c in findings(str(tmp_path), cwd=tmp_path)] == ["PIN101", "PIN101"]
    (tmp_path / "pylock.prod.toml").write_text(
        'lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "Requests"\n'
        '[packages.directory]\npath = "."\n'
    )
    assert findings(str(tmp_path), cwd=tmp_path) == [("pyproject.toml", 4, "PIN101")]


def test_pipfile_lock_covers_pipfile(tmp_path: Path) -> None:
    (tmp_path / "Pipfile").write_text('[packages]\nrequests = "*"\nidna = "*"\n')
    (tmp_path / "Pipfile.lock").write_text(
        json.dumps({"_meta": {}, "default": {"requests": {"editable": True, "path": "."}}})
    )
    assert findings(str(tmp_path), cwd=tmp_path) == [("Pipfile", 3, "PIN101")]


# -- rules and their pages --------------------------------------------------------------


def test_rules_are_documented_in_the_ruledoc_shape() -> None:
    rules = all_rules()
    assert [r.code for r in rules] == sorted(SPECS)
    for rule in rules:
        doc = parse(SPECS[rule.code].doc)
        assert doc.code == rule.code
        assert doc.missing_sections() == []
        assert doc.version_added
        assert rule.check == "pins"
        assert rule.url.endswith(f"/docs/rules/{rule.code}.md")
        if rule.cwe:
            assert f"CWE-{rule.cwe}" in doc.sections["References"]
        assert f"{rule.severity.name} severity" in doc.sections["Severity and confidence"]


def _write_example(tmp_path: Path, block: str) -> Path:
    first, _, body = block.partition("\n")
    assert first.startswith("# "), "an example names its file on its first line"
    target = tmp_path / first[2:].strip()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body)
    return target


@pytest.mark.parametrize("code", sorted(SPECS))
def test_rule_examples(code: str, tmp_path: Path) -> None:
    doc = parse(SPECS[code].doc)
    bad = _write_example(tmp_path / "bad", doc.bad_example)
    good = _write_example(tmp_path / "good", doc.good_example)
    bad_codes = {c for _, _, c in findings("--isolated", str(bad), cwd=tmp_path)}
    good_codes = {c for _, _, c in findings("--isolated", str(good), cwd=tmp_path)}
    assert code in bad_codes, f"{code}: the Example is not reported"
    assert code not in good_codes, f"{code}: the 'Use instead' is reported"


def test_rule_pages_are_generated(tmp_path: Path) -> None:
    for code in SPECS:
        assert (ROOT / "docs" / "rules" / f"{code}.md").exists(), code


# -- suppression, includes and the engine -------------------------------------------------


def test_inline_suppression_in_every_commented_format(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("requests>=2  # outrider: ignore[PIN101]\n")
    (tmp_path / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: https://github.com/x/y\n    rev: v1  # outrider: ignore[PIN303]\n"
        "    hooks: [{id: z}]\n"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "a"\ndependencies = [\n  "requests",  # outrider: ignore[PIN1]\n]\n'
    )
    assert findings(str(tmp_path), cwd=tmp_path) == []


def test_findings_in_included_file_follow_that_files_suppressions(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r base.list\n-r base.list\n")
    (tmp_path / "base.list").write_text(
        "--trusted-host a.example\n--trusted-host b.example  # outrider: ignore[PIN402]\n"
    )
    # Reported once although included twice; the suppression of base.list applies.
    assert findings(str(tmp_path), cwd=tmp_path) == [("base.list", 1, "PIN402")]


def test_findings_in_an_excluded_included_file_are_dropped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.outrider]\nextend-exclude = ["vendor/"]\n')
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "base.list").write_text("--trusted-host a.example\n")
    (tmp_path / "requirements.txt").write_text("-r vendor/base.list\n--trusted-host b.example\n")
    assert findings(str(tmp_path), cwd=tmp_path) == [("requirements.txt", 2, "PIN402")]


def test_two_includers_report_a_shared_file_once(tmp_path: Path) -> None:
    (tmp_path / "requirements-a.txt").write_text("-r shared.list\n")
    (tmp_path / "requirements-b.txt").write_text("-r shared.list\n")
    (tmp_path / "shared.list").write_text("idna>=3\n")
    assert findings(str(tmp_path), cwd=tmp_path) == [("shared.list", 1, "PIN101")]


def test_credentials_are_never_echoed(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "--index-url https://ci:hunter2@pkgs.example.org/simple\n"
        "pkg @ https://ghp_0123456789abcdefghij@files.example.org/pkg-1.0.tar.gz\n"
    )
    result = run_cli("check", "--check", "pins", "--format", "json", str(tmp_path), cwd=tmp_path)
    assert "hunter2" not in result.out
    assert "ghp_0123456789abcdefghij" not in result.out
    assert [f["code"] for f in json.loads(result.out)["findings"]].count("PIN408") == 2


def test_bad_input_is_a_file_error_never_a_crash(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_bytes(b"caf\xe9==1\n")
    (tmp_path / "uv.lock").write_bytes(b"\xff\xfe[[")
    (tmp_path / "Pipfile.lock").write_text("[1, 2]")
    (tmp_path / ".pre-commit-config.yaml").write_text("- just\n- a list\n")
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text("jobs: [1, 2]\non: push\n")
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = "requests"\n')
    result = run_cli("check", "--check", "pins", "--format", "json", str(tmp_path), cwd=tmp_path)
    doc = json.loads(result.out)
    errors = {(e["path"], e["line"]) for e in doc["errors"]}
    assert errors == {
        ("requirements.txt", None),
        ("uv.lock", 1),
        ("Pipfile.lock", 1),
        (".pre-commit-config.yaml", 1),
        ("pyproject.toml", 2),
    }
    assert result.code == 1
    assert "internal error" not in result.out


# -- parsers and position scanners ----------------------------------------------------------


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))] or [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))] or [path]
    return [path]


TOML_FILES = sorted(
    p
    for p in (FIXTURES / "pins").rglob("*")
    if p.name in ("pyproject.toml", "poetry.lock", "pdm.lock", "uv.lock", "pylock.toml", "Pipfile")
    and "malformed" not in p.parts
)


@pytest.mark.parametrize("path", TOML_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_toml_positions_cover_every_value(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    positions = tomlpos.scan(text)
    lines = text.splitlines()
    for leaf in _leaves(data):
        if not leaf:
            continue
        assert leaf in positions, leaf
        line = positions.line(leaf)
        key = leaf[-1]
        if isinstance(key, str) and not isinstance(leaf[-2] if len(leaf) > 1 else None, int):
            assert key.split(".")[0] in lines[line - 1] or '"' in lines[line - 1], (leaf, line)


_KEYS = st.text(alphabet="abcxyz-_", min_size=1, max_size=5)
_SCALARS = st.one_of(
    st.integers(-5, 5), st.booleans(), st.text(alphabet="ab \"\\\n'#=[]{},.", max_size=6)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, st.dictionaries(_KEYS, _VALUES, max_size=4), max_size=3))
def test_json_positions_match_json(data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=2)
    positions = jsonpos.scan(text)
    for leaf in _leaves(data):
        if leaf:
            assert leaf in positions, leaf


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[\n  " + ",\n  ".join(_toml_value(v) for v in value) + "\n]"
    return "{ " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + " }"


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(_KEYS, st.dictionaries(_KEYS, _VALUES, max_size=4), max_size=3),
    st.lists(st.dictionaries(_KEYS, _SCALARS, min_size=1, max_size=3), max_size=3),
)
def test_toml_positions_on_generated_documents(
    tables: dict[str, dict[str, Any]], packages: list[dict[str, Any]]
) -> None:
    out: list[str] = []
    for name, table in tables.items():
        out.append(f'["t.{name}"]  # a comment')
        out.extend(f'"{k}" = {_toml_value(v)}' for k, v in table.items())
    for package in packages:
        out.append("[[package]]")
        out.extend(f"{k} = {_toml_value(v)}" for k, v in package.items())
    text = "\n".join(out) + "\n"
    data = tomllib.loads(text)
    positions = tomlpos.scan(text)
    for leaf in _leaves(data):
        if leaf:
            assert leaf in positions, (leaf, text)


def test_toml_positions_of_keys_with_escapes() -> None:
    """Quoted keys are recorded under the key tomllib reads, escapes decoded."""
    text = (
        '[tool."q\\"uote"]\n'
        '"caf\\u00e9" = "a"\n'
        '"smile\\U0001F600" = ["b",\n  "c"]\n'
        '"tab\\tand\\\\back" = 1\n'
        "'literal\\u00e9' = 2\n"
    )
    data = tomllib.loads(text)
    positions = tomlpos.scan(text)
    table = data["tool"]['q"uote']
    assert set(table) == {"caf\u00e9", "smile\U0001f600", "tab\tand\\back", "literal\\u00e9"}
    where = {key: positions.line(("tool", 'q"uote', key)) for key in table}
    assert where == {
        "caf\u00e9": 2,
        "smile\U0001f600": 3,
        "tab\tand\\back": 5,
        "literal\\u00e9": 6,
    }
    assert positions.line(("tool", 'q"uote', "smile\U0001f600", 1)) == 4


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://user:pass@host/simple", True),
        ("https://__token__:${TOKEN}@host/simple", False),
        ("https://${USER}:${TOKEN}@host/simple", False),
        ("https://user:@host/simple", False),
        ("https://ghp_0123456789abcdefghij@host/simple", True),
        ("https://alice@host/simple", False),
        ("git+ssh://git@github.com/x/y.git", False),
        ("ssh://git:secret@host/x", True),
        ("https://host/simple", False),
        ("http://[::1", False),
    ],
)
def test_credentials(url: str, secret: bool) -> None:
    assert D.has_credentials(url) is secret
    if secret:
        assert "***@" in D.redact(url)
        assert "pass" not in D.redact(url)


@pytest.mark.parametrize(
    ("vcs", "ref", "pinned"),
    [
        ("git", "8f3d1b2c4a5e6f708192a3b4c5d6e7f8091a2b3c", True),
        ("git", "a" * 64, True),
        ("git", "8f3d1b2", False),
        ("git", "main", False),
        ("git", None, False),
        ("hg", "8f3d1b2c4a5e6f708192a3b4c5d6e7f8091a2b3c", True),
        ("svn", "2019", True),
        ("svn", "HEAD", False),
        ("bzr", "42", False),
        ("bzr", "revid:someone@example.org-20240101", True),
    ],
)
def test_vcs_pinning(vcs: str, ref: str | None, pinned: bool) -> None:
    assert D.vcs_pinned(vcs, ref) is pinned


@pytest.mark.parametrize(
    ("text", "editable", "name", "pinned", "url"),
    [
        ("requests==2.32.3", False, "requests", True, None),
        ("Requests_Toolbelt===1.0", False, "requests-toolbelt", True, None),
        ("idna==3.*", False, "idna", False, None),
        ("idna>=3", False, "idna", False, None),
        ("idna ; python_version<'4'", False, "idna", False, None),
        (
            "https://h.example/pkg-1.0.tar.gz#egg=pkg",
            False,
            "pkg",
            True,
            "https://h.example/pkg-1.0.tar.gz#egg=pkg",
        ),
        (
            "https://h.example/a_b-1.0-py3-none-any.whl",
            False,
            "a-b",
            True,
            "https://h.example/a_b-1.0-py3-none-any.whl",
        ),
        (
            "git+https://h.example/r.git@v1#egg=r",
            False,
            "r",
            False,
            "git+https://h.example/r.git@v1#egg=r",
        ),
        ("./local/pkg", False, None, True, None),
        ("pkg.whl", False, None, True, None),
        (
            "git+https://h.example/r.git#egg=r",
            True,
            "r",
            False,
            "git+https://h.example/r.git#egg=r",
        ),
        (
            "git:https://h.example/r.git#egg=r",
            True,
            "r",
            False,
            "git+git:https://h.example/r.git#egg=r",
        ),
        (".[dev]", True, None, True, None),
    ],
)
def test_pip_requirement_forms(
    text: str, editable: bool, name: str | None, pinned: bool, url: str | None
) -> None:
    dep = D.from_pip(text, 1, editable=editable)
    assert dep.error is None
    assert (dep.name, dep.pinned, dep.url) == (name, pinned, url)


def test_hook_files_pattern_agrees_with_routing() -> None:
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "outrider-pins")
    assert hook["entry"] == "outrider check --check pins"
    pattern = re.compile(hook["files"])
    paths = [
        "requirements.txt",
        "sub/requirements-dev.txt",
        "dev-requirements.in",
        "requirements/base.txt",
        "reqs/test.in",
        "constraints.txt",
        "requirements.pip",
        "pyproject.toml",
        "a/setup.cfg",
        "Pipfile",
        "Pipfile.lock",
        "poetry.lock",
        "pdm.lock",
        "uv.lock",
        "pylock.toml",
        "pylock.dev.toml",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "action.yaml",
        "MANIFEST.in",
        "notes.txt",
        "docs/conf.yml",
        "requirements.py",
        "mypylock.toml",
    ]
    for path in paths:
        assert bool(pattern.search(path)) == (format_of(path) is not None), path


def test_checking_python_files_imports_no_pins_machinery(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "m.py").write_text("x = 1\n")
    code = (
        "import sys\nfrom outrider.cli import main\n"
        f"main(['check', '--isolated', '-q', {str(tmp_path / 'm.py')!r}])\n"
        "heavy = [m for m in ('outrider.checks.pins.formats', 'outrider.checks.pins.deps', "
        "'outrider.checks.pins.reqfile', 'outrider.checks.pins.rules') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]"


SHA = "8f3d1b2c4a5e6f708192a3b4c5d6e7f8091a2b3c"
HEX = "a" * 64

# (file name, content, expected (line, code) set; "ERROR" for a file error)
FORM_CASES: list[tuple[str, str, set[tuple[int, str]]]] = [
    (
        "poetry.lock",
        '[[package]]\nname = "old"\nversion = "1"\n\n[metadata]\n[metadata.files]\n'
        f'old = [{{file = "old-1.tar.gz", hash = "sha256:{HEX}"}}]\n'
        "new = []\n",
        set(),
    ),
    (
        "poetry.lock",
        '[[package]]\nname = "u"\nversion = "1"\nfiles = []\n[package.source]\ntype = "url"\n'
        'url = "http://h.example/u-1.tar.gz"\n',
        {(7, "PIN403"), (2, "PIN207")},
    ),
    (
        "poetry.lock",
        '[[package]]\nname = "d"\nversion = "1"\nfiles = []\n[package.source]\n'
        'type = "directory"\nurl = "../d"\n[[package]]\nversion = "2"\n',
        {(8, "ERROR")},
    ),
    (
        "pdm.lock",
        f'[[package]]\nname = "m"\nversion = "1"\nhg = "https://h.example/m"\nrevision = "{SHA}"\n'
        '[[package]]\nname = "e"\nversion = "1"\npath = "."\neditable = true\n'
        '[[package]]\nname = "f"\nfiles = 3\n',
        {(13, "ERROR")},
    ),
    (
        "uv.lock",
        '[[package]]\nname = "u"\nversion = "1"\n'
        'source = { url = "https://ci:pw@h.example/u-1.tar.gz" }\n'
        f'sdist = {{ hash = "sha256:{HEX}" }}\n'
        '[[package]]\nname = "v"\nsource = "weird"\n'
        '[[package]]\nname = "w"\nversion = "1"\nsource = { registry = "https://pypi.org/simple" }\n',
        # v: an unreadable source and no files, so nothing vouches for its contents.
        {(4, "PIN408"), (7, "PIN207"), (10, "PIN207")},
    ),
    (
        "uv.lock",
        'package = "not a list"\n',
        {(1, "ERROR")},
    ),
    (
        "pylock.toml",
        '[[packages]]\nname = "a"\narchive = { path = "dist/a-1.tar.gz", hashes = {} }\n',
        {(1, "ERROR")},
    ),
    (
        "Pipfile.lock",
        json.dumps(
            {
                "_meta": {"sources": [{"name": "p", "url": "https://pypi.org/simple"}]},
                "default": {
                    "u": {"file": "http://h.example/u-1.tar.gz", "hashes": [f"sha256:{HEX}"]},
                    "x": "not a table",
                },
            },
            indent=4,
        ),
        {(12, "PIN403")},
    ),
    (
        "Pipfile",
        '[packages]\nlocal = { file = "https://h.example/l-1.tar.gz" }\n'
        'here = { path = "./here" }\nbad = "=>1"\nodd = 3\n',
        {(2, "PIN206"), (4, "ERROR")},
    ),
    (
        "pyproject.toml",
        '[project]\nname = "a"\noptional-dependencies = { x = "not a list" }\n'
        '[tool.uv]\nindex-url = "http://h.example/simple"\n'
        'find-links = ["https://u:p@h.example/links"]\n'
        '[tool.uv.sources]\nfoo = [{ git = "https://h.example/foo", tag = "v1" }, '
        '{ url = "https://h.example/foo-1.tar.gz" }]\n'
        "[tool.poetry.dependencies]\npython = '^3.10'\nlocal = { path = '../local' }\n"
        'multi = [{ version = "1.0", python = "<3.11" }, { version = "^2", python = ">=3.11" }]\n'
        "[tool.poetry.dev-dependencies]\nodd = 3\n",
        {
            (3, "ERROR"),
            (5, "PIN403"),
            (6, "PIN408"),
            (8, "PIN301"),
            (8, "PIN206"),
            (12, "PIN102"),
        },
    ),
    (
        "setup.cfg",
        "[options]\ninstall_requires = requests==1; idna>=3\nnot an option line\n"
        "[options.extras_require]\nx =\n    ===bad\n",
        {(2, "PIN102"), (3, "ERROR"), (6, "ERROR")},
    ),
    (
        ".pre-commit-config.yaml",
        "repos:\n  - repo: https://github.com/x/y\n    hooks: [{id: a}]\n",
        {(2, "PIN303")},
    ),
    (".pre-commit-config.yaml", "{}\n", {(1, "ERROR")}),
    (
        ".github/workflows/ci.yml",
        "jobs:\n  a:\n    steps:\n      - uses: actions/checkout\n"
        "      - uses: ${{ matrix.action }}\n      - uses: [1]\n",
        {(4, "PIN304")},
    ),
]


@pytest.mark.parametrize(("name", "content", "want"), FORM_CASES)
def test_format_edge_cases(
    name: str, content: str, want: set[tuple[int, str]], tmp_path: Path
) -> None:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content)
    result = run_cli("check", "--isolated", "--check", "pins", "--format", "json", str(target))
    doc = json.loads(result.out)
    got = {(f["line"], f["code"]) for f in doc["findings"]}
    got |= {(e["line"] or 0, "ERROR") for e in doc["errors"]}
    assert got == want


def test_own_dependency_files_pass_the_check() -> None:
    """pyproject.toml, the pre-commit configuration, the hashed locks that ``requirements/lock``
    writes with ``uv pip compile --generate-hashes`` and the workflows (actions pinned to
    commits): every one is read by the pins check, and none reports anything."""
    own = [
        ROOT / "pyproject.toml",
        ROOT / ".pre-commit-config.yaml",
        *sorted((ROOT / "requirements").glob("*.txt")),
        *sorted((ROOT / "requirements").glob("*.in")),
        *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
    ]
    result = run_cli("check", "--check", "pins", "--format", "json", *map(str, own), cwd=ROOT)
    doc = json.loads(result.out)
    assert doc["findings"] == []
    assert doc["errors"] == []
    assert doc["summary"]["files"] == len(own)
    assert result.code == 0


_NAMES = st.sampled_from(
    [
        "requirements.txt",
        "pyproject.toml",
        "setup.cfg",
        "Pipfile",
        "Pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "pylock.toml",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
    ]
)
_TEXTS = st.one_of(
    st.binary(max_size=200),
    st.text(alphabet="[]{}=,\"'#\\\n :-@./abc0=*\t", max_size=200).map(str.encode),
)


@settings(max_examples=300, deadline=None)
@given(name=_NAMES, data=_TEXTS)
def test_check_never_raises(name: str, data: bytes) -> None:
    from outrider.checks.pins.check import PinsCheck
    from outrider.config import Settings
    from outrider.files import SourceFile
    from outrider.model import Result

    check = PinsCheck(Settings(root="."))
    result = check.check_file(SourceFile(name, data))
    assert isinstance(result, Result)
    for error in result.errors:
        assert error.message


def test_per_file_ignores_apply_to_the_included_files_own_path(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.outrider.per-file-ignores]\n"deps/*" = ["PIN402"]\n'
    )
    (tmp_path / "deps").mkdir()
    (tmp_path / "deps" / "base.list").write_text("--trusted-host a.example\n")
    (tmp_path / "requirements.txt").write_text("-r deps/base.list\n--trusted-host b.example\n")
    assert findings(str(tmp_path), cwd=tmp_path) == [("requirements.txt", 2, "PIN402")]


def test_typosquat_allow_list(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("reqeusts==2.32.3\nurlib3==2.2.3\n")
    assert findings(str(tmp_path), cwd=tmp_path) == [
        ("requirements.txt", 1, "PIN409"),
        ("requirements.txt", 2, "PIN409"),
    ]
    _project(tmp_path, 'typosquat-allow = ["Reqeusts"]')
    assert findings(str(tmp_path), cwd=tmp_path) == [("requirements.txt", 2, "PIN409")]
