#
# SPDX-License-Identifier: Apache-2.0
r"""
============================================================
OUT504: aiohttp or urllib3 with certificate verification off
============================================================

What it does
------------
Reports the aiohttp and urllib3 spellings of "accept any certificate":

- aiohttp's ``ssl=False`` and deprecated ``verify_ssl=False``, on calls resolved to
  ``aiohttp`` (``aiohttp.TCPConnector``, ``aiohttp.request`` ...), on request methods
  (``get``, ``post``, ``request``, ``ws_connect`` ...) of a name bound to
  ``aiohttp.ClientSession()``, and, with MEDIUM confidence, on those methods of any receiver
  in a module that imports ``aiohttp``;
- urllib3's ``cert_reqs="CERT_NONE"`` (or ``"NONE"``) and ``cert_reqs=ssl.CERT_NONE`` on any
  call (``PoolManager``, ``HTTPSConnectionPool``, ``connection_from_url``,
  ``ssl.wrap_socket`` ...), and ``assert_hostname=False``; also the same values assigned to
  a ``.cert_reqs`` or ``.assert_hostname`` attribute.

Why is this bad
---------------
``ssl=False`` makes aiohttp skip certificate verification; ``cert_reqs="CERT_NONE"`` makes
urllib3 (and everything built on it) accept any certificate, and ``assert_hostname=False``
accepts a valid certificate issued for any other host. Either way a machine on the network
path can impersonate the server and read or change the traffic.

Severity and confidence
-----------------------
HIGH severity: the connection has no protection against an active attacker.
HIGH confidence where the call is resolved to aiohttp or the value to ``ssl.CERT_NONE``,
and for urllib3's own keyword spellings; MEDIUM for ``ssl=False`` on a method whose
receiver is not resolved to an aiohttp session.

Example
-------
.. code-block:: python

    import urllib3

    http = urllib3.PoolManager(cert_reqs="CERT_NONE")

Use instead
-----------
.. code-block:: python

    import urllib3

    http = urllib3.PoolManager(cert_reqs="CERT_REQUIRED")

References
----------
- `CWE-295: Improper Certificate Validation <https://cwe.mitre.org/data/definitions/295.html>`__
- `aiohttp: SSL control for TCP sockets <https://docs.aiohttp.org/en/stable/client_advanced.html#ssl-control-for-tcp-sockets>`__
- `urllib3: certificate verification <https://urllib3.readthedocs.io/en/stable/user-guide.html#certificate-verification>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import bound_call_names, make_issue, parent, place_at_call, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.IMPROPER_CERT_VALIDATION

_AIOHTTP_SESSIONS = frozenset({"aiohttp.ClientSession", "aiohttp.client.ClientSession"})
_AIOHTTP_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "ws_connect"}
)
_CERT_NONE = frozenset({"ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE"})


def _issue(node: ast.AST, text: str, confidence: str = CONFIDENCE) -> Any:
    return make_issue(node, text, SEVERITY, confidence, CWE)


def _cert_none(node: ast.AST, aliases: dict[str, str]) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ("CERT_NONE", "NONE")
    return qualname(node, aliases) in _CERT_NONE


def _literal_false(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _aiohttp_confidence(context: Any, node: ast.Call) -> str | None:
    aliases = context.import_aliases
    name = qualname(node.func, aliases)
    if name.startswith("aiohttp."):
        return str(constants.HIGH)
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in _AIOHTTP_METHODS:
        return None
    receiver = func.value
    if isinstance(receiver, ast.Call):
        names = {qualname(receiver.func, aliases)}
    else:
        names = bound_call_names(receiver, aliases, node)
    if names and names <= _AIOHTTP_SESSIONS:
        return str(constants.HIGH)
    if context.is_module_imported_like("aiohttp"):
        return str(constants.MEDIUM)
    return None


_KEYWORDS = frozenset({"ssl", "verify_ssl", "cert_reqs", "assert_hostname"})
_ATTRIBUTES = frozenset({"cert_reqs", "assert_hostname"})


def _keyword_finding(context: Any, kw: ast.keyword, call: ast.Call) -> tuple[str, str] | None:
    """(message, confidence) when keyword ``kw`` of ``call`` turns verification off."""
    arg = kw.arg
    if arg in ("ssl", "verify_ssl"):
        if not _literal_false(kw.value):
            return None
        confidence = _aiohttp_confidence(context, call)
        if confidence is None:
            return None
        return (
            f"aiohttp request with {arg}=False: any certificate is accepted, so the "
            "connection can be intercepted.",
            confidence,
        )
    if arg == "cert_reqs":
        if not _cert_none(kw.value, context.import_aliases):
            return None
        return (
            "cert_reqs=CERT_NONE: certificates are not verified, so the connection can be "
            "intercepted.",
            CONFIDENCE,
        )
    if arg == "assert_hostname" and _literal_false(kw.value):
        return (
            "assert_hostname=False: a certificate for any host is accepted, so the "
            "connection can be intercepted.",
            CONFIDENCE,
        )
    return None


def _check_keyword(context: Any, node: ast.keyword) -> Any:
    """One of the keywords above, reported at its value; one finding per call, from its
    first keyword that turns verification off."""
    call = parent(node)
    if not isinstance(call, ast.Call):
        return None
    found = _keyword_finding(context, node, call)
    if found is None:
        return None
    for kw in call.keywords:
        if kw is node:
            break
        if kw.arg in _KEYWORDS and _keyword_finding(context, kw, call) is not None:
            return None  # reported from that earlier keyword
    place_at_call(context, call)
    return _issue(node.value, found[0], found[1])


def _check_assign(context: Any, node: ast.Assign) -> Any:
    for target in node.targets:
        if not isinstance(target, ast.Attribute):
            continue
        if target.attr == "cert_reqs" and _cert_none(node.value, context.import_aliases):
            return _issue(target, "cert_reqs set to CERT_NONE: certificates are not verified.")
        if target.attr == "assert_hostname" and _literal_false(node.value):
            return _issue(
                target, "assert_hostname set to False: a certificate for any host is accepted."
            )
    return None


@test.checks("keyword", "Assign")
@test.test_id("OUT504")
def aiohttp_urllib3_verify_off(context: Any) -> Any:
    # Calls are only reported for one of their keywords: look at keywords, far fewer
    # than calls (Bandit's own cost of running a check is paid per node).
    node = context.node
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Attribute) and target.attr in _ATTRIBUTES:
                return _check_assign(context, node)
        return None
    if isinstance(node, ast.keyword):
        if node.arg in _KEYWORDS:
            return _check_keyword(context, node)
        return None
    return None
