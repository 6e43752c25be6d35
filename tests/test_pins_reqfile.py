"""The requirements-file parser, differentially against pip's own (the oracle, tests only).

For every file of the corpus, and for files hypothesis writes, both parsers must yield the
same lines (file, line number, requirement text, every option, constraint flag) in the
same order, and fail on the same files. pip stops at its first error; outrider's parser goes
on, so its lines up to its first error must equal pip's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outrider.checks.pins import reqfile
from outrider.checks.pins.reqfile import Options, ParsedFile, parse_file

# -- the oracle -------------------------------------------------------------------------


def _pip_options(values: Any) -> dict[str, Any]:
    fc = values.format_control
    rc = values.release_control
    opts = Options(
        index_url=values.index_url,
        extra_index_urls=list(values.extra_index_urls),
        no_index=values.no_index,
        constraints=list(values.constraints),
        requirements=list(values.requirements),
        editables=list(values.editables),
        find_links=list(values.find_links),
        no_binary=set(fc.no_binary),
        only_binary=set(fc.only_binary),
        prefer_binary=values.prefer_binary,
        require_hashes=values.require_hashes,
        no_require_hashes=values.no_require_hashes,
        pre=values.pre,
        all_releases=set(rc.all_releases) if rc else set(),
        only_final=set(rc.only_final) if rc else set(),
        trusted_hosts=list(values.trusted_hosts),
        features_enabled=list(values.features_enabled),
        hashes=values.hashes,
        config_settings=values.config_settings,
    )
    return opts.to_dict()


def _fresh_features() -> Any:
    from pip._internal.cli import cmdoptions

    return cmdoptions.use_new_feature(default=[])


Line = tuple[str, int, str, str | None, bool, dict[str, Any], bool]


def pip_parse(path: Path) -> tuple[list[Line], str | None]:
    """pip's lines for ``path``, and its error (None when it parsed the whole file)."""
    from pip._internal.cli import cmdoptions
    from pip._internal.exceptions import PipError
    from pip._internal.req import req_file
    from pip._internal.req.req_file import RequirementsFileParser, get_line_parser

    # pip's --use-feature option is a partial whose default list is shared by every parser
    # it builds, so its value accumulates across lines (and calls); give each line its own.
    req_file.SUPPORTED_OPTIONS[:] = [
        _fresh_features if f is cmdoptions.use_new_feature else f
        for f in req_file.SUPPORTED_OPTIONS
    ]
    parser = RequirementsFileParser(None, get_line_parser(None))  # type: ignore[arg-type]
    lines: list[Line] = []
    try:
        for pl in parser.parse(str(path), False):
            lines.append(
                (
                    os.path.abspath(pl.filename),
                    pl.lineno,
                    pl.args,
                    pl.requirement,
                    pl.is_editable,
                    _pip_options(pl.opts),
                    pl.constraint,
                )
            )
    except (PipError, UnicodeDecodeError, LookupError) as exc:
        return lines, f"{type(exc).__name__}: {exc}"
    return lines, None


def our_parse(path: Path) -> tuple[list[Line], ParsedFile]:
    parsed = parse_file(str(path), env=os.environ)
    lines = [
        (
            os.path.abspath(rl.path),
            rl.line,
            rl.args,
            rl.requirement,
            rl.editable,
            rl.options.to_dict(),
            rl.constraint,
        )
        for rl in parsed.lines
    ]
    return lines, parsed


def first_error_index(parsed: ParsedFile) -> int | None:
    return min((e.index for e in parsed.errors), default=None)


def assert_same(path: Path) -> None:
    theirs, error = pip_parse(path)
    ours, parsed = our_parse(path)
    stop = first_error_index(parsed)
    if error is None:
        assert parsed.errors == [], (theirs, parsed.errors)
        assert ours == theirs
    else:
        assert stop is not None, f"pip failed ({error}) but outrider did not"
        assert ours[:stop] == theirs, error


