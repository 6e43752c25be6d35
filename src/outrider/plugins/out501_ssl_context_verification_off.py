#
# SPDX-License-Identifier: Apache-2.0
r"""
=================================================================
OUT501: TLS context with hostname or certificate verification off
=================================================================

What it does
------------
Reports code that switches off the verification an ``ssl.SSLContext`` does by default:

- ``ctx.check_hostname = False``
- ``ctx.verify_mode = ssl.CERT_NONE`` (also ``ssl.VerifyMode.CERT_NONE``)
- pyOpenSSL's ``ctx.set_verify(OpenSSL.SSL.VERIFY_NONE, ...)``

Bandit's B501 to B504 look at ``verify=False`` arguments and protocol versions; none of them
sees a context object being weakened after it was created.

Why is this bad
---------------
Without the hostname check, any certificate for any name is accepted; without certificate
verification, any certificate at all is. Either way the connection is encrypted to whoever
answers, and a machine in the middle can read and change it.

Severity and confidence
-----------------------
HIGH severity: the result is a connection with no protection against an active attacker.
HIGH confidence: ``check_hostname`` and ``verify_mode`` are names of the ``ssl`` context
API, and the values are matched through imports (``ssl.CERT_NONE``, ``from ssl import
CERT_NONE``, aliases); ``set_verify`` is only reported with pyOpenSSL's ``VERIFY_NONE``.

Example
-------
.. code-block:: python

    import ssl

    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

Use instead
-----------
.. code-block:: python

    import ssl

    ctx = ssl.create_default_context()
    ctx.load_verify_locations("internal-ca.pem")

References
----------
- `CWE-295: Improper Certificate Validation <https://cwe.mitre.org/data/definitions/295.html>`__
- `ssl: security considerations <https://docs.python.org/3/library/ssl.html#security-considerations>`__
- `pyOpenSSL Context.set_verify <https://www.pyopenssl.org/en/latest/api/ssl.html#OpenSSL.SSL.Context.set_verify>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import is_false, make_issue, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.IMPROPER_CERT_VALIDATION

_CERT_NONE = {"ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE"}
_VERIFY_NONE = {"OpenSSL.SSL.VERIFY_NONE"}


def _issue(node: ast.AST, text: str) -> Any:
    return make_issue(node, text, SEVERITY, CONFIDENCE, CWE)


@test.checks("Assign", "Call")
@test.test_id("OUT501")
def ssl_context_verification_off(context: Any) -> Any:
    # Bandit names the call it checks (for a method call, the last part is the method's
    # name); an assignment has no such name.
    name = context.call_function_name
    if name is not None:
        if name != "set_verify":
            return None
        node = context.node
        if (
            isinstance(node.func, ast.Attribute)
            and node.args
            and qualname(node.args[0], context.import_aliases) in _VERIFY_NONE
        ):
            return _issue(
                node, "pyOpenSSL context set to VERIFY_NONE: peer certificates are not checked."
            )
        return None
    node = context.node
    for target in node.targets:
        if not isinstance(target, ast.Attribute):
            continue
        if target.attr == "check_hostname" and is_false(node.value):
            return _issue(
                target, "TLS hostname check turned off: a certificate for any host is accepted."
            )
        if (
            target.attr == "verify_mode"
            and qualname(node.value, context.import_aliases) in _CERT_NONE
        ):
            return _issue(
                target,
                "TLS certificate verification turned off (CERT_NONE): any certificate is accepted.",
            )
    return None
