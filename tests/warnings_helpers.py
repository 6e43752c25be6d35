"""Shared by the warnings check's tests: fixture expectations with versions, interpreters."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from conftest import FIXTURES

from outrider.config import KNOWN_VERSIONS

WARNINGS_FIXTURES = FIXTURES / "warnings"
Version = tuple[int, int]

# `# expect: WRN101` (every version), `# expect: WRN102 (3.11+)`, `# expect: WRN109 (3.8-3.9)`.
# Formats whose values cannot carry a comment (INI: pytest does not strip inline comments)
# put `# expect-next-line: CODE` on a comment line of its own, above the offending line.
EXPECT = re.compile(
    r"#\s*expect(?P<next>-next-line)?:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)"
    r"(?:\s*\((?P<first>3\.\d+)(?:(?P<plus>\+)|-(?P<last>3\.\d+))\))?"
)


def _version(text: str) -> Version:
    major, minor = text.split(".")
    return int(major), int(minor)


def expectations(path: Path, versions: list[Version] | None = None) -> set[tuple[int, str]]:
    """(line, code) a fixture declares for a run on ``versions`` (any of them warns)."""
    found: set[tuple[int, str]] = set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, start=1):
        m = EXPECT.search(line)
        if not m:
            continue
        if m.group("first"):
            first = _version(m.group("first"))
            last = _version(m.group("last")) if m.group("last") else KNOWN_VERSIONS[-1]
            declared = {v for v in KNOWN_VERSIONS if first <= v <= last}
            if versions is not None and not declared & set(versions):
                continue
        target = lineno
        if m.group("next"):
            target = next(
                i
                for i in range(lineno + 1, len(lines) + 1)
                if lines[i - 1].strip() and not lines[i - 1].lstrip().startswith(("#", ";"))
            )
        for code in m.group("codes").split(","):
            found.add((target, code.strip()))
    return found


@functools.cache
def available() -> dict[Version, str | None]:
    """Target versions with an interpreter on this machine (None: the running one)."""
    from outrider.checks.warnings.interpreters import discover, start

    found, _ = discover(KNOWN_VERSIONS, {})
    servers, _ = start(found)
    usable = {s.interpreter.version: s.interpreter.executable for s in servers}
    for server in servers:
        server.close()
    usable.update({i.version: None for i in found if i.in_process})
    return dict(sorted(usable.items()))


def version_text(version: Version) -> str:
    return f"{version[0]}.{version[1]}"