def write(tmp: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    return tmp / next(iter(files))


# -- the corpus: every rule of the format -------------------------------------------------

SHA = "a" * 64
CORPUS: dict[str, dict[str, str | bytes]] = {
    "empty": {"r.txt": ""},
    "blank-and-comments": {"r.txt": "\n\n   \n# comment\n   # indented comment\n\t#tab\n"},
    "plain-names": {"r.txt": "requests\nDjango>=4.2,<5\nattrs==23.1.0\nfoo===1.0-local\n"},
    "extras-and-markers": {
        "r.txt": 'requests[socks,security]==2.31.0 ; python_version >= "3.8"\n'
        "pywin32==306; sys_platform == 'win32'\n"
        "a[b]  ;  os_name=='nt'\n"
    },
    "inline-comments": {
        "r.txt": "requests==2.31.0 # pinned\nflask#not-a-comment\nx==1\t# tab comment\n"
        "y==2 #\nz  ###\n"
    },
    "continuation": {"r.txt": "requests==2.31.0 \\\n    --hash=sha256:" + SHA + "\nnext\n"},
    "continuation-chain": {
        "r.txt": "a==1 \\\n  --hash=sha256:" + SHA + " \\\n  --hash=sha512:" + "b" * 128 + "\nb\n"
    },
    "continuation-at-eof": {"r.txt": "requests \\"},
    "continuation-into-comment": {"r.txt": "requests \\\n# comment ends it\nflask\n"},
    "comment-line-ending-in-backslash": {"r.txt": "# a comment \\\nflask\n"},
    "backslashes-stripped-both-ends": {"r.txt": "\\\\requests\\\n==2\n"},
    "comment-then-continuation-swallows": {"r.txt": "a # note \\\nb\nc\n"},
    "orphaned-hash": {"r.txt": "requests==2.31.0\n    --hash=sha256:" + SHA + "\n"},
    "crlf": {"r.txt": "a==1\r\nb==2 \\\r\n --hash=sha256:" + SHA + "\r\n"},
    "form-feed-and-odd-separators": {"r.txt": "a==1\x0cb==2\nc==3\x85d==4\u2028e\n"},
    "nbsp-before-hash-is-whitespace": {"r.txt": "a==1\xa0#comment\n"},
    "global-options": {
        "r.txt": "--index-url https://pypi.org/simple\n"
        "--extra-index-url https://example.org/simple\n"
        "-i https://other.example/simple\n"
        "--pypi-url=https://third.example/simple\n"
        "--no-index\n--find-links ./wheels\n-f https://example.org/links\n"
        "--trusted-host example.org\n--prefer-binary\n--pre\n"
        "--require-hashes\n--no-require-hashes\n"
        "--use-feature=fast-deps\n--use-feature truststore\n"
    },
    "abbreviated-options": {
        "r.txt": "--extra https://e.example/simple\n--trusted e.example\n--no-i\n"
        "--index https://i.example/simple\n--req-h\n"
    },
    "short-options-glued": {"r.txt": "-ihttps://i.example/simple\n-f./wheels\n"},
    "several-options-one-line": {
        "r.txt": "--index-url=https://a.example/simple --extra-index-url https://b.example/simple "
        "--trusted-host b.example --find-links ./w --find-links ./x\n"
    },
    "binary-controls": {
        "r.txt": "--only-binary :all:\n--no-binary numpy,Scipy_Thing\n"
        "--only-binary :none:,lxml\n--no-binary :all:,:none:,pandas\n"
    },
    "release-controls": {
        "r.txt": "--all-releases :all:\n--only-final Django,attrs\n--only-final :none:\n"
    },
    "per-requirement-options": {
        "r.txt": f"a==1 --hash=sha256:{SHA} --hash sha384:{'c' * 96}\n"
        "b==2 --config-settings key=value -C other=x -C key=second\n"
        "c==3 -C=weird=1\n"
    },
    "global-option-on-requirement-line-is-ignored": {
        "r.txt": "a==1 --index-url https://x.example/simple --trusted-host x.example\n"
    },
    "editable": {
        "r.txt": "-e .\n-e ./src/pkg[extra]\n--editable git+https://github.com/pypa/pip@main#egg=pip\n"
        "-e file:///tmp/x#egg=x\n-e . --config-settings a=b\n"
    },
    "editable-with-hash": {"r.txt": f"-e . --hash=sha256:{SHA}\n"},
    "two-editables-on-one-line": {"r.txt": "-e ./a -e ./b\n"},
    "url-and-vcs": {
        "r.txt": "https://files.example/pkg-1.0.tar.gz#sha256=" + SHA + "\n"
        "pip @ https://github.com/pypa/pip/archive/1.3.1.zip\n"
        "git+https://github.com/pypa/pip.git@8f3d1b2#egg=pip\n"
        "git+ssh://git@github.com/x/y.git@v1.0#egg=y&subdirectory=sub\n"
        "hg+https://hg.example/repo#egg=r\nsvn+https://svn.example/repo@123#egg=s\n"
        "./downloads/numpy-1.9.2-cp34-none-win32.whl\n"
        "git+https://host/r.git#egg=r ; python_version<'4'\n"
    },
    "markers-with-spaces-and-dashes": {
        "r.txt": "a==1 ; python_version >= '3.8' and platform_machine != 'x86-64'\n"
    },
    "dash-inside-a-marker-starts-options": {"r.txt": "a==1 ; extra == 'x' -foo\n"},
    "tab-before-option-is-not-a-split": {"r.txt": f"a==1\t--hash=sha256:{SHA}\n"},
    "quoted-option-values": {
        "r.txt": "--find-links 'dir with spaces'\n--trusted-host \"quoted.example\"\n"
        "--index-url=https://a.example/simple\\ x\n"
    },
    "unclosed-quote": {"r.txt": "a==1\n--find-links 'open\nb==2\n"},
    "stray-words-after-options": {"r.txt": "--pre junk more junk\n--no-index x\n"},
    "double-dash": {"r.txt": "-- --pre\n"},
    "unknown-option": {"r.txt": "a==1\n--frobnicate\nb==2\n"},
    "option-missing-argument": {"r.txt": "a==1\n--index-url\n"},
    "flag-with-value": {"r.txt": "--pre=yes\n"},
    "ambiguous-abbreviation": {"r.txt": "--no\n"},
    "bad-feature": {"r.txt": "--use-feature=time-travel\n"},
    "hash-without-colon": {"r.txt": "a==1 --hash=sha256\n"},
    "weak-hash": {"r.txt": "a==1\nb==2 --hash=md5:0123456789abcdef0123456789abcdef\nc==3\n"},
    "config-setting-without-equals": {"r.txt": "a==1 -C novalue\n"},
    "binary-value-starting-with-dash": {"r.txt": "--only-binary --pre\n"},
    "env-vars": {
        "r.txt": "--index-url https://${OUTRIDER_T_USER}:${OUTRIDER_T_PART}@idx.example/simple\n"
        "${OUTRIDER_T_PKG}==1\n${OUTRIDER_T_UNSET}==2\n$OUTRIDER_T_PKG==3\n${outrider_t_lower}\n"
        "${OUTRIDER_T_EMPTY}==4\n"
    },
    "env-var-with-spaces-and-hash": {"r.txt": "x${OUTRIDER_T_SPACE}\ny ${OUTRIDER_T_HASH}\n"},
    "include": {
        "r.txt": "a==1\n-r base.txt\nb==2\n",
        "base.txt": "c==3\n--extra-index-url https://x.example/simple\n",
    },
    "include-long-forms": {
        "r.txt": "--requirement=sub/base.txt\n--constraint sub/c.txt\n-csub/c2.txt\n",
        "sub/base.txt": "x\n-r ../leaf.txt\n",
        "sub/c.txt": "y==1\n",
        "sub/c2.txt": "z==1\n",
        "leaf.txt": "leaf==1\n",
    },
    "constraint-file-includes-requirements": {
        "r.txt": "-c c.txt\n",
        "c.txt": "a==1\n-r more.txt\n",
        "more.txt": "b==2\n",
    },
    "include-line-with-other-options-drops-them": {
        "r.txt": "-r base.txt --trusted-host x.example\n-c base.txt -r other.txt\n",
        "base.txt": "a==1\n",
        "other.txt": "b==1\n",
    },
    "requirement-line-with-include-is-a-requirement": {
        "r.txt": "a==1 -r base.txt\n-e . -r base.txt\n",
        "base.txt": "b\n",
    },
    "diamond-include-is-fine": {
        "r.txt": "-r a.txt\n-r b.txt\n",
        "a.txt": "-r d.txt\n",
        "b.txt": "-r d.txt\n",
        "d.txt": "d==1\n",
    },
    "self-include": {"r.txt": "a==1\n-r r.txt\nb==2\n"},
    "include-cycle": {
        "r.txt": "x==1\n-r a.txt\n",
        "a.txt": "y==1\n-r b.txt\n",
        "b.txt": "z==1\n-r a.txt\n",
    },
    "missing-include": {"r.txt": "a==1\n-r nowhere.txt\nb==2\n"},
    "utf8-bom": {"r.txt": b"\xef\xbb\xbfrequests==2.31.0\n"},
    "utf16-bom": {"r.txt": "\ufeffrequests==2.31.0\nflask\n".encode("utf-16")},
    "pep263-latin1": {
        "r.txt": "# -*- coding: latin-1 -*-\nna\xefve==1 # caf\xe9\n".encode("latin-1")
    },
    "pep263-second-line": {"r.txt": "a==1\n# coding=cp1252\nb==2\n".encode("cp1252")},
    "pep263-third-line-ignored": {"r.txt": "a==1\nb==2\n# coding: latin-1\nc==3\n"},
    "whitespace-only-continuation": {"r.txt": "  \\\n  \\\na==1\n"},
    "option-after-continued-requirement": {
        "r.txt": "a==1 \\\n--hash=sha256:" + SHA + " \\\n\nb==2\n"
    },
    "option-equals-forms": {"r.txt": "--find-links=./w\n-f=./x\n--hash=sha256:" + SHA + "\n"},
}

ENV = {
    "OUTRIDER_T_USER": "alice",
    "OUTRIDER_T_PART": "part2",
    "OUTRIDER_T_PKG": "requests",
    "OUTRIDER_T_EMPTY": "",
    "outrider_t_lower": "lower",
    "OUTRIDER_T_SPACE": " --pre",
    "OUTRIDER_T_HASH": "# not a comment",
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("OUTRIDER_T_UNSET", raising=False)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_corpus_matches_pip(case: str, tmp_path: Path, env: None) -> None:
    assert_same(write(tmp_path, CORPUS[case]))


def test_corpus_size() -> None:
    # Reported in the closing note: keep it honest.
    assert len(CORPUS) >= 60


def test_corpus_covers_errors_and_clean_files(tmp_path: Path, env: None) -> None:
    failing = 0
    for i, (_name, files) in enumerate(sorted(CORPUS.items())):
        case = tmp_path / str(i)
        case.mkdir()
        _, error = pip_parse(write(case, files))
        failing += error is not None
    assert 10 <= failing < len(CORPUS) - 30, failing


def test_line_numbers_of_joined_lines(tmp_path: Path) -> None:
    path = write(tmp_path, {"r.txt": "a==1 \\\n  --hash=sha256:" + SHA + " \\\n  \\\n\nb\n"})
    parsed = parse_file(str(path))
    # pip keeps the requirement text verbatim, spaces before the options included.
    assert [(rl.line, rl.end_line, rl.requirement) for rl in parsed.lines] == [
        (1, 4, "a==1  "),
        (5, 5, "b"),
    ]


def test_environment_is_not_read_unless_asked(tmp_path: Path, env: None) -> None:
    path = write(tmp_path, {"r.txt": "${OUTRIDER_T_PKG}==1\n"})
    assert [rl.requirement for rl in parse_file(str(path)).lines] == ["${OUTRIDER_T_PKG}==1"]
    assert [rl.requirement for rl in parse_file(str(path), env=os.environ).lines] == ["requests==1"]


def test_remote_include_is_recorded_not_fetched(tmp_path: Path) -> None:
    path = write(tmp_path, {"r.txt": "-r https://example.invalid/reqs.txt\na==1\n"})
    parsed = parse_file(str(path))
    assert [(i.line, i.target, i.remote) for i in parsed.includes] == [
        (1, "https://example.invalid/reqs.txt", True)
    ]
    assert parsed.errors == []
    assert [rl.requirement for rl in parsed.lines] == ["a==1"]


def test_file_url_include_is_read(tmp_path: Path) -> None:
    write(tmp_path, {"base.txt": "b==1\n"})
    url = (tmp_path / "base.txt").as_uri()
    path = write(tmp_path, {"r.txt": f"-r {url}\n"})
    assert [rl.requirement for rl in parse_file(str(path)).lines] == ["b==1"]


def test_parser_goes_on_after_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, {"r.txt": "a==1\n--frobnicate\nb==2\n-r missing.txt\nc==3\n"})
    parsed = parse_file(str(path))
    assert [rl.requirement for rl in parsed.lines] == ["a==1", "b==2", "c==3"]
    assert [(e.line, e.kind) for e in parsed.errors] == [(2, "options"), (4, "include")]
    assert "no such option: --frobnicate" in parsed.errors[0].message


def test_undecodable_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, {"r.txt": b"caf\xe9==1\n"})
    parsed = parse_file(str(path))
    assert parsed.lines == []
    assert [e.kind for e in parsed.errors] == ["decode"]
    assert "coding" in parsed.errors[0].message


