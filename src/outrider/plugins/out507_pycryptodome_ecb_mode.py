#
# SPDX-License-Identifier: Apache-2.0
r"""
=======================================
OUT507: PyCryptodome cipher in ECB mode
=======================================

What it does
------------
Reports block ciphers created in ECB mode with PyCryptodome (``Crypto`` or ``Cryptodome``
package): ``AES.new(key, AES.MODE_ECB)``, ``mode=AES.MODE_ECB``, and the same for ``DES``,
``DES3``, ``Blowfish``, ``CAST`` and ``ARC2``, however the module was imported. The mode
constant's value ``1`` passed literally is reported too.

Bandit's B305 reports ECB only for the ``cryptography`` package
(``cryptography.hazmat.primitives.ciphers.modes.ECB``).

Why is this bad
---------------
ECB encrypts each block on its own: equal plaintext blocks give equal ciphertext blocks, so
the structure of the data shows through the encryption (the well-known "ECB penguin"), and
blocks can be cut, reordered and replayed without the key. It provides no integrity either.

Severity and confidence
-----------------------
MEDIUM severity, as Bandit rates ECB in ``cryptography``: the data's patterns leak, the key
does not.
HIGH confidence: the cipher module and the mode constant are resolved through the imports
to PyCryptodome.

Example
-------
.. code-block:: python

    from Crypto.Cipher import AES

    cipher = AES.new(key, AES.MODE_ECB)
    ciphertext = cipher.encrypt(padded)

Use instead
-----------
.. code-block:: python

    from Crypto.Cipher import AES

    cipher = AES.new(key, AES.MODE_GCM)
    ciphertext, tag = cipher.encrypt_and_digest(data)

References
----------
- `CWE-327: Use of a Broken or Risky Cryptographic Algorithm <https://cwe.mitre.org/data/definitions/327.html>`__
- `PyCryptodome: ECB mode <https://www.pycryptodome.org/src/cipher/classic#ecb-mode>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, make_issue, qualname

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.BROKEN_CRYPTO

_BLOCK_CIPHERS = ("AES", "DES", "DES3", "Blowfish", "CAST", "ARC2")
_PACKAGES = ("Crypto", "Cryptodome")
CIPHER_FACTORIES = frozenset(f"{p}.Cipher.{c}.new" for p in _PACKAGES for c in _BLOCK_CIPHERS)
_ECB = frozenset(f"{p}.Cipher.{c}.MODE_ECB" for p in _PACKAGES for c in _BLOCK_CIPHERS)
_MODE_ECB_VALUE = 1


@test.checks("Call")
@test.test_id("OUT507")
def pycryptodome_ecb_mode(context: Any) -> Any:
    if context.call_function_name_qual not in CIPHER_FACTORIES:
        return None
    node = context.node
    if not isinstance(node, ast.Call):
        return None
    mode = argument(node, 1, "mode")
    if mode is None:
        return None
    is_ecb = qualname(mode, context.import_aliases) in _ECB or (
        isinstance(mode, ast.Constant) and type(mode.value) is int and mode.value == _MODE_ECB_VALUE
    )
    if not is_ecb:
        return None
    return make_issue(
        mode,
        "Block cipher in ECB mode: equal plaintext blocks encrypt to equal ciphertext "
        "blocks. Use an authenticated mode such as GCM.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
