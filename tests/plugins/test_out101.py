"""OUT101: the regular-expression ambiguity analysis, and the rule through Bandit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bandit_helpers import lines, messages

from outrider.plugins import out101_regex_catastrophic_backtracking as out101
from outrider.plugins.out101_regex_catastrophic_backtracking import Finding, analyse

# pattern -> (repetition at fault, prefix, pump, suffix) of the attack the analysis builds
EXPONENTIAL = {
    r"(a+)+$": ("(a+)+", "a", "a", "b"),
    r"(a|a)*$": ("(a|a)*", "a", "a", "b"),
    r"^(\w+\s?)*$": (r"(\w+\s?)*", "a", "a", "!"),
    r"(?:\s*\w+)*$": (r"(?:\s*\w+)*", "a", "a", " "),
    r"(a{1,3})*$": ("(a{1,3})*", "a", "aa", "b"),
    r"(\d+\d+)*x": (r"(\d+\d+)*", "0", "00", ""),
    r"(.*,)*x": ("(.*,)*", "a", ",a", ""),
    r"(?s)(?:.*\n)*x": (r"(?:.*\n)*", "a", "\na", ""),
    r"(?:a*)*x": ("(?:a*)*", "a", "a", ""),
    r"(a|b|ab)*c": ("(a|b|ab)*", "a", "aba", ""),
    r"(?:(a|a)*b)*c": ("(a|a)*", "a", "a", ""),
    r"x(a+)+y": ("(a+)+", "xa", "a", ""),
    r"^(a+)+\b": ("(a+)+", "a", "a", "b"),
    r"(?:a+)+[^a]": ("(?:a+)+", "a", "a", ""),
    r"(?:(?!b)a|a)+x": ("(?:(?!b)a|a)+", "a", "aa", ""),
    r"<!--(.|\s)*?-->": (r"(.|\s)*?", "<!--a", " a", ""),
    r'"(\\.|[^"])*"': (r'(\\.|[^"])*', '"a', "\\aa", ""),
    r"^(([a-z])+.)+[A-Z]([a-z])+$": ("(([a-z])+.)+", "a", "aa", ""),
    r"(?:\d|\d\d)+x": (r"(?:\d|\d\d)+", "0", "00", ""),
    r"^(.*a){12}$": ("(.*a){12}", "a", "aa", "b"),
    # inside a lookahead: backtracks on its own
    r"(?=(a|a)*$)": ("(a|a)*", "a", "a", "b"),
    # a lookbehind of one character: the attack starts after a character it accepts
    r"(?<=[(])(a*)*b": ("(a*)*", "(a", "a", ""),
    # verbose: the text of the repetition as written
    r"(?x) ^ ( [a-z]+ \d* )+ $": (r"( [a-z]+ \d* )+", "a", "a", "A"),
}

SAFE = [
    r"(a+)+",  # nothing after the repetition can fail
    r"(a+)+.",  # ... or it accepts the next character
    r"(a+)+(?!b)",  # ... or what follows accepts after giving back one 'a'
    r"(\w+\b\s*)*$",  # the word boundary tells the two ways apart
    r"(a|ab)*$",
    r"(?:[^\"\\]|\\.)*\"",
    r"(\w|\d)+x",  # one character set after parsing
    r"(?i)(?:a|A)+$",
    r"(?:.*\n)*x",  # '.' does not match a newline
    r"^\w+(?:\s\w+)*\s?$",
    r"\s*\s*$",  # quadratic, not exponential
    r"(?:\w+\.)*\w+$",
    r"(a{1,3}){1,5}$",  # bounded: a constant factor
    r"(\w+)(?:\1)*x",  # back-reference in the repetition: not judged
    r"(?:(?!ab)a|a)+x",  # a longer lookahead: not judged
    r"^(\s*\S+\s*)+$",  # matches every string with a non-space: never fails
    r"^(?:\r?\n|.)*?$",  # likewise
    r"a(?:b|(c|e){1,2}?|d)+?(.)",
    r"^[\w.+-]+@(?:[\w-]+\.)+\w+$",
    r"(ab|a)*(b)*c",
    r"(?<=ab)x+",
    r"x{20}",
    r"",
]


def attack(found: Finding, n: int) -> str:
    return found.prefix + found.pump * n + found.suffix


@pytest.mark.parametrize(("pattern", "expected"), EXPONENTIAL.items(), ids=list(EXPONENTIAL))
def test_exponential_patterns_are_found_with_their_attack(
    pattern: str, expected: tuple[str, str, str, str]
) -> None:
    found = analyse(pattern)
    assert found == Finding(*expected, start=1 if pattern.startswith("(?<=") else 0)
    # The attack reaches the repetition and the real re rejects it there (a short one: a
    # long one would take exponential time, which is the point).
    assert re.compile(pattern).match(attack(found, 6), found.start) is None


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns(pattern: str) -> None:
    assert analyse(pattern) is None


@pytest.mark.skipif(not hasattr(re, "NOFLAG"), reason="atomic groups need Python 3.11")
@pytest.mark.parametrize("pattern", [r"(?>a+)+$", r"(a|a)*+$", r"(?>(?:a|a)*)b"])
def test_atomic_groups_and_possessive_repetitions_never_backtrack(pattern: str) -> None:
    assert analyse(pattern) is None


@pytest.mark.skipif(not hasattr(re, "NOFLAG"), reason="atomic groups need Python 3.11")
def test_inside_an_atomic_group_backtracking_still_happens() -> None:
    found = analyse(r"(?>(a|a)*b)")
    assert found is not None
    assert found.repetition == "(a|a)*"


def test_fullmatch_fails_where_search_succeeds() -> None:
    assert analyse(r"(a|ab|b)*") is None
    assert analyse(r"(a|ab|b)*", mode="full") == Finding("(a|ab|b)*", "a", "aba", "c")
    # a short attack, on purpose
    assert re.fullmatch(r"(a|ab|b)*", "a" + "aba" * 5 + "c") is None  # nosec OUT101


def test_match_has_no_room_for_a_first_character() -> None:
    assert analyse(r"(?<=[(])(a*)*b", mode="match") is None
    # what follows accepts as soon as the repetition gives back one character
    assert analyse(r"(?<=[(])(]*)*\]") is None


def test_flags_change_the_character_sets() -> None:
    assert analyse(r"^(?:ab|AB)*$") is None
    found = analyse(r"^(?:ab|AB)*$", re.IGNORECASE)
    assert found is not None
    assert found.repetition == "(?:ab|AB)*"
    assert analyse(r"^(?:a.)*(?:\n.)*$") is None
    assert analyse(r"(?:.|\n)*x", re.DOTALL) is not None
    assert analyse(r"(?:.|\n)*x") is None


def test_bytes_patterns() -> None:
    found = analyse(rb"^(a|aa)+$")
    assert found == Finding("(a|aa)+", "a", "aa", "b")
    assert re.search(rb"^(a|aa)+$", b"a" + b"aa" * 6 + b"b") is None  # nosec OUT101


def test_ascii_and_unicode_classes() -> None:
    # \d matches Arabic-Indic digits unless re.ASCII: [0-9] and \d overlap either way,
    # but [^0-9] and \d overlap only without it.
    assert analyse(r"(?:[^0-9]|\d)+x") is not None
    assert analyse(r"(?:[^0-9]|\d)+x", re.ASCII) is None


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+(",  # does not compile
        "(?:a|b)" * 3000 + "(a+)+$",  # too big to judge
        "(" * 150 + "a" + ")*" * 150 + "$",  # deep nesting
        r"(?P<x>a)(?(x)(a+)+|b)+$",
    ],
)
def test_unusual_patterns_do_not_raise(pattern: str) -> None:
    analyse(pattern)


def test_the_text_of_the_repetition_falls_back_to_the_parsed_form() -> None:
    parsed = out101._P.parse(r"(a+)+$", 0)
    assert out101._source_texts(r"(a+)+b+$", parsed, 0) == {}
    assert out101._render(parsed) == "(a+)+$"


@pytest.mark.parametrize(
    ("pattern", "rendered"),
    [
        (r"(?:a|bc)*?x", "(?:a|bc)*?x"),
        (r"[^a-c\d]{2,}", r"[^a-c\d]{2,}"),
        (r"\w{3}\s{1,4}.+?", r"\w{3}\s{1,4}.+?"),
        (r"^\A\b\B\Z$", r"^\A\b\B\Z$"),
        (r"(?=a)(?!b)(?<=c)(?<!d)", "(?=a)(?!b)(?<=c)(?<!d)"),
        (r"(a)\1(?(1)b|c)", r"(a)\1(?(1)b|c)"),
        ("[\\]\\-\t]\n\x01", "[\\]\\-\\t]\\n\\x01"),
    ],
)
def test_rendering(pattern: str, rendered: str) -> None:
    assert out101._render(out101._P.parse(pattern, 0)) == rendered


# -- through Bandit ------------------------------------------------------------------------


def test_message_names_the_repetition_and_an_attack(tmp_path: Path) -> None:
    got = messages(tmp_path, 'import re\nre.compile(r"^(\\w+\\s?)*$")\n', "OUT101")
    assert got == [
        (
            2,
            "Regular expression can take exponential time: the repetition (\\w+\\s?)* can "
            "match 'a' in more than one way, so re tries every combination on an input like "
            "'a' + 'a' * 40 + '!'. Make the alternatives or nested repetitions mutually "
            "exclusive.",
        )
    ]


@pytest.mark.parametrize(
    ("call", "reported"),
    [
        ('re.compile(r"(?:ab|AB)*$", re.I)', True),
        ('re.compile(r"(?:ab|AB)*$", flags=re.IGNORECASE | re.M)', True),
        ('re.compile(r"(?:ab|AB)*$", re.RegexFlag.IGNORECASE)', True),
        ('re.compile(r"(?:ab|AB)*$", 2)', True),
        ('re.compile(r"(?:ab|AB)*$")', False),
        ('re.search(r"(?:ab|AB)*$", text, re.I)', True),
        ('re.sub(r"(?:ab|AB)*$", "", text, 0, re.I)', True),
        ('re.sub(r"(?:ab|AB)*$", "", text, re.I)', False),  # that is count, not flags
        ('re.split(r"(?:ab|AB)*$", text, 0, re.I)', True),
        # flags computed at runtime: the pattern is read as it parses
        ('re.compile(r"(a+)+b", FLAGS)', True),
        ('re.compile(r"( a+ )+ b (", FLAGS)', False),
        ('re.compile(r"( [a-z]+ \\d* )+ $  # (", FLAGS)', True),
        ('re.compile(r"(a+)+b", re.I | FLAGS)', True),
        ('re.compile(r"(a+)+b" + SUFFIX)', False),
        ('re.compile(f"(a+)+b")', True),
        ('re.compile("(a+)" "+b")', True),
        ('re.compile(b"(a+)" + b"+b")', True),
        ('re.compile(b"(a+)" + "+b")', False),
        ("re.compile()", False),
        ("re.compile(*args)", False),
        ('re.purge(r"(a+)+b")', False),
    ],
)
def test_calls(tmp_path: Path, call: str, reported: bool) -> None:
    assert lines(tmp_path, f"import re\n{call}\n", "OUT101") == ([2] if reported else [])


def test_imports_are_resolved(tmp_path: Path) -> None:
    source = """\
        import re as r
        from re import fullmatch, match as m

        r.compile(r"(a+)+b")
        m(r"(a+)+b", s)
        fullmatch(r"(a|ab|b)*", s)
        m(r"(a|ab|b)*", s)
    """
    assert lines(tmp_path, source, "OUT101") == [4, 5, 6]


def test_the_parsers_warnings_are_not_shown(recwarn: pytest.WarningsRecorder) -> None:
    # "FutureWarning: Possible nested set": about the code under check, not ours to show
    assert analyse(r"(?:[[a-z]|x)+(?:--)*&&$") is None
    assert recwarn.list == []
