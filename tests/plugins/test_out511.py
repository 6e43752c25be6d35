"""OUT511: which URLs are plain HTTP to another machine, and which calls send them."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages


@pytest.mark.parametrize(
    ("url", "reported"),
    [
        ("'http://example.org'", True),
        ("'http://user:pw@example.org:8080/x'", True),
        ("'http://[2001:db8::1]/'", True),
        ("'http://192.168.1.10/'", True),
        ("'http://localhost'", False),
        ("'http://LOCALHOST:5000/'", False),
        ("'http://127.0.0.2/'", False),
        ("'http://[::1]/'", False),
        ("'http://'", False),
        ("'https://example.org'", False),
        ("b'http://example.org'", False),
        ("f'http://example.org?q={q}'", True),
        ("f'http://example.org#{frag}'", True),
        ("f'http://{host}'", False),
        ("f'http://example{tld}/'", False),
        ("'http://' + host", False),
        ("'http://example.org' + path", False),
        ("'http://example.org/' + path", True),
        ("'http://' 'example.org/' + path", True),
        ("BASE + '/x'", False),
    ],
)
def test_urls(tmp_path: Path, url: str, reported: bool) -> None:
    source = f"import requests\nrequests.get({url}, timeout=5)\n"
    assert lines(tmp_path, source, "OUT511") == ([2] if reported else [])


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("import httpx\nhttpx.stream('GET', 'http://e.org')", True),
        ("import httpx\nhttpx.stream('http://e.org')", False),
        ("import requests\nrequests.request(method='GET', url='http://e.org')", True),
        ("import requests\ns = requests.session()\ns.request('GET', 'http://e.org')", True),
        ("import requests\ndef f(s: requests.Session):\n    s.get('http://e.org')", True),
        ("import requests\ndef f(s):\n    s.get('http://e.org')", False),
        (
            "import urllib3\nwith urllib3.PoolManager() as p:\n    p.urlopen('GET', 'http://e.org')",
            True,
        ),
        ("import urllib3\np = urllib3.PoolManager()\np.get('http://e.org')", False),
        ("import aiohttp\ns = aiohttp.ClientSession()\ns.post('http://e.org', data=x)", True),
    ],
)
def test_clients(tmp_path: Path, source: str, reported: bool) -> None:
    assert bool(lines(tmp_path, source + "\n", "OUT511")) == reported


def test_message(tmp_path: Path) -> None:
    got = messages(tmp_path, "import requests\nrequests.get('http://e.org/x')\n", "OUT511")
    assert got == [
        (
            2,
            "Request to plain http://e.org: anyone on the network path can read and change "
            "it. Use https://.",
        )
    ]
