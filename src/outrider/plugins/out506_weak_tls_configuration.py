#
# SPDX-License-Identifier: Apache-2.0
r"""
===========================================================
OUT506: TLS configured to allow a broken protocol or cipher
===========================================================

What it does
------------
Reports the weak TLS settings that Bandit's B502 to B504 (which look at ``ssl_version=``
and ``method=`` keywords) do not see:

- ``ssl.SSLContext(ssl.PROTOCOL_TLSv1)`` with the protocol passed positionally or as
  ``protocol=``, for ``PROTOCOL_SSLv2``, ``PROTOCOL_SSLv3``, ``PROTOCOL_TLSv1`` and
  ``PROTOCOL_TLSv1_1``; pyOpenSSL's ``SSL.Context(SSL.TLSv1_METHOD)`` likewise (SSLv2, SSLv3,
  TLSv1, TLSv1.1 methods);
- ``ctx.minimum_version`` or ``ctx.maximum_version`` set to ``TLSVersion.SSLv3``,
  ``TLSv1``, ``TLSv1_1`` or ``MINIMUM_SUPPORTED``; pyOpenSSL's ``set_min_proto_version`` and
  ``set_max_proto_version`` with ``SSL3_VERSION``, ``TLS1_VERSION`` or ``TLS1_1_VERSION``;
- ``set_ciphers(...)`` (``ssl``) and ``set_cipher_list(...)`` (pyOpenSSL) with a literal
  cipher string that enables a broken class of suites not removed again with ``!``:
  ``NULL``/``eNULL``, anonymous (``aNULL``, ``ADH``, ``AECDH``), ``EXPORT``, ``LOW``,
  ``RC4``, ``RC2``, ``DES``/``3DES``, ``MD5``, or that lowers the security level with
  ``@SECLEVEL=0``.

Why is this bad
---------------
SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996) and have practical attacks (POODLE,
BEAST); the cipher classes above give no encryption (NULL), no authentication (anonymous),
or keys and algorithms that are broken (EXPORT, RC4, DES, 3DES's SWEET32, MD5). A peer or a
machine in the middle can force the connection down to what is allowed.

Severity and confidence
-----------------------
HIGH severity, as Bandit's B502 rates the same protocol versions: the connection can be
downgraded to something an attacker can break.
HIGH confidence: the constants are resolved through the imports to ``ssl`` or
``OpenSSL.SSL``, and cipher strings are parsed by OpenSSL's own rules of ``!``, ``-`` and
``+``; a cipher string in a variable is not reported.

Example
-------
.. code-block:: python

    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1

Use instead
-----------
.. code-block:: python

    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2

References
----------
- `CWE-327: Use of a Broken or Risky Cryptographic Algorithm <https://cwe.mitre.org/data/definitions/327.html>`__
- `RFC 8996: Deprecating TLS 1.0 and TLS 1.1 <https://www.rfc-editor.org/rfc/rfc8996>`__
- `OpenSSL ciphers: cipher list format <https://docs.openssl.org/master/man1/openssl-ciphers/>`__
- `ssl.SSLContext.minimum_version <https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version>`__

.. versionadded:: 0.1.0
"""

import ast
import re
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, make_issue, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.BROKEN_CRYPTO

_WEAK_PROTOCOLS = frozenset(
    {
        "ssl.PROTOCOL_SSLv2",
        "ssl.PROTOCOL_SSLv3",
        "ssl.PROTOCOL_TLSv1",
        "ssl.PROTOCOL_TLSv1_1",
        "ssl._SSLMethod.PROTOCOL_TLSv1",
        "ssl._SSLMethod.PROTOCOL_TLSv1_1",
        "OpenSSL.SSL.SSLv2_METHOD",
        "OpenSSL.SSL.SSLv3_METHOD",
        "OpenSSL.SSL.TLSv1_METHOD",
        "OpenSSL.SSL.TLSv1_1_METHOD",
    }
)
_CONTEXTS = frozenset({"ssl.SSLContext", "OpenSSL.SSL.Context"})
_CONTEXT_LAST = frozenset(name.rsplit(".", 1)[1] for name in _CONTEXTS)
_WEAK_VERSIONS = frozenset(
    {
        "ssl.TLSVersion.SSLv3",
        "ssl.TLSVersion.TLSv1",
        "ssl.TLSVersion.TLSv1_1",
        "ssl.TLSVersion.MINIMUM_SUPPORTED",
        "OpenSSL.SSL.SSL3_VERSION",
        "OpenSSL.SSL.TLS1_VERSION",
        "OpenSSL.SSL.TLS1_1_VERSION",
    }
)

