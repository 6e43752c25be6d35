"""pip's requirements-file format, parsed without pip.

The rules below are pip's (``pip install -r``), applied in pip's order, so that every
requirement and option comes out where pip would see it, with the line number pip reports:

1. Decoding: a BOM wins; else a PEP 263 ``coding:`` comment on one of the first two lines
   (lines starting with ``#``); else UTF-8. (pip would then fall back to the locale's
   encoding; that is a file error here, since the result would depend on the machine.)
2. Lines are split as ``str.splitlines`` splits them (form feeds and other separators count).
3. A line ending in a backslash is joined with the next one, unless it is a comment line;
   backslashes at both ends of a joined piece are removed; a comment line ends a
   continuation. The joined line keeps the number of its first line.
4. Comments: ``#`` at the start of a line or after whitespace, to the end of the line. A
   ``#`` glued to text (a URL fragment like ``#egg=``) is not a comment. Blank lines drop.
5. ``${NAME}`` (upper-case letters, digits, ``_``) is replaced by the environment variable
   when it is set and not empty; here only when an environment mapping is given, so that a
   check's result never depends on the machine running it.
6. The line is split at the first space-separated token that starts with ``-``: before it,
   the requirement (kept verbatim, so markers survive); from it on, options, split like a
   POSIX shell and parsed with :mod:`optparse` as pip parses them (abbreviated long
   options, ``-iURL``, ``--opt=value``; stray words are ignored).
7. On a line with a requirement, only ``--hash`` and ``--config-settings`` count (only the
   latter for ``-e``); on a line without one, the global options apply and ``--hash`` is
   ignored (pip warns). ``-r``/``-c`` on an option line includes another file, relative to
   this one, and the rest of that line is ignored; a file that includes one of its own
   includers is an error.

Remote includes (``-r https://...``) are recorded and never fetched.
"""

from __future__ import annotations

import codecs
import dataclasses
import optparse
import os
import re
import shlex
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NoReturn

__all__ = [
    "STRONG_HASHES",
    "Include",
    "Options",
    "ParseError",
    "ParsedFile",
    "ReqLine",
    "decode",
    "logical_lines",
    "parse_file",
    "parse_text",
]

#: The only ``--hash`` algorithms pip accepts; anything else stops the install.
STRONG_HASHES = ("sha256", "sha384", "sha512")

#: Features ``--use-feature`` accepts in pip 26.
FEATURES = (
    "fast-deps",
    "inprocess-build-deps",
    "venv-isolation",
    "truststore",
    "no-binary-enable-wheel-cache",
    "build-constraint",
)

_SCHEME = re.compile(r"^(http|https|file):", re.IGNORECASE)
_COMMENT = re.compile(r"(^|\s+)#.*$")
_ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)\}")
_CODING = re.compile(rb"coding[:=]\s*([-\w.]+)")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF16, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)


@dataclasses.dataclass(slots=True)
class Options:
    """Every option pip reads from one requirements-file line (defaults when absent)."""

    index_url: str | None = None
    extra_index_urls: list[str] = dataclasses.field(default_factory=list)
    no_index: bool = False
    constraints: list[str] = dataclasses.field(default_factory=list)
    requirements: list[str] = dataclasses.field(default_factory=list)
    editables: list[str] = dataclasses.field(default_factory=list)
    find_links: list[str] = dataclasses.field(default_factory=list)
    no_binary: set[str] = dataclasses.field(default_factory=set)
    only_binary: set[str] = dataclasses.field(default_factory=set)
    prefer_binary: bool = False
    require_hashes: bool = False
    no_require_hashes: bool = False
    pre: bool = False
    all_releases: set[str] = dataclasses.field(default_factory=set)
    only_final: set[str] = dataclasses.field(default_factory=set)
    trusted_hosts: list[str] = dataclasses.field(default_factory=list)
    features_enabled: list[str] = dataclasses.field(default_factory=list)
    #: ``--hash`` values by algorithm, weak ones included (pip refuses those).
    hashes: dict[str, list[str]] | None = None
    config_settings: dict[str, str | list[str]] | None = None
    #: Algorithms pip would refuse, as spelled.
    weak_hashes: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The values that differ from the defaults (weak hashes are not pip's)."""
        default = Options()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name != "weak_hashes" and getattr(self, f.name) != getattr(default, f.name)
        }


