#
# SPDX-License-Identifier: Apache-2.0
r"""
==============================================
OUT511: Plain http:// URL requested from code
==============================================

What it does
------------
Reports a request to an ``http://`` URL written in the code, when the URL names another
machine (anything but ``localhost``, ``127.x.x.x`` and ``::1``):

- ``requests`` (``get``, ``post``, ``put``, ``patch``, ``delete``, ``head``, ``options``,
  ``request``) and the same methods on a ``requests.Session``;
- ``httpx`` (the same functions, ``stream``, and the methods of ``httpx.Client`` and
  ``httpx.AsyncClient``);
- ``urllib.request.urlopen``, given the URL or a ``urllib.request.Request`` for it (made
  in the call, or bound to a name); building a ``Request`` alone sends nothing;
- ``urllib3.request`` and ``urllib3.PoolManager().request`` / ``.urlopen``;
- the methods of an ``aiohttp.ClientSession``.

The URL is a string literal, or an f-string or concatenation whose scheme and host are
literal (``f"http://api.example.com/users/{uid}"``). Objects are recognised when they are
made in the same function (or module) or passed as a parameter annotated with their
class.

Why is this bad
---------------
Plain HTTP is neither encrypted nor authenticated. Anyone on the network path can read
the request (tokens, cookies, personal data) and change the response: a download becomes
malware, an API answer becomes whatever the attacker wants the program to believe.

Severity and confidence
-----------------------
MEDIUM severity: it takes an attacker on the network path, and the harm depends on what
travels.
HIGH confidence: the HTTP client functions are resolved through the imports and the
URL's scheme and host are literal.

Example
-------
.. code-block:: python

    import requests

    rates = requests.get("http://api.example.com/rates", timeout=10).json()

Use instead
-----------
.. code-block:: python

    import requests

    rates = requests.get("https://api.example.com/rates", timeout=10).json()

References
----------
- `CWE-319: Cleartext Transmission of Sensitive Information <https://cwe.mitre.org/data/definitions/319.html>`__
- `OWASP: Transport Layer Security cheat sheet <https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
import ipaddress
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    argument,
    is_instance_of,
    make_issue,
    name_bindings,
    qualname,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.CLEARTEXT_TRANSMISSION

_VERBS = {"get", "post", "put", "patch", "delete", "head", "options"}
# function -> position of the URL
_FUNCTIONS: dict[str, int] = {
    **{f"requests.{verb}": 0 for verb in _VERBS},
    "requests.request": 1,
    "requests.api.request": 1,
    **{f"httpx.{verb}": 0 for verb in _VERBS},
    "httpx.request": 1,
    "httpx.stream": 1,
    "urllib.request.urlopen": 0,
    "urllib3.request": 1,
}
_REQUEST = "urllib.request.Request"
# method -> position of the URL, for objects made by these constructors
_METHODS = {**dict.fromkeys(_VERBS, 0), "request": 1, "stream": 1}
_SESSIONS = frozenset(
    {
        "requests.Session",
        "requests.session",
        "requests.sessions.Session",
        "httpx.Client",
        "httpx.AsyncClient",
        "aiohttp.ClientSession",
    }
)
_POOLS = frozenset({"urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.HTTPConnectionPool"})
_POOL_METHODS = {"request": 1, "urlopen": 1, "request_encode_url": 1, "request_encode_body": 1}
#: Attribute names a reported method call can have: a method, or the last part of a
#: function name.
_LAST_PARTS = frozenset(
    [*_METHODS, *_POOL_METHODS, *(name.rsplit(".", 1)[1] for name in _FUNCTIONS)]
)


def literal_prefix(node: ast.AST) -> str | None:
    """The text at the start of a string expression that is written in the source: all
    of a literal, or the part of an f-string or ``+`` concatenation before the first
    computed piece. None when it does not start with literal text."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        text = ""
        for value in node.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                break
            text += value.value
        return text
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = literal_prefix(node.left)
        if left is None:
            return None
        if isinstance(node.left, ast.Constant) and (right := literal_prefix(node.right)):
            return left + right
        return left
    return None


def _is_local(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def insecure_url(node: ast.AST) -> str | None:
    """The host of a plain ``http://`` URL to another machine, with scheme and host
    written in the source; None otherwise."""
    prefix = literal_prefix(node)
    if prefix is None or prefix[:7].lower() != "http://":
        return None
    rest = prefix[7:]
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=-1)
    if end < 0 and not isinstance(node, ast.Constant) and not _whole_literal(node):
        return None  # the host continues into a computed part
    authority = rest if end < 0 else rest[:end]
    host = authority.rsplit("@", 1)[-1]
    host = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
    if not host or _is_local(host):
        return None
    return host


def _whole_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _whole_literal(node.left) and _whole_literal(node.right)
    return False


def _request_url(node: ast.expr | None, aliases: dict[str, str], at: ast.AST) -> ast.expr | None:
    """The URL of ``urlopen``'s argument: itself, or the URL of the
    ``urllib.request.Request(...)`` it is (directly or through a name bound only to one)."""
    if isinstance(node, ast.Name):
        found = name_bindings(node, at)
        if len(found) == 1 and found[0][0] == "value":
            value = found[0][1]
            if isinstance(value, ast.Call) and qualname(value.func, aliases) == _REQUEST:
                return argument(value, 0, "url")
        return node
    if isinstance(node, ast.Call) and qualname(node.func, aliases) == _REQUEST:
        return argument(node, 0, "url")
    return node


def _url(call: ast.Call, context: Any) -> ast.expr | None:
    """The URL argument of an HTTP client call, if it is a plain http:// one (checked
    first: it is cheap, and most calls named ``get`` are something else)."""
    name = context.call_function_name_qual
    if name == "urllib.request.urlopen":
        return _request_url(argument(call, 0, "url"), context.import_aliases, call)
    if name in _FUNCTIONS:
        return argument(call, _FUNCTIONS[name], "url")
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    attr = func.attr
    aliases = context.import_aliases
    for methods, made_by in ((_METHODS, _SESSIONS), (_POOL_METHODS, _POOLS)):
        if attr not in methods:
            continue
        url = argument(call, methods[attr], "url")
        if (
            url is not None
            and insecure_url(url) is not None
            and is_instance_of(func.value, aliases, made_by, made_by, at=call)
        ):
            return url
    return None


@test.checks("Call")
@test.test_id("OUT511")
def plain_http_url(context: Any) -> Any:
    # The last part of the called name, which Bandit has worked out already (a method's
    # name, or a function's once its import alias is resolved), decides most calls.
    if context.call_function_name not in _LAST_PARTS:
        return None
    node = context.node
    url = _url(node, context)
    if url is None:
        return None
    host = insecure_url(url)
    if host is None:
        return None
    return make_issue(
        url,
        f"Request to plain http://{host}: anyone on the network path can read and change "
        "it. Use https://.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
