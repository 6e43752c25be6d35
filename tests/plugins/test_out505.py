"""OUT505 edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings

H, M = "HIGH", "MEDIUM"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import jwt\njwt.api_jws.decode(t, options={'verify_signature': 0})\n", [(2, M)]),
        ("import jwt\njwt.decode(t, options={'verify_signature': None})\n", []),
        ("import jwt\njwt.decode(t, options={**base, 'verify_signature': False})\n", [(2, M)]),
        ("import jwt\njwt.decode(t, options=dict(base, verify_signature=False))\n", [(2, M)]),
        ("import jwt\njwt.decode(t, options=make(verify_signature=False))\n", []),
        ("import jwt\njwt.decode(t, k, algorithms=('none',))\n", [(2, H)]),
        ("import jwt\njwt.decode(t, k, algorithms={'HS256'})\n", []),
        ("import jwt\njwt.decode(t, k, algorithms=[alg])\n", []),
        ("import jwt\njwt.decode(t, verify=0)\n", []),
        # none wins over verify_signature when both are there: the stronger message
        (
            "import jwt\njwt.decode(t, algorithms=['none'], options={'verify_signature': False})\n",
            [(2, H)],
        ),
        ("from jose import jws\njws.verify(t, k, 'none')\n", [(2, H)]),
        ("from jose import jws\njws.verify(t, k, ['HS256'])\n", []),
        (
            "import jwt\ndef f(t):\n    d = jwt.PyJWS()\n    return d.decode_complete(t, verify=False)\n",
            [(4, M)],
        ),
        ("import jwt\ndef f(d, t):\n    return d.decode(t, verify=False)\n", []),
        ("import jwt\njwt.PyJWT().encode(c, k, algorithm='none')\n", []),
    ],
)
def test_jwt_cases(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert findings(tmp_path, "OUT505", source) == expected
