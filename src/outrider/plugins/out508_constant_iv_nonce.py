#
# SPDX-License-Identifier: Apache-2.0
r"""
======================================================
OUT508: Cipher initialised with a constant IV or nonce
======================================================

What it does
------------
Reports an initialisation vector or nonce written into the source:

- PyCryptodome (``Crypto`` or ``Cryptodome``): ``iv=`` or ``nonce=`` (or the third
  positional argument) of ``AES.new``, ``DES.new``, ``DES3.new``, ``Blowfish.new``,
  ``CAST.new``, ``ARC2.new``, and ``nonce=`` of ``ChaCha20.new``, ``Salsa20.new`` and
  ``ChaCha20_Poly1305.new``;
- ``cryptography``'s ``modes.CBC``, ``CFB``, ``CFB8``, ``OFB``, ``CTR`` and ``GCM`` given a
  constant as their IV or nonce.

A constant is a byte or text literal, ``b"\0" * 16``, ``bytes(16)``,
``bytes.fromhex("...")`` or ``"...".encode()``; a name counts too (MEDIUM confidence) when
every assignment to it in its function, or in the module, is such a constant. A CTR
nonce is not reported when ``initial_value`` is given and varies: the counter block is then
unique even with a fixed or empty nonce.

Why is this bad
---------------
An IV or nonce must differ for every message encrypted under the same key. With a fixed
one, CBC encrypts equal message prefixes to equal ciphertext; CTR, OFB, ChaCha20 and GCM
reuse their keystream, so XOR-ing two ciphertexts gives the XOR of the plaintexts, and GCM
additionally leaks its authentication key, letting an attacker forge messages.

Severity and confidence
-----------------------
MEDIUM severity: how much leaks depends on the mode and on whether the key ever encrypts
twice, which the code does not show.
HIGH confidence for a literal in the call, the cipher resolved through the imports; MEDIUM
for a name whose every binding is a constant.

Example
-------
.. code-block:: python

    from Crypto.Cipher import AES

    cipher = AES.new(key, AES.MODE_CBC, iv=b"0123456789abcdef")

Use instead
-----------
.. code-block:: python

    from Crypto.Cipher import AES
    from Crypto.Random import get_random_bytes

    cipher = AES.new(key, AES.MODE_CBC, iv=get_random_bytes(16))

References
----------
- `CWE-329: Generation of Predictable IV with CBC Mode <https://cwe.mitre.org/data/definitions/329.html>`__
- `CWE-323: Reusing a Nonce, Key Pair in Encryption <https://cwe.mitre.org/data/definitions/323.html>`__
- `NIST SP 800-38A, Appendix C: generation of IVs <https://csrc.nist.gov/pubs/sp/800/38/a/final>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    argument,
    bindings,
    constant_bytes,
    enclosing_module,
    enclosing_scope,
    int_value,
    keyword,
    make_issue,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = 329  # Generation of Predictable IV with CBC Mode

_PACKAGES = ("Crypto", "Cryptodome")
_BLOCK = frozenset(
    f"{p}.Cipher.{c}.new"
    for p in _PACKAGES
    for c in ("AES", "DES", "DES3", "Blowfish", "CAST", "ARC2")
)
_STREAM = frozenset(
    f"{p}.Cipher.{c}.new" for p in _PACKAGES for c in ("ChaCha20", "Salsa20", "ChaCha20_Poly1305")
)
_MODES = "cryptography.hazmat.primitives.ciphers.modes."
#: cryptography modes -> name of their IV/nonce parameter (always first).
_CRYPTOGRAPHY = {
    _MODES + "CBC": "initialization_vector",
    _MODES + "CFB": "initialization_vector",
    _MODES + "CFB8": "initialization_vector",
    _MODES + "OFB": "initialization_vector",
    _MODES + "CTR": "nonce",
    _MODES + "GCM": "initialization_vector",
}

_FACTORIES = _BLOCK | _STREAM | frozenset(_CRYPTOGRAPHY)


def _constant_name(node: ast.AST, anchor: ast.AST) -> bool:
    """A name whose every binding, in the function of ``anchor`` (or else the module), is
    a constant."""
    if not isinstance(node, ast.Name):
        return False
    for scope in (enclosing_scope(anchor), enclosing_module(anchor)):
        if scope is None:
            continue
        values = bindings(scope, node.id)
        if values:
            return all(constant_bytes(v) for v in values)
    return False


def _candidates(node: ast.Call, name: str) -> list[ast.AST]:
    if name in _BLOCK:
        start = keyword(node, "initial_value")
        if start is not None and not (constant_bytes(start) or int_value(start) is not None):
            # CTR: the counter block is nonce + a counter starting at initial_value; a
            # varying start makes it unique even with a fixed (or empty) nonce.
            return [v for v in (keyword(node, "iv"),) if v is not None]
        values = [keyword(node, "iv"), keyword(node, "nonce")]
        if len(node.args) > 2 and not any(isinstance(a, ast.Starred) for a in node.args[:3]):
            values.append(node.args[2])
        return [v for v in values if v is not None]
    if name in _STREAM:
        nonce = keyword(node, "nonce")
        return [nonce] if nonce is not None else []
    if name in _CRYPTOGRAPHY:
        value = argument(node, 0, _CRYPTOGRAPHY[name])
        return [value] if value is not None else []
    return []


@test.checks("Call")
@test.test_id("OUT508")
def constant_iv_nonce(context: Any) -> Any:
    name = context.call_function_name_qual
    if name not in _FACTORIES:
        return None
    node = context.node
    if not isinstance(node, ast.Call):
        return None
    for value in _candidates(node, name):
        if constant_bytes(value):
            confidence = constants.HIGH
        elif _constant_name(value, node):
            confidence = constants.MEDIUM
        else:
            continue
        return make_issue(
            value,
            "Cipher IV/nonce is a constant: every message under this key reuses it, which "
            "leaks plaintext (and lets GCM tags be forged). Use a fresh random value.",
            SEVERITY,
            confidence,
            CWE,
        )
    return None
