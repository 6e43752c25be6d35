#
# SPDX-License-Identifier: Apache-2.0
r"""
=======================================================
OUT303: Keras model loading with safe mode switched off
=======================================================

What it does
------------
Reports Keras calls that switch off the safe mode of its deserializer:

- ``safe_mode=False`` passed to a Keras function (``keras.models.load_model``,
  ``keras.saving.load_model``, ``keras.saving.deserialize_keras_object``,
  ``keras.models.model_from_json``, ``keras.layers.deserialize`` ...), under any of the
  ``keras``, ``tensorflow.keras``, ``tf_keras`` and ``keras.src`` namespaces;
- ``keras.config.enable_unsafe_deserialization()``, which turns safe mode off for the
  whole process (also ``keras.src.saving.serialization_lib.enable_unsafe_deserialization``).

Why is this bad
---------------
A ``.keras`` archive can hold ``Lambda`` layers, whose Python bytecode is stored in the
file (marshalled) and run when the model is loaded. Keras 3 refuses to load them unless
safe mode is off; turning it off makes loading a model from an untrusted source run code of
its author's choosing (CVE-2024-3660 was a bypass of exactly this check).

Severity and confidence
-----------------------
HIGH severity: loading an untrusted model file runs arbitrary code.
HIGH confidence: the calls are resolved through the imports to Keras, and only a literal
``False`` is reported.

Example
-------
.. code-block:: python

    import keras

    model = keras.models.load_model("model.keras", safe_mode=False)

Use instead
-----------
.. code-block:: python

    import keras

    model = keras.models.load_model("model.keras")

References
----------
- `CWE-502: Deserialization of Untrusted Data <https://cwe.mitre.org/data/definitions/502.html>`__
- `keras.saving.load_model <https://keras.io/api/models/model_saving_apis/model_saving_and_loading/>`__
- `CVE-2024-3660 <https://nvd.nist.gov/vuln/detail/CVE-2024-3660>`__

.. versionadded:: 0.1.0
"""

from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import is_false, make_issue

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.DESERIALIZATION_OF_UNTRUSTED_DATA

_NAMESPACES = ("keras.", "tensorflow.keras.", "tensorflow.python.keras.", "tf_keras.")


@test.checks("Call")
@test.test_id("OUT303")
def keras_unsafe_deserialization(context: Any) -> Any:
    # Cheapest tests first: the process-wide switch by the last part of its name, which
    # Bandit has worked out already; any other call by a safe_mode= keyword (most calls
    # have no keywords at all); only then the Keras namespace.
    node = context.node
    switch = context.call_function_name == "enable_unsafe_deserialization"
    value = None
    if not switch:
        for kw in node.keywords:
            if kw.arg == "safe_mode":
                value = kw.value
                break
        else:
            return None
        if not is_false(value) or value.value is None:
            return None
    name = context.call_function_name_qual
    if not isinstance(name, str) or not name.startswith(_NAMESPACES):
        return None
    if value is None:
        return make_issue(
            node,
            "Keras safe mode turned off for the whole process: loading an untrusted model "
            "runs the code stored in its Lambda layers.",
            SEVERITY,
            CONFIDENCE,
            CWE,
        )
    return make_issue(
        value,
        "Keras model loaded with safe_mode=False: an untrusted model file runs the code "
        "stored in its Lambda layers.",
        SEVERITY,
        CONFIDENCE,
        CWE,
    )
