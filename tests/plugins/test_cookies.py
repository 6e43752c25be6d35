"""OUT204, OUT206, OUT207: cookie flags in set_cookie calls, settings and middleware."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages

SLOTS = 'r.set_cookie("k", v, 60, None, "/", None, {secure}, {httponly}, {samesite})\n'


KEYWORDS = 'r.set_cookie("k", v, secure={secure}, httponly={httponly}, samesite={samesite})\n'


@pytest.mark.parametrize(
    ("secure", "httponly", "samesite", "codes"),
    [
        ("False", "True", "'Lax'", {"OUT204"}),
        ("True", "False", "'Lax'", {"OUT206"}),
        ("True", "True", "'None'", {"OUT207"}),
        ("False", "False", "'NONE'", {"OUT204", "OUT206", "OUT207"}),
        ("0", "0", "None", set()),
        ("True", "True", "'Strict'", set()),
    ],
)
def test_keywords(
    tmp_path: Path, secure: str, httponly: str, samesite: str, codes: set[str]
) -> None:
    source = KEYWORDS.format(secure=secure, httponly=httponly, samesite=samesite)
    got = {code for code in ("OUT204", "OUT206", "OUT207") if lines(tmp_path, source, code)}
    assert got == codes


def test_positional_slots_are_not_looked_at(tmp_path: Path) -> None:
    # The rules look at keyword arguments (Bandit visits them far less often than calls).
    source = SLOTS.format(secure="False", httponly="False", samesite="'None'")
    assert [code for code in ("OUT204", "OUT206", "OUT207") if lines(tmp_path, source, code)] == []


def test_set_signed_cookie(tmp_path: Path) -> None:
    source = 'r.set_signed_cookie("k", v, salt="s", secure=False)\n'
    assert lines(tmp_path, source, "OUT204") == [1]
    source = 'r.set_header("k", v, secure=False)\n'
    assert lines(tmp_path, source, "OUT204") == []


@pytest.mark.parametrize(
    ("source", "code", "reported"),
    [
        ("SESSION_COOKIE_SECURE: bool = False\n", "OUT204", [1]),
        ("LANGUAGE_COOKIE_SECURE = False\n", "OUT204", [1]),
        ("SESSION_COOKIE_SECURE = 0\n", "OUT204", []),
        ("app.config.update(CSRF_COOKIE_SECURE=False)\n", "OUT204", [1]),
        ("app.settings.update(CSRF_COOKIE_SECURE=False)\n", "OUT204", []),
        ("app.config.update({'CSRF_COOKIE_SECURE': False})\n", "OUT204", []),
        ("SESSION_COOKIE_HTTPONLY = False\n", "OUT206", [1]),
        ("CSRF_COOKIE_HTTPONLY = False\n", "OUT206", []),
        ("REMEMBER_COOKIE_SAMESITE = 'None'\n", "OUT207", [1]),
        ("LANGUAGE_COOKIE_SAMESITE = 'None'\n", "OUT207", []),
        ("def f():\n    SESSION_COOKIE_SECURE = False\n", "OUT204", []),
    ],
)
def test_settings(tmp_path: Path, source: str, code: str, reported: list[int]) -> None:
    assert lines(tmp_path, source, code) == reported


@pytest.mark.parametrize("code", ["OUT204", "OUT206", "OUT207"])
def test_djangos_table_of_defaults_is_not_reported(tmp_path: Path, code: str) -> None:
    source = (
        "SESSION_COOKIE_SECURE = False\nSESSION_COOKIE_HTTPONLY = False\n"
        "SESSION_COOKIE_SAMESITE = 'None'\n"
    )
    assert lines(tmp_path, source, code, "django/conf/global_settings.py") == []
    assert lines(tmp_path, source, code, "myproject/settings.py") != []


@pytest.mark.parametrize(
    ("call", "codes"),
    [
        ("app.add_middleware(SessionMiddleware, secret_key=k, https_only=False)", {"OUT204"}),
        ("Middleware(SessionMiddleware, secret_key=k, same_site='None')", {"OUT207"}),
        ("SessionMiddleware(app, k, https_only=False, same_site='none')", {"OUT204", "OUT207"}),
        ("app.add_middleware(OtherMiddleware, https_only=False)", set()),
        ("app.add_middleware(SessionMiddleware, secret_key=k)", set()),
    ],
)
def test_starlette_session_middleware(tmp_path: Path, call: str, codes: set[str]) -> None:
    source = (
        "from starlette.middleware import Middleware\n"
        "from starlette.middleware.sessions import SessionMiddleware\n" + call + "\n"
    )
    got = {code for code in ("OUT204", "OUT207") if lines(tmp_path, source, code)}
    assert got == codes


def test_messages(tmp_path: Path) -> None:
    assert messages(tmp_path, "SESSION_COOKIE_SECURE = False\n", "OUT204") == [
        (
            1,
            "SESSION_COOKIE_SECURE = False: the cookie is also sent over plain HTTP, where "
            "anyone on the network can read it. Set it to True.",
        )
    ]
    assert messages(tmp_path, "r.set_cookie('k', v, httponly=False)\n", "OUT206") == [
        (
            1,
            "Cookie set with httponly=False: scripts on the page can read it, so one "
            "cross-site scripting flaw leaks it. Set httponly=True.",
        )
    ]
    assert messages(tmp_path, "CSRF_COOKIE_SAMESITE = 'None'\n", "OUT207") == [
        (
            1,
            "CSRF_COOKIE_SAMESITE sets SameSite=None: the browser sends the cookie with "
            "requests other sites start, re-opening cross-site request forgery. Use Lax (or "
            "Strict) unless the cookie must work in another site's frame.",
        )
    ]
