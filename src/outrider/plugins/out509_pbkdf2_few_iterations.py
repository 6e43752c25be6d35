#
# SPDX-License-Identifier: Apache-2.0
r"""
=================================================
OUT509: PBKDF2 with fewer iterations than advised
=================================================

What it does
------------
Reports PBKDF2 calls whose iteration count is a literal below the figures of the OWASP
Password Storage Cheat Sheet for the hash in use: 1,300,000 for HMAC-SHA1, 600,000 for
HMAC-SHA256 and 210,000 for HMAC-SHA512 (any other or unknown hash is held to the lowest
figure, 210,000):

- PyCryptodome's ``Crypto.Protocol.KDF.PBKDF2`` (also ``Cryptodome``), including a call
  with no ``count`` at all, which uses the default of 1,000 iterations of HMAC-SHA1;
- ``hashlib.pbkdf2_hmac(hash_name, password, salt, iterations)``;
- ``cryptography``'s ``PBKDF2HMAC(algorithm, length, salt, iterations)``;
- Django's ``django.utils.crypto.pbkdf2(password, salt, iterations)`` (SHA-256 by default).

Simple arithmetic on literals (``100_000``, ``10**5``) counts as a literal; a count in a
variable is not reported.

Why is this bad
---------------
PBKDF2's iteration count is the only thing that makes guessing a password from its hash or
derived key slow. A stolen hash with a few thousand iterations can be attacked at billions
of guesses per second on GPUs; the OWASP figures are set so that PBKDF2 costs an attacker
about as much as the memory-hard alternatives at their recommended settings.

Severity and confidence
-----------------------
MEDIUM severity: the weakness matters once hashes or ciphertexts leak, and then makes
cracking the passwords behind them feasible.
HIGH confidence: the functions are resolved through the imports, the count is a literal
(or the library's default), and the figure compared with matches the hash when the hash is
written in the call.

Example
-------
.. code-block:: python

    import hashlib

    key = hashlib.pbkdf2_hmac("sha256", password, salt, 100_000)

Use instead
-----------
.. code-block:: python

    import hashlib

    key = hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)

References
----------
- `CWE-916: Use of Password Hash With Insufficient Computational Effort <https://cwe.mitre.org/data/definitions/916.html>`__
- `OWASP Password Storage Cheat Sheet: PBKDF2 <https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2>`__
- `PyCryptodome: PBKDF2 <https://www.pycryptodome.org/src/protocol/kdf#pbkdf2>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, int_value, make_issue, qualname

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = 916  # Use of Password Hash With Insufficient Computational Effort

#: OWASP Password Storage Cheat Sheet, PBKDF2 iterations per HMAC hash.
OWASP_ITERATIONS = {"sha1": 1_300_000, "sha256": 600_000, "sha512": 210_000}
_FLOOR = min(OWASP_ITERATIONS.values())

_PYCRYPTODOME = frozenset({"Crypto.Protocol.KDF.PBKDF2", "Cryptodome.Protocol.KDF.PBKDF2"})
_CRYPTOGRAPHY = "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC"
_DJANGO = "django.utils.crypto.pbkdf2"
_PYCRYPTODOME_DEFAULT_COUNT = 1000
_FUNCTIONS = _PYCRYPTODOME | {"hashlib.pbkdf2_hmac", _CRYPTOGRAPHY, _DJANGO}


def _hash_key(text: str) -> str:
    return text.lower().replace("-", "").replace("_", "").rsplit(".", 1)[-1]


def _figure(hash_name: str | None) -> int:
    if hash_name is None:
        return _FLOOR
    return OWASP_ITERATIONS.get(_hash_key(hash_name), _FLOOR)


def _hash_of(node: ast.AST | None, aliases: dict[str, str]) -> str | None:
    """``"sha256"`` for ``"sha256"``, ``SHA256`` (a PyCryptodome module), ``hashes.SHA256()``
    or ``hashlib.sha256``; None when the hash is not visible."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call):
        node = node.func
    name = qualname(node, aliases)
    return name or None


def _has_unpacking(node: ast.Call) -> bool:
    return any(isinstance(a, ast.Starred) for a in node.args) or any(
        kw.arg is None for kw in node.keywords
    )


def _parameters(node: ast.Call, name: str, aliases: dict[str, str]) -> tuple[Any, Any]:
    """(iterations node or int default, hash name or None) for a PBKDF2 call."""
    if name in _PYCRYPTODOME:
        count = argument(node, 3, "count")
        hmac_hash = argument(node, 5, "hmac_hash_module")
        prf = argument(node, 4, "prf")
        if prf is not None:
            hash_name = None
        elif hmac_hash is None:
            hash_name = "sha1"
        else:
            hash_name = _hash_of(hmac_hash, aliases)
        if count is None and not _has_unpacking(node):
            return _PYCRYPTODOME_DEFAULT_COUNT, hash_name
        return count, hash_name
    if name == "hashlib.pbkdf2_hmac":
        return argument(node, 3, "iterations"), _hash_of(argument(node, 0, "hash_name"), aliases)
    if name == _CRYPTOGRAPHY:
        return argument(node, 3, "iterations"), _hash_of(argument(node, 0, "algorithm"), aliases)
    if name == _DJANGO:
        digest = argument(node, 4, "digest")
        return argument(node, 2, "iterations"), (
            "sha256" if digest is None else _hash_of(digest, aliases)
        )
    return None, None


@test.checks("Call")
@test.test_id("OUT509")
def pbkdf2_few_iterations(context: Any) -> Any:
    name = context.call_function_name_qual
    if name not in _FUNCTIONS:
        return None
    node = context.node
    if not isinstance(node, ast.Call):
        return None
    iterations, hash_name = _parameters(node, name, context.import_aliases)
    if iterations is None:
        return None
    count = iterations if isinstance(iterations, int) else int_value(iterations)
    if count is None:
        return None
    figure = _figure(hash_name)
    if count >= figure:
        return None
    where = node if isinstance(iterations, int) else iterations
    key = _hash_key(hash_name) if hash_name else ""
    if key in OWASP_ITERATIONS:
        advice = f"OWASP advises at least {figure:,} for HMAC-{key.upper()}"
    else:
        advice = f"even OWASP's lowest figure (HMAC-SHA512) is {figure:,}"
    default = " (the default)" if where is node else ""
    return make_issue(
        where,
        f"PBKDF2 with {count:,} iterations{default}: {advice}. Raise the count or use "
        "scrypt or Argon2.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
