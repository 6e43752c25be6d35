#
# SPDX-License-Identifier: Apache-2.0
r"""
=============================================================
OUT503: Certificate verification switched off for the process
=============================================================

What it does
------------
Reports the switches that turn certificate verification off, or hide that it is off, for
every connection a process makes:

- ``ssl._create_default_https_context = ssl._create_unverified_context`` (also
  ``_create_stdlib_context``), which ``urllib``, ``http.client`` and everything built on them
  use;
- ``PYTHONHTTPSVERIFY`` set to ``"0"`` in ``os.environ`` (item assignment, ``setdefault``,
  ``update``, ``os.putenv``), the PEP 493 switch of Python builds that honour it;
- ``CURL_CA_BUNDLE`` or ``REQUESTS_CA_BUNDLE`` set to ``""``, the well-known way to turn off
  verification in older ``requests`` releases (MEDIUM confidence: current releases ignore an
  empty value, but the intent is plain);
- ``urllib3.disable_warnings()`` with no category or with ``InsecureRequestWarning``, and
  ``warnings`` filters that ignore ``InsecureRequestWarning`` (LOW confidence: they do not turn
  verification off, they silence the warning that it is off somewhere).

``outrider fix`` removes the warning silencers, which changes nothing but a warning; with
``--unsafe-fixes`` it also removes the switches themselves.

Why is this bad
---------------
One line changes the default for every HTTPS connection in the process, including those
made by libraries that never asked for it: any certificate is accepted, so a machine in the
middle can read and change all of the process's traffic. Silencing
``InsecureRequestWarning`` removes the only signal that this is happening.

Severity and confidence
-----------------------
HIGH severity: every connection the process makes loses its protection.
HIGH confidence for the ``ssl`` default and ``PYTHONHTTPSVERIFY``, resolved through the
imports; MEDIUM for the empty CA bundle variables; LOW for silenced warnings.

Example
-------
.. code-block:: python

    import ssl

    ssl._create_default_https_context = ssl._create_unverified_context

Use instead
-----------
.. code-block:: python

    import ssl

References
----------
- `CWE-295: Improper Certificate Validation <https://cwe.mitre.org/data/definitions/295.html>`__
- `PEP 476: Enabling certificate verification by default <https://peps.python.org/pep-0476/>`__
- `PEP 493: HTTPS verification migration tools <https://peps.python.org/pep-0493/>`__
- `urllib3: TLS warnings <https://urllib3.readthedocs.io/en/stable/advanced-usage.html#tls-warnings>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, make_issue, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.IMPROPER_CERT_VALIDATION

_DEFAULT_CONTEXT = "ssl._create_default_https_context"
_UNVERIFIED = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})
_UNVERIFIED_LAST = frozenset(name.rsplit(".", 1)[1] for name in _UNVERIFIED)
_ENVIRON = "os.environ"
_DISABLE_WARNINGS = frozenset(
    {
        "urllib3.disable_warnings",
        "requests.packages.urllib3.disable_warnings",
        "pip._vendor.urllib3.disable_warnings",
    }
)
_WARNING_FILTERS = frozenset({"warnings.filterwarnings", "warnings.simplefilter"})

_MESSAGES = {
    "PYTHONHTTPSVERIFY": (
        constants.HIGH,
        "PYTHONHTTPSVERIFY=0 turns off certificate verification for every HTTPS connection "
        "of the process.",
    ),
    "CURL_CA_BUNDLE": (
        constants.MEDIUM,
        "An empty CURL_CA_BUNDLE is meant to turn off certificate verification for every "
        "requests call of the process.",
    ),
    "REQUESTS_CA_BUNDLE": (
        constants.MEDIUM,
        "An empty REQUESTS_CA_BUNDLE is meant to turn off certificate verification for every "
        "requests call of the process.",
    ),
}


def _issue(node: ast.AST, text: str, confidence: str) -> Any:
    return make_issue(node, text, SEVERITY, confidence, CWE)


def _env_switch(key: ast.AST | None, value: ast.AST | None) -> tuple[str, str] | None:
    """(confidence, message) when ``key`` = ``value`` is one of the switches."""
    if not (isinstance(key, ast.Constant) and isinstance(value, ast.Constant)):
        return None
    found = _MESSAGES.get(key.value) if isinstance(key.value, str) else None
    if found is None:
        return None
    if key.value == "PYTHONHTTPSVERIFY":
        return found if value.value in ("0", 0, b"0") else None
    return found if value.value in ("", b"") else None


def _is_insecure_request_warning(node: ast.AST | None, aliases: dict[str, str]) -> bool:
    return qualname(node, aliases).endswith("InsecureRequestWarning") if node else False


def _check_assign(context: Any, node: ast.Assign) -> Any:
    # Cheap first tests on the value: a switch in os.environ is set to a literal, the
    # default context to a name or attribute spelled like one of _UNVERIFIED.
    value = node.value
    if isinstance(value, ast.Constant):
        for target in node.targets:
            if isinstance(target, ast.Subscript) and _is_environ(
                target.value, context.import_aliases
            ):
                found = _env_switch(target.slice, value)
                if found is not None:
                    return _issue(target, found[1], found[0])
        return None
    if isinstance(value, ast.Attribute):
        if value.attr not in _UNVERIFIED_LAST:
            return None
    elif not (isinstance(value, ast.Name) and context.import_aliases.get(value.id) in _UNVERIFIED):
        return None
    aliases = context.import_aliases
    for target in node.targets:
        if (
            qualname(target, aliases) == _DEFAULT_CONTEXT
            and qualname(value, aliases) in _UNVERIFIED
        ):
            return _issue(
                target,
                "The default HTTPS context of the ssl module replaced by an unverified "
                "one: every urllib and http.client connection accepts any certificate.",
                constants.HIGH,
            )
    return None


def _is_environ(node: ast.AST, aliases: dict[str, str]) -> bool:
    """``os.environ``, through the imports (an attribute ``environ`` or an aliased name
    is tested first: that is cheap)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and qualname(node, aliases) == _ENVIRON
    return isinstance(node, ast.Name) and aliases.get(node.id) == _ENVIRON


