"""The offline typosquat detector: patterns, conventions that stay silent, data, cost model."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outrider.checks.pins.typosquat import (
    PATTERNS,
    Squat,
    _Index,
    find_squat,
    normalize,
    osa_distance,
    popular_rank,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "outrider" / "checks" / "pins" / "data" / "top-pypi.txt"


def listed_names() -> list[str]:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


# -- squats of the bundled list (targets that stay near the top of any ranking) -----------

SQUATS = [
    # name, target, pattern
    ("jeIlyfish", "jellyfish", "confusable"),
    ("rnatplotlib", "matplotlib", "confusable"),
    ("certifl", "certifi", "confusable"),
    ("setup-tools", "setuptools", "separator"),
    ("s-e-t-u-p-tools", "setuptools", "separator"),
    ("setup_tools", "setuptools", "separator"),
    ("charsetnormalizer", "charset-normalizer", "separator"),
    ("python3-dateutil", "python-dateutil", "py-affix"),
    ("python-flask", "flask", "py-affix"),
    ("pythonhttpx", "httpx", "py-affix"),
    ("requests-python", "requests", "py-affix"),
    ("dateutil", "python-dateutil", "py-affix"),
    ("reqeusts", "requests", "transposition"),
    ("ntlk", "nltk", "transposition"),
    ("tqmd", "tqdm", "transposition"),
    ("requestss", "requests", "repetition"),
    ("aiohtttp", "aiohttp", "repetition"),
    ("urlib3", "urllib3", "omission"),
    ("equests", "requests", "omission"),
    ("urllib", "urllib3", "omission"),
    ("colourama", "colorama", "insertion"),
    ("termncolor", "termcolor", "insertion"),
    ("0requests", "requests", "insertion"),
    ("loquru", "loguru", "substitution"),
    ("numoy", "numpy", "substitution"),
    ("requ-sts", "requests", "substitution"),
    ("requesxt", "requests", "damerau-2"),
    ("importlibs-resource", "importlib-resources", "damerau-2"),
]


@pytest.mark.parametrize(("name", "target", "pattern"), SQUATS)
def test_squat_is_reported(name: str, target: str, pattern: str) -> None:
    squat = find_squat(name)
    assert squat is not None
    assert (squat.target, squat.pattern) == (target, pattern)
    assert squat.name == name
    assert squat.normalized == normalize(name)
    assert squat.target_rank == popular_rank(target)
    assert squat.distance == osa_distance(squat.normalized, target)
    assert squat.describe()


def test_fields_keep_the_name_as_given() -> None:
    assert find_squat(" Colourama ") == Squat(
        name=" Colourama ",
        normalized="colourama",
        target="colorama",
        target_rank=popular_rank("colorama") or 0,
        pattern="insertion",
        distance=1,
    )


def test_every_pattern_has_a_description() -> None:
    descriptions = {Squat("x", "x", "y", 1, pattern, 1).describe() for pattern in PATTERNS}
    assert len(descriptions) == len(PATTERNS)


# -- what stays silent --------------------------------------------------------------------


def test_no_listed_name_is_reported() -> None:
    names = listed_names()
    assert [n for n in names if find_squat(n) is not None] == []


@pytest.mark.parametrize(
    "name",
    ["Typing_Extensions", "typing.extensions", "PyYAML", " requests ", "Django", "ruamel.yaml"],
)
def test_spellings_of_listed_names_are_not_reported(name: str) -> None:
    assert popular_rank(name) is not None
    assert find_squat(name) is None


@pytest.mark.parametrize(
    "name",
    [
        # Dependencies of real virtualenvs that are not in the list (benchmarks/typosquat.py).
        "cymysql",  # cy- for py-: pymysql's Cython sibling
        "gmpy",  # gmpy2's predecessor: a version digit
        "httpx2",  # a version digit
        "psycopg2cffi",
        "ryd",
        "pytest-perf",
        "jaraco-path",
        "pip-run",
        "sphinx-hoverxref",
        "dpcontracts",
        "lazr-restful",
        # Naming conventions
        "aclick",  # async variant: a letter in front
        "cparse",
        "pyqt7",  # a version digit
        "rsq",  # short names are one edit from everything
        "sio",
        "",
        "   ",
    ],
)
def test_conventions_and_real_dependencies_are_not_reported(name: str) -> None:
    assert find_squat(name) is None


def test_allowlist_silences_a_name_in_any_spelling() -> None:
    assert find_squat("colourama") is not None
    assert find_squat("colourama", allow=["Colourama"]) is None
    assert find_squat("colourama", allow=(" COLOURAMA ",)) is None
    assert find_squat("colourama", allow=iter(["other", " colourama "])) is None
    assert find_squat("colourama", allow=["colorama"]) is not None


def test_the_most_downloaded_target_wins() -> None:
    squat = find_squat("crypt")  # bcrypt (omission) and crypto (omission)
    assert squat is not None
    assert squat.target == "bcrypt"
    assert (popular_rank("bcrypt") or 0) < (popular_rank("crypto") or 0)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_none_or_a_squat_of_a_listed_name(name: str) -> None:
    squat = find_squat(name)
    if squat is not None:
        assert popular_rank(squat.target) == squat.target_rank
        assert popular_rank(squat.normalized) is None
        assert squat.pattern in PATTERNS


# -- the rules, on a list of our own -------------------------------------------------------

FILLER = [f"filler-{i:05d}" for i in range(6000)]


def index_of(*head: str, tail: tuple[str, ...] = ()) -> _Index:
    """``head`` at the top of the ranking, then filler, then ``tail`` (ranks 6000 and on)."""
    return _Index([*head, *FILLER, *tail])


def test_substitutions_reach_only_the_most_downloaded() -> None:
    index = _Index([*FILLER[:499], "quorum", *FILLER[499:], "vortex"])
    assert index.rank["quorum"] == 500
    assert index.match("qaorum") == ("quorum", "substitution")
    assert index.match("vartex") is None


def test_omissions_and_insertions_reach_the_top_5000_and_transpositions_all() -> None:
    index = _Index([*FILLER[:4999], "quorum", *FILLER[4999:], "vortex"])
    assert index.rank["quorum"] == 5000
    assert index.match("qorum") == ("quorum", "omission")
    assert index.match("quorxum") == ("quorum", "insertion")
    assert index.match("vrtex") is None
    assert index.match("vortexx") is None
    assert index.match("votrex") == ("vortex", "transposition")


def test_short_targets() -> None:
    index = index_of("abcd", "abcde")
    assert index.match("bacd") == ("abcd", "transposition")
    assert index.match("abd") is None  # omission from a four-letter name
    assert index.match("abcx") is None  # substitution in a four-letter name
    assert index.match("abcxe") == ("abcde", "substitution")
    assert index_of("abcdef").match("abxdef") == ("abcdef", "substitution")


def test_version_digits_are_not_typos_except_after_a_stdlib_name() -> None:
    index = index_of("libfoo2", "urllib3", "shiboken6", "s3transfer")
    assert index.match("libfoo") is None
    assert index.match("libfoo23") is None
    assert index.match("shiboken2") is None
    assert index.match("urllib") == ("urllib3", "omission")
    assert index.match("s4transfer") == ("s3transfer", "substitution")


def test_short_words_in_longer_names() -> None:
    index = index_of("mypy-boto3-kms", "mypy-boto3-es", "tool-hub", "faiss-cpu")
    assert index.match("mypy-boto3-dms") is None
    assert index.match("mypy-boto3-ses") is None
    assert index.match("faiss-gpu") is None
    assert index.match("tool-hubs") == ("tool-hub", "insertion")


def test_py_prefix_conventions() -> None:
    index = index_of("pymysql", "pydantic", "pyjwt")
    assert index.match("cymysql") is None
    assert index.match("mydantic") is None
    assert index.match("pyjet") is None  # the word after py is three letters
    assert index.match("pydamtic") == ("pydantic", "substitution")
    assert index.match("mysql") == ("pymysql", "py-affix")
    assert index.match("python-pydantic") == ("pydantic", "py-affix")


def test_letter_in_front_is_a_convention_a_doubled_one_is_not() -> None:
    index = index_of("tornado")
    assert index.match("atornado") is None
    assert index.match("ttornado") == ("tornado", "repetition")
    assert index.match("7tornado") == ("tornado", "insertion")


def test_separators_only_with_the_same_letters() -> None:
    index = index_of("foo-bar-baz", "quxquux")
    assert index.match("foobarbaz") == ("foo-bar-baz", "separator")
    assert index.match("foo-barbaz") == ("foo-bar-baz", "separator")
    assert index.match("qux-quux") == ("quxquux", "separator")


def test_confusables() -> None:
    index = index_of("modern", "wallet", "color")
    assert index.match("rnodern") == ("modern", "confusable")
    assert index.match("vvallet") == ("wallet", "confusable")
    assert index.match("wa11et") == ("wallet", "confusable")
    assert index.match("c0lor") == ("color", "confusable")


def test_two_edits_only_for_long_or_top_ten_names() -> None:
    index = index_of("shortish", *FILLER[:20], "long-enough-names", "mid-length")
    assert index.rank["long-enough-names"] == 22
    assert index.match("shorxisx") == ("shortish", "damerau-2")  # top ten, length 8
    assert index.match("long-enuogh-nmaez") is None  # three edits
    assert index.match("long-enuogh-namex") == ("long-enough-names", "damerau-2")
    assert index.match("mid-lenxtx") is None  # rank 23 and shorter than 12
    # both edits must fall in words of five letters or more
    assert _Index(["ab-cdefghijkl", "mnopqrstuv-w"]).match("ax-cdefghijkx") is None


def test_two_edits_are_not_tried_when_one_matched() -> None:
    index = index_of("abcdefgh", "abcdefgx")
    assert index.match("abcdefgy") == ("abcdefgh", "substitution")


def test_tie_on_one_target_takes_the_first_pattern() -> None:
    # "python3-dateutil" is one insertion from python-dateutil and an affix swap: the affix wins.
    index = index_of("python-dateutil")
    assert index.match("python3-dateutil") == ("python-dateutil", "py-affix")


# -- distances ------------------------------------------------------------------------------


def reference_osa(a: str, b: str) -> int:
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@settings(max_examples=500, deadline=None)
@given(st.text("abc-", max_size=9), st.text("abc-", max_size=9))
def test_osa_distance_matches_the_textbook_recurrence(a: str, b: str) -> None:
    assert osa_distance(a, b) == reference_osa(a, b)


@pytest.mark.parametrize(
    ("a", "b", "d"),
    [("", "", 0), ("", "abc", 3), ("ca", "abc", 3), ("reqeusts", "requests", 1), ("ab", "ba", 1)],
)
def test_osa_distance_examples(a: str, b: str, d: int) -> None:
    assert osa_distance(a, b) == d == osa_distance(b, a)


# -- the bundled data and its loading -------------------------------------------------------


def test_bundled_list_is_normalized_unique_and_ranked() -> None:
    text = DATA.read_text(encoding="utf-8")
    assert text.startswith("# The most downloaded PyPI projects")
    names = listed_names()
    assert len(names) >= 10_000
    assert len(set(names)) == len(names)
    assert all(n == normalize(n) and n == n.strip() for n in names)
    assert popular_rank("requests") is not None
    assert (popular_rank("requests") or 99) <= 50
    assert popular_rank(names[0]) == 1
    assert popular_rank(names[-1]) == len(names)
    assert popular_rank("not-a-project-anyone-has-published") is None


def run_python(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_importing_reads_nothing_and_a_listed_name_builds_no_tables() -> None:
    out = run_python(
        "from outrider.checks.pins import typosquat as t\n"
        "print(t._index.cache_info().currsize)\n"
        "t.find_squat('requests')\n"
        "print(t._index.cache_info().currsize, sorted(vars(t._index())))\n"
        "t.find_squat('not-popular')\n"
        "print(sorted(vars(t._index())))\n"
    )
    first, second, third = out.splitlines()
    assert first == "0"
    assert second == "1 ['popular', 'rank']"
    assert "omissions" in third
    assert "substitutions" in third


def test_the_module_imports_only_the_standard_library() -> None:
    out = run_python(
        "import sys\n"
        "before = set(sys.modules)\n"
        "import outrider.checks.pins.typosquat\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(new - set(sys.stdlib_module_names) - {'outrider'}))\n"
    )
    assert out == "[]"


# -- the regenerating script ----------------------------------------------------------------


@pytest.fixture(scope="module")
def update_script() -> ModuleType:
    path = ROOT / "scripts" / "update_top_pypi.py"
    spec = importlib.util.spec_from_file_location("update_top_pypi", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_reads_the_top_pypi_packages_json(update_script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "top.json"
    rows = [
        {"download_count": 10, "project": "Beta_Two"},
        {"download_count": 30, "project": "alpha.one"},
        {"download_count": 20, "project": "beta-two"},
        {"download_count": 5, "project": "not valid!"},
        {"download_count": 1, "project": "gamma"},
    ]
    source.write_text(json.dumps({"last_update": "2026-11-01 06:41:05", "rows": rows}))
    out = tmp_path / "list.txt"
    assert update_script.main([str(source), "--output", str(out), "--limit", "2"]) == 0
    lines = out.read_text().splitlines()
    assert lines[-3:] == [
        "# source: top-pypi-packages JSON, last_update 2026-11-01 06:41:05; 2 names",
        "alpha-one",
        "beta-two",
    ]


def test_script_reads_a_ranked_table(update_script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "ranking.tsv"
    source.write_text(
        "name\tversion\trank_among_most_downloaded\tsummary\n"
        'zeta\t1.0\t2\tsays "hi\n'
        "unranked\t1.0\t\tnothing\n"
        "Alpha\t2.0\t1\t\n"
        "short\n"
    )
    out = tmp_path / "list.txt"
    assert update_script.main([str(source), "--output", str(out)]) == 0
    assert out.read_text().splitlines()[-2:] == ["alpha", "zeta"]
    csv_source = tmp_path / "ranking.csv"
    csv_source.write_text('project,rank\n"b,c",3\nA,1\n')
    assert update_script.main([str(csv_source), "--output", str(out)]) == 0
    assert out.read_text().splitlines()[-1:] == ["a"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"rows": 3}', 'must be an object with a "rows" list'),
        ('{"rows": [1]}', "JSON row is not an object"),
        ('{"rows": [{"project": "a"}]}', 'needs "project" and "download_count"'),
        ("{not json", "Expecting property name"),
        ("name\tversion\n", "needs a name/project column and a rank column"),
        ("name\trank\nfoo\tfirst\n", "line 2: rank 'first' is not a number"),
        ("name\trank\nfoo\t\n", "no ranked names found"),
        ("", "the table is empty"),
    ],
)
def test_script_errors_are_specific(
    update_script: ModuleType,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    source = tmp_path / "bad"
    source.write_text(content)
    assert update_script.main([str(source), "--output", str(tmp_path / "out.txt")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.txt").exists()


def test_script_output_is_what_is_bundled(update_script: ModuleType) -> None:
    names = listed_names()
    header = DATA.read_text(encoding="utf-8").splitlines()[3]
    note = header.removeprefix("# source: ").rsplit(";", 1)[0]
    assert update_script.render(names, note) == DATA.read_text(encoding="utf-8")
