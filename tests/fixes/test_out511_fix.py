"""OUT511 fixer: https:// for literal http:// URLs given to HTTP clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_run import check_codes, fix

FIXED = [
    (
        "import requests\nrequests.get('http://api.example.com/x', timeout=5)\n",
        "import requests\nrequests.get('https://api.example.com/x', timeout=5)\n",
    ),
    (
        "import requests\nrequests.get(url=r'HTTP://api.example.com', timeout=5)\n",
        "import requests\nrequests.get(url=r'HTTPS://api.example.com', timeout=5)\n",
    ),
    (
        "from requests import request\nrequest('GET', f'http://api.example.com/{p}', timeout=5)\n",
        "from requests import request\nrequest('GET', f'https://api.example.com/{p}', timeout=5)\n",
    ),
    (
        "import httpx\nhttpx.post('http://' 'api.example.com/x')\n",
        "import httpx\nhttpx.post('https://' 'api.example.com/x')\n",
    ),
    (
        "import urllib.request\nurllib.request.urlopen('http://example.org/' + path)\n",
        "import urllib.request\nurllib.request.urlopen('https://example.org/' + path)\n",
    ),
    (
        "import requests\ns = requests.Session()\ns.get('http://api.example.com/me', headers={'Referer': 'http://a.example/'})\n",
        "import requests\ns = requests.Session()\ns.get('https://api.example.com/me', headers={'Referer': 'http://a.example/'})\n",
    ),
    (
        'import urllib3\nurllib3.PoolManager().request("GET", """http://example.org/""")\n',
        'import urllib3\nurllib3.PoolManager().request("GET", """https://example.org/""")\n',
    ),
]


@pytest.mark.parametrize(("before", "after"), FIXED)
def test_fix(project: Path, before: str, after: str) -> None:
    fixed, _ = fix(project, before, "OUT511")
    assert fixed == after
    compile(fixed, "m.py", "exec")
    assert check_codes(project, "OUT511") == []
    again, _ = fix(project, fixed, "OUT511")
    assert again == fixed


@pytest.mark.parametrize(
    "source",
    [
        # not imported: some other get
        "cache.get('http://example.org/')\n",
        # shadowed: requests rebound to another object
        "import requests\nrequests = Cache()\nrequests.get('http://example.org/')\n",
        # a look-alike from another library
        "from mylib import get\nget('http://example.org/')\n",
        # suppressed
        "import requests\nrequests.get('http://example.org/')  # outrider: ignore[OUT511]\n",
        # a port: HTTPS is rarely on the same one
        "import requests\nrequests.get('http://example.org:8080/')\n",
        "import requests\nrequests.get('http://[2001:db8::1]:8080/')\n",
    ],
    ids=["not-imported", "shadowed", "other-library", "suppressed", "port", "ipv6-port"],
)
def test_no_change(project: Path, source: str) -> None:
    fixed, _ = fix(project, source, "OUT511")
    assert fixed == source


def test_a_port_is_left_with_a_note(project: Path) -> None:
    _, run = fix(project, "import requests\nrequests.get('http://example.org:81/')\n", "OUT511")
    assert (
        "m.py: OUT511: not fixed: the URL names a port; change it by hand" in run.err.splitlines()
    )


def test_safe_fixes_do_not_include_it(project: Path) -> None:
    source = "import requests\nrequests.get('http://example.org/')\n"
    fixed, _ = fix(project, source, "OUT511", unsafe=False)
    assert fixed == source


def test_a_request_object_sent_later(project: Path) -> None:
    source = (
        "from urllib.request import Request, urlopen\n"
        "req = Request('http://example.org/x')\nurlopen(req)\n"
    )
    fixed, _ = fix(project, source, "OUT511")
    assert fixed == source.replace("http://", "https://")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # sessions proved in several ways: annotated assignment, annotated parameter, with
        (
            "import requests\ns: requests.Session = requests.Session()\ns.get('http://e.org/')\n",
            "import requests\ns: requests.Session = requests.Session()\ns.get('https://e.org/')\n",
        ),
        (
            "import httpx\ndef f(c: httpx.Client):\n    c.post('http://e.org/')\n",
            "import httpx\ndef f(c: httpx.Client):\n    c.post('https://e.org/')\n",
        ),
        (
            "import urllib3\nwith urllib3.PoolManager() as p:\n    p.urlopen('GET', 'http://e.org/')\n",
            "import urllib3\nwith urllib3.PoolManager() as p:\n    p.urlopen('GET', 'https://e.org/')\n",
        ),
    ],
)
def test_sessions(project: Path, before: str, after: str) -> None:
    fixed, _ = fix(project, before, "OUT511")
    assert fixed == after


def test_only_the_reported_url_on_a_line_changes(project: Path) -> None:
    source = (
        "import requests\n"
        "a = requests.get('http://e.org/'); b = requests.get(f'http://{h}/'); "
        "c = requests.get(f'{base}/x'); d = requests.get(*args); e = requests.head(b'x'); "
        "f = requests.get(); g = other.get('http://e.org/'); h = requests.post(url + '/x'); "
        "i = requests.get(f'http://e.org')\n"
    )
    fixed, _ = fix(project, source, "OUT511")
    expected = source.replace("a = requests.get('http://", "a = requests.get('https://")
    expected = expected.replace("i = requests.get(f'http://", "i = requests.get(f'https://")
    assert fixed == expected


@pytest.mark.parametrize(
    "source",
    [
        "import requests\nfor s in sessions:\n    s.get('http://e.org/')\n",
        "import requests\ns = requests.Session()\ns = make()\ns.get('http://e.org/')\n",
        "import requests\ndef f(s: Other):\n    s.get('http://e.org/')\n",
        "import requests\ndef f(s):\n    s.get('http://e.org/')\n",
        "import requests\nsessions[0].get('http://e.org/')\n",
    ],
)
def test_objects_not_proved_are_left(project: Path, source: str) -> None:
    fixed, _ = fix(project, source, "OUT511")
    assert fixed == source
