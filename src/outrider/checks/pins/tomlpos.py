"""Line numbers for the values of a TOML document.

``tomllib`` gives values without positions. This scanner walks the same text and records
where each key's value and each array element starts, under the same path ``tomllib``'s
result would be indexed by (``("package", 3, "name")``, ``("project", "dependencies", 0)``).
It only tracks positions: the document is validated (and its values read) by ``tomllib``
first, so the scanner may assume valid TOML.
"""

from __future__ import annotations

import bisect
import contextlib
import re

__all__ = ["Positions", "scan"]

Path = tuple[str | int, ...]

_WS = re.compile(r"(?:[ \t]+|#[^\n]*|\r?\n)*")
_INLINE_WS = re.compile(r"[ \t]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:""?)?', re.DOTALL)
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*'''(?:''?)?", re.DOTALL)
_SCALAR = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?"
    r"|[^\s,\]\}#=]+"
)
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}


class Positions:
    """Path -> (line, column), both 1-based."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self.paths: dict[Path, int] = {}

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def line(self, path: Path, default: int = 1) -> int:
        """The line of ``path``, or of its nearest recorded ancestor."""
        while path:
            offset = self.paths.get(path)
            if offset is not None:
                return self.position(offset)[0]
            path = path[:-1]
        return default

    def col(self, path: Path) -> int:
        offset = self.paths.get(path)
        return self.position(offset)[1] if offset is not None else 1

    def __contains__(self, path: Path) -> bool:
        return path in self.paths


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ("u", "U", "x"):
            width = {"u": 4, "U": 8, "x": 2}[nxt]
            out.append(chr(int(body[i + 2 : i + 2 + width], 16)))
            i += 2 + width
        else:  # pragma: no cover - invalid TOML, rejected by tomllib first
            out.append(nxt)
            i += 2
    return "".join(out)


class _Scanner:
    def __init__(self, text: str, positions: Positions) -> None:
        self.text = text
        self.pos = 0
        self.out = positions.paths

    def skip_ws(self) -> None:
        self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def skip_inline_ws(self) -> None:
        self.pos = _INLINE_WS.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: its parts and where each starts."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip_inline_ws()
            start = self.pos
            ch = self.text[start : start + 1]
            if ch == '"':
                m = _BASIC.match(self.text, start)
                if m is None:
                    raise ValueError(f"unterminated key at offset {start}")
                parts.append((_unescape(m.group()[1:-1]), start))
            elif ch == "'":
                m = _LITERAL.match(self.text, start)
                if m is None:
                    raise ValueError(f"unterminated key at offset {start}")
                parts.append((m.group()[1:-1], start))
            else:
                m = _BARE_KEY.match(self.text, start)
                if m is None:
                    raise ValueError(f"expected a key at offset {start}")
                parts.append((m.group(), start))
            self.pos = m.end()
            self.skip_inline_ws()
            if self.text.startswith(".", self.pos):
                self.pos += 1
                continue
            return parts

    def value(self, path: Path) -> None:
        """Skip one value, recording positions inside arrays and inline tables."""
        text, start = self.text, self.pos
        ch = text[start : start + 1]
        if ch == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip_ws()
                if text.startswith("]", self.pos):
                    self.pos += 1
                    return
                element = (*path, index)
                self.out[element] = self.pos
                self.value((*path, index))
                index += 1
                self.skip_ws()
                if text.startswith(",", self.pos):
                    self.pos += 1
        elif ch == "{":
            self.pos += 1
            while True:
                self.skip_ws()
                if text.startswith("}", self.pos):
                    self.pos += 1
                    return
                parts = self.key()
                sub = (*path, *(p for p, _ in parts))
                self.out.setdefault(sub, parts[-1][1])
                self.pos += 1  # "="
                self.skip_inline_ws()
                self.out[sub] = self.pos
                self.value(sub)
                self.skip_ws()
                if text.startswith(",", self.pos):
                    self.pos += 1
        elif text.startswith('"""', start):
            self.pos = _ML_BASIC.match(text, start).end()  # type: ignore[union-attr]
        elif text.startswith("'''", start):
            self.pos = _ML_LITERAL.match(text, start).end()  # type: ignore[union-attr]
        elif ch == '"':
            self.pos = _BASIC.match(text, start).end()  # type: ignore[union-attr]
        elif ch == "'":
            self.pos = _LITERAL.match(text, start).end()  # type: ignore[union-attr]
        else:
            m = _SCALAR.match(text, start)
            if m is None:
                raise ValueError(f"expected a value at offset {start}")
            self.pos = m.end()

    def run(self) -> None:
        text = self.text
        table: Path = ()
        arrays: dict[Path, int] = {}
        while True:
            self.skip_ws()
            if self.pos >= len(text):
                return
            if text.startswith("[[", self.pos):
                header = self.pos
                self.pos += 2
                parts = self.key()
                self.pos += 2
                prefix = self._resolve([p for p, _ in parts[:-1]], arrays)
                array = (*prefix, parts[-1][0])
                arrays[array] = arrays.get(array, -1) + 1
                table = (*array, arrays[array])
                self.out.setdefault(array, header)
                self.out[table] = header
            elif text.startswith("[", self.pos):
                header = self.pos
                self.pos += 1
                parts = self.key()
                self.pos += 1
                table = self._resolve([p for p, _ in parts], arrays)
                self.out[table] = header
            else:
                parts = self.key()
                path = (*table, *(p for p, _ in parts))
                key_start = parts[0][1]
                self.pos += 1  # "="
                self.skip_inline_ws()
                self.out[path] = key_start
                self.value(path)

    @staticmethod
    def _resolve(keys: list[str], arrays: dict[Path, int]) -> Path:
        path: Path = ()
        for key in keys:
            path = (*path, key)
            if path in arrays:
                path = (*path, arrays[path])
        return path


def scan(text: str) -> Positions:
    """Positions of every key and array element of ``text`` (valid TOML)."""
    positions = Positions(text)
    # tomllib validated the text first; a scanner slip only loses positions, never the run.
    with contextlib.suppress(ValueError, IndexError, AttributeError):
        _Scanner(text, positions).run()
    return positions
