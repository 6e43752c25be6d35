#
# SPDX-License-Identifier: Apache-2.0
r"""
======================================================================
OUT602: pip install run from code with an extra, untrusted or http index
======================================================================

What it does
------------
Reports ``pip install`` started from Python with options that let an attacker choose the
code that gets installed:

- ``--extra-index-url`` (dependency confusion);
- ``--trusted-host`` (TLS certificate checks off for that host);
- ``--index-url`` / ``-i`` or ``--find-links`` / ``-f`` with an ``http://`` URL.

The command is a list or tuple (``[sys.executable, "-m", "pip", "install", ...]``) given
to ``subprocess.run``, ``call``, ``check_call``, ``check_output``, ``Popen``,
``asyncio.create_subprocess_exec`` or ``pip.main``, or a string given to ``os.system``,
``os.popen``, ``subprocess.getoutput`` / ``getstatusoutput``, ``create_subprocess_shell``
or any of the ``subprocess`` functions (``shell=True``, or ``shlex.split("...")``). It
is also reported when the code sets ``PIP_EXTRA_INDEX_URL``, ``PIP_TRUSTED_HOST``, or an
``http://`` ``PIP_INDEX_URL`` / ``PIP_FIND_LINKS`` in ``os.environ`` or in the ``env=``
of such a call. ``uv pip install`` is not reported: uv does not merge indexes that way.

Why is this bad
---------------
With ``--extra-index-url``, pip treats every index as equal and installs the highest
version it finds on any of them: anyone who publishes a package of the same name on PyPI
with a higher version number has it installed instead of the private one, and its
``setup.py`` runs with the program's rights (dependency confusion). ``--trusted-host``
and ``http://`` indexes let anyone on the network path swap the downloaded packages.

Severity and confidence
-----------------------
HIGH severity: the attacker's package runs code on the machine at install time.
HIGH confidence: the pip command and the options are read from literals in the code.

Example
-------
.. code-block:: python

    import subprocess
    import sys

    subprocess.check_call(
        [sys.executable, "-m", "pip", "install", "--extra-index-url",
         "https://pypi.internal.example/simple", "internal-tools"]
    )

Use instead
-----------
.. code-block:: python

    import subprocess
    import sys

    subprocess.check_call(
        [sys.executable, "-m", "pip", "install", "--index-url",
         "https://pypi.internal.example/simple", "internal-tools"]
    )

References
----------
- `CWE-427: Uncontrolled Search Path Element <https://cwe.mitre.org/data/definitions/427.html>`__
- `pip: --extra-index-url <https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url>`__
- `Alex Birsan, Dependency Confusion <https://medium.com/@alex.birsan/dependency-confusion-4a5d60fec610>`__
- `PyPA: dependency confusion and index strategies <https://packaging.python.org/en/latest/specifications/simple-repository-api/>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
import re
import shlex
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, keyword, make_issue, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = 427

_LIST_RUNNERS = {
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.Popen",
    "pip.main",
    "pip._internal.main",
    "pip._internal.cli.main.main",
}
_STRING_RUNNERS = {
    "os.system",
    "os.popen",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "asyncio.create_subprocess_shell",
}
_PIP = re.compile(r"^pip(?:3(?:\.\d+)?)?(?:\.exe)?$")
_PLACEHOLDER = "\x00"
#: Every call that can run pip: the first test made on a call.
_RUNNERS = (
    frozenset(_LIST_RUNNERS) | frozenset(_STRING_RUNNERS) | {"asyncio.create_subprocess_exec"}
)
_ENV = {
    "PIP_EXTRA_INDEX_URL": "extra",
    "PIP_TRUSTED_HOST": "trusted",
    "PIP_INDEX_URL": "http",
    "PIP_FIND_LINKS": "http",
}
_EXTRA_INDEX_WHY = (
    "pip installs the highest version found on any index, so a same-named package "
    "published on PyPI replaces the private one (dependency confusion). Serve "
    "everything from one --index-url that proxies PyPI"
)
_TRUSTED_HOST_WHY = (
    "pip skips TLS certificate checks for that host, so anyone on the network path "
    "can swap the packages. Give the index a valid certificate"
)
_HTTP_WHY = (
    "packages are downloaded over plain HTTP, so anyone on the network path can "
    "swap them. Use an https:// index"
)
_WHY = {
    "--extra-index-url": _EXTRA_INDEX_WHY,
    "--trusted-host": _TRUSTED_HOST_WHY,
    "http": _HTTP_WHY,
}


def _text(node: ast.AST) -> str | None:
    """A string expression's text, with a placeholder for each computed part."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else _PLACEHOLDER
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return (left or _PLACEHOLDER) + (right or _PLACEHOLDER)
    return None


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # unbalanced quotes: words as the shell would roughly see them
        return [word.strip("'\"") for word in text.split()]


