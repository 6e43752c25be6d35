"""OUT502 edge cases: which receivers count as sessions, and with what confidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings

H, M = "HIGH", "MEDIUM"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import requests\nrequests.sessions.Session().post(u, verify=False)\n", [(2, H)]),
        ("import httpx\nhttpx.AsyncHTTPTransport(verify=False)\n", [(2, H)]),
        ("import httpx\nhttpx.create_ssl_context(verify=False)\n", [(2, H)]),
        # Bandit's B501 already reports these spellings
        ("import requests\nrequests.api.get(u, verify=False)\n", []),
        ("import httpx\nhttpx.stream('GET', u, verify=False)\n", []),
        ("import httpx\nhttpx.AsyncClient(verify=False)\n", []),
        # a session bound in the function
        (
            "import requests\ndef f(u):\n    s = requests.Session()\n"
            "    return s.get(u, verify=False)\n",
            [(4, H)],
        ),
        # a name rebound to something unknown: only the module's imports speak
        (
            "import requests\ndef f(u, other):\n    s = requests.Session()\n    s = other\n"
            "    return s.get(u, verify=False)\n",
            [(5, M)],
        ),
        # no requests or httpx import and no resolved session: silent
        ("def f(c, u):\n    return c.get(u, verify=False)\n", []),
        ("import requests\nc.get(u, verify=None)\n", []),
        ("import requests\nc.get(u, verify='ca.pem')\n", []),
        ("import requests\nc.get(u, **{'verify': False})\n", []),
        ("import requests\nc.upload(u, verify=False)\n", []),
        # session.verify assignments
        ("import requests\nhttp_session.verify = False\n", [(2, M)]),
        ("import requests\nself.session.verify = 0\n", [(2, M)]),
        ("http_session.verify = False\n", []),
        ("import requests\nrunner.verify = False\n", []),
        ("import requests\nsession.verify = None\n", []),
        ("import requests\ns = requests.Session()\ns.verify = False\n", [(3, H)]),
        ("import requests\nsession.verify, x = False, 1\n", []),
        ("import requests\nsessions[0].verify = False\n", []),
    ],
)
def test_verify_cases(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert findings(tmp_path, "OUT502", source) == expected
