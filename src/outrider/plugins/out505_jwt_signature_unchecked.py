#
# SPDX-License-Identifier: Apache-2.0
r"""
==================================================
OUT505: JWT decoded without checking its signature
==================================================

What it does
------------
Reports JSON Web Token decoding with the signature check switched off, in PyJWT and
python-jose:

- ``options={"verify_signature": False}`` (also ``dict(verify_signature=False)``) passed to
  ``jwt.decode`` / ``jwt.decode_complete`` (PyJWT, also on ``jwt.PyJWT()`` / ``jwt.PyJWS()``
  objects and ``jwt.api_jwt`` / ``jwt.api_jws``) or to ``jose.jwt.decode``;
- ``verify=False`` on those calls (PyJWT 1.x) and on ``jose.jws.verify``;
- ``algorithms`` that contain ``"none"``, the unsigned algorithm.

Why is this bad
---------------
A token's claims (who the user is, what they may do, when it expires) are only as good as
its signature. Decoded without verification, or with the unsigned ``none`` algorithm
accepted, a token anyone wrote by hand is taken as genuine: an attacker sets ``"sub"`` and
``"role"`` to what they like.

Severity and confidence
-----------------------
HIGH severity: authentication can be forged.
HIGH confidence for ``"none"`` in ``algorithms``; MEDIUM for ``verify_signature`` and
``verify`` off, which code also uses, correctly, to peek at a token's claims before picking
the key that verifies it: check that claims read this way decide nothing.

Example
-------
.. code-block:: python

    import jwt

    claims = jwt.decode(token, options={"verify_signature": False})

Use instead
-----------
.. code-block:: python

    import jwt

    claims = jwt.decode(token, key=public_key, algorithms=["RS256"])

References
----------
- `CWE-347: Improper Verification of Cryptographic Signature <https://cwe.mitre.org/data/definitions/347.html>`__
- `PyJWT: reading the claimset without validation <https://pyjwt.readthedocs.io/en/stable/usage.html#reading-the-claimset-without-validation>`__
- `RFC 8725: JSON Web Token Best Current Practices <https://www.rfc-editor.org/rfc/rfc8725>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import bound_call_names, is_false, keyword, make_issue, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = 347  # Improper Verification of Cryptographic Signature

DECODERS = frozenset(
    {
        "jwt.decode",
        "jwt.decode_complete",
        "jwt.api_jwt.decode",
        "jwt.api_jwt.decode_complete",
        "jwt.api_jws.decode",
        "jwt.api_jws.decode_complete",
        "jose.jwt.decode",
        "jose.jws.verify",
    }
)
_OBJECTS = frozenset({"jwt.PyJWT", "jwt.PyJWS", "jwt.api_jwt.PyJWT", "jwt.api_jws.PyJWS"})


_METHODS = ("decode", "decode_complete")
_LAST_PARTS = frozenset(name.rsplit(".", 1)[1] for name in DECODERS) | frozenset(_METHODS)


def _decoder_object(receiver: ast.AST, aliases: dict[str, str], node: ast.Call) -> bool:
    """Whether ``receiver`` of a ``.decode(...)`` call is a PyJWT / PyJWS object."""
    if isinstance(receiver, ast.Call):
        return qualname(receiver.func, aliases) in _OBJECTS
    names = bound_call_names(receiver, aliases, node)
    return bool(names) and names <= _OBJECTS


def _signature_off(options: ast.AST | None) -> ast.Constant | None:
    found: ast.AST | None = None
    if isinstance(options, ast.Dict):
        for key, value in zip(options.keys, options.values, strict=False):
            if isinstance(key, ast.Constant) and key.value == "verify_signature":
                found = value
    elif (
        isinstance(options, ast.Call)
        and isinstance(options.func, ast.Name)
        and options.func.id == "dict"
    ):
        found = keyword(options, "verify_signature")
    if is_false(found) and found.value is not None:
        return found
    return None


def _has_none(algorithms: ast.AST | None) -> bool:
    if isinstance(algorithms, ast.Constant):
        return isinstance(algorithms.value, str) and algorithms.value.lower() == "none"
    if isinstance(algorithms, ast.List | ast.Tuple | ast.Set):
        return any(_has_none(e) for e in algorithms.elts)
    return False


@test.checks("Call")
@test.test_id("OUT505")
def jwt_signature_unchecked(context: Any) -> Any:
    # Cheapest tests first: the last part of the called name, which Bandit has worked out
    # already; then what is reported is passed by keyword, except jose.jws.verify's
    # positional algorithms; then the whole name; the receiver of a .decode() call
    # (bytes.decode is everywhere) is resolved last, only for a call that passes what is
    # reported.
    if context.call_function_name not in _LAST_PARTS:
        return None
    node = context.node
    if not isinstance(node, ast.Call) or (not node.keywords and len(node.args) <= 2):
        return None
    name = context.call_function_name_qual
    if not isinstance(name, str) or (not node.keywords and name != "jose.jws.verify"):
        return None
    receiver = None
    if name not in DECODERS:
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in _METHODS:
            return None
        receiver = func.value
    found = _finding(node, name)
    if found is None:
        return None
    if receiver is not None and not _decoder_object(receiver, context.import_aliases, node):
        return None
    where, text, confidence = found
    return make_issue(where, text, SEVERITY, confidence, CWE)


def _finding(node: ast.Call, name: str) -> tuple[ast.AST, str, str] | None:
    """(where, message, confidence) of what a decoder call ``node`` would be reported for."""
    algorithms = keyword(node, "algorithms")
    if name == "jose.jws.verify" and algorithms is None and len(node.args) > 2:
        algorithms = node.args[2]
    if algorithms is not None and _has_none(algorithms):
        return (
            algorithms,
            'JWT decoded with the "none" algorithm allowed: an unsigned token is accepted as '
            "genuine.",
            constants.HIGH,
        )
    off = _signature_off(keyword(node, "options"))
    verify = keyword(node, "verify")
    if off is None and isinstance(verify, ast.Constant) and verify.value is False:
        off = verify
    if off is None:
        return None
    return (
        off,
        "JWT decoded without verifying its signature: anyone can forge its claims. Make "
        "sure nothing trusts the claims read here.",
        constants.MEDIUM,
    )
