#
# SPDX-License-Identifier: Apache-2.0
r"""
=====================================================
OUT102: MAC digest compared with == (timing leak)
=====================================================

What it does
------------
Reports ``==`` and ``!=`` comparisons where one side is an HMAC digest:

- ``hmac.new(...).digest()`` / ``.hexdigest()`` (also on ``hmac.HMAC(...)``, or on a name
  every binding of which is such an object), and ``hmac.digest(key, msg, algorithm)``;
- such a digest passed through ``.hex()``, ``.decode()``, ``.encode()``, ``.lower()``,
  ``.upper()``, ``base64.b64encode()``, ``binascii.hexlify()`` and the like;
- a name every binding of which is one of the above (``expected = hmac.new(...)
  .hexdigest()`` then ``expected != signature``).

A ``.digest()`` or ``.hexdigest()`` of anything else (a ``hashlib`` hash, say) is reported
only when the other side is named like a signature or token (``signature``, ``sig``,
``token``, ``mac``, ``hmac``: a variable, attribute, dictionary key or
``.get("X-Signature")``), the shape of a home-made MAC check; two hashes compared to check
a download's integrity are not. Comparisons with a literal (a test vector) and in an
``assert`` statement (a test, not a check an attacker can time) are not reported.

Why is this bad
---------------
``==`` on strings and bytes stops at the first character that differs, so the time it
takes tells how long the matching prefix is. An attacker who can submit signatures and
time the answers finds a valid signature for a message of their choice one character at
a time, without the key. ``hmac.compare_digest`` takes the same time whatever the inputs.

Severity and confidence
-----------------------
MEDIUM severity: the attack forges signatures or tokens, but needs many requests and
fine timing measurements, which network noise makes harder (not impossible).
HIGH confidence when one side is proved to be an HMAC digest; MEDIUM for another digest
compared with a value named like a signature.

Example
-------
.. code-block:: python

    import hashlib
    import hmac


    def verify(key, body, signature):
        return hmac.new(key, body, hashlib.sha256).hexdigest() == signature

Use instead
-----------
.. code-block:: python

    import hashlib
    import hmac


    def verify(key, body, signature):
        return hmac.compare_digest(hmac.new(key, body, hashlib.sha256).hexdigest(), signature)

References
----------
- `CWE-208: Observable Timing Discrepancy <https://cwe.mitre.org/data/definitions/208.html>`__
- `hmac.compare_digest <https://docs.python.org/3/library/hmac.html#hmac.compare_digest>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
import re
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    is_instance_of,
    is_module_imported,
    make_issue,
    name_bindings,
    parent,
    qualname,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = 208

_HMAC_OBJECTS = frozenset({"hmac.new", "hmac.HMAC"})
_DIGEST_METHODS = {"digest", "hexdigest"}
_ENCODERS = {
    "base64.b64encode",
    "base64.urlsafe_b64encode",
    "base64.b32encode",
    "base64.b16encode",
    "base64.encodebytes",
    "binascii.hexlify",
    "binascii.b2a_hex",
    "binascii.b2a_base64",
}
_STRING_METHODS = {"hex", "decode", "encode", "lower", "upper", "strip", "rstrip"}
_SECRET_NAME = re.compile(r"(?:^|[^a-z])(?:sig|signature|token|mac|hmac)s?(?:$|[^a-z])")


def _unwrapped(node: ast.AST, aliases: dict[str, str]) -> ast.AST:
    """``node`` without encodings around it: ``base64.b64encode(x).decode()`` -> ``x``."""
    while isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _STRING_METHODS:
            node = func.value
        elif node.args and qualname(func, aliases) in _ENCODERS:
            node = node.args[0]
        else:
            break
    return node


def _digest_kind(node: ast.AST, aliases: dict[str, str], at: ast.AST, depth: int = 0) -> str:
    """``"hmac"`` for an HMAC digest, ``"digest"`` for another ``.digest()`` or
    ``.hexdigest()``, ``""`` for anything else."""
    node = _unwrapped(node, aliases)
    if isinstance(node, ast.Call):
        func = node.func
        if qualname(func, aliases) == "hmac.digest":
            return "hmac"
        if isinstance(func, ast.Attribute) and func.attr in _DIGEST_METHODS and not node.args:
            if is_instance_of(func.value, aliases, _HMAC_OBJECTS, at=at):
                return "hmac"
            return "digest"
        return ""
    if isinstance(node, ast.Name) and depth == 0:
        kinds = set()
        for how, value in name_bindings(node, at):
            if how != "value" or value is None:
                return ""
            kinds.add(_digest_kind(value, aliases, at, depth + 1))
        if len(kinds) == 1:
            return kinds.pop()
    return ""


def _may_be_digest(node: ast.AST, aliases: dict[str, str]) -> bool:
    """A cheap first test: a ``.digest()`` / ``.hexdigest()`` / ``hmac.digest()`` call,
    maybe encoded. (A name bound to one is looked for only where hmac or hashlib is
    imported.)"""
    node = _unwrapped(node, aliases)
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr in _DIGEST_METHODS or func.attr == "digest"
    return isinstance(func, ast.Name) and aliases.get(func.id) == "hmac.digest"


def _named_like_a_secret(node: ast.AST) -> bool:
    """A variable, attribute, key or ``.get()`` named like a signature or a token."""
    names: list[str] = []
    if isinstance(node, ast.Name):
        names.append(node.id)
    elif isinstance(node, ast.Attribute):
        names.append(node.attr)
    elif isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.append(key.value)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
    ):
        key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.append(key.value)
    return any(_SECRET_NAME.search(name.lower()) for name in names)


@test.checks("Compare")
@test.test_id("OUT102")
def digest_compared_with_eq(context: Any) -> Any:
    node = context.node
    if len(node.ops) != 1 or not isinstance(node.ops[0], ast.Eq | ast.NotEq):
        return None
    if isinstance(parent(node), ast.Assert):
        return None  # a test's assertion, not a check an attacker can time
    left, right = node.left, node.comparators[0]
    if isinstance(left, ast.Constant) or isinstance(right, ast.Constant):
        return None
    aliases = context.import_aliases
    if not (_may_be_digest(left, aliases) or _may_be_digest(right, aliases)):
        names = isinstance(left, ast.Name) or isinstance(right, ast.Name)
        if not (
            names
            and (is_module_imported(context, "hmac") or is_module_imported(context, "hashlib"))
        ):
            return None
    kinds = (_digest_kind(left, aliases, node), _digest_kind(right, aliases, node))
    if "hmac" in kinds:
        confidence = CONFIDENCE
    elif (kinds[0] and _named_like_a_secret(right)) or (kinds[1] and _named_like_a_secret(left)):
        confidence = constants.MEDIUM
    else:
        return None
    return make_issue(
        node,
        "MAC digest compared with ==/!=: the comparison stops at the first differing "
        "character, so its timing lets an attacker guess a valid signature character by "
        "character. Use hmac.compare_digest().",
        SEVERITY,
        confidence,
        CWE,
    )
