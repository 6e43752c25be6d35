"""``# nosec`` on any line of a call silences the rules that look at its keywords.

Several rules register on Bandit's ``keyword`` nodes rather than on calls (there are far
fewer of them, and Bandit pays a price per check and node). Bandit reads ``# nosec`` on
the lines of the node a check ran on, so these rules must still honour a comment on the
first or the last line of a call spread over several lines, as a check run on the call
does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import bandit_manager_results, lines

#: A call spread over several lines that the rule reports, for every rule that looks at
#: keyword nodes (or might: a case for a rule registered on calls passes as well).
CASES = {
    "OUT201": (
        "from fastapi.middleware.cors import CORSMiddleware\n",
        [
            "api.add_middleware(",
            "    CORSMiddleware,",
            '    allow_origins=["*"],',
            "    allow_credentials=True,",
            ")",
        ],
    ),
    "OUT202": (
        "from werkzeug.serving import run_simple\n",
        ["run_simple(", '    "0.0.0.0",', "    5000,", "    app,", "    use_debugger=True,", ")"],
    ),
    "OUT204": (
        "",
        ["response.set_cookie(", '    "session",', "    token,", "    secure=False,", ")"],
    ),
    "OUT206": (
        "",
        ["response.set_cookie(", '    "session",', "    token,", "    httponly=False,", ")"],
    ),
    "OUT207": (
        "",
        ["response.set_cookie(", '    "session",', "    token,", '    samesite="None",', ")"],
    ),
    "OUT304": (
        "from transformers import AutoModel\n",
        ["model = AutoModel.from_pretrained(", '    "acme/m",', "    trust_remote_code=True,", ")"],
    ),
    "OUT306": (
        "from lxml import etree\n",
        ["parser = etree.XMLParser(", "    resolve_entities=True,", ")"],
    ),
    "OUT307": (
        "from lxml import etree\n",
        ["parser = etree.XMLParser(", "    huge_tree=True,", ")"],
    ),
    "OUT502": (
        "import requests\n",
        ["requests.request(", '    "GET",', "    url,", "    verify=False,", ")"],
    ),
    "OUT504": (
        "import aiohttp\n",
        ["connector = aiohttp.TCPConnector(", "    ssl=False,", ")"],
    ),
}


def _source(code: str, nosec_on: int | None) -> str:
    header, call = CASES[code]
    body = list(call)
    if nosec_on is not None:
        body[nosec_on] += f"  # nosec {code}"
    return header + "\n".join(body) + "\n"


@pytest.mark.parametrize("code", sorted(CASES))
def test_reported_without_nosec(tmp_path: Path, code: str) -> None:
    assert lines(tmp_path, _source(code, None), code)


@pytest.mark.parametrize("nosec_on", [0, -1], ids=["first line", "last line"])
@pytest.mark.parametrize("code", sorted(CASES))
def test_nosec_on_the_first_or_last_line_of_the_call(
    tmp_path: Path, code: str, nosec_on: int
) -> None:
    assert lines(tmp_path, _source(code, nosec_on), code) == []


def test_every_rule_on_keyword_nodes_has_a_case() -> None:
    from bandit.core import extension_loader

    on_keywords = {
        plugin.plugin._test_id
        for plugin in extension_loader.MANAGER.plugins
        if plugin.plugin.__module__.startswith("outrider.") and "keyword" in plugin.plugin._checks
    }
    assert {"OUT201", "OUT304", "OUT306"} <= on_keywords
    assert on_keywords <= set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_placed_as_a_finding_on_the_call(tmp_path: Path, code: str) -> None:
    """Bandit quotes the call's lines and gives the call's end column (outrider's own
    inline suppression reads the last line, its JSON output the end column)."""
    path = tmp_path / "m.py"
    path.write_text(_source(code, None))
    issues = [i for i in bandit_manager_results(path, {code}) if i.test_id == code]  # type: ignore[attr-defined]
    assert len(issues) == 1
    header, call = CASES[code]
    first = header.count("\n") + 1
    assert issues[0].linerange == list(range(first, first + len(call)))  # type: ignore[attr-defined]
    assert issues[0].end_col_offset == len(call[-1])  # type: ignore[attr-defined]
