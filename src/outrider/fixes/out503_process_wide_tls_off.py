"""OUT503: remove process-wide switches that turn certificate verification off.

Two fixers share the code:

* ``UnsilenceInsecureWarnings`` (safe): removes ``urllib3.disable_warnings()`` (with no
  category or ``InsecureRequestWarning``) and ``warnings`` filters that ignore
  ``InsecureRequestWarning``. Verification itself does not change; only a warning
  reappears where a request is made without it.
* ``RemoveVerificationSwitches`` (unsafe): removes
  ``ssl._create_default_https_context = ssl._create_unverified_context`` and the
  ``PYTHONHTTPSVERIFY`` / empty CA-bundle environment settings (item assignment,
  ``os.environ.setdefault``, ``os.putenv``). Connections to hosts whose certificates do not
  verify start failing, which a program may rely on not happening.

A statement is removed only when it stands alone (a block left empty gets ``pass``);
``os.environ.update(...)``, which may set other variables too, is left for a person.
"""

from __future__ import annotations

import libcst as cst

from outrider.fixes import Fixer
from outrider.fixes._statements import StatementRemover

_DISABLE_WARNINGS = frozenset(
    {
        "urllib3.disable_warnings",
        "requests.packages.urllib3.disable_warnings",
        "pip._vendor.urllib3.disable_warnings",
    }
)
_WARNING_FILTERS = frozenset({"warnings.filterwarnings", "warnings.simplefilter"})
_DEFAULT_CONTEXT = frozenset({"ssl._create_default_https_context"})
_ENV_SETTERS = frozenset({"os.putenv", "os.environ.setdefault"})
_ENVIRON = frozenset({"os.environ"})
_SWITCHES = {
    "PYTHONHTTPSVERIFY": ("0",),
    "CURL_CA_BUNDLE": ("",),
    "REQUESTS_CA_BUNDLE": ("",),
}


def _string(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _is_switch(key: cst.BaseExpression, value: cst.BaseExpression) -> bool:
    name, text = _string(key), _string(value)
    return name in _SWITCHES and text in _SWITCHES[name]


def _call_of(statement: cst.BaseSmallStatement) -> cst.Call | None:
    if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call):
        return statement.value
    return None


class UnsilenceInsecureWarnings(StatementRemover, Fixer):
    CODE = "OUT503"
    DESCRIPTION = "Remove urllib3.disable_warnings() and filters hiding InsecureRequestWarning"

    def _insecure_warning(self, node: cst.BaseExpression) -> bool:
        return any(n.endswith("InsecureRequestWarning") for n in self.qualified(node))

    def removable(self, statement: cst.BaseSmallStatement) -> bool:
        call = _call_of(statement)
        if call is None or not self.reported(statement):
            return False
        if self.resolves_to(call.func, _DISABLE_WARNINGS):
            return not call.args or (
                len(call.args) == 1 and self._insecure_warning(call.args[0].value)
            )
        if self.resolves_to(call.func, _WARNING_FILTERS):
            values = [a.value for a in call.args]
            return (
                bool(values)
                and _string(values[0]) == "ignore"
                and any(self._insecure_warning(v) for v in values[1:])
            )
        return False


class RemoveVerificationSwitches(StatementRemover, Fixer):
    CODE = "OUT503"
    DESCRIPTION = "Remove process-wide switches that turn certificate verification off"

    def removable(self, statement: cst.BaseSmallStatement) -> bool:
        if not self.reported(statement):
            return False
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            target = statement.targets[0].target
            if self.resolves_to(target, _DEFAULT_CONTEXT):
                return True
            if (
                isinstance(target, cst.Subscript)
                and self.resolves_to(target.value, _ENVIRON)
                and len(target.slice) == 1
                and isinstance(target.slice[0].slice, cst.Index)
            ):
                return _is_switch(target.slice[0].slice.value, statement.value)
            return False
        call = _call_of(statement)
        if call is None or not self.resolves_to(call.func, _ENV_SETTERS) or len(call.args) != 2:
            return False
        return all(a.keyword is None and not a.star for a in call.args) and _is_switch(
            call.args[0].value, call.args[1].value
        )
