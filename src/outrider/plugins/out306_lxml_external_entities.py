#
# SPDX-License-Identifier: Apache-2.0
r"""
==============================================================
OUT306: lxml parser that resolves external entities or fetches
==============================================================

What it does
------------
Reports lxml parsers created with ``resolve_entities=True`` or ``no_network=False``:
``lxml.etree.XMLParser``, ``XMLPullParser``, ``ETCompatXMLParser``, ``HTMLParser``,
``HTMLPullParser``, ``iterparse``, ``lxml.html``'s parsers and
``lxml.objectify.makeparser``, however they were imported.

Bandit's B313 to B320 report the use of XML parsing functions in general; none of them looks
at the options of an lxml parser, which is where lxml's protection is switched off.

Why is this bad
---------------
With ``resolve_entities=True`` a document can declare an external entity
(``<!ENTITY x SYSTEM "file:///etc/passwd">``) and have the file's content pasted into the
parsed tree (XXE); since lxml 5 the default resolves internal entities only. With
``no_network=False`` the parser also fetches DTDs and entities over the network, so a
document can make the server send requests to hosts of the attacker's choosing (SSRF).

Severity and confidence
-----------------------
HIGH severity: parsing an untrusted document can disclose local files or reach internal
hosts.
HIGH confidence: the parser classes are resolved through the imports to lxml, and only a
literal value that switches the protection off is reported.

Example
-------
.. code-block:: python

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=True)
    tree = etree.parse("upload.xml", parser)

Use instead
-----------
.. code-block:: python

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False)
    tree = etree.parse("upload.xml", parser)

References
----------
- `CWE-611: Improper Restriction of XML External Entity Reference <https://cwe.mitre.org/data/definitions/611.html>`__
- `lxml.etree.XMLParser <https://lxml.de/apidoc/lxml.etree.html#lxml.etree.XMLParser>`__
- `OWASP XXE Prevention Cheat Sheet <https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any, TypeGuard

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    LXML_PARSERS,
    is_false,
    keyword,
    make_issue,
    on_call_lines,
    parent,
    qualname,
)

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = 611  # Improper Restriction of XML External Entity Reference


def _resolves(value: ast.AST | None) -> TypeGuard[ast.Constant]:
    return isinstance(value, ast.Constant) and value.value is True


@test.checks("keyword")
@test.test_id("OUT306")
def lxml_external_entities(context: Any) -> Any:
    return on_call_lines(context, _lxml_external_entities(context))


def _lxml_external_entities(context: Any) -> Any:
    # Both options are keyword-only: look at keywords, far fewer than calls (Bandit's
    # own cost of running a check is paid per node).
    node = context.node
    if node.arg == "resolve_entities":
        resolve = node.value
        if not _resolves(resolve):
            return None
        call = parent(node)
        if not (
            isinstance(call, ast.Call)
            and qualname(call.func, context.import_aliases) in LXML_PARSERS
        ):
            return None
        return make_issue(
            resolve,
            "lxml parser with resolve_entities=True: a document can read local files "
            "through external entities (XXE). Use resolve_entities=False.",
            SEVERITY,
            CONFIDENCE,
            CWE,
        )
    if node.arg == "no_network":
        network = node.value
        if not is_false(network) or network.value is None:
            return None
        call = parent(node)
        if not (
            isinstance(call, ast.Call)
            and qualname(call.func, context.import_aliases) in LXML_PARSERS
            and not _resolves(keyword(call, "resolve_entities"))
        ):
            return None  # not a parser, or reported as resolving entities
        return make_issue(
            network,
            "lxml parser with no_network=False: a document can make this process fetch "
            "any URL (SSRF, external entities).",
            SEVERITY,
            CONFIDENCE,
            CWE,
        )
    return None
