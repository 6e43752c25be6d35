"""OUT202: which modules are Django settings, which objects are Flask apps."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages


@pytest.mark.parametrize(
    ("name", "source", "reported"),
    [
        ("settings.py", "DEBUG = True\n", [1]),
        ("settings_dev.py", "DEBUG = True\n", [1]),
        ("proj/settings/local.py", "from .base import *\nDEBUG = True\n", [2]),
        ("config.py", "ROOT_URLCONF = 'proj.urls'\nDEBUG = 1\n", [2]),
        ("config.py", "DEBUG: bool = True\nDATABASES = {}\n", [1]),
        ("script.py", "DEBUG = True\n", []),
        ("settings.py", "DEBUG = False\n", []),
        ("settings.py", "DEBUG = env.bool('DEBUG')\n", []),
        ("settings.py", "def f():\n    DEBUG = True\n", []),
        ("site/django/conf/global_settings.py", "DEBUG = True\n", []),
    ],
)
def test_django_settings_modules(
    tmp_path: Path, name: str, source: str, reported: list[int]
) -> None:
    assert lines(tmp_path, source, "OUT202", name) == reported


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("import flask\napp = flask.Flask(__name__)\napp.debug = True\n", [3]),
        (
            "from flask import Flask\ndef make():\n    app = Flask(__name__)\n    app.debug = True\n",
            [4],
        ),
        ("from flask import Flask\ndef f(app: Flask):\n    app.debug = True\n", []),
        ("from flask import Flask\napp = create_app()\napp.debug = True\n", []),
        # app.config needs Flask imported in the module
        ("import flask\napp.config['DEBUG'] = True\n", [2]),
        ("from flask import current_app\ncurrent_app.config.update(DEBUG=True)\n", [2]),
        ("app.config['DEBUG'] = True\n", []),
        ("import flask_cors\napp.config['DEBUG'] = True\n", []),
        ("import flask\napp.config['DEBUG'] = False\n", []),
        ("import flask\nclass Config:\n    DEBUG = True\n", []),
    ],
)
def test_flask(tmp_path: Path, source: str, reported: list[int]) -> None:
    assert lines(tmp_path, source, "OUT202") == reported


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("import werkzeug\nwerkzeug.run_simple('h', 1, app, use_debugger=True)\n", True),
        ("from werkzeug.serving import run_simple\nrun_simple('h', 1, app, True, True)\n", False),
        ("from werkzeug.debug import DebuggedApplication\nDebuggedApplication(app)\n", False),
        ("import fastapi\nfastapi.FastAPI(debug=1)\n", True),
        ("import fastapi\nfastapi.FastAPI(debug=settings.DEBUG)\n", False),
    ],
)
def test_servers(tmp_path: Path, source: str, reported: bool) -> None:
    assert bool(lines(tmp_path, source, "OUT202")) == reported


def test_messages(tmp_path: Path) -> None:
    source = """\
        from flask import Flask
        from werkzeug.serving import run_simple
        SECRET_KEY = "x"
        DEBUG = True
        app = Flask(__name__)
        app.debug = True
        run_simple("h", 1, app, use_debugger=True)
    """
    got = messages(tmp_path, source, "OUT202")
    assert [line for line, _ in got] == [4, 6, 7]
    assert got[0][1].startswith("DEBUG = True in a Django settings module")
    assert got[1][1].startswith("Flask app.debug = True")
    assert got[2][1].startswith("Werkzeug run_simple with use_debugger=True")
