"""OUT701: template text built from data, and what is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages

HEADER = "import flask, jinja2\nfrom flask import request\n"


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        ("flask.render_template_string(tpl % values)", True),
        ("flask.render_template_string(tpl.format(**values))", True),
        ("flask.render_template_string(header + body)", False),
        ("flask.render_template_string(HEADER + 'x' + body)", True),
        ("flask.render_template_string(request.values['t'])", True),
        ("flask.render_template_string(request.get_json()['t'])", False),
        ("flask.render_template_string(flask.request.data.decode())", True),
        ("flask.render_template_string(source=f'{x}')", True),
        ("flask.render_template_string()", False),
        ("t = f'{x}'\nt = 'y'\nflask.render_template_string(t)", False),
        ("t = f'{x}'\nt = f'{y}'\nflask.render_template_string(t)", True),
        ("def f(t):\n    flask.render_template_string(t)", False),
        ("jinja2.Environment().from_string(f'{x}')", True),
        ("e = jinja2.Environment()\ndef f():\n    e.from_string('a' + x)", True),
        ("import jinja2.sandbox\njinja2.sandbox.SandboxedEnvironment().from_string(f'{x}')", False),
    ],
)
def test_sources(tmp_path: Path, source: str, reported: bool) -> None:
    assert bool(lines(tmp_path, HEADER + source + "\n", "OUT701")) == reported


def test_message(tmp_path: Path) -> None:
    got = messages(tmp_path, HEADER + "jinja2.Template(f'Hi {name}')\n", "OUT701")
    assert got == [
        (
            3,
            "Template() compiles template text built from data: template syntax in the data "
            "({{ ... }}) runs on the server (server-side template injection). Keep the "
            "template constant and pass the values as template variables.",
        )
    ]
