#
# SPDX-License-Identifier: Apache-2.0
"""Small, self-contained AST helpers shared by outrider's Bandit plugins.

Rules for this module, so that ``outrider upstream`` can inline what a plugin uses:
every helper is a top-level function that depends only on the standard library, on
``bandit`` and on other helpers here, and carries no state.
"""

from __future__ import annotations

import ast
from typing import Any, TypeGuard

from bandit.core import issue


def qualname(node: ast.AST, aliases: dict[str, str]) -> str:
    """Dotted name of a Name/Attribute chain with the import alias of its root resolved.

    ``np.lib.load`` with ``import numpy as np`` gives ``numpy.lib.load``; anything that is
    not a plain chain of names (a call, a subscript) gives ``""``.
    """
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value passed as keyword ``name``, or None."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """The value of a parameter passed either by keyword or at ``position``."""
    value = keyword(call, name)
    if value is not None:
        return value
    if position < len(call.args) and not any(
        isinstance(a, ast.Starred) for a in call.args[: position + 1]
    ):
        return call.args[position]
    return None


def is_true(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    """A literal that is truthy (``True``, ``1``, ``"yes"``): a switch surely turned on."""
    return isinstance(node, ast.Constant) and node.value is not ... and bool(node.value)


def is_false(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    """A literal ``False``/``0``/``None``/empty string: a switch surely turned off."""
    return isinstance(node, ast.Constant) and not node.value


def is_literal_string(node: ast.AST) -> bool:
    """A string whose whole value is in the source: constants, placeholder-free f-strings,
    and ``+`` concatenations of those."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | bytes)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_literal_string(node.left) and is_literal_string(node.right)
    return False


def make_issue(node: ast.AST, text: str, severity: str, confidence: str, cwe: int) -> Any:
    """A Bandit issue located at ``node``."""
    return issue.Issue(
        severity=severity,
        confidence=confidence,
        cwe=cwe,
        text=text,
        lineno=getattr(node, "lineno", None),
        col_offset=getattr(node, "col_offset", -1),
    )


def literal_string_value(node: ast.AST) -> str | bytes | None:
    """The value of a string written out in the source (see :func:`is_literal_string`),
    or None when any part of it is computed at runtime or ``str`` and ``bytes`` mix."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str | bytes) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                return None
            parts.append(value.value)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = literal_string_value(node.left)
        right = literal_string_value(node.right)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        if isinstance(left, bytes) and isinstance(right, bytes):
            return left + right
    return None
