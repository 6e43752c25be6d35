"""Adding ``filter="data"`` to tar extraction: shared by the OUT103 and B202 fixers.

Unsafe: the ``data`` filter refuses members that an archive may legitimately hold (links
to absolute paths or outside the target, device files, absolute names) and changes what
is written (no set-user-ID bits, no group or other write permission, no owner from the
archive). That is the point of it, but a program that extracts such archives on purpose
changes behaviour, so these fixes run only with ``--unsafe-fixes``.

The keyword exists from Python 3.12 (and the security releases 3.8.17, 3.9.17, 3.10.12,
3.11.4): a target version is a minor version, which may be an older patch release, so
the fix needs every target version to be 3.12 or later.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from outrider.fixes import INSTANCE_METADATA, Fixer, arg_appended, made_by

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
DATA_FILTER = cst.Arg(
    keyword=cst.Name("filter"),
    value=cst.SimpleString('"data"'),
    equal=cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
    ),
)


class AddDataFilter(Fixer):
    """Add ``filter="data"`` to reported calls this fixer recognises (see ``is_target``)."""

    MIN_PYTHON = (3, 12)
    METADATA_DEPENDENCIES = (*Fixer.METADATA_DEPENDENCIES, *INSTANCE_METADATA)
    #: TarFile methods to fix, and functions (qualified names) to fix.
    METHODS: ClassVar[frozenset[str]] = frozenset()
    FUNCTIONS: ClassVar[frozenset[str]] = frozenset()

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not self.reported(original_node) or not self.is_target(original_node):
            return updated_node
        if any(
            arg.star == "**" or (arg.keyword is not None and arg.keyword.value == "filter")
            for arg in original_node.args
        ):
            return updated_node
        if not self.targets_supported():
            return updated_node
        return updated_node.with_changes(args=arg_appended(updated_node.args, DATA_FILTER))

    def is_target(self, call: cst.Call) -> bool:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in self.METHODS:
            return self.is_tarfile(func.value)
        return bool(self.FUNCTIONS) and self.resolves_to(func, self.FUNCTIONS)

    def is_tarfile(self, node: cst.BaseExpression) -> bool:
        """Whether ``node`` is surely a ``TarFile`` (see :func:`made_by`)."""
        return made_by(self, node, TAR_OPENERS, TAR_TYPES)