def test_decode_matches_pip_on_declarations() -> None:
    from pip._internal.req.req_file import _decode_req_file

    samples = [
        b"a\n",
        b"\xef\xbb\xbfa\n",
        "a\n".encode("utf-16-le"),
        "\ufeffa\n".encode("utf-32"),
        b"# coding: latin-1\n\xe9\n",
        b"x\n#coding=ascii\ny\n",
        b"# -*- coding: utf-8 -*-\n\xc3\xa9\n",
    ]
    for data in samples:
        assert reqfile.decode(data) == _decode_req_file(data, "r.txt"), data


# -- hypothesis: files written from the format's own pieces -------------------------------

_REQS = st.sampled_from(
    [
        "a",
        "a==1",
        "A_b.c>=1,<2",
        "x[y]==1.0",
        'x==1 ; python_version < "3.12"',
        "x==1;os_name=='nt'",
        "https://h.example/p-1.0.tar.gz#sha256=" + SHA,
        "git+https://h.example/r.git@v1#egg=r",
        "p @ https://h.example/p.zip",
        "./local/dir",
        "${OUTRIDER_T_PKG}",
        "q#frag",
        "===",
    ]
)
_OPTS = st.sampled_from(
    [
        "--hash=sha256:" + SHA,
        "--hash sha384:" + "c" * 96,
        "--hash=md5:abc",
        "--hash=nocolon",
        "-C k=v",
        "--config-settings=k=w",
        "-C bad",
        "--index-url https://i.example/simple",
        "-i https://j.example/simple",
        "--extra-index-url=https://e.example/simple",
        "--extra https://e2.example/simple",
        "--no-index",
        "--find-links ./w",
        "-f ./w2",
        "--trusted-host h.example",
        "--only-binary :all:",
        "--no-binary a,b",
        "--prefer-binary",
        "--require-hashes",
        "--no-require-hashes",
        "--pre",
        "--all-releases x",
        "--only-final :all:",
        "--use-feature fast-deps",
        "--use-feature bogus",
        "-e ./pkg",
        "-e git+https://h.example/r.git#egg=r",
        "--frob",
        "'quoted arg'",
        "'unclosed",
        "-r inc.txt",
        "-c inc.txt",
        "-r self.txt",
        "-r nothere.txt",
        "--",
        "junk",
    ]
)
_TAILS = st.sampled_from(["", " # c", "\t#c", " \\", "\\", "#x", " ", "  # \\"])
_SEPS = st.sampled_from(["\n", "\r\n", "\n\n", "\n# comment\n", "\n  \\\n", "\x0c"])


@st.composite
def _line(draw: st.DrawFn) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(_REQS))
    parts.extend(draw(st.lists(_OPTS, max_size=3)))
    joiner = draw(st.sampled_from([" ", "  ", " \\\n  ", "\t"]))
    return joiner.join(parts) + draw(_TAILS)


@st.composite
def _file(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_line(), max_size=8))
    out = ""
    for line in lines:
        out += line + draw(_SEPS)
    return out


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(main=_file(), inc=_file())
def test_generated_files_match_pip(
    main: str, inc: str, tmp_path_factory: pytest.TempPathFactory, env: None
) -> None:
    tmp = tmp_path_factory.mktemp("gen")
    write(tmp, {"self.txt": main, "inc.txt": inc})
    assert_same(tmp / "self.txt")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\r\n\x0b\xa0ab=-'\"\\#:", max_size=20))
def test_option_splitting_matches_shlex(text: str) -> None:
    import shlex

    try:
        expected: list[str] | None = shlex.split(text)
    except ValueError:
        expected = None
    try:
        got: list[str] | None = reqfile._split(text)
    except reqfile.OptionError:
        got = None
    assert got == expected


def test_fresh_defaults_match_the_options_type() -> None:
    assert Options(**reqfile._fresh()) == Options()
