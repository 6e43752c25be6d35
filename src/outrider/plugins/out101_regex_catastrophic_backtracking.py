#
# SPDX-License-Identifier: Apache-2.0
r"""
=======================================================================
OUT101: Regular expression with exponential (catastrophic) backtracking
=======================================================================

What it does
------------
Reports a literal regular expression passed to a function of the ``re`` module
(``compile``, ``match``, ``search``, ``fullmatch``, ``findall``, ``finditer``, ``split``,
``sub``, ``subn``) when a repetition in it can match the same text in more than one way,
so that a crafted input makes Python's backtracking matcher take exponential time:

- nested quantifiers, as in ``(a+)+`` or ``(\s*\w+)*``: the inner and the outer
  repetition can share the characters of a run between them in many ways;
- alternatives or adjacent quantified atoms inside a repetition whose character sets
  overlap, as in ``(a|ab|b)*``, ``(\d+\d+)*`` or ``(.*,)*``.

How it decides:

1. The pattern is parsed by the standard library's own parser
   (``re._parser``, or ``sre_parse`` before Python 3.11) with the flags
   given at the call (``re.I``, ``re.X``, ``re.S``, ``re.A``, inline
   ``(?i)`` ...), so it sees what ``re`` sees: ``(\w|\d)+`` is one character
   set for ``re`` and is not reported.
2. The parsed pattern becomes a position automaton. A repetition is
   ambiguous when, for some text ``w``, two different paths consume ``w``
   and come back to the same point; then ``n`` copies of ``w`` can be
   matched in ``2**n`` ways. Word boundaries (``\b``, ``\B``), anchors and
   lookarounds of one character narrow the paths; atomic groups and
   possessive quantifiers (Python 3.11+) never backtrack.
3. An attack is built and checked on the automaton, without running ``re``:
   a text that reaches the repetition, repeats ``w``, and is then rejected.
   If every such text is accepted first (a repetition at the end of a
   pattern used with ``search``, or one followed by something that accepts
   any character), nothing is reported: the matcher stops at its first
   success.

The message names the repetition as written and gives the attack, for example
``'a' + 'a' * 40 + '!'``. Not judged (never reported): repetitions that hold a
back-reference or a lookaround longer than one character (either can tell two ways
apart), patterns computed at runtime, and quadratic patterns such as ``\s*\s*$`` (slow
on long inputs, but not exponential). Bounded repetitions count exactly up to ``{,10}``;
larger bounds count as unbounded.

Why is this bad
---------------
Each extra copy of ``w`` in the input doubles the matching time (or multiplies it by
another constant above one): 30 copies take seconds, 40 take hours. A pattern that sees
data from outside (a request header, a form field, a file) lets one small request pin a
CPU core: a regular-expression denial of service (ReDoS). Python's ``re`` has no timeout.

Severity and confidence
-----------------------
MEDIUM severity: the impact is denial of service, not code execution or data exposure,
and it needs the pattern to see data an attacker controls.
HIGH confidence: the ambiguity is proved on the pattern as ``re`` parses it and an attack
that reaches it and fails is built and checked; only lookarounds longer than one
character and back-references are approximated, and repetitions that hold them are not
reported.

Example
-------
.. code-block:: python

    import re

    WORDS = re.compile(r"^(\w+\s?)*$")

Use instead
-----------
.. code-block:: python

    import re

    WORDS = re.compile(r"^\w+(?:\s\w+)*\s?$")

References
----------
- `CWE-1333: Inefficient Regular Expression Complexity <https://cwe.mitre.org/data/definitions/1333.html>`__
- `Wikipedia: ReDoS <https://en.wikipedia.org/wiki/ReDoS>`__
- `Weideman et al., matching time of backtracking matchers and NFA ambiguity
  <https://doi.org/10.1007/978-3-319-40946-7_27>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import warnings
from collections.abc import Sequence
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, literal_string_value, make_issue, qualname

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = 1333

# re function -> position of its ``flags`` parameter
_FUNCTIONS = {
    "re.compile": 1,
    "re.search": 2,
    "re.match": 2,
    "re.fullmatch": 2,
    "re.findall": 2,
    "re.finditer": 2,
    "re.split": 3,
    "re.sub": 4,
    "re.subn": 4,
}

#: A bounded repetition with a larger maximum counts as unbounded.
BOUNDED_EXACT = 10
#: Patterns bigger than this (positions after expansion) are not judged.
MAX_POSITIONS = 2000
#: Pairs of positions explored before giving up on a pattern.
MAX_PAIRS = 100_000


def _parser() -> Any:
    try:
        return importlib.import_module("re._parser")  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module("sre_parse")


_P = _parser()
_MAXREPEAT = int(getattr(_P, "MAXREPEAT", 4294967295))


class _GiveUp(Exception):
    """The pattern is too big or uses something the analysis does not model."""


def _op(code: Any) -> str:
    return str(getattr(code, "name", code))


# -- rendering a parsed piece back to pattern syntax (for the message) ---------------------

_RENDER_AT = {
    "AT_BEGINNING": "^",
    "AT_BEGINNING_STRING": r"\A",
    "AT_END": "$",
    "AT_END_STRING": r"\Z",
    "AT_BOUNDARY": r"\b",
    "AT_NON_BOUNDARY": r"\B",
}
_RENDER_CATEGORY = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _render_char(c: int, in_class: bool) -> str:
    ch = chr(c)
    if ch in "\n\t\r\f\v":
        return {"\n": r"\n", "\t": r"\t", "\r": r"\r", "\f": r"\f", "\v": r"\v"}[ch]
    if c < 32 or c == 127:
        return f"\\x{c:02x}"
    special = "\\]^-[" if in_class else "\\.^$*+?{}[]|()"
    return "\\" + ch if ch in special else ch


def _render(items: Any) -> str:
    items = list(items)
    if len(items) == 1:
        return _render_item(*items[0])
    return "".join(
        f"(?:{_render_item(op, av)})" if _op(op) == "BRANCH" else _render_item(op, av)
        for op, av in items
    )


def _render_set(av: Any) -> str:
    parts = []
    for op, sub in av:
        name = _op(op)
        if name == "NEGATE":
            parts.append("^")
        elif name == "LITERAL":
            parts.append(_render_char(sub, True))
        elif name == "RANGE":
            parts.append(f"{_render_char(sub[0], True)}-{_render_char(sub[1], True)}")
        elif name == "CATEGORY":
            parts.append(_RENDER_CATEGORY.get(_op(sub).replace("UNI_", ""), "?"))
    if len(av) == 1 and _op(av[0][0]) == "CATEGORY":
        return parts[0]
    return "[" + "".join(parts) + "]"


def _render_item(op: Any, av: Any) -> str:
    name = _op(op)
    if name == "LITERAL":
        return _render_char(av, False)
    if name == "NOT_LITERAL":
        return f"[^{_render_char(av, True)}]"
    if name == "ANY":
        return "."
    if name == "IN":
        return _render_set(av)
    if name == "AT":
        return _RENDER_AT.get(_op(av), "")
    if name == "SUBPATTERN":
        group, body = av[0], av[-1]
        return f"({_render(body)})" if group else f"(?:{_render(body)})"
    if name == "BRANCH":
        return "|".join(_render(alt) for alt in av[1])
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        lo, hi, body = av
        inner = _render(body)
        if not (len(body) == 1 and _op(body[0][0]) in ("LITERAL", "ANY", "IN", "SUBPATTERN")):
            inner = f"(?:{inner})"
        if (lo, hi) == (0, _MAXREPEAT):
            q = "*"
        elif (lo, hi) == (1, _MAXREPEAT):
            q = "+"
        elif (lo, hi) == (0, 1):
            q = "?"
        elif hi == _MAXREPEAT:
            q = f"{{{lo},}}"
        elif lo == hi:
            q = f"{{{lo}}}"
        else:
            q = f"{{{lo},{hi}}}"
        suffix = "?" if name == "MIN_REPEAT" else "+" if name == "POSSESSIVE_REPEAT" else ""
        return inner + q + suffix
    if name == "ASSERT":
        return f"(?{'=' if av[0] == 1 else '<='}{_render(av[1])})"
    if name == "ASSERT_NOT":
        return f"(?{'!' if av[0] == 1 else '<!'}{_render(av[1])})"
    if name == "ATOMIC_GROUP":
        return f"(?>{_render(av)})"
    if name == "GROUPREF":
        return f"\\{av}"
    if name == "GROUPREF_EXISTS":
        no = f"|{_render(av[2])}" if av[2] is not None else ""
        return f"(?({av[0]}){_render(av[1])}{no})"
    return "?"


# -- where each repetition is in the pattern's own text -------------------------------------

_BRACES = re.compile(r"\{(?:\d+(?:,\d*)?|,\d*)\}")


def _quantifier_spans(text: str, verbose: bool) -> list[tuple[int, int]]:
    """Start and end of each quantified atom (``(a+)``, ``\\w{2,}``), in the
    order of the quantifiers in the text, which is the post-order of
    repetitions in the parsed tree."""
    spans: list[tuple[int, int]] = []
    groups: list[int] = []
    atom: int | None = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if verbose and c in " \t\n\r\f\v":
            i += 1
        elif verbose and c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == "\\":
            atom = i
            end = text.find("}", i) if text.startswith("\\N{", i) else -1
            i = end + 1 if end >= 0 else i + 2
        elif c == "[":
            atom = i
            i += 1
            if i < n and text[i] == "^":
                i += 1
            if i < n and text[i] == "]":
                i += 1
            while i < n and text[i] != "]":
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif c == "(" and text.startswith("(?#", i):
            end = text.find(")", i)
            i = n if end < 0 else end + 1
        elif c == "(":
            groups.append(i)
            atom = None
            i += 2 if text.startswith("(?", i) else 1
        elif c == ")":
            atom = groups.pop() if groups else None
            i += 1
        elif c in "*+?" or (c == "{" and _BRACES.match(text, i)):
            end = i + 1 if c != "{" else _BRACES.match(text, i).end()  # type: ignore[union-attr]
            if end < n and text[end] in "?+":
                end += 1
            if atom is not None:
                spans.append((atom, end))
            atom = None
            i = end
        elif c in "|^$":
            atom = None
            i += 1
        else:
            atom = i
            i += 1
    return spans


def _repetitions(items: Any, out: list[int]) -> None:
    """ids of the repetitions' arguments, in post-order (the order of their quantifiers)."""
    for op, av in items:
        name = _op(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _repetitions(av[2], out)
            out.append(id(av))
        elif name == "SUBPATTERN":
            _repetitions(av[-1], out)
        elif name == "BRANCH":
            for alt in av[1]:
                _repetitions(alt, out)
        elif name in ("ASSERT", "ASSERT_NOT"):
            _repetitions(av[1], out)
        elif name == "ATOMIC_GROUP":
            _repetitions(av, out)
        elif name == "GROUPREF_EXISTS":
            _repetitions(av[1], out)
            if av[2] is not None:
                _repetitions(av[2], out)


def _source_texts(pattern: str | bytes, parsed: Any, flags: int) -> dict[int, str]:
    """Repetition (id of its argument) -> its text in the pattern, when the text and the
    parsed tree agree on how many repetitions there are."""
    text = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
    spans = _quantifier_spans(text, bool(flags & re.VERBOSE))
    ids: list[int] = []
    _repetitions(parsed, ids)
    if len(spans) != len(ids):
        return {}
    return {key: text[start:end] for key, (start, end) in zip(ids, spans, strict=True)}


# -- character sets as bit masks over a small representative alphabet ---------------------

_EXTRA_CHARS = "".join(
    (
        "\u00a0\u00b2\u00b5\u00c9\u00df\u00e9\u0130\u0131\u017f",
        "\u01c5\u0394\u03bc\u0660\u1e9e\u2028\u2029\u212a\u3000",
        "\u4e2d\uff10\U0001f600",
    )
)
_CLASS_SOURCES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_READABLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _variants(c: int, is_bytes: bool) -> tuple[int, ...]:
    """``c`` and the characters IGNORECASE treats as the same letter."""
    if is_bytes:
        return (c, c ^ 32) if 65 <= c <= 90 or 97 <= c <= 122 else (c,)
    out = [c]
    ch = chr(c)
    for v in (ch.lower(), ch.upper(), ch.casefold()):
        if len(v) == 1 and ord(v) not in out:
            out.append(ord(v))
    return tuple(out)


class _Alphabet:
    """Characters that stand for every class a pattern can tell apart: ASCII (Latin-1 for
    bytes), the pattern's own literals and range ends with their case variants, and a
    few non-ASCII letters, digits and spaces. Two character sets of the pattern intersect
    if and only if they share one of these; a set is a bit mask over them."""

    def __init__(self, extra: frozenset[int], is_bytes: bool) -> None:
        chars = [ord(c) for c in _READABLE]
        chars += [c for c in range(32, 127) if c not in chars]
        chars += [*range(32), 127]
        limit = 256 if is_bytes else 0x110000
        more = set(range(128, 256)) if is_bytes else {ord(c) for c in _EXTRA_CHARS}
        known = set(chars)
        for c in sorted(extra | more):
            for variant in _variants(c, is_bytes):
                if variant < limit and variant not in known:
                    known.add(variant)
                    chars.append(variant)
        self.is_bytes = is_bytes
        self.chars = chars
        self.full = (1 << len(chars)) - 1
        self._cache: dict[tuple[Any, ...], int] = {}

    def char(self, bit: int) -> str:
        return chr(self.chars[bit])

    def _mask(self, key: tuple[Any, ...], test: Any, ignorecase: bool) -> int:
        key = (*key, ignorecase)
        if key not in self._cache:
            m = 0
            for i, c in enumerate(self.chars):
                if any(test(v) for v in (_variants(c, self.is_bytes) if ignorecase else (c,))):
                    m |= 1 << i
            self._cache[key] = m
        return self._cache[key]

    def literal(self, value: int, ignorecase: bool) -> int:
        return self._mask(("lit", value), lambda c: c == value, ignorecase)

    def range(self, lo: int, hi: int, ignorecase: bool) -> int:
        return self._mask(("range", lo, hi), lambda c: lo <= c <= hi, ignorecase)

    def category(self, name: str, ascii_only: bool) -> int:
        base = name.replace("UNI_", "").replace("LOC_", "")
        if base.endswith("LINEBREAK"):
            m = self.literal(10, False)
            return self.full & ~m if "NOT" in base else m
        source = _CLASS_SOURCES.get(base)
        if source is None:
            raise _GiveUp(f"unknown category {name}")
        if self.is_bytes:
            rx_b = re.compile(source.encode())
            return self._mask(("cat", base), lambda c: rx_b.match(bytes([c])) is not None, False)
        rx = re.compile(source, re.ASCII if ascii_only else 0)
        return self._mask(("cat", base, ascii_only), lambda c: rx.match(chr(c)) is not None, False)

    def word(self, ascii_only: bool) -> int:
        return self.category("CATEGORY_WORD", ascii_only)


_BASE = {ord(c) for c in _READABLE} | set(range(128))


@functools.lru_cache(maxsize=64)
def _alphabet(extra: frozenset[int], is_bytes: bool) -> _Alphabet:
    return _Alphabet(extra, is_bytes)


def _literals(items: Any, out: set[int]) -> None:
    """Every literal character and range end (and middle) in a parsed pattern."""
    for op, av in items:
        name = _op(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            out.add(av)
        elif name == "IN":
            for sub_op, sub_av in av:
                sub = _op(sub_op)
                if sub == "LITERAL":
                    out.add(sub_av)
                elif sub == "RANGE":
                    lo, hi = sub_av
                    out.update((lo, hi, (lo + hi) // 2))
        else:
            for body in _bodies(name, av):
                _literals(body, out)


def _bodies(name: str, av: Any) -> list[Any]:
    """The sub-patterns directly inside an item."""
    if name == "SUBPATTERN":
        return [av[-1]]
    if name == "BRANCH":
        return list(av[1])
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return [av[2]]
    if name in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if name == "ATOMIC_GROUP":
        return [av]
    if name == "GROUPREF_EXISTS":
        return [av[1]] if av[2] is None else [av[1], av[2]]
    return []


_SINGLE = ("LITERAL", "NOT_LITERAL", "ANY", "IN")


def _may_be_ambiguous(items: Any) -> bool:
    """Whether some unbounded repetition repeats more than one character class: without
    one there is no cycle that two paths could share."""
    for op, av in items:
        name = _op(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _, hi, body = av
            if hi > BOUNDED_EXACT and not (len(body) == 1 and _op(body[0][0]) in _SINGLE):
                return True
        if any(_may_be_ambiguous(body) for body in _bodies(name, av)):
            return True
    return False


# -- the position automaton ----------------------------------------------------------------

_START = 0  # node 0 is where a unit starts; node 1 where it ends
_END = 1
_ZERO_WIDTH = -1


# (Plain classes rather than dataclasses: the module must also work with its type
# annotations stripped, as Bandit's own code has none.)


class _Loop:
    __slots__ = ("can_fail_after", "depth", "item", "judged", "parent")

    def __init__(
        self, item: tuple[Any, Any], depth: int, parent: int | None, can_fail_after: bool
    ) -> None:
        self.item = item
        self.depth = depth
        self.parent = parent
        self.can_fail_after = can_fail_after
        self.judged = True  # False when it holds a back-reference


class _Frag:
    __slots__ = ("first", "last", "nullable")

    def __init__(self, first: dict[int, int], last: dict[int, int], nullable: int) -> None:
        self.first = first  # node -> number of distinct ways to reach it (capped at 2)
        self.last = last
        self.nullable = nullable  # ways to match the empty string (0: not), capped at 2


_EMPTY = _Frag({}, {}, 1)


def _cap(n: int) -> int:
    return 2 if n > 2 else n


def _merge(a: dict[int, int], b: dict[int, int], times: int = 1) -> dict[int, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = _cap(out.get(k, 0) + v * times)
    return out


class _Edge:
    __slots__ = ("label", "loops", "target", "ways")

    def __init__(self, target: int, label: int, ways: int, loops: frozenset[int]) -> None:
        self.target = target
        self.label = label  # characters this step may consume
        self.ways = ways  # distinct structural paths with this label (capped at 2)
        self.loops = loops  # repetitions whose back edge this step takes


class _Path:
    """From a position (or the start) through zero-width nodes to a position (or the end)."""

    __slots__ = ("guards", "loops", "target", "ways")

    def __init__(
        self, target: int, guards: tuple[int, ...], ways: int, loops: frozenset[int]
    ) -> None:
        self.target = target
        self.guards = guards
        self.ways = ways
        self.loops = loops


class _Automaton:
    """Glushkov (position) automaton of one unit of a pattern: the whole pattern, or the
    inside of a lookaround, atomic group or possessive repetition, which backtrack on
    their own. Zero-width items (anchors, boundaries, lookaheads) are nodes that consume
    nothing and guard the characters around them."""

    def __init__(self, alphabet: _Alphabet, flags: int) -> None:
        self.alphabet = alphabet
        self.ascii = bool(flags & (re.ASCII | re.LOCALE)) or alphabet.is_bytes
        self.loops: list[_Loop] = []
        self.masks: list[int] = [0, 0]  # real positions: a mask; zero-width: _ZERO_WIDTH
        self.guards: list[tuple[str, int]] = [("", 0), ("", 0)]
        self.chains: list[tuple[int, ...]] = [(), ()]  # loops around a node, outermost first
        # node -> (next node, repetitions whose back edge the step is) -> number of ways
        self.follow: dict[int, dict[tuple[int, frozenset[int]], int]] = {}
        self.sub_units: dict[int, tuple[Any, int]] = {}
        self._paths: dict[int, list[_Path]] = {}

    def close(self, frag: _Frag) -> None:
        self._connect({_START: 1}, frag.first)
        self._connect(frag.last, {_END: 1})
        if frag.nullable:
            self._connect({_START: 1}, {_END: frag.nullable})

    # -- construction
    def _node(self, mask: int, chain: tuple[int, ...], guard: tuple[str, int] = ("", 0)) -> int:
        if len(self.masks) >= MAX_POSITIONS:
            raise _GiveUp("pattern too big")
        self.masks.append(mask)
        self.guards.append(guard)
        self.chains.append(chain)
        return len(self.masks) - 1

    def _connect(
        self, last: dict[int, int], first: dict[int, int], loop: int | None = None
    ) -> None:
        tags: frozenset[int] = frozenset() if loop is None else frozenset((loop,))
        for a, wa in last.items():
            row = self.follow.setdefault(a, {})
            for b, wb in first.items():
                row[(b, tags)] = _cap(row.get((b, tags), 0) + wa * wb)

    def build(self, items: Any, flags: int, chain: tuple[int, ...], can_fail_after: bool) -> _Frag:
        items = list(items)
        # after[i]: whether what follows item i-1 can fail (so backtracking into it happens)
        after = [can_fail_after] * (len(items) + 1)
        for i in range(len(items) - 1, -1, -1):
            after[i] = after[i + 1] or not _always_succeeds([items[i]])
        frag = _EMPTY
        for i, (op, av) in enumerate(items):
            frag = self._concat(frag, self._item(op, av, flags, chain, after[i + 1]))
        return frag

    def _concat(self, a: _Frag, b: _Frag) -> _Frag:
        self._connect(a.last, b.first)
        return _Frag(
            first=_merge(a.first, b.first, a.nullable) if a.nullable else a.first,
            last=_merge(b.last, a.last, b.nullable) if b.nullable else b.last,
            nullable=_cap(a.nullable * b.nullable),
        )

    def _single(self, mask: int, chain: tuple[int, ...], nullable: int = 0) -> _Frag:
        n = self._node(mask, chain)
        return _Frag({n: 1}, {n: 1}, nullable)

    def _zero_width(self, kind: str, mask: int, chain: tuple[int, ...]) -> _Frag:
        n = self._node(_ZERO_WIDTH, chain, (kind, mask))
        return _Frag({n: 1}, {n: 1}, 0)

    def _item(
        self, op: Any, av: Any, flags: int, chain: tuple[int, ...], can_fail_after: bool
    ) -> _Frag:
        name = _op(op)
        if name in _SINGLE:
            return self._single(self._char_mask(name, av, flags), chain)
        if name == "SUBPATTERN":
            add, remove = (av[1], av[2]) if len(av) == 4 else (0, 0)
            return self.build(av[-1], (flags | add) & ~remove, chain, can_fail_after)
        if name in ("BRANCH", "GROUPREF_EXISTS"):
            alts = av[1] if name == "BRANCH" else [av[1], av[2] or []]
            frags = [self.build(alt, flags, chain, can_fail_after) for alt in alts]
            first: dict[int, int] = {}
            last: dict[int, int] = {}
            for f in frags:
                first = _merge(first, f.first)
                last = _merge(last, f.last)
            return _Frag(first, last, _cap(sum(f.nullable for f in frags)))
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            return self._repeat(op, av, flags, chain, can_fail_after)
        if name in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP"):
            # Never backtracked into once matched: one opaque step here; the inside is a
            # unit of its own (it backtracks until it first succeeds).
            body = [(_P.MAX_REPEAT, av)] if name == "POSSESSIVE_REPEAT" else av
            self.sub_units.setdefault(id(av), (body, flags))
            heads, nullable = self._heads(body, flags)
            if heads is None:
                return _EMPTY
            return self._single(heads, chain, 1 if nullable else 0)
        if name in ("ASSERT", "ASSERT_NOT"):
            direction, body = av
            self.sub_units.setdefault(id(av), (body, flags))
            heads, _ = self._heads(body, flags)
            if not (len(body) == 1 and _op(body[0][0]) in _SINGLE and heads is not None):
                # A lookaround longer than one character is not modelled: it could be
                # what tells two ways apart, so repetitions around it are not judged.
                self._unjudged(chain)
                return _EMPTY
            if direction == 1:
                if name == "ASSERT":
                    return self._zero_width("next", heads, chain)
                return self._zero_width("next_or_end", self.alphabet.full & ~heads, chain)
            if name == "ASSERT":
                return self._zero_width("prev_in", heads, chain)
            return self._zero_width("prev", self.alphabet.full & ~heads, chain)
        if name == "AT":
            return self._anchor(_op(av), flags, chain)
        if name == "GROUPREF":
            self._unjudged(chain)
            return self._single(self.alphabet.full, chain, 1)
        raise _GiveUp(f"unknown opcode {name}")

    def _unjudged(self, chain: tuple[int, ...]) -> None:
        for loop in chain:
            self.loops[loop].judged = False

    def _heads(self, body: Any, flags: int) -> tuple[int | None, bool]:
        """Characters that can start a match of ``body`` (None: anything or nothing
        known), and whether it can match the empty string."""
        probe = _Automaton(self.alphabet, flags)
        inner = probe.build(body, flags, (), False)
        mask = 0
        for n in inner.first:
            if probe.masks[n] == _ZERO_WIDTH:
                return None, bool(inner.nullable)
            mask |= probe.masks[n]
        return (mask if inner.first else None), bool(inner.nullable)

    def _char_mask(self, name: str, av: Any, flags: int) -> int:
        a = self.alphabet
        icase = bool(flags & re.IGNORECASE)
        if name == "LITERAL":
            return a.literal(av, icase)
        if name == "NOT_LITERAL":
            return a.full & ~a.literal(av, icase)
        if name == "ANY":
            return a.full if flags & re.DOTALL else a.full & ~a.literal(10, False)
        ascii_only = bool(flags & (re.ASCII | re.LOCALE)) or a.is_bytes
        negate = False
        mask = 0
        for op, sub in av:
            kind = _op(op)
            if kind == "NEGATE":
                negate = True
            elif kind == "LITERAL":
                mask |= a.literal(sub, icase)
            elif kind == "RANGE":
                mask |= a.range(sub[0], sub[1], icase)
            elif kind == "CATEGORY":
                mask |= a.category(_op(sub), ascii_only)
            else:
                raise _GiveUp(f"unknown set member {kind}")
        return a.full & ~mask if negate else mask

    def _anchor(self, code: str, flags: int, chain: tuple[int, ...]) -> _Frag:
        newline = self.alphabet.literal(10, False)
        multiline = bool(flags & re.MULTILINE)
        if code == "AT_END_STRING":
            return self._zero_width("next_or_end", 0, chain)
        if code == "AT_END":
            return self._zero_width("next_or_end", newline, chain)
        if code == "AT_BEGINNING_STRING" or (code == "AT_BEGINNING" and not multiline):
            return self._zero_width("prev", 0, chain)
        if code == "AT_BEGINNING":
            return self._zero_width("prev", newline, chain)
        if code == "AT_BOUNDARY":
            return self._zero_width("boundary", 0, chain)
        if code == "AT_NON_BOUNDARY":
            return self._zero_width("nonboundary", 0, chain)
        return _EMPTY

    def _repeat(
        self, op: Any, av: Any, flags: int, chain: tuple[int, ...], can_fail_after: bool
    ) -> _Frag:
        lo, hi, body = av
        if hi == 0:
            return _EMPTY
        if hi > BOUNDED_EXACT:
            loop = len(self.loops)
            parent = chain[-1] if chain else None
            self.loops.append(_Loop((op, av), len(chain), parent, can_fail_after))
            inner = self.build(body, flags, (*chain, loop), can_fail_after)
            self._connect(inner.last, inner.first, loop)
            return _Frag(inner.first, inner.last, 1 if lo == 0 else inner.nullable)
        # A small bound: X{2,4} is X X (X X?)?, one way to match each count.
        optional = _EMPTY
        for _ in range(hi - lo):
            copy = self.build(body, flags, chain, can_fail_after)
            tail = self._concat(copy, optional) if optional is not _EMPTY else copy
            optional = _Frag(tail.first, tail.last, 1)
        frag = _EMPTY
        for _ in range(lo):
            frag = self._concat(frag, self.build(body, flags, chain, can_fail_after))
        return self._concat(frag, optional) if optional is not _EMPTY else frag

    # -- zero-width nodes
    def paths(self, source: int) -> list[_Path]:
        """Every way from ``source`` through zero-width nodes to a position or the end."""
        if source not in self._paths:
            out: list[_Path] = []
            stack: list[tuple[int, tuple[int, ...], int, frozenset[int]]] = [
                (source, (), 1, frozenset())
            ]
            while stack:
                node, guards, ways, tags = stack.pop()
                for (target, t), w in self.follow.get(node, {}).items():
                    if self.masks[target] != _ZERO_WIDTH:
                        out.append(_Path(target, guards, _cap(ways * w), tags | t))
                    elif target not in guards:
                        stack.append((target, (*guards, target), _cap(ways * w), tags | t))
            self._paths[source] = out
        return self._paths[source]

    def _allowed(self, guard: int, before: int | None) -> int:
        """Characters that may follow zero-width node ``guard`` when the character before
        it is one of the set ``before`` (None: the start of the text); 0 if none may."""
        kind, mask = self.guards[guard]
        full = self.alphabet.full
        if kind in ("next", "next_or_end"):
            return mask
        if kind == "prev":
            return full if before is None or before & mask else 0
        if kind == "prev_in":
            return full if before is not None and before & mask else 0
        word_set = self.alphabet.word(self.ascii)
        if before is None:
            word, other = 0, 1
        else:
            word, other = before & word_set, before & ~word_set
        if word and other:
            return full
        same = word_set if word else full & ~word_set
        return full & ~same if kind == "boundary" else same

    def edges(self) -> list[list[_Edge]]:
        """Steps between positions, each with the characters it may consume."""
        out: list[list[_Edge]] = [[] for _ in self.masks]
        for p, mask in enumerate(self.masks):
            if mask == _ZERO_WIDTH or p == _END:
                continue
            before = None if p == _START else mask
            for path in self.paths(p):
                if path.target == _END:
                    continue
                label = self.masks[path.target]
                for g in path.guards:
                    label &= self._allowed(g, before)
                if label:
                    out[p].append(_Edge(path.target, label, path.ways, path.loops))
        return out

    # -- running the automaton on a concrete text (no backtracking: a set of states)
    def passes(self, guard: int, before: int | None, after: int | None) -> bool:
        """Whether zero-width node ``guard`` holds between two characters (alphabet bits;
        None at either end of the text)."""
        kind, mask = self.guards[guard]
        if kind == "next":
            return after is not None and bool(mask >> after & 1)
        if kind == "next_or_end":
            return after is None or bool(mask >> after & 1)
        if kind == "prev":
            return before is None or bool(mask >> before & 1)
        if kind == "prev_in":
            return before is not None and bool(mask >> before & 1)
        word_set = self.alphabet.word(self.ascii)
        w1 = before is not None and bool(word_set >> before & 1)
        w2 = after is not None and bool(word_set >> after & 1)
        return (w1 != w2) == (kind == "boundary")

    def accepts_here(self, states: set[int], before: int | None, after: int | None) -> bool:
        return any(
            path.target == _END and all(self.passes(g, before, after) for g in path.guards)
            for p in states
            for path in self.paths(p)
        )

    def step(self, states: set[int], before: int | None, char: int) -> set[int]:
        return {
            path.target
            for p in states
            for path in self.paths(p)
            if path.target != _END
            and self.masks[path.target] >> char & 1
            and all(self.passes(g, before, char) for g in path.guards)
        }


def _always_succeeds(items: Any) -> bool:
    """Whether ``items`` can never fail: a match of them always exists, here and now."""
    for op, av in items:
        name = _op(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if av[0] != 0 and not _always_succeeds(av[2]):
                return False
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            if not _always_succeeds(av[-1] if name == "SUBPATTERN" else av):
                return False
        elif name == "BRANCH":
            if not any(_always_succeeds(alt) for alt in av[1]):
                return False
        elif name == "GROUPREF_EXISTS":
            if not (_always_succeeds(av[1]) and (av[2] is None or _always_succeeds(av[2]))):
                return False
        else:
            return False
    return True


# -- ambiguity: two different paths around a repetition on the same text ------------------

_Pair = tuple[int, int]
_Succ = dict[_Pair, list[tuple[_Pair, int, bool]]]


class Finding:
    """An exponentially ambiguous repetition: its text, and an input that makes ``re``
    backtrack exponentially (``prefix + pump * n + suffix``). ``start``: where in the
    input the exponential match attempt starts (1: after a character a lookbehind needs;
    ``search`` gets there after a quick failure at 0)."""

    __slots__ = ("prefix", "pump", "repetition", "start", "suffix")

    def __init__(
        self, repetition: str, prefix: str, pump: str, suffix: str, start: int = 0
    ) -> None:
        self.repetition = repetition
        self.prefix = prefix
        self.pump = pump
        self.suffix = suffix
        self.start = start

    def _key(self) -> tuple[str, str, str, str, int]:
        return (self.repetition, self.prefix, self.pump, self.suffix, self.start)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        args = ", ".join(map(repr, self._key()[:4]))
        return f"Finding({args}, start={self.start!r})"


def _pair(x: int, y: int) -> _Pair:
    return (x, y) if x <= y else (y, x)


def _ambiguous_part(
    edges: list[list[_Edge]], nodes: Sequence[int], allowed_loops: frozenset[int] | None
) -> tuple[_Succ, set[_Pair]] | None:
    """Search the graph of pairs of positions, restricted to ``nodes`` (and to back edges
    of ``allowed_loops``, when given), for a strongly connected part that holds a pair
    ``(p, p)`` and a step where the two paths differ: then two different paths lead from
    ``p`` back to ``p`` on the same text. Returns the graph and that part."""
    inside = set(nodes)
    steps = {
        x: [
            e
            for e in edges[x]
            if e.target in inside and (allowed_loops is None or e.loops <= allowed_loops)
        ]
        for x in inside
    }
    succ: _Succ = {}
    todo = [(p, p) for p in nodes]
    seen = set(todo)
    while todo:
        pair = todo.pop()
        x, y = pair
        out = []
        ex, ey = steps[x], steps[y]
        for i, e1 in enumerate(ex):
            for j, e2 in enumerate(ey):
                if x == y and j < i:
                    continue
                label = e1.label & e2.label
                if not label:
                    continue
                target = _pair(e1.target, e2.target)
                differs = x != y or e1.target != e2.target or i != j or e1.ways > 1
                out.append((target, label, differs))
                if target not in seen:
                    if len(seen) >= MAX_PAIRS:
                        raise _GiveUp("too many pairs")
                    seen.add(target)
                    todo.append(target)
        succ[pair] = out
    for component in _components(succ):
        if any(p[0] == p[1] for p in component) and any(
            differs and target in component
            for source in component
            for target, _, differs in succ[source]
        ):
            return succ, component
    return None


def _components(succ: _Succ) -> list[set[_Pair]]:
    """Strongly connected components (Tarjan's algorithm, without recursion)."""
    index: dict[_Pair, int] = {}
    low: dict[_Pair, int] = {}
    stack: list[_Pair] = []
    on_stack: set[_Pair] = set()
    result: list[set[_Pair]] = []
    for root in succ:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = succ[node]
            while i < len(targets):
                target = targets[i][0]
                i += 1
                if target not in index:
                    work.append((node, i))
                    work.append((target, 0))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                if low[node] == index[node]:
                    component = set()
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.add(top)
                        if top == node:
                            break
                    result.append(component)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return result


def _tree(succ: _Succ, part: set[_Pair], start: _Pair, reverse: bool) -> dict[_Pair, Any]:
    """Shortest-path tree inside ``part`` from ``start`` (towards it when ``reverse``):
    node -> (neighbour on the way, label of the step)."""
    graph: _Succ = succ
    if reverse:
        graph = {}
        for source in part:
            for target, label, differs in succ[source]:
                if target in part:
                    graph.setdefault(target, []).append((source, label, differs))
    tree: dict[_Pair, Any] = {start: None}
    queue = [start]
    for node in queue:
        for target, label, _ in graph.get(node, []):
            if target in part and target not in tree:
                tree[target] = (node, label)
                queue.append(target)
    return tree


def _pumps(succ: _Succ, part: set[_Pair]) -> list[tuple[int, list[int]]]:
    """Short closed walks through a pair (p, p) and a step where the paths differ:
    (p, labels of the walk), shortest first."""
    walks: dict[tuple[int, tuple[int, ...]], None] = {}
    diagonal = sorted(p for p in part if p[0] == p[1])[:8]
    differing = [
        (source, target, label)
        for source in sorted(part)
        for target, label, differs in succ[source]
        if differs and target in part
    ][:32]
    for d in diagonal:
        forward = _tree(succ, part, d, reverse=False)
        backward = _tree(succ, part, d, reverse=True)
        for source, target, label in differing:
            walk: list[int] = []
            node = source
            while forward[node] is not None:
                node, lab = forward[node]
                walk.append(lab)
            walk.reverse()
            walk.append(label)
            node = target
            while backward[node] is not None:
                node, lab = backward[node]
                walk.append(lab)
            walks[(d[0], tuple(walk))] = None
    return sorted(((p, list(w)) for p, w in walks), key=lambda pw: len(pw[1]))


def _lowest_bit(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def _prefix(
    auto: _Automaton, edges: list[list[_Edge]], position: int, lead: int | None
) -> list[int] | None:
    """A shortest text that leads from the start to ``position`` (after ``lead``, the
    character before the match attempt, if any)."""
    back: dict[int, tuple[int, int] | None] = {_START: None}
    queue: list[int] = []
    for path in auto.paths(_START):
        if path.target == _END or path.target in back:
            continue
        for bit in range(len(auto.alphabet.chars)):
            if auto.masks[path.target] >> bit & 1 and all(
                auto.passes(g, lead, bit) for g in path.guards
            ):
                back[path.target] = (_START, bit)
                queue.append(path.target)
                break
    for node in queue:
        for e in edges[node]:
            if e.target not in back:
                back[e.target] = (node, _lowest_bit(e.label))
                queue.append(e.target)
    if position not in back:
        return None
    prefix: list[int] = []
    while (entry := back[position]) is not None:
        position, bit = entry
        prefix.append(bit)
    return prefix[::-1]


def _pumped(
    auto: _Automaton, lead: int | None, prefix: list[int], pump: list[int], full: bool
) -> tuple[set[int], set[int], int | None] | None:
    """Run the automaton over ``prefix`` and then ``pump`` until its set of states
    repeats (an empty set: the text is rejected). Returns the states after the prefix,
    the states at the repeating point and the last character; None if it accepts on the
    way (``full`` False: ``search`` and ``match`` stop at the first match)."""
    states = {_START}
    before = lead
    for char in prefix:
        if not full and auto.accepts_here(states, before, char):
            return None
        states = auto.step(states, before, char)
        before = char
    reached = set(states)
    seen: list[frozenset[int]] = []
    for _ in range(64):
        key = frozenset(states)
        if key in seen:
            return reached, states, before
        seen.append(key)
        for char in pump:
            if not full and auto.accepts_here(states, before, char):
                return None
            states = auto.step(states, before, char)
            before = char
    return None


def _rejected(
    auto: _Automaton, states: set[int], before: int | None, suffix: int | None, full: bool
) -> bool:
    """Whether the automaton, in ``states`` after ``before``, rejects the rest of the text:
    ``suffix`` (None: the text ends here)."""
    if (not full or suffix is None) and auto.accepts_here(states, before, suffix):
        return False
    if suffix is None:
        return True
    return not auto.accepts_here(auto.step(states, before, suffix), suffix, None)


def _attack(
    auto: _Automaton, edges: list[list[_Edge]], position: int, labels: list[int], mode: str
) -> tuple[int | None, list[int], list[int], int | None] | None:
    """An input ``prefix + pump * n + suffix`` (alphabet bits; suffix None: the end of the
    text) that reaches ``position``, pumps around it, and is then rejected, so that every
    one of the exponentially many ways is tried. ``mode`` is how the pattern is used:
    ``search`` may start after a first character (which a lookbehind may need), ``match``
    and ``full`` (``fullmatch``) at the start of the text."""
    full = mode == "full"
    pump = [_lowest_bit(label) for label in labels]
    leads: list[int | None] = [None]
    if mode == "search":
        leads += range(len(auto.alphabet.chars))
    for lead in leads:
        prefix = _prefix(auto, edges, position, lead)
        if prefix is None:
            continue
        run = _pumped(auto, lead, prefix, pump, full)
        if run is None or position not in run[0]:
            continue
        _, states, before = run
        # With a first character, ``search`` tries the match at that character first.
        early = None if lead is None else _pumped(auto, None, [lead, *prefix], pump, False)
        if lead is not None and early is None:
            continue
        for suffix in [None, *range(len(auto.alphabet.chars))]:
            if not _rejected(auto, states, before, suffix, full):
                continue
            if early is not None and not _rejected(auto, early[1], early[2], suffix, False):
                continue
            return lead, prefix, pump, suffix
    return None


def analyse(pattern: str | bytes, flags: int = 0, mode: str = "search") -> Finding | None:
    """The first exponentially ambiguous repetition of ``pattern``, or None.

    ``mode`` is how the pattern is used: ``search`` (also ``findall``, ``sub`` ...),
    ``match`` or ``full`` (``fullmatch``). None also when the pattern does not compile,
    or is too big or unusual to judge.
    """
    return _analyse(pattern, flags, mode)


@functools.lru_cache(maxsize=4096)
def _analyse(pattern: str | bytes, flags: int, mode: str) -> Finding | None:
    try:
        parsed = _parse(pattern, flags)
        if not _may_be_ambiguous(parsed):
            return None
        flags = int(parsed.state.flags)
        chars: set[int] = set()
        _literals(parsed, chars)
        is_bytes = isinstance(pattern, bytes)
        alphabet = _alphabet(frozenset(chars - _BASE), is_bytes)
        texts = _source_texts(pattern, parsed, flags)
        units = [(list(parsed), flags, mode)]
        while units:
            items, unit_flags, unit_mode = units.pop(0)
            if not _may_be_ambiguous(items):
                continue
            auto = _Automaton(alphabet, unit_flags)
            auto.close(auto.build(items, unit_flags, (), unit_mode == "full"))
            found = _judge(auto, texts, unit_mode)
            if found is not None:
                return found
            # The inside of a lookaround or atomic group starts where the outside is.
            units.extend((body, f, "search") for body, f in auto.sub_units.values())
    except (_GiveUp, re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None
    return None


def _judge(auto: _Automaton, texts: dict[int, str], mode: str) -> Finding | None:
    if not auto.loops:
        return None
    edges = auto.edges()
    in_loops = [n for n, chain in enumerate(auto.chains) if chain and auto.masks[n] >= 0]
    if _ambiguous_part(edges, in_loops, None) is None:
        return None
    # Innermost repetition first: the one whose own back edges close the ambiguous cycle.
    for loop in sorted(range(len(auto.loops)), key=lambda i: -auto.loops[i].depth):
        info = auto.loops[loop]
        if not (info.can_fail_after and info.judged):
            continue
        subtree = frozenset(i for i in range(len(auto.loops)) if _within(auto.loops, i, loop))
        nodes = [n for n in in_loops if loop in auto.chains[n]]
        found = _ambiguous_part(edges, nodes, subtree)
        if found is None:
            continue
        for position, labels in _pumps(*found)[:8]:
            attack = _attack(auto, edges, position, labels, mode)
            if attack is None:
                continue
            lead, prefix, pump, suffix = attack
            op, av = info.item
            return Finding(
                repetition=texts.get(id(av)) or _render_item(op, av),
                prefix="".join(auto.alphabet.char(b) for b in [lead, *prefix] if b is not None),
                pump="".join(auto.alphabet.char(b) for b in pump),
                suffix="" if suffix is None else auto.alphabet.char(suffix),
                start=0 if lead is None else 1,
            )
    return None


def _within(loops: list[_Loop], i: int, ancestor: int) -> bool:
    node: int | None = i
    while node is not None:
        if node == ancestor:
            return True
        node = loops[node].parent
    return False


# -- the Bandit test -----------------------------------------------------------------------


def _flags_value(node: ast.AST | None, aliases: dict[str, str]) -> int | None:
    """The value of a flags argument made of ``re`` flag names, ``|`` and ints."""
    if node is None:
        return 0
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return int(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left = _flags_value(node.left, aliases)
        right = _flags_value(node.right, aliases)
        return None if left is None or right is None else left | right
    name = qualname(node, aliases)
    prefix, _, flag = name.rpartition(".")
    if prefix in ("re", "re.RegexFlag") and flag.isupper():
        value = getattr(re, flag, None)
        if isinstance(value, re.RegexFlag):
            return int(value)
    return None


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


@test.checks("Call")
@test.test_id("OUT101")
def regex_catastrophic_backtracking(context: Any) -> Any:
    function = context.call_function_name_qual
    flags_position = _FUNCTIONS.get(function)
    if flags_position is None:
        return None
    node = context.node
    pattern_node = argument(node, 0, "pattern")
    if pattern_node is None:
        return None
    pattern = literal_string_value(pattern_node)
    if pattern is None:
        return None
    flags = _flags_value(argument(node, flags_position, "flags"), context.import_aliases)
    if flags is None:  # flags computed at runtime: read the pattern as it parses
        flags = 0 if _parses(pattern, 0) else re.VERBOSE
    mode = {"re.fullmatch": "full", "re.match": "match"}.get(function, "search")
    found = analyse(pattern, flags, mode)
    if found is None:
        return None
    example = " + ".join(
        part
        for part in (
            repr(found.prefix) if found.prefix else "",
            f"{found.pump!r} * 40",
            repr(found.suffix) if found.suffix else "",
        )
        if part
    )
    repetition = _shorten(" ".join(found.repetition.split()))
    return make_issue(
        pattern_node,
        f"Regular expression can take exponential time: the repetition {repetition} can "
        f"match {found.pump!r} in more than one way, so re tries every combination on an "
        f"input like {example}. Make the alternatives or nested repetitions mutually "
        "exclusive.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )


def _parses(pattern: str | bytes, flags: int) -> bool:
    try:
        _parse(pattern, flags)
    except Exception:
        return False
    return True


def _parse(pattern: str | bytes, flags: int) -> Any:
    """The parsed pattern, without the parser's warnings (``FutureWarning: Possible
    nested set``, ``DeprecationWarning`` for bad escapes on older versions): the code
    under check is not ours to warn about."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _P.parse(pattern, flags)
