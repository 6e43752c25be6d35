"""OUT203: CSRF exemptions and switches in Django, Flask-WTF and Pyramid."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages

SESSIONS = "'django.contrib.sessions.middleware.SessionMiddleware'"
CSRF = "'django.middleware.csrf.CsrfViewMiddleware'"


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        (f"SECRET_KEY = 'x'\nMIDDLEWARE = [{SESSIONS}]\n", [2]),
        (f"SECRET_KEY = 'x'\nMIDDLEWARE = ({SESSIONS}, {CSRF})\n", []),
        ("SECRET_KEY = 'x'\nMIDDLEWARE = ['a.B']\n", []),
        (f"SECRET_KEY = 'x'\nMIDDLEWARE = [{SESSIONS}, *EXTRA]\n", []),
        (f"MIDDLEWARE = [{SESSIONS}]\n", [1]),  # MIDDLEWARE itself marks a settings module
        (f"class C:\n    MIDDLEWARE = [{SESSIONS}]\n", []),
    ],
)
def test_django_middleware(tmp_path: Path, source: str, reported: list[int]) -> None:
    assert lines(tmp_path, source, "OUT203") == reported


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        # the CSRFProtect object made in a factory function, exempt used at module level
        (
            "from flask_wtf import CSRFProtect\ncsrf = CSRFProtect()\n"
            "@csrf.exempt\ndef view():\n    pass\n",
            [3],
        ),
        (
            "from flask_wtf.csrf import CSRFProtect\ndef create(app):\n"
            "    csrf = CSRFProtect(app)\n    csrf.exempt(bp)\n",
            [4],
        ),
        ("import flask\napp.config.from_mapping(WTF_CSRF_ENABLED=0)\n", [2]),
        ("WTF_CSRF_ENABLED = None\n", []),
        ("WTF_CSRF_ENABLED = flag\n", []),
    ],
)
def test_flask_wtf(tmp_path: Path, source: str, reported: list[int]) -> None:
    assert lines(tmp_path, source, "OUT203") == reported


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("config.add_view(v, require_csrf=False)\n", True),
        (
            "from pyramid.view import view_defaults\n@view_defaults(require_csrf=False)\nclass V:\n    pass\n",
            True,
        ),
        ("config.add_view(v, require_csrf=None)\n", False),
        ("config.add_route(v, require_csrf=False)\n", False),
    ],
)
def test_pyramid(tmp_path: Path, source: str, reported: bool) -> None:
    assert bool(lines(tmp_path, source, "OUT203")) == reported


def test_django_decorators_and_messages(tmp_path: Path) -> None:
    source = """\
        import django.views.decorators.csrf as c
        from django.utils.decorators import method_decorator

        @method_decorator(c.csrf_exempt)
        def a(request):
            pass

        class B:
            @c.csrf_exempt
            def post(self, request):
                pass
    """
    got = messages(tmp_path, source, "OUT203")
    assert [line for line, _ in got] == [4, 9]
    assert got[0][1] == (
        "csrf_exempt turns off Django's CSRF check for this view: any web site can make a "
        "logged-in user's browser call it. Keep the check, or verify the request another way "
        "(a signature) and say so."
    )
