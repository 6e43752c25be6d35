"""Inline suppressions (``# outrider: ignore[CODE, ...]``) and baseline files."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tokenize
from collections import Counter
from collections.abc import Iterable

from outrider.files import is_python
from outrider.model import ConfigError, Finding

SUPPRESSION = re.compile(r"#\s*outrider:\s*ignore\[(?P<codes>[^\]]*)\]")
BASELINE_VERSION = 1


def suppressions(path: str, data: bytes) -> dict[int, frozenset[str]]:
    """Line number -> codes suppressed on that line.

    In Python files only real comments count (tokenized, so a string that looks like a
    suppression does not suppress); in other formats, any ``#`` comment on the line.
    """
    if b"outrider:" not in data:
        return {}
    found: dict[int, frozenset[str]] = {}
    if is_python(path):
        try:
            for tok in tokenize.tokenize(io.BytesIO(data).readline):
                if tok.type == tokenize.COMMENT:
                    _add(found, tok.start[0], tok.string)
        except (tokenize.TokenError, SyntaxError):
            pass
        return found
    text = data.decode("utf-8", "replace")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if "#" in line:
            _add(found, lineno, line[line.index("#") :])
    return found


def _add(found: dict[int, frozenset[str]], line: int, comment: str) -> None:
    for m in SUPPRESSION.finditer(comment):
        codes = frozenset(c.strip().upper() for c in m.group("codes").split(",") if c.strip())
        if codes:
            found[line] = found.get(line, frozenset()) | codes


def is_suppressed(finding: Finding, table: dict[int, frozenset[str]]) -> bool:
    if not table:
        return False
    for line in {finding.line, finding.end_line or finding.line}:
        for code in table.get(line, ()):
            if finding.code.startswith(code):
                return True
    return False


def fingerprint(finding: Finding, line_text: str) -> str:
    """Stable across edits elsewhere in the file: the code and the line's own content."""
    normalized = " ".join(line_text.split())
    digest = hashlib.sha256(f"{finding.code}\0{normalized}".encode()).hexdigest()
    return digest[:16]


def write_baseline(path: str, entries: Iterable[tuple[Finding, str]]) -> int:
    items = sorted(
        {
            "path": f.path,
            "code": f.code,
            "line": f.line,
            "fingerprint": fp,
        }.items()
        for f, fp in entries
    )
    records = [dict(item) for item in items]
    doc = {"version": BASELINE_VERSION, "tool": "outrider", "findings": records}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")
    return len(records)


class Baseline:
    """Findings accepted when outrider was adopted; each baseline entry absorbs one finding.

    Matching is by path, code and fingerprint, not line number, so adding lines above a
    known finding does not make it new; a second identical finding on another line is new.
    """

    def __init__(self, path: str) -> None:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}: baseline is not valid JSON: {exc}") from None
        if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION:
            raise ConfigError(
                f"{path}: not an outrider baseline (expected version {BASELINE_VERSION}); "
                "write one with --write-baseline"
            )
        records = doc.get("findings")
        if not isinstance(records, list):
            raise ConfigError(f"{path}: baseline has no 'findings' list")
        self.remaining: Counter[tuple[str, str, str]] = Counter()
        for i, rec in enumerate(records):
            try:
                key = (str(rec["path"]), str(rec["code"]), str(rec["fingerprint"]))
            except (KeyError, TypeError):
                raise ConfigError(
                    f"{path}: baseline entry {i} lacks path, code or fingerprint"
                ) from None
            self.remaining[key] += 1

    def absorbs(self, finding: Finding, fp: str) -> bool:
        key = (finding.path, finding.code, fp)
        if self.remaining[key] > 0:
            self.remaining[key] -= 1
            return True
        return False
