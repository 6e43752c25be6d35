"""outrider's Bandit plugins, run by the real Bandit: fixtures, registration, docs, examples."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bandit_helpers import bandit_manager_results
from conftest import FIXTURES, ROOT, expectations, run_cli

from outrider.ruledoc import parse

PLUGIN_DIR = ROOT / "src" / "outrider" / "plugins"
PLUGIN_MODULES = sorted(p.stem for p in PLUGIN_DIR.glob("out[0-9][0-9][0-9]_*.py"))
SECURITY_FIXTURES = sorted((FIXTURES / "security").glob("*.py"))
CODE_FORM = re.compile(r"^OUT[1-7][0-9]{2}$")


def own_ids() -> set[str]:
    return {m.split("_", 1)[0].upper() for m in PLUGIN_MODULES}


def test_plugin_modules_exist() -> None:
    assert len(PLUGIN_MODULES) >= 3


@pytest.mark.parametrize("fixture", SECURITY_FIXTURES, ids=lambda p: p.name)
def test_fixture_findings_with_bandit_manager(fixture: Path) -> None:
    expected = expectations(fixture)
    assert expected, f"{fixture.name} declares no expectations"
    ids = own_ids() | {code for _, code in expected}
    issues = bandit_manager_results(fixture, ids)
    got = {(i.lineno, i.test_id) for i in issues}  # type: ignore[attr-defined]
    assert got == expected


@pytest.mark.parametrize("fixture", SECURITY_FIXTURES, ids=lambda p: p.name)
def test_fixture_findings_with_outrider_check(fixture: Path) -> None:
    expected = expectations(fixture)
    result = run_cli("check", "--isolated", "--select", "OUT", "--format", "json", str(fixture))
    doc = json.loads(result.out)
    got = {(f["line"], f["code"]) for f in doc["findings"]}
    assert got == {e for e in expected if e[1].startswith("OUT")}
    assert doc["errors"] == []
    assert result.code == 1


def test_every_fixture_is_named_by_a_rule_code() -> None:
    names = {p.stem for p in SECURITY_FIXTURES}
    assert names == own_ids(), "one fixture per rule, named by its code"


def _fresh_bandit_plugins() -> dict[str, dict[str, str]]:
    """Plugins as a fresh `bandit` process loads them (import order and all)."""
    code = textwrap.dedent(
        """
        import json
        from bandit.core import extension_loader as e
        out = {}
        for p in e.MANAGER.plugins:
            out.setdefault(p.plugin._test_id, []).append(
                {"name": p.name, "module": p.plugin.__module__, "func": p.plugin.__name__}
            )
        for b in e.MANAGER.blacklist_by_id:
            out.setdefault(b, []).append({"name": "blacklist", "module": "", "func": ""})
        print(json.dumps(out))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data: dict[str, list[dict[str, str]]] = json.loads(proc.stdout)
    duplicates = {k: v for k, v in data.items() if len(v) > 1}
    assert not duplicates, f"test ids registered twice: {duplicates}"
    return {k: v[0] for k, v in data.items()}


def test_every_plugin_module_is_registered_and_loads_in_a_fresh_bandit() -> None:
    plugins = _fresh_bandit_plugins()
    registered = {k: v for k, v in plugins.items() if v["module"].startswith("outrider.")}
    assert set(registered) == own_ids()
    for code, info in registered.items():
        assert CODE_FORM.match(code), code
        module = info["module"].rsplit(".", 1)[1]
        assert module.startswith(code.lower() + "_"), (code, module)
        assert info["name"] == info["func"] == module.split("_", 1)[1], info


def test_no_id_uses_bandits_space_or_a_hyphen() -> None:
    for code in own_ids():
        assert not re.match(r"^B\d", code)
        assert "-" not in code


@pytest.mark.parametrize("module_name", PLUGIN_MODULES)
def test_plugin_metadata_and_docstring(module_name: str) -> None:
    module = importlib.import_module(f"outrider.plugins.{module_name}")
    doc = parse(module.__doc__ or "")
    code = module_name.split("_", 1)[0].upper()
    assert doc.code == code
    assert doc.title
    assert not doc.title.endswith(".")
    assert doc.missing_sections() == []
    assert module.SEVERITY in ("LOW", "MEDIUM", "HIGH")
    assert module.CONFIDENCE in ("LOW", "MEDIUM", "HIGH")
    assert isinstance(module.CWE, int)
    assert module.CWE > 0
    assert f"CWE-{module.CWE}" in doc.sections["References"]
    severity_words = doc.sections["Severity and confidence"]
    assert f"{module.SEVERITY} severity" in severity_words
    assert doc.version_added


@pytest.mark.parametrize("module_name", PLUGIN_MODULES)
def test_docstring_examples(module_name: str, tmp_path: Path) -> None:
    module = importlib.import_module(f"outrider.plugins.{module_name}")
    doc = parse(module.__doc__ or "")
    code = doc.code
    (tmp_path / "bad.py").write_text(doc.bad_example)
    (tmp_path / "good.py").write_text(doc.good_example)
    bad = bandit_manager_results(tmp_path / "bad.py", {code})
    good = bandit_manager_results(tmp_path / "good.py", {code})
    assert bad, f"{code}: the Example is not reported"
    assert good == [], f"{code}: the 'Use instead' code is reported"


@pytest.mark.parametrize("fixture", SECURITY_FIXTURES, ids=lambda p: p.name)
def test_findings_carry_the_declared_severity_and_cwe(fixture: Path) -> None:
    module_name = next(m for m in PLUGIN_MODULES if m.startswith(fixture.stem.lower() + "_"))
    module = importlib.import_module(f"outrider.plugins.{module_name}")
    issues = bandit_manager_results(fixture, {fixture.stem})
    assert issues
    for issue in issues:
        assert issue.severity == module.SEVERITY  # type: ignore[attr-defined]
        assert issue.cwe.id == module.CWE  # type: ignore[attr-defined]


def _bandit_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("bandit")
    return subprocess.run(
        [str(exe), "-f", "json", "-q", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_plain_bandit_reports_selects_and_nosec_suppresses(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import numpy as np\n"
        "a = np.load('a', allow_pickle=True)\n"
        "b = np.load('b', allow_pickle=True)  # nosec OUT301\n"
        "c = np.load('c', allow_pickle=True)  # nosec numpy_load_allow_pickle\n"
        "d = np.load('d', allow_pickle=True)  # nosec B301\n"
        "import ssl\n"
        "ssl.create_default_context().check_hostname = False\n"
    )
    everything = json.loads(_bandit_cli("-r", ".", cwd=tmp_path).stdout)
    found = {(r["line_number"], r["test_id"]) for r in everything["results"]}
    assert found == {(2, "OUT301"), (5, "OUT301"), (7, "OUT501")}
    selected = json.loads(_bandit_cli("-r", ".", "-t", "OUT501", cwd=tmp_path).stdout)
    assert {(r["line_number"], r["test_id"]) for r in selected["results"]} == {(7, "OUT501")}
    skipped = json.loads(_bandit_cli("-r", ".", "-s", "OUT301", cwd=tmp_path).stdout)
    assert {r["test_id"] for r in skipped["results"]} == {"OUT501"}


def test_importing_a_plugin_module_first_does_not_make_bandit_drop_it() -> None:
    code = textwrap.dedent(
        f"""
        import outrider.plugins.{PLUGIN_MODULES[0]}
        from bandit.core import extension_loader as e
        print(sorted(k for k in e.MANAGER.plugins_by_id if k.startswith("OUT")))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == str(sorted(own_ids()))
