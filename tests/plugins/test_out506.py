"""OUT506 edge cases, and the cipher-string reading on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings


@pytest.mark.parametrize(
    ("ciphers", "expected"),
    [
        ("", None),
        ("DEFAULT", None),
        ("ALL", None),
        ("HIGH:!aNULL:!MD5", None),
        ("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384", None),
        ("RC4-SHA", "RC4"),
        ("DES-CBC3-SHA", "DES"),
        ("ECDHE-RSA-DES-CBC3-SHA:!3DES", None),
        ("ALL:COMPLEMENTOFALL", "NULL"),
        ("aNULL:!ADH", None),
        ("EXP-RC4-MD5:!EXPORT", "RC4"),
        ("EXP-RC4-MD5:!EXPORT:!RC4:!MD5", None),
        ("HIGH, LOW", "LOW"),
        ("HIGH LOW:-LOW", None),
        ("+RC4:HIGH", None),
        ("@STRENGTH:HIGH", None),
        ("DEFAULT:@SECLEVEL=0", "SECLEVEL=0"),
        ("DEFAULT:@seclevel=1", None),
        ("  eNULL  ", "NULL"),
    ],
)
def test_weak_cipher_class(ciphers: str, expected: str | None) -> None:
    # Imported here: a plugin module imported before Bandit's extension loader has run
    # would be half-initialised when the loader imports it (a circular import).
    from outrider.plugins.out506_weak_tls_configuration import weak_cipher_class

    assert weak_cipher_class(ciphers) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import ssl\nssl.SSLContext(ssl.PROTOCOL_TLS)\n", []),
        ("import ssl\nssl.SSLContext(ssl.PROTOCOL_SSLv2)\n", [2]),
        ("import ssl\nssl.SSLContext()\n", []),
        ("import ssl\nssl.SSLContext(*args)\n", []),
        ("from OpenSSL import SSL\nSSL.Context(SSL.SSLv23_METHOD)\n", []),
        ("from OpenSSL import SSL\nSSL.Context(SSL.SSLv3_METHOD)\n", [2]),
        ("import ssl\nctx.maximum_version = ssl.TLSVersion.TLSv1_3\n", []),
        ("import ssl\nctx.minimum_version = ssl.TLSVersion.TLSv1_1\n", [2]),
        ("from OpenSSL import SSL\nctx.set_max_proto_version(SSL.TLS1_1_VERSION)\n", [2]),
        ("from OpenSSL import SSL\nctx.set_max_proto_version(SSL.TLS1_3_VERSION)\n", []),
        ("ctx.set_ciphers('RC4', extra)\n", []),
        ("ctx.set_ciphers(f'{base}:RC4')\n", []),
        ("ctx.set_cipher_list(b'NULL-SHA')\n", [1]),
        ("ctx.set_cipher_list(b'\\xff')\n", []),
        ("ctx.set_ciphers(\n    'RC4'\n)\n", [2]),
    ],
)
def test_tls_cases(tmp_path: Path, source: str, expected: list[int]) -> None:
    assert [line for line, _ in findings(tmp_path, "OUT506", source)] == expected
