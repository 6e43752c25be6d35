"""From an interpreter's warning (category, message, line) to the exact place in the source.

The interpreters decide *whether* something warns; this module only finds *where*: the
warnings module reports a line (for an escape inside a multi-line string, the line where
the string starts), never a column, and "warnings as errors" stops at the first one. Each
kind has a locator that looks for its construct on or around the reported line; when none
matches, the finding stays on the reported line, at its first non-blank column.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import io
import itertools
import keyword
import re
import tokenize
import warnings
from collections.abc import Callable, Iterator


@dataclasses.dataclass(frozen=True, order=True)
class Position:
    line: int
    col: int  # 1-based
    end_line: int = 0
    end_col: int = 0
    #: What is there, in the source's own spelling (the escape, the literal, the keyword).
    detail: str = ""


class Source:
    """One file's text with lazily built token, string and tree indexes."""

    def __init__(self, text: str, tree: ast.Module | None) -> None:
        self.text = text
        self.tree = tree
        self._line_starts: list[int] | None = None
        self._tokens: list[tokenize.TokenInfo] | None = None
        self._escapes: list[_Escape] | None = None
        self._nodes: list[ast.AST] | None = None

    # -- offsets -------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            for m in re.finditer(r"\r\n|\r|\n", self.text):
                starts.append(m.end())
            self._line_starts = starts
        return self._line_starts

    def offset(self, line: int, col0: int) -> int:
        return self.line_starts[line - 1] + col0

    def position(self, offset: int) -> tuple[int, int]:
        """(line, 1-based column) of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def fallback(self, line: int) -> Position:
        lines = self.text.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        col = len(text) - len(text.lstrip()) + 1
        return Position(max(line, 1), col)

    # -- tokens --------------------------------------------------------------------
    @property
    def tokens(self) -> list[tokenize.TokenInfo]:
        if self._tokens is None:
            tokens: list[tokenize.TokenInfo] = []
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tokens.extend(tokenize.generate_tokens(io.StringIO(self.text).readline))
            except (tokenize.TokenError, SyntaxError):
                pass  # keep what was read; the rest falls back to the reported line
            self._tokens = tokens
        return self._tokens

    # -- string literals -----------------------------------------------------------
    @property
    def escapes(self) -> list[_Escape]:
        if self._escapes is None:
            self._escapes = list(self._find_escapes())
        return self._escapes

    def _find_escapes(self) -> Iterator[_Escape]:
        for region in _string_regions(self.tokens, self):
            yield from _scan_region(self, region)

    # -- tree ----------------------------------------------------------------------
    @property
    def nodes(self) -> list[ast.AST]:
        if self._nodes is None:
            self._nodes = list(ast.walk(self.tree)) if self.tree is not None else []
        return self._nodes

    def nodes_at(self, line: int, types: tuple[type[ast.AST], ...]) -> list[ast.AST]:
        """Nodes of ``types`` that start on ``line``, else those whose span contains it."""
        spanning = [
            n
            for n in self.nodes
            if isinstance(n, types)
            and getattr(n, "lineno", 0) <= line <= (getattr(n, "end_lineno", 0) or 0)
        ]
        starting = [n for n in spanning if getattr(n, "lineno", 0) == line]
        return starting or spanning


def node_position(node: ast.AST, detail: str = "") -> Position:
    return Position(
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset + 1,  # type: ignore[attr-defined]
        getattr(node, "end_lineno", None) or node.lineno,  # type: ignore[attr-defined]
        (getattr(node, "end_col_offset", None) or 0) + 1,
        detail,
    )


# -- escapes ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Region:
    """The body of one string literal: [start, end) offsets, minus nested literals."""

    prefix: str
    start: int
    end: int
    first_line: int
    last_line: int
    holes: tuple[tuple[int, int], ...] = ()


@dataclasses.dataclass(frozen=True)
class _Escape:
    kind: str  # "escape" (unknown character) or "octal" (value over 0o377)
    text: str  # the escape as written: "\\d", "\\400"
    offset: int
    first_line: int
    last_line: int


_PREFIX = re.compile(r"^[A-Za-z]*")


def _prefix(token: str) -> str:
    m = _PREFIX.match(token)
    return m.group() if m else ""


_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
_FSTRING_END = getattr(tokenize, "FSTRING_END", -1)
_TSTRING_START = getattr(tokenize, "TSTRING_START", -1)
_TSTRING_END = getattr(tokenize, "TSTRING_END", -1)


def _quote_of(body: str) -> str:
    for quote in ('"""', "'''", '"', "'"):
        if body.startswith(quote):
            return quote
    return ""


