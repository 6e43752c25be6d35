"""OUT306 and OUT307 edge cases: lxml parser options."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from lxml import etree\netree.XMLParser(resolve_entities=1)\n", []),
        ("from lxml import etree\netree.XMLParser(no_network=None)\n", []),
        ("from lxml import etree\netree.XMLParser(no_network='')\n", [2]),
        ("from lxml import etree\netree.HTMLPullParser(no_network=False)\n", [2]),
        ("from lxml import etree\netree.ETCompatXMLParser(resolve_entities=True)\n", [2]),
        # both switches: one finding, for the worse one (the entity resolution)
        (
            "from lxml import etree\netree.XMLParser(\n    no_network=False,\n"
            "    resolve_entities=True,\n)\n",
            [4],
        ),
        ("from lxml import etree\netree.XMLParser(**{'resolve_entities': True})\n", []),
        ("import xml.etree.ElementTree as ET\nET.XMLParser(resolve_entities=True)\n", []),
    ],
)
def test_external_entity_cases(tmp_path: Path, source: str, expected: list[int]) -> None:
    assert [line for line, _ in findings(tmp_path, "OUT306", source)] == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from lxml import objectify\nobjectify.makeparser(huge_tree=True)\n", [2]),
        ("from lxml import etree\netree.XMLPullParser(huge_tree='yes')\n", [2]),
        ("from lxml import etree\netree.XMLParser(huge_tree=0)\n", []),
        ("from lxml import etree\netree.parse(f, huge_tree=True)\n", []),
    ],
)
def test_huge_tree_cases(tmp_path: Path, source: str, expected: list[int]) -> None:
    assert [line for line, _ in findings(tmp_path, "OUT307", source)] == expected
