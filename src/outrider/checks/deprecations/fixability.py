"""Whether one finding can be fixed, decided on the ``ast`` tree (no libcst here).

A row's ``fix`` says what kind of change replaces the API; whether *this use* can be
rewritten mechanically depends on its shape too. The libcst fixers in
:mod:`outrider.fixes.deprecations` apply exactly the cases this module accepts.

Safe (``outrider fix``): ``rename`` and ``import-move`` rows, at

* an attribute chain resolved through the imports (``logging.warn``,
  ``collections.Mapping``) or a method whose receiver is certain (``self.assertEquals`` in
  a ``unittest.TestCase`` subclass, ``t.setDaemon`` for ``t = threading.Thread()``);
* a ``from`` import of the name (``from collections import Mapping``);
* an import of a moved module under an alias (``import xml.etree.cElementTree as ET``), or
  a ``from`` import from it (``from xml.etree.cElementTree import parse``);
* a keyword argument renamed by an ``argument`` row.

Unsafe (``outrider fix --unsafe-fixes``), the semantic replacements in :data:`UNSAFE`.
Everything else (``manual`` rows, methods matched only by a receiver's name, imports without
an alias whose uses are elsewhere, third-party uses of an unknown version) is reported
without a fix.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outrider.checks.deprecations.detect import Hit

#: Rows with a behaviour-changing replacement, and what it is.
UNSAFE: dict[str, str] = {
    "datetime.datetime.utcnow": "datetime.datetime.now(datetime.timezone.utc): an aware datetime",
    "datetime.datetime.utcfromtimestamp": (
        "datetime.datetime.fromtimestamp(ts, datetime.timezone.utc): an aware datetime"
    ),
    "asyncio.get_event_loop": "asyncio.get_running_loop(), inside a coroutine",
    "codecs.open": "open(..., encoding=...): text mode and newline translation",
}

RENAMABLE_KINDS = frozenset({"class", "function", "method", "attribute", "constant"})


def applicability(hit: Hit, code: str) -> str:
    """ "safe", "unsafe" or "none" for this finding."""
    if code == "DEP203":
        return "none"  # the replacement may not exist in the version the project has
    api = hit.api
    if api.fix in ("rename", "import-move") and api.fix_to and safe_site(hit):
        return "safe"
    if api.name in UNSAFE and unsafe_site(hit):
        return "unsafe"
    return "none"


def safe_site(hit: Hit) -> bool:
    api = hit.api
    site = hit.site
    if site == "attribute":
        if api.kind not in RENAMABLE_KINDS:
            return False
        return hit.certain
    if site == "from-name":
        return api.kind in RENAMABLE_KINDS or api.kind == "module"
    if site == "import":
        node = hit.node
        return (
            api.kind == "module"
            and api.fix == "import-move"
            and isinstance(node, ast.alias)
            and node.name == api.name
            and node.asname is not None
        )
    if site == "from-module":
        node = hit.node
        return (
            api.kind == "module"
            and api.fix == "import-move"
            and isinstance(node, ast.ImportFrom)
            and node.module == api.name
        )
    if site == "call":
        call = hit.call
        return (
            api.kind == "argument"
            and api.fix == "rename"
            and call is not None
            and any(kw.arg == api.argument for kw in call.keywords)
        )
    return False


def unsafe_site(hit: Hit) -> bool:
    call = hit.call
    if hit.site != "attribute" or call is None or not hit.resolved:
        return False
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        kw.arg is None for kw in call.keywords
    ):
        return False
    name = hit.api.name
    if name == "datetime.datetime.utcnow":
        return not call.args and not call.keywords
    if name == "datetime.datetime.utcfromtimestamp":
        return len(call.args) == 1 and not call.keywords
    if name == "asyncio.get_event_loop":
        return hit.in_async and not call.args and not call.keywords
    if name == "codecs.open":
        return len(call.args) <= 5
    return False
