"""Target versions and version guards.

A finding depends on the Python versions the project targets, never on the interpreter that
runs outrider. Code under a ``sys.version_info`` guard is checked only against the targeted
versions that can reach it: in ``if sys.version_info >= (3, 12): ... else: ...`` the body is
checked for 3.12+ and the ``else`` branch for the targeted versions below 3.12.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

Version = tuple[int, int]
Versions = frozenset[Version]

#: Every minor version a guard can talk about (Python 3.0 to 3.30); guards are evaluated
#: over this universe, then intersected with the targets.
UNIVERSE: Versions = frozenset((3, m) for m in range(31))
NONE: Versions = frozenset()

# Truth of a comparison for one minor version: certainly true, certainly false, or depends on
# the patch release (``>= (3, 12, 1)`` for 3.12).
TRUE, FALSE, BOTH = 1, 0, 2


def parse_version(text: str | None) -> tuple[int, ...] | None:
    """``"3.12"`` -> ``(3, 12)``; anything unparsable -> None."""
    if not text:
        return None
    parts: list[int] = []
    for part in text.split("."):
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
        if len(digits) != len(part):
            break
    return tuple(parts) or None


def describe(versions: Iterable[Version]) -> str:
    """``{(3, 12), (3, 13), (3, 14)}`` -> ``"3.12-3.14"``; gaps are listed: ``3.9, 3.12-3.13``."""
    ordered = sorted(versions)
    runs: list[list[Version]] = []
    for v in ordered:
        if runs and runs[-1][-1][0] == v[0] and runs[-1][-1][1] + 1 == v[1]:
            runs[-1].append(v)
        else:
            runs.append([v])
    parts = []
    for run in runs:
        first, last = run[0], run[-1]
        parts.append(
            f"{first[0]}.{first[1]}"
            if first == last
            else f"{first[0]}.{first[1]}-{last[0]}.{last[1]}"
        )
    return ", ".join(parts)


def _compare(op: ast.cmpop, rel: int) -> int:
    """Truth of ``left <op> right`` given ``rel`` = sign(left - right)."""
    if isinstance(op, ast.Lt):
        return TRUE if rel < 0 else FALSE
    if isinstance(op, ast.LtE):
        return TRUE if rel <= 0 else FALSE
    if isinstance(op, ast.Gt):
        return TRUE if rel > 0 else FALSE
    if isinstance(op, ast.GtE):
        return TRUE if rel >= 0 else FALSE
    if isinstance(op, ast.Eq):
        return TRUE if rel == 0 else FALSE
    if isinstance(op, ast.NotEq):
        return TRUE if rel != 0 else FALSE
    return BOTH


_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.Gt,
    ast.Gt: ast.Lt,
    ast.LtE: ast.GtE,
    ast.GtE: ast.LtE,
    ast.Eq: ast.Eq,
    ast.NotEq: ast.NotEq,
}


def constant_tuple(node: ast.expr) -> tuple[int, ...] | None:
    if isinstance(node, ast.Tuple) and node.elts:
        out: list[int] = []
        for elt in node.elts:
            if (
                not isinstance(elt, ast.Constant)
                or not isinstance(elt.value, int)
                or isinstance(elt.value, bool)
            ):
                return None
            out.append(elt.value)
        return tuple(out)
    return None


def constant_int(node: ast.expr) -> int | None:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
    ):
        return node.value
    return None


def truth_version_info(op: ast.cmpop, length: int, right: tuple[int, ...], v: Version) -> int:
    """``sys.version_info[:length] <op> right`` on every release of minor version ``v``.

    ``length`` is 5 for the whole ``sys.version_info``. Components past the minor version are
    unknown (any patch release), so a comparison that depends on them is BOTH.
    """
    known = v[:length]
    for i in range(min(length, len(right))):
        if i >= 2:
            return BOTH
        if known[i] != right[i]:
            return _compare(op, -1 if known[i] < right[i] else 1)
    if length > len(right):
        return _compare(op, 1)
    if length < len(right):
        return _compare(op, -1)
    return _compare(op, 0)


def truth_scalar(op: ast.cmpop, low: int, high: int, right: int) -> int:
    """``x <op> right`` for every x in [low, high]."""
    results = {
        _compare(op, (x > right) - (x < right)) for x in {low, high, right} if low <= x <= high
    }
    if len(results) == 1:
        return results.pop()
    return BOTH


def split(truth_of: dict[Version, int]) -> tuple[Versions, Versions]:
    """(versions where the condition may hold, versions where it may not)."""
    true = frozenset(v for v, t in truth_of.items() if t != FALSE)
    false = frozenset(v for v, t in truth_of.items() if t != TRUE)
    return true, false
