"""Removing whole statements from a libcst tree without leaving an empty block."""

from __future__ import annotations

import libcst as cst


class StatementRemover:
    """Mixin for a :class:`outrider.fixes.Fixer`: a ``SimpleStatementLine`` whose every
    statement ``removable`` accepts is dropped, and a block left empty gets ``pass``."""

    def removable(self, statement: cst.BaseSmallStatement) -> bool:
        raise NotImplementedError

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if not all(self.removable(s) for s in original_node.body):
            kept = [
                new
                for old, new in zip(original_node.body, updated_node.body, strict=True)
                if not self.removable(old)
            ]
            if len(kept) == len(updated_node.body):
                return updated_node
            kept[-1] = kept[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
            return updated_node.with_changes(body=kept)
        return cst.RemoveFromParent()

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if updated_node.body or not original_node.body:
            return updated_node
        return updated_node.with_changes(body=[cst.SimpleStatementLine(body=[cst.Pass()])])
