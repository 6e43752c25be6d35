"""OUT201: CORS with any origin and credentials, across the three libraries."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages

STARLETTE = "from starlette.middleware.cors import CORSMiddleware\n"
FLASK_CORS = "from flask_cors import CORS\n"


@pytest.mark.parametrize(
    ("origins", "reported"),
    [
        ('allow_origins=["*"]', True),
        ('allow_origins={"https://a.example", "*"}', True),
        ('allow_origin_regex=".*"', True),
        ('allow_origin_regex="^.+$"', True),
        ('allow_origin_regex=r"^https?:\\/\\/.*$"', True),
        ('allow_origin_regex="(?:https?://)?.*"', True),
        ('allow_origin_regex=r"https://.*\\.example\\.com"', False),
        ('allow_origins=["https://*.example.com"]', False),
        ("allow_origins=ORIGINS", False),
        ("allow_origins=[]", False),
    ],
)
def test_starlette_origins(tmp_path: Path, origins: str, reported: bool) -> None:
    source = STARLETTE + f"app.add_middleware(CORSMiddleware, {origins}, allow_credentials=True)\n"
    assert lines(tmp_path, source, "OUT201") == ([2] if reported else [])


@pytest.mark.parametrize(
    ("call", "reported"),
    [
        ("CORS(app, supports_credentials=True)", True),
        ("CORS(app, supports_credentials=False)", False),
        ("CORS(app, origins=['*'], supports_credentials=True)", True),
        ("CORS(app, origins=r'.*', supports_credentials=True)", True),
        ("CORS(app, resources={'/a': {'methods': ['GET']}}, supports_credentials=True)", True),
        (
            "CORS(app, resources={'/a': {'methods': ['GET']}}, origins=['https://a.example'],"
            " supports_credentials=True)",
            False,
        ),
        ("CORS(app, resources={'/a': {'origins': '*'}}, supports_credentials=True)", True),
        (
            "CORS(app, resources={'/a': {'origins': ['https://a']}}, supports_credentials=True)",
            False,
        ),
        ("CORS(app, resources=RESOURCES, supports_credentials=True)", True),
        ("CORS(app, resources={'/a': OPTIONS}, supports_credentials=True)", False),
        ("CORS(app, supports_credentials=True, **more)", False),
    ],
)
def test_flask_cors(tmp_path: Path, call: str, reported: bool) -> None:
    assert lines(tmp_path, FLASK_CORS + call + "\n", "OUT201") == ([2] if reported else [])


@pytest.mark.parametrize(
    ("settings", "reported"),
    [
        ("CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", [1]),
        ("CORS_ALLOW_CREDENTIALS = True\nCORS_ORIGIN_ALLOW_ALL = True\n", [2]),
        ("CORS_ALLOW_ALL_ORIGINS = True\n", []),
        ("CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = False\n", []),
        (
            "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://\\w+\\.example\\.com$']\nCORS_ALLOW_CREDENTIALS = True\n",
            [],
        ),
        ("CORS_ALLOWED_ORIGIN_REGEXES = (r'.*',)\nCORS_ALLOW_CREDENTIALS = True\n", [1]),
        ("def f():\n    CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n", []),
    ],
)
def test_django_cors_headers(tmp_path: Path, settings: str, reported: list[int]) -> None:
    assert lines(tmp_path, settings, "OUT201") == reported


def test_message(tmp_path: Path) -> None:
    got = messages(tmp_path, FLASK_CORS + "CORS(app, supports_credentials=True)\n", "OUT201")
    assert got == [
        (
            2,
            "CORS allows any origin with credentials: the library reflects the requesting "
            "origin, so every web site can make credentialed requests and read the responses. "
            "List the trusted origins.",
        )
    ]


def test_one_finding_for_a_call_with_both_credential_keywords(tmp_path: Path) -> None:
    source = (
        "from fastapi.middleware.cors import CORSMiddleware\n"
        "api.add_middleware(\n"
        "    CORSMiddleware,\n"
        '    allow_origins=["*"],\n'
        "    allow_credentials=True,\n"
        "    supports_credentials=True,\n"
        ")\n"
    )
    assert lines(tmp_path, source, "OUT201") == [2]
