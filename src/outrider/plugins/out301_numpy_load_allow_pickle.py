#
# SPDX-License-Identifier: Apache-2.0
r"""
=========================================
OUT301: numpy.load with allow_pickle=True
=========================================

What it does
------------
Reports ``numpy.load(...)`` and ``numpy.lib.format.read_array(...)`` called with
``allow_pickle`` set to a true literal, by keyword or in its positional slot, however
``numpy`` was imported (``import numpy as np``, ``from numpy import load``).

Why is this bad
---------------
``.npy`` and ``.npz`` files can hold object arrays, which NumPy stores with ``pickle``.
Loading one with ``allow_pickle=True`` unpickles it, and unpickling runs whatever code the
file's author chose. NumPy made ``allow_pickle=False`` the default in 1.16.3 for this reason
(CVE-2019-6446); turning it back on makes every array file you load an executable.

Severity and confidence
-----------------------
HIGH severity: loading an untrusted file executes arbitrary code.
HIGH confidence: the call is resolved to NumPy through the imports and only a literal true
value is reported; a variable passed as ``allow_pickle`` is not.

Example
-------
.. code-block:: python

    import numpy as np

    weights = np.load("weights.npy", allow_pickle=True)

Use instead
-----------
.. code-block:: python

    import numpy as np

    weights = np.load("weights.npy")

References
----------
- `CWE-502: Deserialization of Untrusted Data <https://cwe.mitre.org/data/definitions/502.html>`__
- `numpy.load <https://numpy.org/doc/stable/reference/generated/numpy.load.html>`__
- `CVE-2019-6446 <https://nvd.nist.gov/vuln/detail/CVE-2019-6446>`__

.. versionadded:: 0.1.0
"""

from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, is_true, make_issue

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.DESERIALIZATION_OF_UNTRUSTED_DATA

# qualified name -> position of allow_pickle when passed positionally
_LOADERS = {
    "numpy.load": 2,
    "numpy.lib.npyio.load": 2,
    "numpy.lib.format.read_array": 1,
}


@test.checks("Call")
@test.test_id("OUT301")
def numpy_load_allow_pickle(context: Any) -> Any:
    position = _LOADERS.get(context.call_function_name_qual)
    if position is None:
        return None
    value = argument(context.node, position, "allow_pickle")
    if not is_true(value):
        return None
    return make_issue(
        value,
        "numpy.load with allow_pickle=True unpickles object arrays: loading an "
        "untrusted file runs arbitrary code.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
