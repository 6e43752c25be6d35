"""OUT509 edge cases: the OWASP figure per hash, defaults, and arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import bandit_manager_results, findings


def test_the_figures_are_owasps() -> None:
    from outrider.plugins.out509_pbkdf2_few_iterations import OWASP_ITERATIONS

    # OWASP Password Storage Cheat Sheet, PBKDF2 (FIPS-140 compliant) recommendation.
    assert OWASP_ITERATIONS == {"sha1": 1_300_000, "sha256": 600_000, "sha512": 210_000}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import hashlib\nhashlib.pbkdf2_hmac('sha1', p, s, 1_299_999)\n", [2]),
        ("import hashlib\nhashlib.pbkdf2_hmac('sha1', p, s, 1_300_000)\n", []),
        ("import hashlib\nhashlib.pbkdf2_hmac('SHA-256', p, s, 599_999)\n", [2]),
        ("import hashlib\nhashlib.pbkdf2_hmac('sha512', p, s, 209_999)\n", [2]),
        # an unknown hash is held to the lowest figure only
        ("import hashlib\nhashlib.pbkdf2_hmac(name, p, s, 300_000)\n", []),
        ("import hashlib\nhashlib.pbkdf2_hmac(name, p, s, 200_000)\n", [2]),
        ("import hashlib\nhashlib.pbkdf2_hmac('sha256', p, s, 2 * 10**5)\n", [2]),
        ("import hashlib\nhashlib.pbkdf2_hmac('sha256', p, s, 10**100)\n", []),
        ("import hashlib\nhashlib.pbkdf2_hmac('sha256', p, s, 7 ** -1)\n", []),
        ("import hashlib\nhashlib.pbkdf2_hmac('sha256', p, s, True)\n", []),
        ("import hashlib\nhashlib.pbkdf2_hmac('sha256', p, s)\n", []),
        ("from Crypto.Protocol.KDF import PBKDF2\nPBKDF2(p, s, 16, 1_300_000)\n", []),
        ("from Crypto.Protocol.KDF import PBKDF2\nPBKDF2(p, s, 16, 1_000_000)\n", [2]),
        ("from Crypto.Protocol.KDF import PBKDF2\nPBKDF2(p, s, 16, 250_000, prf)\n", []),
        ("from Crypto.Protocol.KDF import PBKDF2\nPBKDF2(p, s, *rest)\n", []),
        ("from Crypto.Protocol.KDF import PBKDF2\nPBKDF2(p, s, 16, n)\n", []),
        (
            "from Crypto.Protocol.KDF import PBKDF2\nfrom Crypto.Hash import SHA512\n"
            "PBKDF2(p, s, 16, hmac_hash_module=SHA512)\n",
            [3],
        ),
        ("from django.utils.crypto import pbkdf2\npbkdf2(p, s, 700_000)\n", []),
        (
            "from django.utils.crypto import pbkdf2\nimport hashlib\n"
            "pbkdf2(p, s, 700_000, digest=hashlib.sha1)\n",
            [3],
        ),
    ],
)
def test_iteration_cases(tmp_path: Path, source: str, expected: list[int]) -> None:
    assert [line for line, _ in findings(tmp_path, "OUT509", source)] == expected


def test_message_names_the_default_and_the_figure(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "from Crypto.Protocol.KDF import PBKDF2\nPBKDF2(p, s)\n"
        "import hashlib\nhashlib.pbkdf2_hmac(name, p, s, 1000)\n"
    )
    texts = sorted(i.text for i in bandit_manager_results(tmp_path / "m.py", {"OUT509"}))  # type: ignore[attr-defined]
    assert texts == [
        "PBKDF2 with 1,000 iterations (the default): OWASP advises at least 1,300,000 for "
        "HMAC-SHA1. Raise the count or use scrypt or Argon2.",
        "PBKDF2 with 1,000 iterations: even OWASP's lowest figure (HMAC-SHA512) is 210,000. "
        "Raise the count or use scrypt or Argon2.",
    ]
