"""OUT102: compare MAC digests with ``hmac.compare_digest`` instead of ``==`` / ``!=``.

``a == b`` becomes ``hmac.compare_digest(a, b)`` and ``a != b`` becomes ``not
hmac.compare_digest(a, b)``; ``import hmac`` is added when missing.

Unsafe: where ``==`` returns False, ``compare_digest`` raises ``TypeError`` for a ``str``
compared with ``bytes``, for ``None`` (a missing header), and for a ``str`` with
non-ASCII characters, which an attacker can send. The caller may need to handle that
(or check the type first), so the fix runs only with ``--unsafe-fixes``. A site where
the name ``hmac`` means something else than the module is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider, ScopeProvider
from libcst.metadata.scope_provider import Assignment

from outrider.fixes import Fixer


def _contains_digest_call(node: cst.CSTNode) -> bool:
    found = False

    class Visitor(cst.CSTVisitor):
        def visit_Attribute(self, attr: cst.Attribute) -> None:
            nonlocal found
            if attr.attr.value in ("digest", "hexdigest"):
                found = True

    node.visit(Visitor())
    return found


class CompareDigest(Fixer):
    CODE = "OUT102"
    DESCRIPTION = "Compare MAC digests with hmac.compare_digest"
    METADATA_DEPENDENCIES = (*Fixer.METADATA_DEPENDENCIES, ScopeProvider)

    def __init__(self, context: CodemodContext, lines: Sequence[int]) -> None:
        super().__init__(context, lines)
        self._per_line: Counter[int] = Counter()

    def visit_Module(self, node: cst.Module) -> None:
        comparisons: list[cst.Comparison] = []

        class Collect(cst.CSTVisitor):
            def visit_Comparison(self, comparison: cst.Comparison) -> None:
                comparisons.append(comparison)

        node.visit(Collect())
        for comparison in comparisons:
            pos = self.get_metadata(PositionProvider, comparison, None)
            if pos is not None and self._simple(comparison):
                self._per_line[pos.start.line] += 1

    @staticmethod
    def _simple(node: cst.Comparison) -> bool:
        return len(node.comparisons) == 1 and isinstance(
            node.comparisons[0].operator, cst.Equal | cst.NotEqual
        )

    def leave_Comparison(
        self, original_node: cst.Comparison, updated_node: cst.Comparison
    ) -> cst.BaseExpression:
        if not (self._simple(original_node) and self.reported(original_node)):
            return updated_node
        pos = self.get_metadata(PositionProvider, original_node)
        # Several comparisons on a reported line: only those with a digest in them.
        if self._per_line[pos.start.line] > 1 and not _contains_digest_call(original_node):
            return updated_node
        if not self._hmac_is_the_module(original_node):
            self.warn(f"{self.CODE}: not fixed: the name hmac is bound to something else here")
            return updated_node
        target = updated_node.comparisons[0]
        operator = target.operator
        if not isinstance(operator, cst.Equal | cst.NotEqual):  # pragma: no cover - _simple
            return updated_node
        # A line break (and comment) around the operator moves between the arguments.
        around = [
            ws
            for ws in (operator.whitespace_before, operator.whitespace_after)
            if isinstance(ws, cst.ParenthesizedWhitespace)
        ]
        if len(around) > 1:
            self.warn(f"{self.CODE}: not fixed: line breaks on both sides of the operator")
            return updated_node
        AddImportsVisitor.add_needed_import(self.context, "hmac")
        call = cst.Call(
            func=cst.Attribute(value=cst.Name("hmac"), attr=cst.Name("compare_digest")),
            args=[
                cst.Arg(
                    updated_node.left,
                    comma=cst.Comma(
                        whitespace_after=around[0] if around else cst.SimpleWhitespace(" ")
                    ),
                ),
                cst.Arg(target.comparator),
            ],
        )
        if isinstance(operator, cst.Equal):
            return call.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        return cst.UnaryOperation(
            operator=cst.Not(), expression=call, lpar=updated_node.lpar, rpar=updated_node.rpar
        )

    def _hmac_is_the_module(self, node: cst.CSTNode) -> bool:
        """Whether ``hmac`` at ``node`` is the module (or unbound, so that an added
        ``import hmac`` makes it the module)."""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return False
        for assignment in scope["hmac"]:
            if not isinstance(assignment, Assignment):
                return False
            imp = assignment.node
            if not isinstance(imp, cst.Import) or not any(
                alias.asname is None and alias.evaluated_name == "hmac" for alias in imp.names
            ):
                return False
        return True