def _string_regions(tokens: list[tokenize.TokenInfo], src: Source) -> Iterator[_Region]:
    """Every string literal's body; f-strings of Python 3.12+ arrive as start/end tokens
    around their parts, with nested literals as tokens of their own (holes here)."""
    stack: list[tuple[tokenize.TokenInfo, list[tuple[int, int]]]] = []
    for tok in tokens:
        if tok.type == tokenize.STRING:
            prefix = _prefix(tok.string)
            quote = _quote_of(tok.string[len(prefix) :])
            start = src.offset(*tok.start) + len(prefix) + len(quote)
            end = src.offset(*tok.end) - len(quote)
            if stack:
                stack[-1][1].append((src.offset(*tok.start), src.offset(*tok.end)))
            yield _Region(prefix.lower(), start, end, tok.start[0], tok.end[0])
        elif tok.type in (_FSTRING_START, _TSTRING_START):
            stack.append((tok, []))
        elif tok.type in (_FSTRING_END, _TSTRING_END) and stack:
            opener, holes = stack.pop()
            prefix = _prefix(opener.string)
            start = src.offset(*opener.end)
            end = src.offset(*tok.start)
            if stack:
                stack[-1][1].append((src.offset(*opener.start), src.offset(*tok.end)))
            yield _Region(prefix.lower(), start, end, opener.start[0], tok.end[0], tuple(holes))


_SIMPLE_ESCAPES = frozenset("\\'\"abfnrtvx\n\r")
_TEXT_ONLY_ESCAPES = frozenset("NuU")
_OCTAL = frozenset("01234567")


def _scan_region(src: Source, region: _Region) -> Iterator[_Escape]:
    if "r" in region.prefix:
        return
    is_bytes = "b" in region.prefix
    text = src.text
    holes = list(region.holes)
    i = region.start
    while i < region.end:
        if holes and i >= holes[0][0]:
            i = max(i, holes.pop(0)[1])
            continue
        if text[i] != "\\" or i + 1 >= region.end:
            i += 1
            continue
        c = text[i + 1]
        if c in _OCTAL:
            j = i + 1
            while j < min(i + 4, region.end) and text[j] in _OCTAL:
                j += 1
            if int(text[i + 1 : j], 8) > 0o377:
                yield _Escape("octal", text[i:j], i, region.first_line, region.last_line)
            i = j
            continue
        if c in _SIMPLE_ESCAPES or (c in _TEXT_ONLY_ESCAPES and not is_bytes):
            i += 2
            continue
        yield _Escape("escape", text[i : i + 2], i, region.first_line, region.last_line)
        i += 2


_ESCAPE_MESSAGE = re.compile(r"invalid escape sequence '?\\(?P<char>.)", re.DOTALL)
_OCTAL_MESSAGE = re.compile(r"invalid octal escape sequence '?\\(?P<digits>[0-7]+)")


def locate_escape(src: Source, line: int, message: str) -> list[Position]:
    octal = _OCTAL_MESSAGE.search(message)
    if octal:
        kind, wanted = "octal", "\\" + octal.group("digits")
    else:
        m = _ESCAPE_MESSAGE.search(message)
        if not m:
            return []
        kind, wanted = "escape", "\\" + m.group("char")
    found = [
        e
        for e in src.escapes
        if e.kind == kind and e.text == wanted and e.first_line <= line <= e.last_line
    ]
    positions = []
    for e in found:
        start_line, col = src.position(e.offset)
        end_line, end_col = src.position(e.offset + len(e.text))
        positions.append(Position(start_line, col, end_line, end_col, e.text))
    return positions


# -- "is" with a literal ---------------------------------------------------------------

_IS_MESSAGE = re.compile(r'^"(?P<op>is(?: not)?)" with (?:a|\'(?P<type>\w+)\') literal')
_SINGLETONS = (None, True, False, Ellipsis)


def _constant_type(node: ast.AST) -> str | None:
    """The type name of an expression the compiler folds into a constant, else None."""
    if isinstance(node, ast.Constant):
        return type(node.value).__name__
    if isinstance(node, ast.Tuple):
        return "tuple" if all(_constant_type(e) for e in node.elts) else None
    if isinstance(node, ast.UnaryOp) and _constant_type(node.operand):
        return "?"
    if isinstance(node, ast.BinOp) and _constant_type(node.left) and _constant_type(node.right):
        return "?"
    return None


