"""OUT504 edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings

H, M = "HIGH", "MEDIUM"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import aiohttp\naiohttp.ClientSession().get(u, ssl=False)\n", [(2, H)]),
        (
            "import aiohttp\nasync def f(u):\n    s = aiohttp.ClientSession()\n"
            "    await s.request('GET', u, ssl=False)\n",
            [(4, H)],
        ),
        ("import aiohttp\nasync def f(c, u):\n    await c.get(u, ssl=False)\n", [(3, M)]),
        ("async def f(c, u):\n    await c.get(u, ssl=False)\n", []),
        ("import aiohttp\naiohttp.TCPConnector(ssl=0)\n", []),
        ("import aiohttp\naiohttp.TCPConnector(ssl=None)\n", []),
        ("import urllib3\nurllib3.PoolManager(cert_reqs='NONE')\n", [(2, H)]),
        ("import urllib3\nurllib3.PoolManager(cert_reqs='CERT_OPTIONAL')\n", []),
        (
            "import ssl, urllib3\nurllib3.PoolManager(cert_reqs=ssl.VerifyMode.CERT_NONE)\n",
            [(2, H)],
        ),
        ("import urllib3\nurllib3.PoolManager(assert_hostname=None)\n", []),
        ("import ssl\nconn.cert_reqs = ssl.CERT_NONE\n", [(2, H)]),
        ("conn.cert_reqs = 'CERT_REQUIRED'\n", []),
        ("conn.assert_hostname = None\n", []),
        ("conn['cert_reqs'] = 'CERT_NONE'\n", []),
    ],
)
def test_cases(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert findings(tmp_path, "OUT504", source) == expected
