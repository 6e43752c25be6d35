"""OUT205: ALLOWED_HOSTS with "*" in Django settings modules only."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages


@pytest.mark.parametrize(
    ("name", "source", "reported"),
    [
        ("settings.py", "ALLOWED_HOSTS = ['*']\n", [1]),
        ("settings/prod.py", "ALLOWED_HOSTS = {'*'}\n", [1]),
        ("app.py", "ALLOWED_HOSTS = ['*']\n", []),
        ("app.py", "WSGI_APPLICATION = 'x'\nALLOWED_HOSTS = ['*']\n", [2]),
        ("settings.py", "ALLOWED_HOSTS = '*'\n", []),
        ("settings.py", "ALLOWED_HOSTS += ['*']\n", []),
        ("settings.py", "ALLOWED_HOSTS.insert(0, '*')\n", []),
        ("settings.py", "ALLOWED_HOSTS.append('*')\n", []),
        ("settings.py", "hosts.append('*')\n", []),
        ("settings.py", "if DEBUG:\n    ALLOWED_HOSTS.append('*')\n", []),
    ],
)
def test_where(tmp_path: Path, name: str, source: str, reported: list[int]) -> None:
    assert lines(tmp_path, source, "OUT205", name) == reported


def test_message(tmp_path: Path) -> None:
    assert messages(tmp_path, "ALLOWED_HOSTS = ['*']\n", "OUT205", "settings.py") == [
        (
            1,
            'ALLOWED_HOSTS holds "*": any Host header is accepted, so links Django builds '
            "(password resets) can point to an attacker's site. List the host names served.",
        )
    ]
