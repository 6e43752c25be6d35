#
# SPDX-License-Identifier: Apache-2.0
r"""
==============================================================
OUT502: HTTP client with certificate verification switched off
==============================================================

What it does
------------
Reports ``verify=False`` (also ``0`` or ``""``) where Bandit's B501 does not look:

- ``requests.request(method, url, verify=False)`` and any other ``requests`` or ``httpx``
  function B501 leaves out (``httpx.HTTPTransport(verify=False)``,
  ``httpx.AsyncHTTPTransport``, ``httpx.create_ssl_context``);
- request methods (``get``, ``post``, ``request``, ``send``, an adapter's ``cert_verify``
  ...) called on a session or
  client object: ``requests.Session().get(url, verify=False)``, or a name (or
  ``self.attribute``) bound to ``requests.Session()``, ``httpx.Client()`` or
  ``httpx.AsyncClient()``;
- the same methods on a receiver whose type is not visible (a parameter,
  ``self.session``) in a module that imports ``requests`` or ``httpx``, reported with
  MEDIUM confidence;
- ``session.verify = False`` on such a session object, or on a receiver named like a
  session.

Why is this bad
---------------
With verification off the client accepts any certificate for any host, so anyone on the
network path can impersonate the server and read or change the traffic, credentials
included. A session with ``verify = False`` does this for every request it makes.

Severity and confidence
-----------------------
HIGH severity: the connection has no protection against an active attacker.
HIGH confidence where the call or the session object is resolved to ``requests`` or
``httpx`` through the imports and assignments; MEDIUM where only the method name, the
``verify`` keyword and the module's imports say it is an HTTP client.

Example
-------
.. code-block:: python

    import requests

    session = requests.Session()
    response = session.get("https://internal.example/api", verify=False)

Use instead
-----------
.. code-block:: python

    import requests

    session = requests.Session()
    response = session.get("https://internal.example/api")

References
----------
- `CWE-295: Improper Certificate Validation <https://cwe.mitre.org/data/definitions/295.html>`__
- `requests: SSL cert verification <https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification>`__
- `httpx: SSL <https://www.python-httpx.org/advanced/ssl/>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any, TypeGuard

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    bound_call_names,
    dotted,
    make_issue,
    parent,
    place_at_call,
    qualname,
)

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.IMPROPER_CERT_VALIDATION

#: What Bandit's B501 already reports (requests.<verb>, httpx.<attr>).
_B501_VERBS = frozenset({"get", "options", "head", "post", "put", "patch", "delete"})
_B501_HTTPX = _B501_VERBS | {"request", "stream", "Client", "AsyncClient"}

#: Calls that create a session or client object.
SESSIONS = frozenset(
    {
        "requests.Session",
        "requests.session",
        "requests.sessions.Session",
        "requests.sessions.session",
        "httpx.Client",
        "httpx.AsyncClient",
    }
)
#: Methods of those objects (and of requests' HTTPAdapter) that take ``verify``.
METHODS = _B501_VERBS | {"request", "send", "stream", "merge_environment_settings", "cert_verify"}


def _verify_off(node: ast.AST | None) -> TypeGuard[ast.Constant]:
    """``False``, ``0`` or ``""``; not ``None``, which means the default (verification on)."""
    return isinstance(node, ast.Constant) and node.value is not None and not node.value


def _reported_by_b501(name: str) -> bool:
    root, _, rest = name.partition(".")
    last = name.rsplit(".", 1)[-1]
    return bool(rest) and (
        (root == "requests" and last in _B501_VERBS) or (root == "httpx" and last in _B501_HTTPX)
    )


def _is_session(receiver: ast.AST, aliases: dict[str, str], anchor: ast.AST) -> bool:
    if isinstance(receiver, ast.Call):
        return qualname(receiver.func, aliases) in SESSIONS
    names = bound_call_names(receiver, aliases, anchor)
    return bool(names) and names <= SESSIONS


def _imports_http_client(context: Any) -> bool:
    return bool(
        context.is_module_imported_like("requests") or context.is_module_imported_like("httpx")
    )


def _issue(node: ast.AST, text: str, confidence: str) -> Any:
    return make_issue(node, text, SEVERITY, confidence, CWE)


def _check_keyword(context: Any, node: ast.keyword) -> Any:
    """``verify=<off>`` passed to an HTTP client call (a keyword cannot repeat in a
    call, so this reports each call at most once)."""
    verify = node.value
    if node.arg != "verify" or not _verify_off(verify):
        return None
    call = parent(node)
    if not isinstance(call, ast.Call):
        return None
    aliases = context.import_aliases
    name = qualname(call.func, aliases)
    if name.split(".", 1)[0] in ("requests", "httpx"):
        if _reported_by_b501(name):
            return None
        place_at_call(context, call)
        return _issue(
            verify,
            f"{name} with verify=False: any certificate is accepted, so the connection can "
            "be intercepted.",
            constants.HIGH,
        )
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in METHODS:
        return None
    if _is_session(func.value, aliases, call):
        confidence = constants.HIGH
    elif _imports_http_client(context):
        confidence = constants.MEDIUM
    else:
        return None
    place_at_call(context, call)
    return _issue(
        verify,
        f"HTTP session .{func.attr}() with verify=False: any certificate is accepted, so the "
        "connection can be intercepted.",
        confidence,
    )


def _check_assign(context: Any, node: ast.Assign) -> Any:
    if not _verify_off(node.value):
        return None
    for target in node.targets:
        if not (isinstance(target, ast.Attribute) and target.attr == "verify"):
            continue
        receiver = target.value
        if _is_session(receiver, context.import_aliases, node):
            confidence = constants.HIGH
        elif "session" in dotted(receiver).rsplit(".", 1)[-1].lower() and _imports_http_client(
            context
        ):
            confidence = constants.MEDIUM
        else:
            continue
        return _issue(
            target,
            "Session verify set to False: every request it makes accepts any certificate.",
            confidence,
        )
    return None


@test.checks("keyword", "Assign")
@test.test_id("OUT502")
def http_client_verify_off(context: Any) -> Any:
    # Calls are only reported for their verify= keyword: look at keywords, far fewer
    # than calls (Bandit's own cost of running a check is paid per node).
    node = context.node
    if isinstance(node, ast.Assign):
        value = node.value
        if isinstance(value, ast.Constant) and not value.value:
            return _check_assign(context, node)
        return None
    if isinstance(node, ast.keyword):
        if node.arg == "verify":
            return _check_keyword(context, node)
        return None
    return None