def _is_literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and any(node.value is s for s in _SINGLETONS):
        return None
    return _constant_type(node)


def locate_is_literal(src: Source, line: int, message: str) -> list[Position]:
    m = _IS_MESSAGE.search(message)
    if not m:
        return []
    op_type: type[ast.cmpop] = ast.IsNot if m.group("op") == "is not" else ast.Is
    wanted_type = m.group("type")
    positions = []
    for node in src.nodes_at(line, (ast.Compare,)):
        if not isinstance(node, ast.Compare):  # pragma: no cover - nodes_at filters by type
            continue
        operands = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            if not isinstance(op, op_type):
                continue
            types = {_is_literal(operands[i]), _is_literal(operands[i + 1])} - {None}
            if types and (wanted_type is None or wanted_type in types or "?" in types):
                literal = operands[i + 1] if _is_literal(operands[i + 1]) else operands[i]
                detail = ast.get_source_segment(src.text, literal) or ""
                positions.append(node_position(node, detail))
                break
    return positions


# -- numeric literal followed by a keyword ---------------------------------------------

_NUMBER_MESSAGE = re.compile(r"^invalid (?P<kind>decimal|hexadecimal|octal|binary) literal")
_NUMBER_PREFIX = {"hexadecimal": "0x", "octal": "0o", "binary": "0b"}


def locate_number_keyword(src: Source, line: int, message: str) -> list[Position]:
    m = _NUMBER_MESSAGE.search(message)
    if not m:
        return []
    prefix = _NUMBER_PREFIX.get(m.group("kind"))
    tokens = src.tokens
    positions = []
    for tok, nxt in itertools.pairwise(tokens):
        if tok.type != tokenize.NUMBER or tok.start[0] != line:
            continue
        if nxt.type != tokenize.NAME or nxt.start != tok.end or not keyword.iskeyword(nxt.string):
            continue
        number = tok.string.lower()
        if prefix is None and number[:2] in ("0x", "0o", "0b"):
            continue
        if prefix is not None and not number.startswith(prefix):
            continue
        positions.append(
            Position(
                tok.start[0],
                tok.start[1] + 1,
                nxt.end[0],
                nxt.end[1] + 1,
                f"{tok.string} {nxt.string}",
            )
        )
    return positions


# -- the other kinds: a statement or expression that starts on the line --------------

_FINALLY_MESSAGE = re.compile(r"^'(?P<stmt>return|break|continue)' in a 'finally' block")
_FINALLY_NODES: dict[str, type[ast.AST]] = {
    "return": ast.Return,
    "break": ast.Break,
    "continue": ast.Continue,
}


def locate_finally(src: Source, line: int, message: str) -> list[Position]:
    m = _FINALLY_MESSAGE.search(message)
    if not m:
        return []
    return [
        node_position(n, m.group("stmt"))
        for n in src.nodes_at(line, (_FINALLY_NODES[m.group("stmt")],))
    ]


def locate_assert(src: Source, line: int, message: str) -> list[Position]:
    return [
        node_position(n)
        for n in src.nodes_at(line, (ast.Assert,))
        if isinstance(n, ast.Assert) and isinstance(n.test, ast.Tuple) and n.test.elts
    ]


_LITERAL_NODES = (
    ast.Constant,
    ast.Tuple,
    ast.List,
    ast.Dict,
    ast.Set,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.JoinedStr,
)


def locate_missing_comma(src: Source, line: int, message: str) -> list[Position]:
    if "not callable" in message:
        return [
            node_position(n)
            for n in src.nodes_at(line, (ast.Call,))
            if isinstance(n, ast.Call) and isinstance(n.func, _LITERAL_NODES)
        ]
    return [
        node_position(n)
        for n in src.nodes_at(line, (ast.Subscript,))
        if isinstance(n, ast.Subscript) and isinstance(n.value, _LITERAL_NODES)
    ]


Locator = Callable[[Source, int, str], list[Position]]


def locate(src: Source, locator: Locator | None, line: int, message: str) -> list[Position]:
    """Where the warning points; the reported line itself when nothing more exact is found."""
    found = locator(src, line, message) if locator is not None else []
    return sorted(set(found)) or [src.fallback(line)]
