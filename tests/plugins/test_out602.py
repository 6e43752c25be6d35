"""OUT602: recognising pip install commands and their risky options."""

from __future__ import annotations

from pathlib import Path

import pytest
from bandit_helpers import lines, messages

HEADER = "import asyncio, os, pip, shlex, subprocess, sys\n"


@pytest.mark.parametrize(
    ("call", "reported"),
    [
        ("subprocess.run(['pip', '--trusted-host', 'h', 'install', 'x'])", True),
        ("subprocess.run(['pip', 'install', '--extra-index-url=https://i/simple', 'x'])", True),
        ("subprocess.run(['pip', 'install', '-ihttp://i/simple', 'x'])", True),
        ("subprocess.run(['pip', 'install', '-f', 'https://files/', 'x'])", False),
        ("subprocess.run(['pip', 'install', '--index-url', 'HTTP://i/simple', 'x'])", True),
        ("subprocess.run(['pip3.12', 'install', '--extra-index-url', url, 'x'])", True),
        ("subprocess.run(['C:/py/Scripts/pip.exe', 'install', '--trusted-host', 'h'])", True),
        ("subprocess.run(['pip', 'install', 'x', '--extra-index-url'])", True),
        ("subprocess.run(('pip', 'uninstall', '--extra-index-url', u))", False),
        ("subprocess.run(['pip', 'download', '--extra-index-url', u, 'x'])", False),
        ("subprocess.run(['pip', 'install', *opts])", False),
        ("subprocess.run(args)", False),
        ("subprocess.run('pip install --trusted-host h x', shell=True)", True),
        ("subprocess.run('pip install --trusted-host h x', shell=False)", False),
        ("subprocess.run('pip install x && pip config --extra-index-url u', shell=True)", False),
        ("subprocess.run('pip install \"x', shell=True)", False),
        ("subprocess.run('pip install \"--trusted-host h', shell=True)", True),
        ("os.popen('pip install --extra-index-url ' + url + ' x')", True),
        ("subprocess.getoutput(cmd='pip install --trusted-host h x')", True),
        ("asyncio.create_subprocess_shell('pip install --trusted-host h x')", True),
        ("asyncio.create_subprocess_exec('pip', 'install', *rest)", False),
        ("pip.main(['install', '--extra-index-url', u, 'x'])", True),
        ("pip.main(['install', 'x'])", False),
        ("subprocess.run(['pip', 'install', 'x'], env={'PIP_TRUSTED_HOST': 'h'})", True),
        ("subprocess.run(['pip', 'install', 'x'], env={'PIP_INDEX_URL': 'https://i/'})", False),
        ("subprocess.run(['pip', 'install', 'x'], env=ENV)", False),
        ("subprocess.run(['ls'], env={'PIP_TRUSTED_HOST': 'h'})", False),
    ],
)
def test_commands(tmp_path: Path, call: str, reported: bool) -> None:
    assert lines(tmp_path, HEADER + call + "\n", "OUT602") == ([2] if reported else [])


@pytest.mark.parametrize(
    ("assignment", "reported"),
    [
        ("os.environ['PIP_TRUSTED_HOST'] = 'h'", True),
        ("os.environ['PIP_FIND_LINKS'] = f'http://{host}/'", True),
        ("os.environ['PIP_FIND_LINKS'] = links", False),
        ("env['PIP_TRUSTED_HOST'] = 'h'", False),
        ("os.environ[name] = 'h'", False),
    ],
)
def test_environment(tmp_path: Path, assignment: str, reported: bool) -> None:
    assert lines(tmp_path, HEADER + assignment + "\n", "OUT602") == ([2] if reported else [])


def test_messages_name_the_first_problem(tmp_path: Path) -> None:
    source = HEADER + (
        "subprocess.run(['pip', 'install', '--trusted-host', 'h', '-i', 'http://h/', 'x'])\n"
        "subprocess.run(['pip', 'install', '-i', 'http://h/', 'x'])\n"
    )
    assert messages(tmp_path, source, "OUT602") == [
        (
            2,
            "pip install run with --trusted-host: pip skips TLS certificate checks for that "
            "host, so anyone on the network path can swap the packages. Give the index a "
            "valid certificate.",
        ),
        (
            3,
            "pip install run with an http:// index: packages are downloaded over plain HTTP, "
            "so anyone on the network path can swap them. Use an https:// index.",
        ),
    ]