@dataclasses.dataclass(frozen=True, slots=True)
class ReqLine:
    """One logical line that pip acts on: a requirement, or global options."""

    path: str
    #: pip's line number: the first physical line of a joined line.
    line: int
    #: The last physical line the logical line was joined from.
    end_line: int
    #: The requirement text before the options (verbatim), or "" on an option line.
    args: str
    options: Options
    #: Read through ``-c``: every requirement here is a constraint.
    constraint: bool

    @property
    def editable(self) -> bool:
        return bool(self.options.editables)

    @property
    def requirement(self) -> str | None:
        if self.args:
            return self.args
        if self.options.editables:
            return self.options.editables[0]
        return None


@dataclasses.dataclass(frozen=True, slots=True)
class Include:
    """``-r FILE`` or ``-c FILE`` on an option line."""

    path: str
    line: int
    end_line: int
    #: As written.
    target: str
    #: Resolved local path, or None for a remote (never fetched) include.
    resolved: str | None
    constraint: bool

    @property
    def remote(self) -> bool:
        return self.resolved is None


@dataclasses.dataclass(frozen=True, slots=True)
class ParseError:
    path: str
    line: int
    message: str
    #: "options" (pip stops), "weak-hash" (pip stops; reported as a finding),
    #: "include" (missing file or cycle), "decode".
    kind: str = "options"
    #: How many lines were parsed before it (pip stops here; this parser goes on).
    index: int = 0


@dataclasses.dataclass(slots=True)
class ParsedFile:
    """A file and everything it includes, flattened in pip's order."""

    path: str
    lines: list[ReqLine] = dataclasses.field(default_factory=list)
    includes: list[Include] = dataclasses.field(default_factory=list)
    errors: list[ParseError] = dataclasses.field(default_factory=list)
    #: Every local file read, the top one first.
    files: list[str] = dataclasses.field(default_factory=list)

    def requirements(self) -> Iterator[ReqLine]:
        return (line for line in self.lines if line.requirement is not None)


# -- decoding and lines ---------------------------------------------------------------


def decode(data: bytes) -> str:
    """pip's decoding of a requirements file; UnicodeDecodeError/LookupError when it fails
    where pip would try the locale's encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding)
    for head in data.split(b"\n")[:2]:
        if head[:1] == b"#":
            m = _CODING.search(head)
            if m is not None:
                return data.decode(m.group(1).decode("ascii"))
    return data.decode("utf-8")


def logical_lines(
    text: str, env: Mapping[str, str] | None = None
) -> Iterator[tuple[int, int, str]]:
    """(first line, last line, text) of each non-blank logical line, comments removed."""
    first = 0
    pieces: list[str] = []
    last = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        is_comment = _COMMENT.match(raw) is not None
        if not raw.endswith("\\") or is_comment:
            piece = " " + raw if is_comment else raw
            if pieces:
                pieces.append(piece)
                joined, start = "".join(pieces), first
                pieces = []
            else:
                joined, start = piece, number
            last = number
        else:
            if not pieces:
                first = number
            pieces.append(raw.strip("\\"))
            continue
        cleaned = _clean(joined, env)
        if cleaned:
            yield start, last, cleaned
    if pieces:
        cleaned = _clean("".join(pieces), env)
        if cleaned:
            yield first, number, cleaned


def _clean(line: str, env: Mapping[str, str] | None) -> str:
    line = _COMMENT.sub("", line).strip()
    if env is not None and line and "${" in line:
        for name in _ENV_VAR.findall(line):
            value = env.get(name)
            if value:
                line = line.replace("${" + name + "}", value)
    return line


def split_args_options(line: str) -> tuple[str, str]:
    """The requirement before the first space-separated token that starts with ``-``."""
    tokens = line.split(" ")
    for i, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(tokens[:i]), " ".join(tokens[i:])
    return line, ""


# -- options --------------------------------------------------------------------------


class OptionError(Exception):
    def __init__(self, message: str, kind: str = "options") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


class _Parser(optparse.OptionParser):
    def error(self, msg: str) -> NoReturn:
        raise OptionError(msg)

    def exit(self, status: int = 0, msg: str | None = None) -> NoReturn:
        raise OptionError(msg or "invalid options")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _mutually_exclusive(value: str, target: set[str], other: set[str], what: str) -> None:
    """pip's handling of ``--only-binary``/``--no-binary`` (and the release options)."""
    if value.startswith("-"):
        raise OptionError(f"{what} option requires 1 argument.")
    names = value.split(",")
    while ":all:" in names:
        other.clear()
        target.clear()
        target.add(":all:")
        del names[: names.index(":all:") + 1]
        if ":none:" not in names:
            return
    for name in names:
        if name == ":none:":
            target.clear()
            continue
        canonical = _canonical(name)
        other.discard(canonical)
        target.add(canonical)


