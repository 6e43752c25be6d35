"""Line numbers for the members and elements of a JSON document (Pipfile.lock).

``json`` gives values without positions; this scanner walks the already validated text and
records where each member's key and each array element starts, by the path ``json.loads``'s
result is indexed by.
"""

from __future__ import annotations

import contextlib
import json
import re

from outrider.checks.pins.tomlpos import Path, Positions

__all__ = ["scan"]

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SCALAR = re.compile(r"[^\s,\]\}]+")


class _Scanner:
    def __init__(self, text: str, positions: Positions) -> None:
        self.text = text
        self.pos = 0
        self.out = positions.paths

    def ws(self) -> None:
        self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def value(self, path: Path) -> None:
        text = self.text
        self.ws()
        ch = text[self.pos : self.pos + 1]
        if ch == "{":
            self.pos += 1
            while True:
                self.ws()
                if text.startswith("}", self.pos):
                    self.pos += 1
                    return
                m = _STRING.match(text, self.pos)
                if m is None:
                    raise ValueError("expected a member name")
                sub = (*path, json.loads(m.group()))
                self.out[sub] = self.pos
                self.pos = m.end()
                self.ws()
                self.pos += 1  # ":"
                self.value(sub)
                self.ws()
                if text.startswith(",", self.pos):
                    self.pos += 1
        elif ch == "[":
            self.pos += 1
            index = 0
            while True:
                self.ws()
                if text.startswith("]", self.pos):
                    self.pos += 1
                    return
                element = (*path, index)
                self.out[element] = self.pos
                self.value((*path, index))
                index += 1
                self.ws()
                if text.startswith(",", self.pos):
                    self.pos += 1
        elif ch == '"':
            m = _STRING.match(text, self.pos)
            if m is None:
                raise ValueError("unterminated string")
            self.pos = m.end()
        else:
            m = _SCALAR.match(text, self.pos)
            if m is None:
                raise ValueError("expected a value")
            self.pos = m.end()


def scan(text: str) -> Positions:
    positions = Positions(text)
    # json validated the text first; a scanner slip only loses positions, never the run.
    with contextlib.suppress(ValueError, IndexError):
        _Scanner(text, positions).value(())
    return positions
