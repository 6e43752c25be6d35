"""OUT503 fixers: un-silence InsecureRequestWarning (safe), remove the switches (unsafe)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_helpers import fix, still_reported

from outrider.rules import fix_kinds, fixable_codes


def test_registered_as_safe_and_unsafe() -> None:
    assert fix_kinds()["OUT503"] == "safe"  # a code with both kinds counts as safe
    assert "OUT503" in fixable_codes()


SAFE = [
    ("import urllib3\nurllib3.disable_warnings()\nx = 1\n", "import urllib3\nx = 1\n"),
    (
        "import urllib3\nfrom urllib3.exceptions import InsecureRequestWarning\n"
        "urllib3.disable_warnings(InsecureRequestWarning)\n",
        "import urllib3\nfrom urllib3.exceptions import InsecureRequestWarning\n",
    ),
    (
        "import requests\nif True:\n    requests.packages.urllib3.disable_warnings()\n",
        "import requests\nif True:\n    pass\n",
    ),
    (
        "import warnings\nfrom urllib3.exceptions import InsecureRequestWarning\n"
        "warnings.simplefilter('ignore', InsecureRequestWarning)\n",
        "import warnings\nfrom urllib3.exceptions import InsecureRequestWarning\n",
    ),
    (
        "import warnings\nimport urllib3\n"
        "warnings.filterwarnings('ignore', category=urllib3.exceptions.InsecureRequestWarning)\n",
        "import warnings\nimport urllib3\n",
    ),
]

UNSAFE = [
    (
        "import ssl\nssl._create_default_https_context = ssl._create_unverified_context\n",
        "import ssl\n",
    ),
    ("import os\nos.environ['PYTHONHTTPSVERIFY'] = '0'\nx = 1\n", "import os\nx = 1\n"),
    ("from os import environ\nenviron['CURL_CA_BUNDLE'] = ''\n", "from os import environ\n"),
    ("import os\nos.environ.setdefault('REQUESTS_CA_BUNDLE', '')\n", "import os\n"),
    ("import os\nos.putenv('PYTHONHTTPSVERIFY', '0')\n", "import os\n"),
    (
        "import os\ndef setup():\n    os.environ['PYTHONHTTPSVERIFY'] = '0'\n",
        "import os\ndef setup():\n    pass\n",
    ),
]


@pytest.mark.parametrize(("before", "after"), SAFE)
def test_safe_fix(project: Path, before: str, after: str) -> None:
    assert fix(project, "OUT503", before, unsafe=False) == after
    assert not still_reported(project, "OUT503")


@pytest.mark.parametrize(("before", "after"), UNSAFE)
def test_unsafe_fix(project: Path, before: str, after: str) -> None:
    assert fix(project, "OUT503", before, unsafe=False) == before
    assert fix(project, "OUT503", before) == after
    assert not still_reported(project, "OUT503")


@pytest.mark.parametrize(
    "source",
    [
        # other categories, other variables, several variables at once
        "import urllib3\nurllib3.disable_warnings(urllib3.exceptions.SubjectAltNameWarning)\n",
        "import os\nos.environ.update({'PYTHONHTTPSVERIFY': '0', 'HOME': '/h'})\n",
        # look-alikes: not the ssl or os module
        "import mylib as ssl\nssl._create_default_https_context = ssl._create_unverified_context\n",
        "def disable_warnings():\n    pass\ndisable_warnings()\n",
        # suppressed
        "import urllib3\nurllib3.disable_warnings()  # nosec OUT503\n",
        "import ssl\nssl._create_default_https_context = ssl._create_unverified_context  # outrider: ignore[OUT503]\n",
        # used as a value, not a statement of its own
        "import urllib3\nx = urllib3.disable_warnings()\n",
    ],
)
def test_no_change(project: Path, source: str) -> None:
    assert fix(project, "OUT503", source) == source
