"""The deprecation table: schema, index, loader and helpers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from outrider.checks.deprecations import data
from outrider.checks.deprecations.data import Api, DataError


def test_tables_load_validated_and_cached() -> None:
    stdlib = data.load_stdlib()
    thirdparty = data.load_thirdparty()
    assert stdlib
    assert all(isinstance(api, Api) for api in stdlib)
    assert all(not api.package for api in stdlib)
    assert all(api.package for api in thirdparty)
    assert data.load_stdlib() is stdlib
    assert data.load_thirdparty() is thirdparty


def test_index_is_up_to_date() -> None:
    """index.json is what the TOML files say (regenerate with --write-index)."""
    assert data.INDEX.read_text(encoding="utf-8") == data.render_index()
    assert data.main(["--check"]) == 0


@pytest.mark.parametrize("table", sorted(data.SOURCES))
def test_index_and_toml_agree(table: str) -> None:
    from_index = data.load_stdlib() if table == "stdlib" else data.load_thirdparty()
    assert from_index == data.load_toml(table)


def test_main_reports_a_stale_index_and_rewrites_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "index.json"
    index.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(data, "INDEX", index)
    assert data.main(["--check"]) == 1
    assert "index.json is out of date" in capsys.readouterr().err
    assert data.main(["--write-index"]) == 0
    assert index.read_text(encoding="utf-8") == data.render_index()
    assert data.main(["--check"]) == 0


def test_main_reports_bad_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "stdlib.toml").write_text('[[api]]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "thirdparty.toml").write_text("", encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    assert data.main(["--check"]) == 1
    assert "stdlib.toml row 1 (x): kind: required" in capsys.readouterr().err


def test_import_reads_nothing_and_loads_no_toml_parser() -> None:
    code = (
        "import sys\n"
        "import outrider.checks.deprecations.data as d\n"
        "assert d._index.cache_info().currsize == 0\n"
        "assert 'tomllib' not in sys.modules and 'tomli' not in sys.modules\n"
        "d.load_stdlib()\n"
        "assert 'tomllib' not in sys.modules and 'tomli' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_lookup_helpers() -> None:
    names = data.by_name()
    assert "unittest.TestCase.assertEquals" in names
    assert all(api.name == name for name, apis in names.items() for api in apis)
    methods = data.methods_by_attr()
    assert {api.name for api in methods["warn"]} >= {
        "logging.Logger.warn",
        "logging.LoggerAdapter.warn",
    }
    assert all(api.kind == "method" for apis in methods.values() for api in apis)


def test_api_helpers() -> None:
    api = Api(
        name="unittest.TestCase.assertEquals",
        kind="method",
        status="removed",
        deprecated="3.2",
        removed="3.12",
        fix="rename",
        fix_to="assertEqual",
        receiver="self",
        source="https://docs.python.org/3/whatsnew/3.12.html",
    )
    assert api.deprecated_version() == (3, 2)
    assert api.removed_version() == (3, 12)
    assert api.planned_version() is None
    assert api.undeprecated_version() is None
    assert api.added_version() is None
    assert api.signal_version() == (3, 2)
    assert api.attr == "assertEquals"
    assert api.module == "unittest"
    assert api.fixable
    assert not api.third_party
    assert api.active((3, 1)) == ""
    assert api.active((3, 11)) == "deprecated"
    assert api.active((3, 12)) == "removed"
    restored = Api(
        name="importlib.resources.read_text",
        kind="function",
        status="undeprecated",
        deprecated="3.11",
        undeprecated="3.13",
        source="https://docs.python.org/3.13/library/importlib.resources.html",
    )
    assert restored.active((3, 12)) == "deprecated"
    assert restored.active((3, 13)) == ""
    assert not restored.fixable
    module = Api(name="xml.etree.cElementTree", kind="module", status="deprecated")
    assert module.module == "xml.etree.cElementTree"
    assert data.version_tuple(None) is None


GOOD: dict[str, Any] = {
    "name": "logging.warn",
    "kind": "function",
    "status": "deprecated",
    "deprecated": "3.3",
    "replacement": "logging.warning",
    "fix": "rename",
    "fix_to": "warning",
    "signal": "DeprecationWarning",
    "probe": "import logging\nlogging.warn('x')\n",
    "source": "https://docs.python.org/3/library/logging.html",
}


def test_good_row_is_accepted() -> None:
    api = data.validate_row(GOOD, "t row 1", compile_probe=True)
    assert api.name == "logging.warn"
    assert api.position is None
    assert api.value is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "colour: unknown field"),
        ({"name": ""}, "name: required"),
        ({"source": None}, "source: required"),
        ({"name": "logging..warn"}, "name: must be a dotted name"),
        ({"kind": "macro"}, "kind: 'macro' is not one of"),
        ({"status": "gone"}, "status: 'gone' is not one of"),
        ({"fix": "rewrite"}, "fix: 'rewrite' is not one of"),
        ({"signal": "UserWarning"}, "signal: 'UserWarning' is not one of"),
        ({"source": "http://example.org"}, "source: must be an https:// URL"),
        ({"deprecated": 3.3}, "deprecated: must be a string, not float"),
        ({"deprecated": "3.x"}, "deprecated: '3.x' is not a version"),
        ({"replacement": 1}, "replacement: must be a string, not int"),
        ({"status": "removed"}, "removed: required when status is 'removed'"),
        ({"removed": "3.13"}, "status: is 'deprecated' but the row has removed"),
        ({"status": "removed", "removed": "3.13", "planned": "3.14"}, "planned: a removed row"),
        ({"status": "undeprecated"}, "undeprecated: required when status"),
        (
            {"status": "undeprecated", "undeprecated": "3.13", "planned": "3.15"},
            "planned: an undeprecated row has no planned removal",
        ),
        ({"undeprecated": "3.13"}, "status: is 'deprecated' but the row has undeprecated"),
        ({"deprecated": None}, "deprecated: required when status is 'deprecated'"),
        ({"status": "soft", "planned": "3.15"}, "planned: a soft deprecation has no planned"),
        ({"status": "soft"}, "signal: a soft deprecation raises nothing"),
        ({"status": "pending"}, "signal: a pending deprecation raises"),
        ({"added": "3.4"}, "deprecated: 3.3 is before added"),
        ({"removed": "3.3", "status": "removed"}, "removed: 3.3 is not after deprecated"),
        ({"planned": "3.2"}, "planned: 3.2 is not after deprecated"),
        ({"signal_from": "3.2"}, "signal_from: 3.2 is before deprecated"),
        ({"fix_to": None}, "fix_to: required when fix is 'rename'"),
        ({"fix_to": "a.b"}, "fix_to: must be an identifier for fix 'rename'"),
        ({"fix": "import-move", "fix_to": "a..b"}, "fix_to: must be a dotted name"),
        ({"fix": "manual"}, "fix_to: a manual fix has no fix_to"),
        ({"argument": "x"}, "argument: only argument rows"),
        ({"position": 1}, "argument: only argument rows"),
        ({"position": -1}, "position: must be a non-negative integer"),
        ({"position": True}, "position: must be a non-negative integer"),
        ({"kind": "argument"}, "argument: an identifier is required"),
        ({"kind": "argument-value", "argument": "mode"}, "value: required for kind"),
        ({"value": "U"}, "value: only argument-value rows"),
        ({"value": [1]}, "value: must be a string, integer"),
        ({"kind": "method"}, "receiver: required for methods"),
        ({"kind": "method", "receiver": "a b"}, "receiver: must be 'self', 'any' or a class"),
        ({"kind": "module", "name": "imp"}, "fix: a module is moved with 'import-move'"),
        ({"probe": ""}, "probe: required when signal is 'DeprecationWarning'"),
        ({"probe": "def f(:\n"}, "probe: does not compile"),
        ({"package": "-bad"}, "package: '-bad' is not a distribution name"),
        ({"platform": "beos"}, "platform: 'beos' is not one of"),
    ],
)
def test_schema_errors_name_row_and_field(change: dict[str, Any], message: str) -> None:
    row = {**GOOD, **change}
    row = {k: v for k, v in row.items() if v is not None}
    with pytest.raises(DataError) as info:
        data.validate_row(row, "t.toml row 7", compile_probe=True)
    text = str(info.value)
    assert text.startswith("t.toml row 7")
    assert message in text


def test_signal_from_needs_deprecated() -> None:
    row = {**GOOD, "status": "soft", "signal": "none", "signal_from": "3.4"}
    del row["deprecated"]
    with pytest.raises(DataError, match="signal_from: needs deprecated"):
        data.validate_row(row, "t row 1")


def test_table_checks() -> None:
    api = data.validate_row(GOOD, "t row 1")
    with pytest.raises(DataError, match=r"stdlib row 2 \(logging.warn\): duplicate of row 1"):
        data.validate_table([api, api], "stdlib")
    third = data.validate_row({**GOOD, "package": "numpy"}, "t row 1")
    with pytest.raises(DataError, match="package: stdlib rows have none"):
        data.validate_table([third], "stdlib")
    with pytest.raises(DataError, match="package: required"):
        data.validate_table([api], "thirdparty")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[api]\n", "stdlib.toml: "),
        ("title = 'x'\n", "unknown top-level key(s): title"),
        ("api = 1\n", "'api' must be an array of tables"),
    ],
)
def test_bad_toml_files(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "stdlib.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        data.load_toml("stdlib", tmp_path)
    assert message in str(info.value)


def test_bad_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "INDEX", tmp_path / "missing.json")
    data._index.cache_clear()
    try:
        with pytest.raises(DataError, match="cannot be read"):
            data._load("stdlib")
        data._index.cache_clear()
        (tmp_path / "index.json").write_text("[]", encoding="utf-8")
        monkeypatch.setattr(data, "INDEX", tmp_path / "index.json")
        with pytest.raises(DataError, match="must hold an object"):
            data._load("stdlib")
        data._index.cache_clear()
        (tmp_path / "index.json").write_text('{"stdlib": 1}', encoding="utf-8")
        with pytest.raises(DataError, match="'stdlib' must be a list of rows"):
            data._load("stdlib")
    finally:
        data._index.cache_clear()


def test_table_size_and_coverage() -> None:
    """The issue's floor: 400 CPython rows of every kind and status, 60 third-party, 50 fixable."""
    stdlib, thirdparty = data.load_stdlib(), data.load_thirdparty()
    assert len(stdlib) >= 400
    assert len(thirdparty) >= 60
    assert {api.kind for api in stdlib} == data.KINDS
    assert {api.status for api in stdlib} >= {"deprecated", "soft", "removed", "undeprecated"}
    assert sum(api.fixable for api in stdlib) >= 50
    assert all(api.source.startswith("https://") for api in stdlib + thirdparty)
