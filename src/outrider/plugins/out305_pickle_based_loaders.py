#
# SPDX-License-Identifier: Apache-2.0
r"""
=====================================================
OUT305: Pickle-based loader that Bandit does not list
=====================================================

What it does
------------
Reports functions that unpickle their input but are missing from Bandit's B301 list:

- ``joblib.load`` (also ``joblib.numpy_pickle.load``, ``sklearn.externals.joblib.load``);
- ``cloudpickle.load`` and ``cloudpickle.loads``;
- the C accelerator and private spellings of pickle: ``_pickle.load``, ``_pickle.loads``,
  ``_pickle.Unpickler``, ``pickle._load``, ``pickle._loads``, ``pickle._Unpickler``, and
  Python 2's ``cPickle.load``/``loads``/``Unpickler`` still found behind import fallbacks;
- ``.recv()`` on a ``multiprocessing.connection`` connection opened without an ``authkey``:
  ``Client(address).recv()``, or a name bound in the same function to ``Client(...)`` or to
  ``listener.accept()`` of a ``Listener(...)`` without ``authkey``.

Why is this bad
---------------
Each of these runs ``pickle``'s loader on its input, and unpickling calls whatever callables
the data names: loading a file or message from an untrusted source runs its author's code.
``joblib`` files are pickles with NumPy arrays stored beside them; ``cloudpickle`` writes
pickles that even embed function bytecode. A ``multiprocessing`` connection unpickles every
message ``recv()`` returns; without an ``authkey`` any process that can reach the address
can send one.

Severity and confidence
-----------------------
MEDIUM severity, the rating Bandit's B301 gives ``pickle.load`` for the same risk: the call
is only dangerous when the data can come from outside, which the code does not show.
HIGH confidence for the loader functions, resolved through the imports; MEDIUM for
``recv()``, where the connection is found through the assignments in one function.

Example
-------
.. code-block:: python

    import joblib

    model = joblib.load("model.joblib")

Use instead
-----------
.. code-block:: python

    import skops.io

    model = skops.io.load("model.skops", trusted=["sklearn.linear_model.LogisticRegression"])

References
----------
- `CWE-502: Deserialization of Untrusted Data <https://cwe.mitre.org/data/definitions/502.html>`__
- `joblib.load <https://joblib.readthedocs.io/en/stable/generated/joblib.load.html>`__
- `pickle: security warning <https://docs.python.org/3/library/pickle.html>`__
- `multiprocessing: authentication keys <https://docs.python.org/3/library/multiprocessing.html#multiprocessing-auth-keys>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    argument,
    bindings,
    dotted,
    enclosing_scope,
    make_issue,
    qualname,
)

SEVERITY = constants.MEDIUM
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.DESERIALIZATION_OF_UNTRUSTED_DATA

LOADERS = frozenset(
    {
        "joblib.load",
        "joblib.numpy_pickle.load",
        "sklearn.externals.joblib.load",
        "cloudpickle.load",
        "cloudpickle.loads",
        "_pickle.load",
        "_pickle.loads",
        "_pickle.Unpickler",
        "pickle._load",
        "pickle._loads",
        "pickle._Unpickler",
        "cPickle.load",
        "cPickle.loads",
        "cPickle.Unpickler",
    }
)
#: The last parts of the names above, and ``recv``.
_LAST_PARTS = frozenset(name.rsplit(".", 1)[1] for name in LOADERS) | {"recv"}

_MP = ("multiprocessing.connection", "multiprocessing.dummy.connection")
#: Connection factories and the position of their ``authkey`` parameter.
_CLIENTS = {f"{m}.Client": 2 for m in _MP}
_LISTENERS = {f"{m}.Listener": 3 for m in _MP}


def _without_authkey(call: ast.Call, position: int) -> bool:
    if any(kw.arg is None for kw in call.keywords):
        return False
    if any(isinstance(a, ast.Starred) for a in call.args):
        return False
    key = argument(call, position, "authkey")
    return key is None or (isinstance(key, ast.Constant) and key.value is None)


def _is_unauthenticated_listener(node: ast.AST, aliases: dict[str, str], scope: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        position = _LISTENERS.get(qualname(node.func, aliases))
        return position is not None and _without_authkey(node, position)
    name = dotted(node)
    if not name or "." in name:
        return False
    values = bindings(scope, name)
    return bool(values) and all(
        isinstance(v, ast.Call) and _is_unauthenticated_listener(v, aliases, scope) for v in values
    )


def _is_unauthenticated_connection(node: ast.AST, aliases: dict[str, str], scope: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    position = _CLIENTS.get(qualname(node.func, aliases))
    if position is not None:
        return _without_authkey(node, position)
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "accept"
        and not node.args
        and _is_unauthenticated_listener(func.value, aliases, scope)
    )


def _recv_from_unauthenticated(node: ast.Call, aliases: dict[str, str]) -> bool:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "recv") or node.args:
        return False
    scope = enclosing_scope(node)
    if scope is None:
        return False
    receiver = func.value
    if isinstance(receiver, ast.Call):
        return _is_unauthenticated_connection(receiver, aliases, scope)
    name = dotted(receiver)
    if not name or "." in name:
        return False
    values = bindings(scope, name)
    return bool(values) and all(_is_unauthenticated_connection(v, aliases, scope) for v in values)


@test.checks("Call")
@test.test_id("OUT305")
def pickle_based_loaders(context: Any) -> Any:
    # The last part of the called name, which Bandit has worked out already, decides the
    # common case with one test.
    if context.call_function_name not in _LAST_PARTS:
        return None
    node = context.node
    name = context.call_function_name_qual
    if name in LOADERS:
        return make_issue(
            node,
            f"{name} unpickles its input: loading untrusted data runs arbitrary code.",
            SEVERITY,
            CONFIDENCE,
            CWE,
        )
    func = node.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "recv"
        and _recv_from_unauthenticated(node, context.import_aliases)
    ):
        return make_issue(
            node,
            "recv() on a multiprocessing connection without an authkey unpickles whatever "
            "any peer sends: set authkey on Client and Listener, or use recv_bytes().",
            SEVERITY,
            constants.MEDIUM,
            CWE,
        )
    return None