def _binary(attr: str, other: str) -> Callable[..., None]:
    def callback(option: Any, opt: str, value: str, parser: optparse.OptionParser) -> None:
        values = parser.values
        _mutually_exclusive(
            value, getattr(values, attr), getattr(values, other), "--no-binary / --only-binary"
        )

    return callback


def _release(attr: str, other: str) -> Callable[..., None]:
    def callback(option: Any, opt: str, value: str, parser: optparse.OptionParser) -> None:
        values = parser.values
        _mutually_exclusive(
            value, getattr(values, attr), getattr(values, other), "--all-releases / --only-final"
        )

    return callback


def _hash(option: Any, opt: str, value: str, parser: optparse.OptionParser) -> None:
    values: Any = parser.values
    if not values.hashes:
        values.hashes = {}
    algo, sep, digest = value.partition(":")
    if not sep:
        raise OptionError(
            f"Arguments to {opt} must be a hash name followed by a value, "
            "like --hash=sha256:abcde..."
        )
    if algo not in STRONG_HASHES:
        values.weak_hashes.append(algo)
    values.hashes.setdefault(algo, []).append(digest)


def _config_setting(option: Any, opt: str, value: str, parser: optparse.OptionParser) -> None:
    key, sep, val = value.partition("=")
    if sep != "=":
        raise OptionError(f"Arguments to {opt} must be of the form KEY=VAL")
    values: Any = parser.values
    if values.config_settings is None:
        values.config_settings = {}
    settings = values.config_settings
    if key in settings:
        if isinstance(settings[key], list):
            settings[key].append(val)
        else:
            settings[key] = [settings[key], val]
    else:
        settings[key] = val


def _build_parser() -> _Parser:
    parser = _Parser(add_help_option=False, usage=optparse.SUPPRESS_USAGE)
    add = parser.add_option
    add("-i", "--index-url", "--pypi-url", dest="index_url", metavar="URL")
    add("--extra-index-url", dest="extra_index_urls", action="append")
    add("--no-index", dest="no_index", action="store_true")
    add("-c", "--constraint", dest="constraints", action="append")
    add("-r", "--requirement", dest="requirements", action="append")
    add("-e", "--editable", dest="editables", action="append")
    add("-f", "--find-links", dest="find_links", action="append")
    add(
        "--no-binary",
        action="callback",
        type="string",
        callback=_binary("no_binary", "only_binary"),
    )
    add(
        "--only-binary",
        action="callback",
        type="string",
        callback=_binary("only_binary", "no_binary"),
    )
    add("--prefer-binary", dest="prefer_binary", action="store_true")
    add("--require-hashes", dest="require_hashes", action="store_true")
    add("--no-require-hashes", dest="no_require_hashes", action="store_true")
    add("--pre", dest="pre", action="store_true")
    add(
        "--all-releases",
        action="callback",
        type="string",
        callback=_release("all_releases", "only_final"),
    )
    add(
        "--only-final",
        action="callback",
        type="string",
        callback=_release("only_final", "all_releases"),
    )
    add("--trusted-host", dest="trusted_hosts", action="append")
    add("--use-feature", dest="features_enabled", action="append", choices=list(FEATURES))
    add("--hash", dest="hashes", action="callback", type="string", callback=_hash)
    add("-C", "--config-settings", dest="config_settings", action="callback", type="string",
        callback=_config_setting)  # fmt: skip
    return parser


