"""OUT301: drop ``allow_pickle=True`` from ``numpy.load``.

Unsafe: a file that really holds object arrays then fails to load (``ValueError``) instead
of being unpickled. That is the point, but it is a change in behaviour, so the fix runs
only with ``--unsafe-fixes``. A positional ``allow_pickle`` is left for a person to change.
"""

from __future__ import annotations

import libcst as cst

from outrider.fixes import Fixer, arg_removed

LOADERS = frozenset({"numpy.load", "numpy.lib.npyio.load", "numpy.lib.format.read_array"})


class DropAllowPickle(Fixer):
    CODE = "OUT301"
    DESCRIPTION = "Remove allow_pickle=True from numpy.load"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not self.reported(original_node) or not self.resolves_to(original_node.func, LOADERS):
            return updated_node
        for i, arg in enumerate(updated_node.args):
            if (
                arg.keyword is not None
                and arg.keyword.value == "allow_pickle"
                and isinstance(arg.value, cst.Name)
                and arg.value.value == "True"
            ):
                return updated_node.with_changes(args=arg_removed(updated_node.args, i))
        return updated_node
