#
# SPDX-License-Identifier: Apache-2.0
r"""
===================================================================
OUT510: Mail or file transfer credentials sent without TLS
===================================================================

What it does
------------
Reports standard-library clients that log in or transfer data over a connection that was
never encrypted:

- ``smtplib.SMTP`` (and ``LMTP``): ``login()`` with no ``starttls()`` on the object;
- ``imaplib.IMAP4``: ``login()`` or ``authenticate()`` with no ``starttls()``;
- ``poplib.POP3``: ``pass_()`` with no ``stls()``;
- ``ftplib.FTP_TLS``: a data transfer (``retrbinary``, ``retrlines``, ``storbinary``,
  ``storlines``, ``nlst``, ``dir``, ``mlsd``, ``transfercmd``) with no ``prot_p()``: the
  control connection is encrypted, the files are not.

The object must be made in the same function (``smtplib.SMTP(host)``, bound to a name or
attribute, or used in a ``with`` statement), and the upgrade looked for there, before the
call. An object handed to another function before the call is not judged (that function
may upgrade it), nor one made for ``localhost``. The ``*_SSL`` classes are encrypted from
the start and never reported; plain ``ftplib.FTP`` and ``telnetlib`` are Bandit's B321 and
B312.

Why is this bad
---------------
Without TLS, the user name and password (SMTP ``AUTH PLAIN``/``LOGIN``, IMAP ``LOGIN``,
POP3 ``PASS``) and the transferred files cross the network as plain text: anyone on the
path (shared Wi-Fi, a compromised router, the hosting provider) reads them and can log in
as the user.

Severity and confidence
-----------------------
HIGH severity: account credentials are disclosed to passive eavesdroppers.
HIGH confidence: the client classes are resolved through the imports and the object's
whole life in the function is seen.

Example
-------
.. code-block:: python

    import smtplib


    def send(message, password):
        with smtplib.SMTP("mail.example.com", 587) as server:
            server.login("reports", password)
            server.send_message(message)

Use instead
-----------
.. code-block:: python

    import smtplib
    import ssl


    def send(message, password):
        with smtplib.SMTP("mail.example.com", 587) as server:
            server.starttls(context=ssl.create_default_context())
            server.login("reports", password)
            server.send_message(message)

References
----------
- `CWE-319: Cleartext Transmission of Sensitive Information <https://cwe.mitre.org/data/definitions/319.html>`__
- `smtplib.SMTP.starttls <https://docs.python.org/3/library/smtplib.html#smtplib.SMTP.starttls>`__
- `ftplib.FTP_TLS.prot_p <https://docs.python.org/3/library/ftplib.html#ftplib.FTP_TLS.prot_p>`__
- `RFC 8314: Cleartext considered obsolete for e-mail <https://www.rfc-editor.org/rfc/rfc8314>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    argument,
    enclosing_scopes,
    make_issue,
    qualname,
    scope_bindings,
    scope_nodes,
)

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.CLEARTEXT_TRANSMISSION

# client class -> (calls that need the upgrade, the upgrade, what is exposed)
_CLIENTS = {
    "smtplib.SMTP": ({"login"}, "starttls", "the user name and password"),
    "smtplib.LMTP": ({"login"}, "starttls", "the user name and password"),
    "imaplib.IMAP4": ({"login", "authenticate"}, "starttls", "the user name and password"),
    "poplib.POP3": ({"pass_"}, "stls", "the password"),
    "ftplib.FTP_TLS": (
        {
            "retrbinary",
            "retrlines",
            "storbinary",
            "storlines",
            "nlst",
            "dir",
            "mlsd",
            "transfercmd",
            "ntransfercmd",
        },
        "prot_p",
        "the transferred data",
    ),
}
_SENSITIVE = frozenset(name for calls, _, _ in _CLIENTS.values() for name in calls)
_LOCAL = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _client(call: ast.AST | None, aliases: dict[str, str]) -> str | None:
    """The client class ``call`` makes, unless it connects to this machine."""
    if not isinstance(call, ast.Call):
        return None
    name = qualname(call.func, aliases)
    if name not in _CLIENTS:
        return None
    host = argument(call, 0, "host")
    if host is None and name == "imaplib.IMAP4":
        return None  # IMAP4() connects to localhost
    if isinstance(host, ast.Constant) and host.value in _LOCAL:
        return None
    return name


def _key(node: ast.AST) -> str:
    """``server`` or ``self.server``: a name or attribute chain, as written."""
    return qualname(node, {})


def _made_here(receiver: ast.AST, at: ast.AST, aliases: dict[str, str]) -> tuple[str, Any] | None:
    """(client class, scope) when ``receiver`` names an object made in the function
    around ``at`` by one client class, and bound there only to it."""
    key = _key(receiver)
    if not key:
        return None
    for scope in enclosing_scopes(at):
        if isinstance(receiver, ast.Name):
            found = scope_bindings(scope, key)
        else:
            found = [
                ("value", n.value)
                for n in scope_nodes(scope)
                if isinstance(n, ast.Assign) and any(_key(t) == key for t in n.targets)
            ]
        if not found:
            if isinstance(receiver, ast.Name):
                continue
            return None
        classes = {
            _client(value, aliases) if how == "value" and value is not None else None
            for how, value in found
        }
        if len(classes) == 1 and (cls := classes.pop()) is not None:
            return cls, scope
        return None
    return None


def _upgraded_or_escapes(key: str, scope: ast.AST, upgrade: str, line: int) -> bool:
    """Whether, in ``scope`` and the functions inside it, the object called ``key`` is
    upgraded (anywhere: a branch may do it) or passed to other code before ``line``."""
    for node in ast.walk(scope):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == upgrade and _key(func.value) == key:
            return True
        if getattr(node, "lineno", line) <= line and any(
            _key(arg) == key for arg in [*node.args, *(kw.value for kw in node.keywords)]
        ):
            return True
    return False


@test.checks("Call")
@test.test_id("OUT510")
def cleartext_credentials(context: Any) -> Any:
    # The last part of the called name, which Bandit has worked out already (for a method
    # call, its name), decides the common case with one test.
    if context.call_function_name not in _SENSITIVE:
        return None
    node = context.node
    func = node.func
    if not isinstance(func, ast.Attribute):
        return None
    aliases = context.import_aliases
    receiver = func.value
    direct = _client(receiver, aliases)
    if direct is not None:
        cls = direct
    else:
        made = _made_here(receiver, node, aliases)
        if made is None:
            return None
        cls, scope = made
    calls, upgrade, exposed = _CLIENTS[cls]
    if func.attr not in calls:
        return None
    if direct is None and _upgraded_or_escapes(_key(receiver), scope, upgrade, node.lineno):
        return None
    short = cls.rsplit(".", 1)[1]
    return make_issue(
        node,
        f"{short}.{func.attr}() on a connection without {upgrade}(): {exposed} cross the "
        f"network in clear text. Call {upgrade}() first"
        + (", or use the _SSL class." if short != "FTP_TLS" else "."),
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
