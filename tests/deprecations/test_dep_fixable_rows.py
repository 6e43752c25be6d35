"""Every row of the table whose fix is a rename or an import move, used in a typical way,
is fixed by `outrider fix`: the finding was marked fixable, the rewritten file parses and the
finding is gone. At least 50 rows must be fixable this way (issue 4)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from conftest import run_cli

from outrider.checks.deprecations.data import Api, load_stdlib, load_thirdparty


def snippet(api: Api) -> str | None:
    """A small module that uses ``api`` the usual way, or None for kinds not covered."""
    root = api.name.split(".", 1)[0]
    owner = api.name.rpartition(".")[0]
    leaf = api.name.rpartition(".")[2]
    if api.kind == "module":
        return f"import {api.name} as aliased\n"
    if api.kind in ("class", "function", "constant") or (
        api.kind in ("attribute", "method") and not api.receiver
    ):
        if "." not in api.name:
            return None
        return f"import {root}\n\nvalue = {api.name}\n"
    if api.kind in ("method", "attribute"):
        call = "()" if api.kind == "method" else ""
        if api.receiver == "self":
            return (
                f"import {root}\n\n\nclass Sub({owner}):\n    def run(self):\n"
                f"        return self.{leaf}{call}\n"
            )
        cls = api.receiver if "." in api.receiver else owner
        return f"import {cls.split('.', 1)[0]}\n\n\ndef use(obj: {cls}):\n    return obj.{leaf}{call}\n"
    return None


def fixable_rows() -> list[Api]:
    return [a for a in load_stdlib() + load_thirdparty() if a.fix in ("rename", "import-move")]


def findings(project: Path) -> dict[str, list[dict[str, object]]]:
    out = run_cli(
        "check", "-q", "--check", "deprecations", "--format", "json", "--exit-zero", "."
    ).out
    by_file: dict[str, list[dict[str, object]]] = {}
    for f in json.loads(out)["findings"]:
        by_file.setdefault(str(f["path"]), []).append(f)
    return by_file


@pytest.mark.slow
def test_fixable_rows_are_fixed(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "rows"\nversion = "1"\nrequires-python = ">=3.8"\n'
        "[tool.outrider.deprecations]\nsoft = true\n"
    )
    # Third-party rows: the newest version named anywhere in the table is "in use".
    lock = "".join(
        f'[[package]]\nname = "{a.package}"\nversion = "999"\n'
        for a in {a.package: a for a in load_thirdparty()}.values()
    )
    (project / "uv.lock").write_text(lock)
    rows = fixable_rows()
    files: dict[str, Api] = {}
    for i, api in enumerate(rows):
        text = snippet(api)
        if text is not None:
            name = f"row{i:03d}.py"
            (project / name).write_text(text)
            files[name] = api
    before = findings(project)
    marked = {n for n, fs in before.items() if any(f["fixable"] for f in fs)}
    run_cli("fix", "-q", "--check", "deprecations", "--exit-zero", ".")
    after = findings(project)
    fixed = []
    for name in sorted(marked):
        text = (project / name).read_text()
        ast.parse(text)  # every rewritten file parses
        # The row's own finding is gone (its replacement may be deprecated in turn:
        # collections.ByteString -> collections.abc.ByteString, itself removed in 3.14).
        own = f"`{files[name].name}`"
        left = [f for f in after.get(name, []) if str(f["message"]).startswith(own)]
        assert not left, (name, text, left)
        fixed.append(files[name].name)
    print(
        f"\n{len(rows)} rename/import-move rows; {len(files)} with a snippet; "
        f"{len(marked)} marked fixable; {len(fixed)} fixed"
    )
    assert len(fixed) >= 50
    again = {name: (project / name).read_text() for name in files}
    run_cli("fix", "-q", "--check", "deprecations", "--exit-zero", ".")
    assert again == {name: (project / name).read_text() for name in files}
