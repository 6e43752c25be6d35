#
# SPDX-License-Identifier: Apache-2.0
r"""
==========================================================
OUT702: Django format_html given an already formatted string
==========================================================

What it does
------------
Reports ``django.utils.html.format_html(text, ...)`` (and ``format_html_join``'s format
string) when ``text`` was formatted before the call: an f-string with placeholders,
``"..." % values``, ``"...".format(...)``, or literal text ``+`` something computed.

Why is this bad
---------------
``format_html`` escapes the arguments it is given and marks the result safe. Values put
into the format string beforehand are not arguments: they are not escaped, and the
result is still marked safe, so HTML and scripts in them reach the page (cross-site
scripting). Django's documentation warns against exactly this.

Severity and confidence
-----------------------
MEDIUM severity: cross-site scripting when a value comes from a user.
HIGH confidence: ``format_html`` is resolved through the imports, and a first argument
formatted before the call is always a misuse, whatever the values are.

Example
-------
.. code-block:: python

    from django.utils.html import format_html


    def badge(user):
        return format_html(f'<span class="badge">{user.name}</span>')

Use instead
-----------
.. code-block:: python

    from django.utils.html import format_html


    def badge(user):
        return format_html('<span class="badge">{}</span>', user.name)

References
----------
- `CWE-79: Cross-site Scripting <https://cwe.mitre.org/data/definitions/79.html>`__
- `Django: format_html <https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, is_literal_string, make_issue

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.XSS

# function -> (position, name) of its format string
_FORMATTERS = {
    "django.utils.html.format_html": (0, "format_string"),
    "django.utils.html.format_html_join": (1, "format_string"),
}


def _formatted(node: ast.AST) -> bool:
    if is_literal_string(node):
        return False
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return is_literal_string(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_literal_string(node.left) or is_literal_string(node.right)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "format_map")
        and is_literal_string(node.func.value)
    )


@test.checks("Call")
@test.test_id("OUT702")
def format_html_preformatted(context: Any) -> Any:
    spec = _FORMATTERS.get(context.call_function_name_qual)
    if spec is None:
        return None
    text = argument(context.node, *spec)
    if text is None or not _formatted(text):
        return None
    name = context.call_function_name_qual.rsplit(".", 1)[1]
    return make_issue(
        text,
        f"{name}() given a string formatted before the call: the values in it are not "
        "escaped, yet the result is marked safe (cross-site scripting). Put {} in the "
        "format string and pass the values as arguments.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
