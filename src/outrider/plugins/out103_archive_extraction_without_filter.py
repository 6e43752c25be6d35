#
# SPDX-License-Identifier: Apache-2.0
r"""
=========================================================
OUT103: Archive member extracted without a safe filter
=========================================================

What it does
------------
Reports tar extraction that trusts the archive:

- ``TarFile.extract(member)`` without ``filter=``, on an object that is surely a
  ``TarFile``: the result of ``tarfile.open(...)`` (or ``TarFile(...)``,
  ``TarFile.open/taropen/gzopen/bz2open/xzopen(...)``), directly, through a ``with ...
  as`` name or a name assigned in the same function, or a parameter annotated
  ``tarfile.TarFile``;
- ``shutil.unpack_archive(...)`` without ``filter=``, unless the archive is known to be a
  zip file (``format="zip"`` or a literal ``.zip`` file name: ``shutil`` checks zip
  member names itself);
- either of them with ``filter="fully_trusted"`` (or ``tarfile.fully_trusted_filter``).

Not reported when the module sets ``extraction_filter`` on the ``TarFile`` class, or
the function sets it on that object. ``TarFile.extractall()`` is Bandit's own B202 and
is not repeated here.

Why is this bad
---------------
A tar member's name can be absolute or hold ``..``; a member can be a link to anywhere,
a device file, or carry set-user-ID bits. Without a filter, ``tarfile`` writes what the
archive says: extracting an untrusted archive can overwrite any file the program can
write (CVE-2007-4559). The ``filter="data"`` argument (Python 3.12, backported to the
security releases 3.8.17, 3.9.17, 3.10.12 and 3.11.4) refuses such members. Python 3.14
made ``"data"`` the default, and 3.12 and 3.13 warn when no filter is given; code that
supports anything older must pass it.

Severity and confidence
-----------------------
HIGH severity: path traversal from an archive writes files outside the target directory,
which often leads to code execution.
HIGH confidence for ``extract``: only objects proved to be a ``TarFile`` are reported.
MEDIUM confidence for ``shutil.unpack_archive``: the archive may turn out to be a zip
file, whose member names ``shutil`` checks.

Example
-------
.. code-block:: python

    import tarfile

    with tarfile.open("upload.tar.gz") as archive:
        archive.extract("config.json", path="out")

Use instead
-----------
.. code-block:: python

    import tarfile

    with tarfile.open("upload.tar.gz") as archive:
        archive.extract("config.json", path="out", filter="data")

References
----------
- `CWE-22: Path Traversal <https://cwe.mitre.org/data/definitions/22.html>`__
- `tarfile: extraction filters <https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter>`__
- `PEP 706: Filter for tarfile.extractall <https://peps.python.org/pep-0706/>`__
- `CVE-2007-4559 <https://nvd.nist.gov/vuln/detail/CVE-2007-4559>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    argument,
    enclosing_scopes,
    is_instance_of,
    keyword,
    literal_string_value,
    make_issue,
    qualname,
    scope_bindings,
    scope_nodes,
)

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.PATH_TRAVERSAL

TAR_OPENERS = frozenset(
    {
        "tarfile.open",
        "tarfile.TarFile",
        "tarfile.TarFile.open",
        "tarfile.TarFile.taropen",
        "tarfile.TarFile.gzopen",
        "tarfile.TarFile.bz2open",
        "tarfile.TarFile.xzopen",
        "tarfile.TarFile.zstopen",
    }
)
TAR_TYPES = frozenset({"tarfile.TarFile"})
_TRUSTING = {"tarfile.fully_trusted_filter"}


def _filter_state(call: ast.Call, aliases: dict[str, str]) -> str:
    """``"missing"``, ``"trusting"`` (fully trusted), ``"set"`` (any other filter) or
    ``"unknown"`` (``**kwargs`` could pass one)."""
    value = keyword(call, "filter")
    if value is None:
        if any(kw.arg is None for kw in call.keywords):
            return "unknown"
        return "missing"
    if isinstance(value, ast.Constant) and value.value in ("fully_trusted", None):
        return "trusting"
    if qualname(value, aliases) in _TRUSTING:
        return "trusting"
    return "set"


def _filter_objects(node: ast.AST) -> list[ast.expr]:
    """Objects whose ``extraction_filter`` attribute the module around ``node`` sets."""
    module = node
    while (up := getattr(module, "_bandit_parent", None)) is not None:
        module = up
    cached = getattr(module, "_cached_extraction_filters", None)
    if cached is None:
        cached = [
            target.value
            for n in ast.walk(module)
            if isinstance(n, ast.Assign)
            for target in n.targets
            if isinstance(target, ast.Attribute) and target.attr == "extraction_filter"
        ]
        module._cached_extraction_filters = cached  # type: ignore[attr-defined]
    return list(cached)


def _filter_configured(receiver: ast.AST | None, node: ast.AST, aliases: dict[str, str]) -> bool:
    """Whether the module sets ``TarFile.extraction_filter`` for every ``TarFile``, or
    the scope that binds ``receiver`` sets it on that object."""
    if any(qualname(obj, aliases) in TAR_TYPES for obj in _filter_objects(node)):
        return True
    if not isinstance(receiver, ast.Name):
        return False
    for scope in enclosing_scopes(node):
        if scope_bindings(scope, receiver.id):
            return any(
                isinstance(target, ast.Attribute)
                and target.attr == "extraction_filter"
                and isinstance(target.value, ast.Name)
                and target.value.id == receiver.id
                for n in scope_nodes(scope)
                if isinstance(n, ast.Assign)
                for target in n.targets
            )
    return False  # pragma: no cover - a proved TarFile name is bound somewhere


def _is_zip(call: ast.Call) -> bool:
    fmt = argument(call, 2, "format")
    if fmt is not None:
        return literal_string_value(fmt) == "zip"
    name = argument(call, 0, "filename")
    value = literal_string_value(name) if name is not None else None
    return isinstance(value, str) and value.lower().endswith(".zip")


_LAST_PARTS = frozenset({"extract", "unpack_archive"})


@test.checks("Call")
@test.test_id("OUT103")
def archive_extraction_without_filter(context: Any) -> Any:
    # The last part of the called name, which Bandit has worked out already, decides the
    # common case with one test.
    if context.call_function_name not in _LAST_PARTS:
        return None
    node = context.node
    func = node.func
    name = context.call_function_name_qual
    aliases = context.import_aliases
    receiver = None
    if isinstance(func, ast.Attribute) and func.attr == "extract":
        receiver = func.value
        if not is_instance_of(receiver, aliases, TAR_OPENERS, TAR_TYPES, at=node):
            return None
        what, confidence = "TarFile.extract()", CONFIDENCE
    elif name == "shutil.unpack_archive":
        if _is_zip(node):
            return None
        what, confidence = "shutil.unpack_archive()", constants.MEDIUM
    else:
        return None
    state = _filter_state(node, aliases)
    if state in ("set", "unknown") or _filter_configured(receiver, node, aliases):
        return None
    how = "with a fully trusting filter" if state == "trusting" else "without filter="
    return make_issue(
        node,
        f"{what} {how} writes tar members where the archive says: absolute paths, '..' "
        'and links can write outside the target directory. Pass filter="data" '
        "(Python 3.12+, 3.8.17+, 3.9.17+, 3.10.12+, 3.11.4+).",
        SEVERITY,
        confidence,
        CWE,
    )
