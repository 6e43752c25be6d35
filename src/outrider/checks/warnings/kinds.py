"""The kinds of compile-time warning, how each is recognised, and which versions raise it.

The version tables are facts measured on CPython 3.8.18, 3.9.18, 3.10.13, 3.11.7, 3.12.1 and
3.13.0 (``tests/test_warnings_versions.py`` re-measures them on every interpreter present);
3.14 rows come from PEP 765 and the 3.14 release notes. A version missing from a table does
not raise that warning.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from outrider.checks.warnings import locate

Version = tuple[int, int]

DEPRECATION = "DeprecationWarning"
SYNTAX = "SyntaxWarning"


def _span(first: int, last: int, category: str) -> dict[Version, str]:
    return {(3, minor): category for minor in range(first, last + 1)}


#: The newest minor version the tables speak for; later ones are assumed to behave like it.
NEWEST_DOCUMENTED = (3, 14)


@dataclasses.dataclass(frozen=True)
class Kind:
    code: str
    name: str
    pattern: re.Pattern[str]
    locator: locate.Locator | None
    #: Category raised per version (facts; see the module docstring).
    categories: Mapping[Version, str]

    def category_on(self, version: Version) -> str | None:
        return self.categories.get(min(version, NEWEST_DOCUMENTED))


KINDS: tuple[Kind, ...] = (
    Kind(
        "WRN102",
        "invalid-octal-escape",
        re.compile(r"^invalid octal escape sequence"),
        locate.locate_escape,
        {(3, 11): DEPRECATION, **_span(12, 14, SYNTAX)},
    ),
    Kind(
        "WRN101",
        "invalid-escape-sequence",
        re.compile(r"^invalid escape sequence"),
        locate.locate_escape,
        {**_span(8, 11, DEPRECATION), **_span(12, 14, SYNTAX)},
    ),
    Kind(
        "WRN103",
        "is-literal",
        re.compile(r'^"is(?: not)?" with (?:a|\'\w+\') literal'),
        locate.locate_is_literal,
        _span(8, 14, SYNTAX),
    ),
    Kind(
        "WRN104",
        "numeric-literal-keyword",
        re.compile(r"^invalid (?:decimal|hexadecimal|octal|binary) literal$"),
        locate.locate_number_keyword,
        {(3, 10): DEPRECATION, **_span(11, 14, SYNTAX)},
    ),
    Kind(
        "WRN105",
        "finally-control-flow",
        re.compile(r"^'(?:return|break|continue)' in a 'finally' block"),
        locate.locate_finally,
        {(3, 14): SYNTAX},
    ),
    Kind(
        "WRN106",
        "assert-tuple",
        re.compile(r"^assertion is always true"),
        locate.locate_assert,
        _span(8, 14, SYNTAX),
    ),
    Kind(
        "WRN107",
        "missing-comma",
        re.compile(r"perhaps you missed a comma\?$"),
        locate.locate_missing_comma,
        _span(8, 14, SYNTAX),
    ),
)

#: Any other compile-time warning an interpreter raises.
OTHER = Kind("WRN108", "compile-warning", re.compile(""), None, {})
#: The file does not compile on a target interpreter.
SYNTAX_ERROR_CODE = "WRN109"


def classify(message: str) -> Kind:
    for kind in KINDS:
        if kind.pattern.search(message):
            return kind
    return OTHER


def version_text(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


def version_ranges(versions: list[Version]) -> str:
    """``3.8-3.11, 3.13``: consecutive minor versions joined into ranges."""
    out: list[str] = []
    ordered = sorted(set(versions))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == (ordered[j][0], ordered[j][1] + 1):
            j += 1
        first, last = version_text(ordered[i]), version_text(ordered[j])
        out.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return ", ".join(out)


def describe_categories(by_version: Mapping[Version, str]) -> str:
    """``DeprecationWarning on 3.10-3.11, SyntaxWarning on 3.12-3.13``."""
    groups: dict[str, list[Version]] = {}
    for version in sorted(by_version):
        groups.setdefault(by_version[version], []).append(version)
    return ", ".join(f"{category} on {version_ranges(vs)}" for category, vs in groups.items())
