#
# SPDX-License-Identifier: Apache-2.0
r"""
=============================================
OUT205: Django ALLOWED_HOSTS accepts any host
=============================================

What it does
------------
Reports ``ALLOWED_HOSTS`` set at the top level of a Django settings module (see OUT202
for how one is recognised) to a list, tuple or set literal that holds ``"*"``.
(``ALLOWED_HOSTS.append("*")`` is not looked for: the rule looks at assignments only,
which Bandit visits far less often than calls.)

Why is this bad
---------------
``ALLOWED_HOSTS`` is Django's check of the ``Host`` header. With ``"*"``, an attacker
chooses the host name the application believes it serves: password-reset and
confirmation e-mails then carry links to the attacker's site, and caches in front of the
application can be poisoned with pages built for a forged host.

Severity and confidence
-----------------------
MEDIUM severity: it needs a second step (a password-reset e-mail, a shared cache) to turn
into account takeover or defacement, and a proxy that checks the host name itself blunts
it.
MEDIUM confidence: the module may be a development-only settings file.

Example
-------
.. code-block:: python

    import os

    SECRET_KEY = os.environ["SECRET_KEY"]
    ALLOWED_HOSTS = ["*"]

Use instead
-----------
.. code-block:: python

    import os

    SECRET_KEY = os.environ["SECRET_KEY"]
    ALLOWED_HOSTS = ["www.example.com", ".api.example.com"]

References
----------
- `CWE-183: Permissive List of Allowed Inputs <https://cwe.mitre.org/data/definitions/183.html>`__
- `Django: ALLOWED_HOSTS <https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts>`__
- `Django: Host header validation <https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    is_django_settings,
    make_issue,
    parent,
    settings_in,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.MEDIUM
CWE = 183

_MESSAGE = (
    'ALLOWED_HOSTS holds "*": any Host header is accepted, so links Django builds '
    "(password resets) can point to an attacker's site. List the host names served."
)


_SEQUENCES = (ast.List, ast.Tuple, ast.Set)


def _has_star(node: ast.AST | None) -> bool:
    return isinstance(node, _SEQUENCES) and any(
        isinstance(e, ast.Constant) and e.value == "*" for e in node.elts
    )


@test.checks("Assign", "AnnAssign")
@test.test_id("OUT205")
def django_allowed_hosts_any(context: Any) -> Any:
    node = context.node
    # A list, tuple or set holding "*", at the top of a module: anything else returns at once.
    value = node.value
    if not (
        isinstance(value, _SEQUENCES) and isinstance(parent(node), ast.Module) and _has_star(value)
    ):
        return None
    for setting, value, where, how in settings_in(node):
        if (
            setting == "ALLOWED_HOSTS"
            and how == "module"
            and _has_star(value)
            and is_django_settings(node, context.filename or "")
        ):
            return make_issue(where, _MESSAGE, SEVERITY, CONFIDENCE, CWE)
    return None
