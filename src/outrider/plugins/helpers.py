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


# --- Scope, binding and literal helpers (added for OUT302-OUT309, OUT502-OUT509) ---------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)


def enclosing_scope(node: ast.AST) -> ast.AST | None:
    """The nearest function, lambda or module around ``node``, through the
    ``_bandit_parent`` links Bandit's visitor sets; None when they are missing."""
    current = getattr(node, "_bandit_parent", None)
    while current is not None and not isinstance(current, _SCOPES):
        current = getattr(current, "_bandit_parent", None)
    return current


def enclosing_module(node: ast.AST) -> ast.Module | None:
    """The module ``node`` belongs to (through ``_bandit_parent``), or None."""
    current: ast.AST | None = node
    while current is not None and not isinstance(current, ast.Module):
        current = getattr(current, "_bandit_parent", None)
    return current


def dotted(node: ast.AST) -> str:
    """Source spelling of a Name/Attribute chain (``self.session``), without resolving
    imports; ``""`` for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def bindings(scope: ast.AST, name: str) -> list[ast.expr]:
    """Every value bound to the dotted ``name`` anywhere under ``scope``: the value of a
    plain or annotated assignment whose whole target is the name, and the context
    expression of ``with ... as name``. Any other binding (a parameter, a loop or tuple
    target, ``+=``, a walrus, an import, ``global``) gives an ``ast.Name`` of the name
    itself, an unknown value, so a caller that needs every binding to agree sees the doubt."""
    found: list[ast.expr] = []
    known: set[int] = set()
    unknown = ast.Name(id=name, ctx=ast.Load())
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if dotted(target) == name:
                    known.add(id(target))
                    found.append(node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            if dotted(node.target) == name:
                known.add(id(node.target))
                found.append(node.value)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None and dotted(item.optional_vars) == name:
                    known.add(id(item.optional_vars))
                    found.append(item.context_expr)
    for node in ast.walk(scope):
        if isinstance(node, ast.Name | ast.Attribute):
            other = isinstance(node.ctx, ast.Store) and id(node) not in known
            bound = other and dotted(node) == name
        elif isinstance(node, ast.arg):
            bound = node.arg == name
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound = name in node.names
        elif isinstance(node, ast.alias):
            bound = (node.asname or node.name) == name
        elif isinstance(node, ast.ExceptHandler):
            bound = node.name == name
        else:
            bound = False
        if bound:
            found.append(unknown)
    return found


def bound_call_names(receiver: ast.AST, aliases: dict[str, str], anchor: ast.AST) -> set[str]:
    """Qualified names of the calls whose results are bound to ``receiver`` (a name or
    ``self.attr`` chain) in the scope of ``anchor`` (the node under test, whose parent links
    Bandit has set; the receiver's own are not set yet); ``self.x`` is looked up in the
    whole module. A binding that is not a call gives ``""`` in the set."""
    name = dotted(receiver)
    if not name:
        return set()
    scope = enclosing_module(anchor) if "." in name else enclosing_scope(anchor)
    if scope is None:
        return set()
    names = set()
    for value in bindings(scope, name):
        if isinstance(value, ast.Call):
            names.add(qualname(value.func, aliases))
        else:
            names.add("")
    return names


def int_value(node: ast.AST | None) -> int | None:
    """The value of an integer literal or of simple arithmetic on integer literals
    (``100_000``, ``10**5``, ``2 * 1000``); None for anything else or anything huge."""
    if isinstance(node, ast.Constant):
        value = node.value
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(node, ast.BinOp):
        left, right = int_value(node.left), int_value(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult) and abs(left) < 1 << 64 and abs(right) < 1 << 64:
            return left * right
        if isinstance(node.op, ast.Pow) and 0 <= right < 64 and abs(left) < 1 << 16:
            return int(left**right)
    return None


def constant_bytes(node: ast.AST | None) -> bool:
    r"""Whether ``node`` is a byte or text value written out in the source: a literal,
    ``b"\0" * 16``, ``bytes(16)``, ``bytes.fromhex("...")``, ``"...".encode()``,
    or ``+`` of those."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bytes | str)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add):
            return constant_bytes(node.left) and constant_bytes(node.right)
        if isinstance(node.op, ast.Mult):
            return (constant_bytes(node.left) and int_value(node.right) is not None) or (
                constant_bytes(node.right) and int_value(node.left) is not None
            )
        return False
    if isinstance(node, ast.Call) and not node.keywords and len(node.args) <= 1:
        func = node.func
        arg = node.args[0] if node.args else None
        if isinstance(func, ast.Name) and func.id in ("bytes", "bytearray"):
            return arg is not None and (int_value(arg) is not None or constant_bytes(arg))
        if isinstance(func, ast.Attribute) and func.attr == "fromhex":
            return dotted(func.value) in ("bytes", "bytearray") and constant_bytes(arg)
        if isinstance(func, ast.Attribute) and func.attr == "encode":
            return constant_bytes(func.value)
    return False
