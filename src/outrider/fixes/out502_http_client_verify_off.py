"""OUT502: drop ``verify=False`` from HTTP client calls, and ``session.verify = False``.

Unsafe: requests to a host whose certificate does not verify (self-signed, expired, an
internal CA missing from the trust store) then fail with an SSL error instead of going
through unprotected. That is the point, but a program may rely on those requests, so the
fix runs only with ``--unsafe-fixes``; the lasting fix for such a host is
``verify="/path/to/ca.pem"``, which needs a person to know the path.

Only the keyword on the reported call is dropped (a literal ``False``, ``0`` or ``""``);
a call is touched only if it is a request method (``get``, ``post``, ``request`` ...) or
resolves to ``requests`` / ``httpx``. The assignment is removed only when it is a
statement of its own.
"""

from __future__ import annotations

import libcst as cst

from outrider.fixes import Fixer, arg_removed
from outrider.fixes._names import HTTP_METHODS
from outrider.fixes._statements import StatementRemover


def _off(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.Name):
        return value.value == "False"
    if isinstance(value, cst.Integer):
        return value.value == "0"
    if isinstance(value, cst.SimpleString):
        return value.value in ('""', "''")
    return False


class DropVerifyFalse(StatementRemover, Fixer):
    CODE = "OUT502"
    DESCRIPTION = "Remove verify=False from HTTP client calls and sessions"

    def _is_client_call(self, node: cst.Call) -> bool:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in HTTP_METHODS:
            return True
        names = self.qualified(func)
        return bool(names) and all(n.split(".", 1)[0] in ("requests", "httpx") for n in names)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not self.reported(original_node) or not self._is_client_call(original_node):
            return updated_node
        for i, arg in enumerate(updated_node.args):
            if arg.keyword is not None and arg.keyword.value == "verify" and _off(arg.value):
                return updated_node.with_changes(args=arg_removed(updated_node.args, i))
        return updated_node

    def removable(self, statement: cst.BaseSmallStatement) -> bool:
        if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
            return False
        target = statement.targets[0].target
        return (
            isinstance(target, cst.Attribute)
            and target.attr.value == "verify"
            and _off(statement.value)
            and self.reported(statement)
        )