_PARSER: _Parser | None = None


_SHELL_SPECIAL = re.compile(r"['\"\\]")
_SHELL_SPACE = re.compile(r"[ \t\r\n]+")


def _split(text: str) -> list[str]:
    """``shlex.split`` (POSIX rules); without quotes or backslashes that is a plain split on
    shlex's whitespace, done without its character-by-character reader."""
    if _SHELL_SPECIAL.search(text) is None:
        return [t for t in _SHELL_SPACE.split(text) if t]
    try:
        return shlex.split(text)
    except ValueError:
        raise OptionError(f"Could not split options: {text}") from None


def _fresh() -> dict[str, Any]:
    """Default values of every option, with containers of their own."""
    return {
        "index_url": None,
        "extra_index_urls": [],
        "no_index": False,
        "constraints": [],
        "requirements": [],
        "editables": [],
        "find_links": [],
        "no_binary": set(),
        "only_binary": set(),
        "prefer_binary": False,
        "require_hashes": False,
        "no_require_hashes": False,
        "pre": False,
        "all_releases": set(),
        "only_final": set(),
        "trusted_hosts": [],
        "features_enabled": [],
        "hashes": None,
        "config_settings": None,
        "weak_hashes": [],
    }


def parse_options(text: str) -> Options:
    """The options of one line (everything from the first ``-`` token on)."""
    global _PARSER  # noqa: PLW0603 - built once per process; parse_args keeps no state
    if not text:
        return Options()
    if _PARSER is None:
        _PARSER = _build_parser()
    argv = _split(text)
    if all(arg.startswith("--hash=") for arg in argv):
        # The shape of every line of a hashed lock; optparse would do exactly this.
        options = Options()
        hashes: dict[str, list[str]] = {}
        for arg in argv:
            algo, sep, digest = arg[len("--hash=") :].partition(":")
            if not sep:
                raise OptionError(
                    "Arguments to --hash must be a hash name followed by a value, "
                    "like --hash=sha256:abcde..."
                )
            if algo not in STRONG_HASHES:
                options.weak_hashes.append(algo)
            hashes.setdefault(algo, []).append(digest)
        options.hashes = hashes
        return options
    values = optparse.Values(_fresh())
    _PARSER.parse_args(argv, values)
    return Options(**vars(values))


# -- files ----------------------------------------------------------------------------


Reader = Callable[[str], bytes]


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def parse_text(
    text: str,
    path: str,
    *,
    env: Mapping[str, str] | None = None,
    reader: Reader = _read,
    constraint: bool = False,
) -> ParsedFile:
    """Parse ``text`` (the content of ``path``) and every local file it includes."""
    result = ParsedFile(path)
    result.files.append(path)
    _parse(result, path, text, constraint, {os.path.abspath(path): None}, env=env, reader=reader)
    return result


