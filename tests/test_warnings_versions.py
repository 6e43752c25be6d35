"""The per-version table of each compile-time rule, re-measured on every interpreter present,
and each rule page's examples (the Example warns where the table says; Use instead never)."""

from __future__ import annotations

import pytest
from warnings_helpers import available, version_text

from outrider.checks.warnings import docs, interpreters, kinds
from outrider.checks.warnings.report import compile_in_process
from outrider.config import KNOWN_VERSIONS
from outrider.ruledoc import parse

#: More than the page's example: every spelling the table speaks for.
CASES = {
    "WRN101": ['x = "\\d"\n', 'x = b"\\N"\n', 'x = f"{1}\\d"\n', 'x = """\n\\w\n"""\n'],
    "WRN102": ['x = "\\400"\n', 'x = b"\\777"\n'],
    "WRN103": ["x = 1\ny = x is 1\n", 'x = 1\ny = x is not "a"\n', "x = 1\ny = x is ()\n"],
    "WRN104": ["x = 1if 1 else 2\n", "y = []\nx = 0in y\n", "y = []\nx = [0x1for x in y]\n"],
    "WRN105": [
        "def f():\n    try:\n        pass\n    finally:\n        return 1\n",
        "for i in []:\n    try:\n        pass\n    finally:\n        break\n",
    ],
    "WRN106": ['x = 1\nassert (x, "m")\n'],
    "WRN107": ["x = [(1, 2) (3, 4)]\n", "x = [1 [2]]\n", "x = [1, 2][3, 4]\n"],
}


def compile_on(version: tuple[int, int], source: str) -> interpreters.Reply:
    executable = available()[version]
    if executable is None:
        return compile_in_process("case.py", source.encode())
    [server], failed = interpreters.start([interpreters.Interpreter(version, executable, "test")])
    assert not failed
    try:
        server.send("case.py", source.encode())
        return server.receive()
    finally:
        server.close()


def codes_and_categories(reply: interpreters.Reply) -> set[tuple[str, str]]:
    return {(kinds.classify(message).code, category) for category, message, _ in reply.warnings}


def kind(code: str) -> kinds.Kind:
    return next(k for k in kinds.KINDS if k.code == code)


@pytest.mark.parametrize("version", KNOWN_VERSIONS, ids=version_text)
@pytest.mark.parametrize("code", sorted(CASES))
def test_table_matches_the_interpreter(code: str, version: tuple[int, int]) -> None:
    if version not in available():
        pytest.skip(f"no Python {version_text(version)} interpreter on this machine")
    expected = kind(code).category_on(version)
    for case in CASES[code]:
        reply = compile_on(version, case)
        assert reply.error is None, (case, reply.error)
        got = codes_and_categories(reply)
        assert got == ({(code, expected)} if expected else set()), case


@pytest.mark.parametrize("version", KNOWN_VERSIONS, ids=version_text)
@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_page_examples(code: str, version: tuple[int, int]) -> None:
    if version not in available():
        pytest.skip(f"no Python {version_text(version)} interpreter on this machine")
    page = parse(docs.DOCS[code])
    bad = codes_and_categories(compile_on(version, page.bad_example))
    expected = kind(code).category_on(version)
    assert bad == ({(code, expected)} if expected else set())
    good = compile_on(version, page.good_example)
    assert good.warnings == []
    assert good.error is None


def test_every_kind_has_cases_and_a_versions_section() -> None:
    assert set(CASES) == {k.code for k in kinds.KINDS}
    for code in CASES:
        assert parse(docs.DOCS[code]).sections["Versions"].strip()


def test_versions_section_text() -> None:
    assert docs.versions_section("WRN101") == (
        "- 3.8-3.11: ``DeprecationWarning``\n- 3.12 and later: ``SyntaxWarning``"
    )
    assert docs.versions_section("WRN104") == (
        "- 3.8-3.9: no warning\n- 3.10: ``DeprecationWarning``\n- 3.11 and later: ``SyntaxWarning``"
    )
    assert docs.versions_section("WRN105") == (
        "- 3.8-3.13: no warning\n- 3.14 and later: ``SyntaxWarning``"
    )
