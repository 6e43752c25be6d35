"""OUT507 and OUT508 edge cases: PyCryptodome modes and constant IVs."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings

H, M = "HIGH", "MEDIUM"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from Cryptodome.Cipher import CAST\nCAST.new(k, CAST.MODE_ECB)\n", [2]),
        ("from Crypto.Cipher import AES\nAES.new(k, True)\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, 2)\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k)\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, *modes)\n", []),
        ("from Crypto.Cipher import AES, DES\nDES.new(k, AES.MODE_ECB)\n", [2]),
        # Bandit's B305 covers the cryptography package's ECB
        (
            "from cryptography.hazmat.primitives.ciphers import modes\nmodes.ECB()\n",
            [],
        ),
    ],
)
def test_ecb_cases(tmp_path: Path, source: str, expected: list[int]) -> None:
    assert [line for line, _ in findings(tmp_path, "OUT507", source)] == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, 'abc' + 'def')\n", [(2, H)]),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, prefix + b'x')\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, b'x' * n)\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, bytearray(16))\n", [(2, H)]),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, bytes(n))\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, data.encode())\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, bytes.fromhex(h))\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CBC, *rest)\n", []),
        ("from Crypto.Cipher import AES\nAES.new(k, AES.MODE_CTR, counter=ctr)\n", []),
        ("from Crypto.Cipher import Salsa20\nSalsa20.new(k, nonce=b'12345678')\n", [(2, H)]),
        ("from Crypto.Cipher import Salsa20\nSalsa20.new(k, b'12345678')\n", []),
        # a name: every binding in scope must be a constant
        (
            "from Crypto.Cipher import AES\nIV = b'0' * 16\n"
            "def f(k):\n    return AES.new(k, AES.MODE_CBC, iv=IV)\n",
            [(4, M)],
        ),
        (
            "from Crypto.Cipher import AES\nIV = b'0' * 16\nIV = load()\n"
            "AES.new(k, AES.MODE_CBC, iv=IV)\n",
            [],
        ),
        (
            "from Crypto.Cipher import AES\n"
            "def f(k, iv):\n    return AES.new(k, AES.MODE_CBC, iv=iv)\n",
            [],
        ),
        (
            "from Crypto.Cipher import AES\n"
            "def f(k):\n    for iv in ivs:\n        AES.new(k, AES.MODE_CBC, iv=iv)\n",
            [],
        ),
        (
            "from cryptography.hazmat.primitives.ciphers import modes\n"
            "modes.CTR(nonce=b'0' * 16)\n",
            [(2, H)],
        ),
        (
            "from cryptography.hazmat.primitives.ciphers import modes\nmodes.XTS(b'0' * 16)\n",
            [],
        ),
    ],
)
def test_iv_cases(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert findings(tmp_path, "OUT508", source) == expected


@pytest.mark.parametrize(
    "source",
    [
        # a parameter, a loop or tuple target: the module's constant of the same name is
        # another variable
        "from Crypto.Cipher import AES\nnonce = b'n' * 13\n"
        "def f(key, nonce):\n    return AES.new(key, AES.MODE_CCM, nonce)\n",
        "from Crypto.Cipher import AES\nnonce = b'n' * 13\n"
        "def f(vectors):\n    for key, nonce in vectors:\n"
        "        AES.new(key, AES.MODE_CCM, nonce)\n",
        "from Crypto.Cipher import AES\nnonce = b'n' * 13\n"
        "def f(key, pair):\n    nonce, tag = pair\n    return AES.new(key, AES.MODE_CCM, nonce)\n",
        "from Crypto.Cipher import AES\nnonce = b'n' * 13\n"
        "def f(key):\n    global nonce\n    return AES.new(key, AES.MODE_CCM, nonce)\n",
        "from Crypto.Cipher import AES\nfrom config import nonce\nnonce = b'n' * 13\n"
        "AES.new(key, AES.MODE_CCM, nonce)\n",
        "from Crypto.Cipher import AES\niv = b'n' * 16\n"
        "def f(key, ivs):\n    return [AES.new(key, AES.MODE_CBC, iv) for iv in ivs]\n",
    ],
)
def test_names_bound_otherwise_are_not_constants(tmp_path: Path, source: str) -> None:
    assert findings(tmp_path, "OUT508", source) == []