def parse_file(
    path: str,
    *,
    env: Mapping[str, str] | None = None,
    reader: Reader = _read,
    constraint: bool = False,
) -> ParsedFile:
    try:
        text = decode(reader(path))
    except OSError as exc:
        result = ParsedFile(path)
        result.errors.append(
            ParseError(path, 0, f"cannot read requirements file: {exc.strerror or exc}", "include")
        )
        return result
    except (UnicodeDecodeError, LookupError) as exc:
        result = ParsedFile(path)
        result.errors.append(ParseError(path, 0, _decode_message(exc), "decode"))
        return result
    return parse_text(text, path, env=env, reader=reader, constraint=constraint)


def _decode_message(exc: Exception) -> str:
    if isinstance(exc, LookupError):
        return f"unknown encoding in the coding declaration: {exc}"
    return (
        f"not valid UTF-8 ({exc}) and no coding declaration: pip would guess from the "
        "locale; add '# -*- coding: ... -*-' or re-encode the file as UTF-8"
    )


def _parse(
    result: ParsedFile,
    path: str,
    text: str,
    constraint: bool,
    ancestors: dict[str, str | None],
    *,
    env: Mapping[str, str] | None,
    reader: Reader,
) -> None:
    for first, last, line in logical_lines(text, env):
        args, option_text = split_args_options(line)
        try:
            options = parse_options(option_text)
        except OptionError as exc:
            result.errors.append(
                ParseError(
                    path,
                    first,
                    f"invalid options on this line: {exc.message}",
                    exc.kind,
                    len(result.lines),
                )
            )
            continue
        if options.weak_hashes:
            algos = ", ".join(sorted(set(options.weak_hashes)))
            result.errors.append(
                ParseError(
                    path,
                    first,
                    f"--hash with algorithm {algos}: pip only accepts "
                    f"{', '.join(STRONG_HASHES)} and refuses the whole file",
                    "weak-hash",
                    len(result.lines),
                )
            )
        entry = ReqLine(path, first, last, args, options, constraint)
        if entry.requirement is None and (options.requirements or options.constraints):
            if options.requirements:
                target, nested_constraint = options.requirements[0], False
            else:
                target, nested_constraint = options.constraints[0], True
            _include(
                result,
                entry,
                target,
                nested_constraint,
                ancestors,
                env=env,
                reader=reader,
            )
            continue
        result.lines.append(entry)


def _include(
    result: ParsedFile,
    entry: ReqLine,
    target: str,
    constraint: bool,
    ancestors: dict[str, str | None],
    *,
    env: Mapping[str, str] | None,
    reader: Reader,
) -> None:
    path = entry.path
    if _SCHEME.search(path):  # pragma: no cover - remote files are never read
        resolved: str | None = None
    elif _SCHEME.search(target):
        scheme = target.split(":", 1)[0].lower()
        if scheme == "file":
            resolved = urllib.request.url2pathname(urllib.parse.urlsplit(target).path)
        else:
            resolved = None
    else:
        resolved = os.path.join(os.path.dirname(path), target)
    include = Include(path, entry.line, entry.end_line, target, resolved, constraint)
    result.includes.append(include)
    if resolved is None:
        return
    key = os.path.abspath(resolved)
    if key in ancestors:
        again = ancestors[key]
        tail = f" and again in {again}" if again is not None else ""
        result.errors.append(
            ParseError(
                path,
                entry.line,
                f"including {target} makes a cycle: it is already being read "
                f"({resolved}{tail}); pip stops here",
                "include",
                len(result.lines),
            )
        )
        return
    try:
        text = decode(reader(resolved))
    except OSError as exc:
        kind = "constraints" if constraint else "requirements"
        result.errors.append(
            ParseError(
                path,
                entry.line,
                f"cannot open {kind} file {target}: {exc.strerror or exc}",
                "include",
                len(result.lines),
            )
        )
        return
    except (UnicodeDecodeError, LookupError) as exc:
        result.errors.append(
            ParseError(
                path, entry.line, f"{target}: {_decode_message(exc)}", "include", len(result.lines)
            )
        )
        return
    result.files.append(resolved)
    nested = dict(ancestors)
    nested[key] = path
    _parse(result, resolved, text, constraint, nested, env=env, reader=reader)
