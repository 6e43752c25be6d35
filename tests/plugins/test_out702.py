"""OUT702: format_html's format string formatted before the call."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages

HEADER = "from django.utils.html import format_html, format_html_join\n"


@pytest.mark.parametrize(
    ("call", "reported"),
    [
        ("format_html(format_string=f'<b>{x}</b>')", True),
        ("format_html('<b>{}</b>' + suffix, x)", True),
        ("format_html(prefix + '<b>{}</b>', x)", True),
        ("format_html(prefix + suffix, x)", False),
        ("format_html(tmpl % x)", False),
        ("format_html('<b>%s</b>' % x)", True),
        ("format_html('<b>{x}</b>'.format_map(d))", True),
        ("format_html(tmpl.format(x))", False),
        ("format_html_join(sep, f'<li>{x}{{}}</li>', rows)", True),
        ("format_html_join(f'{sep}', '<li>{}</li>', rows)", False),
        ("format_html()", False),
    ],
)
def test_format_strings(tmp_path: Path, call: str, reported: bool) -> None:
    assert lines(tmp_path, HEADER + call + "\n", "OUT702") == ([2] if reported else [])


def test_message(tmp_path: Path) -> None:
    got = messages(tmp_path, HEADER + "format_html(f'<b>{x}</b>')\n", "OUT702")
    assert got == [
        (
            2,
            "format_html() given a string formatted before the call: the values in it are "
            "not escaped, yet the result is marked safe (cross-site scripting). Put {} in "
            "the format string and pass the values as arguments.",
        )
    ]
