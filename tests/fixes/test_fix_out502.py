"""OUT502 fixer: drop verify=False (unsafe fix)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_helpers import fix, still_reported

from outrider.rules import fix_kinds


def test_registered_as_unsafe() -> None:
    assert fix_kinds()["OUT502"] == "unsafe"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "import requests\nrequests.request('GET', u, verify=False)\n",
            "import requests\nrequests.request('GET', u)\n",
        ),
        (
            "import requests\ns = requests.Session()\ns.get(u, verify=False, timeout=5)\n",
            "import requests\ns = requests.Session()\ns.get(u, timeout=5)\n",
        ),
        (
            "import requests\ns = requests.Session()\ns.post(\n    u,\n    verify=0,\n)\n",
            "import requests\ns = requests.Session()\ns.post(\n    u,\n)\n",
        ),
        (
            "import httpx\nt = httpx.HTTPTransport(retries=1, verify=False)\n",
            "import httpx\nt = httpx.HTTPTransport(retries=1)\n",
        ),
        (
            "import requests\ns = requests.Session()\ns.verify = False\ns.get(u)\n",
            "import requests\ns = requests.Session()\ns.get(u)\n",
        ),
        (
            "import requests\nclass A:\n    def __init__(self):\n"
            "        self.session = requests.Session()\n        self.session.verify = False\n",
            "import requests\nclass A:\n    def __init__(self):\n"
            "        self.session = requests.Session()\n",
        ),
        (
            "import requests\ndef f(s):\n    s.session.verify = False\n",
            "import requests\ndef f(s):\n    pass\n",
        ),
        (
            "import requests\ns = requests.Session()\nx = 1; s.verify = False\n",
            "import requests\ns = requests.Session()\nx = 1\n",
        ),
    ],
)
def test_fix(project: Path, before: str, after: str) -> None:
    assert fix(project, "OUT502", before) == after
    assert not still_reported(project, "OUT502")


@pytest.mark.parametrize(
    "source",
    [
        # Bandit's B501 finding, not OUT502's; and calls this rule does not report
        "import requests\nrequests.get(u, verify=False)\n",
        "def f(c, u):\n    return c.get(u, verify=False)\n",
        "import requests\nsigner.check(verify=False)\n",
        # suppressed
        "import requests\nrequests.request('GET', u, verify=False)  # outrider: ignore[OUT502]\n",
        "import requests\nrequests.request('GET', u, verify=False)  # nosec\n",
        # a chained assignment is not a statement of its own
        "import requests\ns = requests.Session()\ns.verify = t.verify = False\n",
    ],
)
def test_no_change(project: Path, source: str) -> None:
    assert fix(project, "OUT502", source) == source