#: Calls looked at for their own name, and the last parts of those names; the methods
#: of os.environ looked at.
_NAMED = _DISABLE_WARNINGS | _WARNING_FILTERS | {"os.putenv"}
_NAMED_LAST = frozenset(name.rsplit(".", 1)[1] for name in _NAMED)
_ENV_METHODS = frozenset({"setdefault", "update"})
_CALL_LAST = _NAMED_LAST | _ENV_METHODS


def _check_call(context: Any, node: ast.Call) -> Any:
    name = context.call_function_name_qual
    if name not in _NAMED:
        return None
    if name in _DISABLE_WARNINGS:
        aliases = context.import_aliases
        category = argument(node, 0, "category")
        if category is None or _is_insecure_request_warning(category, aliases):
            return _issue(
                node,
                "urllib3 warnings silenced: requests made without certificate verification "
                "no longer warn that they can be intercepted.",
                constants.LOW,
            )
        return None
    if name in _WARNING_FILTERS:
        aliases = context.import_aliases
        action = argument(node, 0, "action")
        category = argument(node, 2 if name.endswith("filterwarnings") else 1, "category")
        if (
            isinstance(action, ast.Constant)
            and action.value == "ignore"
            and _is_insecure_request_warning(category, aliases)
        ):
            return _issue(
                node,
                "InsecureRequestWarning ignored: requests made without certificate "
                "verification no longer warn that they can be intercepted.",
                constants.LOW,
            )
        return None
    found = None
    if len(node.args) == 2:  # os.putenv
        found = _env_switch(node.args[0], node.args[1])
    if found is None:
        return None
    return _issue(node, found[1], found[0])


def _check_environ(context: Any, node: ast.Call, func: ast.Attribute) -> Any:
    """``os.environ.setdefault(...)`` / ``os.environ.update(...)``."""
    found = None
    if _is_environ(func.value, context.import_aliases):
        if func.attr == "setdefault" and len(node.args) == 2:
            found = _env_switch(node.args[0], node.args[1])
        elif func.attr == "update" and len(node.args) == 1 and isinstance(node.args[0], ast.Dict):
            for key, value in zip(node.args[0].keys, node.args[0].values, strict=False):
                found = found or _env_switch(key, value)
        if func.attr == "update" and found is None:
            for kw in node.keywords:
                if kw.arg is not None:
                    found = found or _env_switch(ast.Constant(kw.arg), kw.value)
    if found is None:
        return None
    return _issue(node, found[1], found[0])


@test.checks("Assign", "Call")
@test.test_id("OUT503")
def process_wide_tls_off(context: Any) -> Any:
    # Bandit names the call it checks (the last part is a method's name, or a function's
    # once its import alias is resolved): one test decides most calls. An assignment has
    # no such name.
    name = context.call_function_name
    if name is None:
        return _check_assign(context, context.node)
    if name not in _CALL_LAST:
        return None
    node = context.node
    func = node.func
    if name in _ENV_METHODS and isinstance(func, ast.Attribute):
        return _check_environ(context, node, func)
    return _check_call(context, node)
