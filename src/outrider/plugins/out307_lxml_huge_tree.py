#
# SPDX-License-Identifier: Apache-2.0
r"""
==============================================================
OUT307: lxml parser with libxml2's size limits off (huge_tree)
==============================================================

What it does
------------
Reports lxml parsers created with ``huge_tree=True``: ``lxml.etree.XMLParser``,
``XMLPullParser``, ``ETCompatXMLParser``, ``HTMLParser``, ``HTMLPullParser``,
``iterparse``, ``lxml.html``'s parsers and ``lxml.objectify.makeparser``.

It is a rule of its own, apart from OUT306, because its risk is denial of service rather
than disclosure, and projects that parse large trusted files may suppress it on its own.

Why is this bad
---------------
``huge_tree=True`` sets libxml2's ``XML_PARSE_HUGE``, which lifts its hard limits on tree
depth, text node size and entity expansion. Those limits are what stops a small hostile
document (deeply nested elements, an expanding entity such as "billion laughs") from
exhausting memory and CPU.

Severity and confidence
-----------------------
MEDIUM severity: the impact is denial of service, not code execution or disclosure.
HIGH confidence: the parsers are resolved through the imports to lxml, and only a literal
true value is reported.

Example
-------
.. code-block:: python

    from lxml import etree

    parser = etree.XMLParser(huge_tree=True)
    tree = etree.parse("upload.xml", parser)

Use instead
-----------
.. code-block:: python

    from lxml import etree

    parser = etree.XMLParser()
    tree = etree.parse("upload.xml", parser)

References
----------
- `CWE-776: Improper Restriction of Recursive Entity References in DTDs <https://cwe.mitre.org/data/definitions/776.html>`__
- `lxml.etree.XMLParser <https://lxml.de/apidoc/lxml.etree.html#lxml.etree.XMLParser>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    LXML_PARSERS,
    is_true,
    make_issue,
    on_call_lines,
    parent,
    qualname,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = 776  # Improper Restriction of Recursive Entity References in DTDs


@test.checks("keyword")
@test.test_id("OUT307")
def lxml_huge_tree(context: Any) -> Any:
    return on_call_lines(context, _lxml_huge_tree(context))


def _lxml_huge_tree(context: Any) -> Any:
    # huge_tree is keyword-only: look at keywords, far fewer than calls (Bandit's own
    # cost of running a check is paid per node).
    node = context.node
    if node.arg != "huge_tree" or not is_true(node.value):
        return None
    call = parent(node)
    if not (
        isinstance(call, ast.Call) and qualname(call.func, context.import_aliases) in LXML_PARSERS
    ):
        return None
    return make_issue(
        node.value,
        "lxml parser with huge_tree=True: libxml2's limits on depth and entity expansion "
        "are off, so a small hostile document can exhaust memory.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
