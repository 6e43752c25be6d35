"""OUT503 edge cases: confidence per switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import findings

H, M, L = "HIGH", "MEDIUM", "LOW"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import ssl\nssl._create_default_https_context = ssl._create_unverified_context\n",
            [(2, H)],
        ),
        ("import ssl\nssl._create_default_https_context = lambda: ctx\n", []),
        ("import os\nos.environ['PYTHONHTTPSVERIFY'] = '0'\n", [(2, H)]),
        ("import os\nos.environ['PYTHONHTTPSVERIFY'] = 0\n", [(2, H)]),
        ("import os\nos.environ['PYTHONHTTPSVERIFY'] = value\n", []),
        ("import os\nos.environ['REQUESTS_CA_BUNDLE'] = ''\n", [(2, M)]),
        ("import os\nos.environ[key] = ''\n", []),
        ("import os\nos.environ.update({**base, 'CURL_CA_BUNDLE': ''})\n", [(2, M)]),
        ("import os\nos.environ.update(other)\n", []),
        ("import os\nos.environ.update(HOME='')\n", []),
        ("import os\nos.putenv('PYTHONHTTPSVERIFY', '1')\n", []),
        (
            "import urllib3\nurllib3.disable_warnings(category=urllib3.exceptions.InsecureRequestWarning)\n",
            [(2, L)],
        ),
        ("import urllib3\nurllib3.disable_warnings(other)\n", []),
        (
            "import warnings\nwarnings.filterwarnings('ignore', '', InsecureRequestWarning)\n",
            [(2, L)],
        ),
        ("import warnings\nwarnings.filterwarnings('ignore', message='Unverified HTTPS')\n", []),
        ("import warnings\nwarnings.simplefilter('ignore')\n", []),
    ],
)
def test_switch_cases(tmp_path: Path, source: str, expected: list[tuple[int, str]]) -> None:
    assert findings(tmp_path, "OUT503", source) == expected
