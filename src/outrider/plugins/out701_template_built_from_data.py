#
# SPDX-License-Identifier: Apache-2.0
r"""
====================================================================
OUT701: Server-side template built from data (template injection)
====================================================================

What it does
------------
Reports template source text that is built at runtime and then compiled as a Jinja2
template:

- ``flask.render_template_string(source, ...)`` (and Quart's);
- ``jinja2.Template(source)``;
- ``env.from_string(source)`` on a ``jinja2.Environment`` made in the same function or
  module (a ``SandboxedEnvironment`` is left alone).

``source`` is reported when values are put into it (an f-string with placeholders,
``%`` formatting, ``.format(...)``, literal text ``+`` something computed), when it is
read straight from the request (``request.args[...]``, ``request.form.get(...)``,
``request.data`` ...), or when it is a name every assignment of which is one of those. A
literal, a name bound to a literal, a parameter or the result of reading a file is not
reported: the template text then comes from the program, not from its input.

Why is this bad
---------------
The values are meant to be data, but once they are part of the template text they are
template code: ``{{ ... }}`` in a user name is evaluated. Jinja2 expressions reach
Python objects (``''.__class__.__mro__[1].__subclasses__()``), so template injection
runs arbitrary code on the server. Pass values as template variables instead:
``render_template_string("Hello {{ name }}", name=name)``.

Severity and confidence
-----------------------
HIGH severity: template injection in Jinja2 gives remote code execution.
MEDIUM confidence: the value put into the template may come from a trusted place.

Example
-------
.. code-block:: python

    from flask import render_template_string, request


    def hello():
        return render_template_string(f"<p>Hello {request.args['name']}</p>")

Use instead
-----------
.. code-block:: python

    from flask import render_template_string, request


    def hello():
        return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])

References
----------
- `CWE-1336: Improper Neutralization of Special Elements Used in a Template Engine <https://cwe.mitre.org/data/definitions/1336.html>`__
- `PortSwigger: Server-side template injection <https://portswigger.net/web-security/server-side-template-injection>`__
- `Jinja: sandbox <https://jinja.palletsprojects.com/en/stable/sandbox/>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    argument,
    is_instance_of,
    is_literal_string,
    make_issue,
    name_bindings,
    qualname,
)

SEVERITY = constants.HIGH
CONFIDENCE = constants.MEDIUM
CWE = 1336

_RENDERERS = {
    "flask.render_template_string": "source",
    "flask.templating.render_template_string": "source",
    "quart.render_template_string": "source",
    "jinja2.Template": "source",
}
#: The last parts of the names above, and ``Environment.from_string``.
_LAST_PARTS = frozenset(name.rsplit(".", 1)[1] for name in _RENDERERS) | {"from_string"}
_ENVIRONMENTS = frozenset({"jinja2.Environment", "jinja2.environment.Environment"})
_REQUEST = {"flask.request", "quart.request", "request"}
_REQUEST_DATA = {"args", "form", "values", "data", "json", "cookies", "headers", "GET", "POST"}


def _from_request(node: ast.AST, aliases: dict[str, str]) -> bool:
    """``request.args["x"]``, ``request.form.get("x")``, ``request.data``, ``request.GET``..."""
    while isinstance(node, ast.Call | ast.Subscript | ast.Attribute):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in _REQUEST_DATA
            and qualname(node.value, aliases) in _REQUEST
        ):
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _added(node: ast.AST) -> list[ast.AST]:
    """The operands of a chain of ``+``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _added(node.left) + _added(node.right)
    return [node]


def _built(node: ast.AST, aliases: dict[str, str], at: ast.AST, depth: int = 0) -> bool:
    """Whether ``node`` is template text with data put into it (see the docstring)."""
    if is_literal_string(node):
        return False
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        # "Hello " + name: literal text and data; header + body (two pieces of template
        # text from elsewhere) is not data put into a template
        parts = _added(node)
        return any(is_literal_string(p) for p in parts) and not all(
            is_literal_string(p) for p in parts
        )
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "format_map")
    ):
        return True
    if _from_request(node, aliases):
        return True
    if isinstance(node, ast.Name) and depth == 0:
        found = name_bindings(node, at)
        return bool(found) and all(
            how == "value" and value is not None and _built(value, aliases, at, depth + 1)
            for how, value in found
        )
    return False


@test.checks("Call")
@test.test_id("OUT701")
def template_built_from_data(context: Any) -> Any:
    # The last part of the called name, which Bandit has worked out already, decides the
    # common case with one test.
    if context.call_function_name not in _LAST_PARTS:
        return None
    node = context.node
    name = context.call_function_name_qual
    aliases = context.import_aliases
    if name in _RENDERERS:
        source = argument(node, 0, _RENDERERS[name])
        what = name.rsplit(".", 1)[1]
    elif (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "from_string"
        and is_instance_of(node.func.value, aliases, _ENVIRONMENTS, at=node)
    ):
        source = argument(node, 0, "source")
        what = "Environment.from_string"
    else:
        return None
    if source is None or not _built(source, aliases, node):
        return None
    return make_issue(
        source,
        f"{what}() compiles template text built from data: template syntax in the data "
        "({{ ... }}) runs on the server (server-side template injection). Keep the "
        "template constant and pass the values as template variables.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
