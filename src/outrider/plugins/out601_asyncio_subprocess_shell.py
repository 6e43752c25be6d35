#
# SPDX-License-Identifier: Apache-2.0
r"""
================================================================
OUT601: asyncio shell subprocess with a command built at runtime
================================================================

What it does
------------
Reports ``asyncio.create_subprocess_shell(cmd)`` and an event loop's
``loop.subprocess_shell(protocol_factory, cmd)`` when ``cmd`` is not a literal string: a
variable, a call, an f-string with placeholders, ``%`` or ``.format`` formatting, or a
concatenation with anything but literals. Placeholders that are all wrapped in
``shlex.quote(...)`` are accepted.

Bandit's B602 to B605 cover ``subprocess`` and ``os``; the ``asyncio`` spelling of the same
shell call goes unreported.

Why is this bad
---------------
The command is handed to ``/bin/sh -c``. Any part of it that comes from outside (a file
name, a user name, a request parameter) can carry ``;``, ``$(...)`` or a backtick and run
commands of the attacker's choosing.

Severity and confidence
-----------------------
HIGH severity: command injection runs arbitrary commands with the program's rights.
HIGH confidence for ``asyncio.create_subprocess_shell``, resolved through the imports;
MEDIUM for ``.subprocess_shell`` methods, matched by name because the loop object's type is
not known statically.

Example
-------
.. code-block:: python

    import asyncio


    async def archive(name):
        proc = await asyncio.create_subprocess_shell(f"tar czf backup.tgz {name}")
        await proc.wait()

Use instead
-----------
.. code-block:: python

    import asyncio


    async def archive(name):
        proc = await asyncio.create_subprocess_exec("tar", "czf", "backup.tgz", name)
        await proc.wait()

References
----------
- `CWE-78: OS Command Injection <https://cwe.mitre.org/data/definitions/78.html>`__
- `asyncio subprocesses <https://docs.python.org/3/library/asyncio-subprocess.html>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, is_literal_string, make_issue, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.OS_COMMAND_INJECTION

_QUOTERS = {"shlex.quote", "pipes.quote"}


def _quoted_only(node: ast.AST, aliases: dict[str, str]) -> bool:
    """An f-string whose every placeholder is ``shlex.quote(...)``."""
    if not isinstance(node, ast.JoinedStr):
        return False
    for value in node.values:
        if isinstance(value, ast.Constant):
            continue
        inner = value.value if isinstance(value, ast.FormattedValue) else value
        if not (isinstance(inner, ast.Call) and qualname(inner.func, aliases) in _QUOTERS):
            return False
    return True


_LAST_PARTS = frozenset({"create_subprocess_shell", "subprocess_shell"})


@test.checks("Call")
@test.test_id("OUT601")
def asyncio_subprocess_shell(context: Any) -> Any:
    # The last part of the called name, which Bandit has worked out already, decides the
    # common case with one test.
    if context.call_function_name not in _LAST_PARTS:
        return None
    node = context.node
    if context.call_function_name_qual == "asyncio.create_subprocess_shell":
        command = argument(node, 0, "cmd")
        confidence = CONFIDENCE
    elif isinstance(node.func, ast.Attribute) and node.func.attr == "subprocess_shell":
        command = argument(node, 1, "cmd")
        confidence = constants.MEDIUM
    else:
        return None
    aliases = context.import_aliases
    if command is None or is_literal_string(command) or _quoted_only(command, aliases):
        return None
    return make_issue(
        command,
        "Shell subprocess started from a command built at runtime: anything "
        "interpolated into it can inject shell commands. Use create_subprocess_exec "
        "with an argument list.",
        SEVERITY,
        confidence,
        CWE,
    )