#: Cipher-string words (upper-cased) -> the broken class of suites they enable.
_WEAK_WORDS = {
    "NULL": "NULL",
    "ENULL": "NULL",
    "COMPLEMENTOFALL": "NULL",
    "ANULL": "anonymous",
    "ADH": "anonymous",
    "AECDH": "anonymous",
    "COMPLEMENTOFDEFAULT": "anonymous",
    "EXPORT": "EXPORT",
    "EXP": "EXPORT",
    "EXPORT40": "EXPORT",
    "EXPORT56": "EXPORT",
    "LOW": "LOW",
    "RC4": "RC4",
    "RC2": "RC2",
    "DES": "DES",
    "3DES": "DES",
    "MD5": "MD5",
}
_SPLIT = re.compile(r"[:, ]+")


def weak_cipher_class(ciphers: str) -> str | None:
    """The first broken class of suites a cipher string enables and does not remove with
    ``!`` or ``-``; ``"SECLEVEL=0"`` for ``@SECLEVEL=0``; None when it is not weak."""
    enabled: list[str] = []
    removed: set[str] = set()
    for token in _SPLIT.split(ciphers.strip()):
        if not token:
            continue
        if token.upper().startswith("@SECLEVEL="):
            if token.split("=", 1)[1].strip() == "0":
                return "SECLEVEL=0"
            continue
        if token.startswith(("@", "+")):
            continue
        prefix = token[0] if token[0] in "!-" else ""
        words = re.split(r"[+-]", token[len(prefix) :].upper())
        classes = [_WEAK_WORDS[w] for w in words if w in _WEAK_WORDS]
        if prefix:
            removed.update(classes)
        else:
            enabled.extend(classes)
    for found in enabled:
        if found not in removed:
            return found
    return None


def _issue(node: ast.AST, text: str) -> Any:
    return make_issue(node, text, SEVERITY, CONFIDENCE, CWE)


def _cipher_text(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
    return None


_SETTERS = frozenset(
    {"set_min_proto_version", "set_max_proto_version", "set_ciphers", "set_cipher_list"}
)
_VERSION_ATTRIBUTES = ("minimum_version", "maximum_version")
_CALL_LAST = _SETTERS | _CONTEXT_LAST


def _check_context(node: ast.Call, name: str, aliases: dict[str, str]) -> Any:
    protocol = argument(node, 0, "protocol" if name == "ssl.SSLContext" else "method")
    if (
        name == "OpenSSL.SSL.Context"
        and protocol is not None
        and protocol in [kw.value for kw in node.keywords]
    ):
        return None  # Bandit's B502 reports method= already
    if protocol is not None and qualname(protocol, aliases) in _WEAK_PROTOCOLS:
        return _issue(
            protocol,
            f"TLS context created for {qualname(protocol, aliases).rsplit('.', 1)[1]}, a "
            "broken protocol version. Use PROTOCOL_TLS_CLIENT / TLS_METHOD with "
            "minimum_version TLSv1_2.",
        )
    return None


def _check_setter(attr: str, value: ast.expr, aliases: dict[str, str]) -> Any:
    if attr in ("set_min_proto_version", "set_max_proto_version"):
        if qualname(value, aliases) in _WEAK_VERSIONS:
            return _issue(
                value,
                f"TLS {attr[4:7]}imum version set to a broken protocol version "
                f"({qualname(value, aliases).rsplit('.', 1)[1]}). Use TLS1_2_VERSION or later.",
            )
        return None
    text = _cipher_text(value)
    found = weak_cipher_class(text) if text is not None else None
    if found is not None:
        return _issue(
            value,
            f"TLS cipher string enables broken suites ({found}). Remove them with "
            f"'!{found}' or keep the library's default ciphers.",
        )
    return None


def _check_assign(node: ast.Assign, aliases: dict[str, str]) -> Any:
    for target in node.targets:
        if (
            isinstance(target, ast.Attribute)
            and target.attr in _VERSION_ATTRIBUTES
            and qualname(node.value, aliases) in _WEAK_VERSIONS
        ):
            return _issue(
                target,
                f"TLS {target.attr.split('_')[0]} version set to "
                f"{qualname(node.value, aliases).rsplit('.', 1)[1]}, a broken protocol "
                "version is allowed. Use TLSVersion.TLSv1_2 or later.",
            )
    return None


@test.checks("Call", "Assign")
@test.test_id("OUT506")
def weak_tls_configuration(context: Any) -> Any:
    # Bandit names the call it checks (the last part is a method's name, or a class's once
    # its import alias is resolved): one test decides most calls. An assignment has no
    # such name.
    name = context.call_function_name
    node = context.node
    if name is None:
        for target in node.targets:
            if isinstance(target, ast.Attribute) and target.attr in _VERSION_ATTRIBUTES:
                return _check_assign(node, context.import_aliases)
        return None
    if name not in _CALL_LAST:
        return None
    if name in _SETTERS:
        if isinstance(node.func, ast.Attribute) and len(node.args) == 1 and not node.keywords:
            return _check_setter(name, node.args[0], context.import_aliases)
        return None
    qual = context.call_function_name_qual
    if qual in _CONTEXTS:
        return _check_context(node, qual, context.import_aliases)
    return None
