"""Generated rule pages are committed and must match the code."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_cli

from outrider.docgen import GENERATED, render_pages

DOCS = ROOT / "docs" / "rules"


def test_committed_pages_match_the_code() -> None:
    pages = render_pages()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in pages if on_disk.get(name) != pages[name])
    extra = sorted(set(on_disk) - set(pages))
    assert not stale, f"out of date (run `outrider docs`): {stale}"
    assert not extra, f"pages for rules that no longer exist: {extra}"


def test_docs_check_flags_drift(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    assert run_cli("docs", "--output-dir", str(target)).code == 0
    assert run_cli("docs", "--output-dir", str(target), "--check").code == 0
    page = target / "OUT501.md"
    page.write_text(page.read_text() + "edited\n")
    (target / "OUT999.md").write_text(GENERATED + "\n# stale\n")
    (target / "NOTES.md").write_text("hand-written, not ours\n")
    drift = run_cli("docs", "--output-dir", str(target), "--check")
    assert drift.code == 1
    assert drift.lines == [
        f"{target / 'OUT501.md'} is out of date",
        f"{target / 'OUT999.md'} is out of date",
    ]
    run_cli("docs", "--output-dir", str(target))
    assert not (target / "OUT999.md").exists()
    assert (target / "NOTES.md").exists()


def test_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text()
    linked = set(re.findall(r"\]\(([A-Z]+[0-9]+)\.md\)", index))
    pages = {p.stem for p in DOCS.glob("*.md")} - {"index"}
    assert linked == pages


def test_readme_links_the_rule_index() -> None:
    assert "docs/rules/index.md" in (ROOT / "README.md").read_text()


def test_documented_rule_takes_code_and_summary_from_the_text() -> None:
    import pytest

    from outrider.model import Level
    from outrider.rules import documented_rule

    doc = """
    ==================================
    XYZ101: Something done the old way
    ==================================

    What it does
    ------------
    Finds ``old()``.

    .. versionadded:: 0.1.0
    """
    rule = documented_rule(doc, name="old-way", check="demo", severity=Level.LOW)
    assert (rule.code, rule.summary, rule.check) == ("XYZ101", "Something done the old way", "demo")
    assert rule.url.endswith("/docs/rules/XYZ101.md")
    assert rule.doc.startswith("## What it does\n\nFinds `old()`.")
    with pytest.raises(ValueError, match="must start with its code"):
        documented_rule("Title only\n", name="x", check="demo", severity=Level.LOW)