def _tokens(node: ast.AST | None, aliases: dict[str, str], shell: bool) -> list[str] | None:
    """The words of a command: a list or tuple of them, or a shell string (``shell``),
    or ``shlex.split`` of one."""
    if isinstance(node, ast.List | ast.Tuple):
        return [_text(e) or _PLACEHOLDER for e in node.elts]
    if isinstance(node, ast.Call) and qualname(node.func, aliases) == "shlex.split" and node.args:
        text = _text(node.args[0])
        return _split(text) if text is not None else None
    if shell and node is not None:
        text = _text(node)
        return _split(text) if text is not None else None
    return None


def _pip_install(words: list[str]) -> list[str] | None:
    """The words after ``pip`` in a ``pip ... install`` command (None if it is not one)."""
    for i, word in enumerate(words):
        name = word.rsplit("/", 1)[-1]
        if not _PIP.match(name):
            continue
        if i > 0 and words[i - 1].rsplit("/", 1)[-1] == "uv":
            continue
        rest = []
        for later in words[i + 1 :]:
            if later in ("&&", "||", ";", "|"):
                break
            rest.append(later)
        if "install" in rest:
            return rest
    return None


def _problems(args: list[str]) -> list[str]:
    """Risky options among pip's arguments, in the order of :data:`_WHY`."""
    found = set()
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if not eq:
            value = args[i + 1] if i + 1 < len(args) else ""
        if name == "--extra-index-url":
            found.add("--extra-index-url")
        elif name == "--trusted-host":
            found.add("--trusted-host")
        elif name in ("--index-url", "-i", "--find-links", "-f", "--extra-index-url"):
            if value.lower().startswith("http://"):
                found.add("http")
        elif arg.startswith(("-i", "-f")) and arg[2:].lower().startswith("http://"):
            found.add("http")
        if name == "--extra-index-url" and value.lower().startswith("http://"):
            found.add("http")
    return [p for p in _WHY if p in found]


def _message(problems: list[str]) -> str:
    first = problems[0]
    option = "an http:// index" if first == "http" else first
    return f"pip install run with {option}: {_WHY[first]}."


def _env_problems(env: ast.AST | None) -> list[str]:
    if not isinstance(env, ast.Dict):
        return []
    found = []
    for key, value in zip(env.keys, env.values, strict=True):
        if isinstance(key, ast.Constant) and key.value in _ENV:
            found.extend(_env_problem(key.value, value))
    return [p for p in _WHY if p in set(found)]


def _env_problem(name: str, value: ast.AST) -> list[str]:
    kind = _ENV[name]
    if kind == "extra":
        return ["--extra-index-url"]
    if kind == "trusted":
        return ["--trusted-host"]
    text = _text(value)
    return ["http"] if text is not None and text.lower().startswith("http://") else []


def _command(call: ast.Call, context: Any) -> list[str] | None:
    name = context.call_function_name_qual
    aliases = context.import_aliases
    if name == "asyncio.create_subprocess_exec":
        if any(isinstance(a, ast.Starred) for a in call.args):
            return None
        return [_text(a) or _PLACEHOLDER for a in call.args]
    if name in _STRING_RUNNERS:
        return _tokens(
            argument(call, 0, "cmd" if "system" not in name else "command"), aliases, True
        )
    if name in _LIST_RUNNERS:
        shell = keyword(call, "shell")
        is_shell = isinstance(shell, ast.Constant) and bool(shell.value)
        words = _tokens(argument(call, 0, "args"), aliases, is_shell)
        if words is not None and name.startswith("pip"):
            return ["pip", *words]
        return words
    return None


@test.checks("Call", "Assign")
@test.test_id("OUT602")
def pip_install_unsafe_index(context: Any) -> Any:
    # Bandit gives the qualified name of the call it checks; an assignment has none.
    name = context.call_function_name_qual
    if name is None:
        node = context.node
        for target in node.targets:
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.slice, ast.Constant)
                and target.slice.value in _ENV
                and qualname(target.value, context.import_aliases) == "os.environ"
            ):
                problems = _env_problem(target.slice.value, node.value)
                if problems:
                    return make_issue(
                        target,
                        f"os.environ[{target.slice.value!r}] set for pip: {_WHY[problems[0]]}.",
                        SEVERITY,
                        CONFIDENCE,
                        CWE,
                    )
        return None
    if name not in _RUNNERS:
        return None
    node = context.node
    words = _command(node, context)
    if words is None:
        return None
    args = _pip_install(words)
    if args is None:
        return None
    problems = _problems(args) or _env_problems(keyword(node, "env"))
    if not problems:
        return None
    return make_issue(node, _message(problems), SEVERITY, CONFIDENCE, CWE)
