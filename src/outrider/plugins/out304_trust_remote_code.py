#
# SPDX-License-Identifier: Apache-2.0
r"""
====================================================
OUT304: Code from a model hub trusted to run on load
====================================================

What it does
------------
Reports calls that allow a downloaded model, tokenizer or data set to run its own Python
code:

- ``trust_remote_code=True`` passed to any call (Hugging Face ``transformers``'
  ``from_pretrained`` and ``pipeline``, ``datasets.load_dataset``, ``sentence-transformers``,
  vLLM, ...), also inside a keyword dictionary such as
  ``model_kwargs={"trust_remote_code": True}``;
- ``torch.hub.load(..., trust_repo=True)`` (and ``torch.hub.list`` / ``help``), which runs a
  GitHub repository's ``hubconf.py`` without asking.

Why is this bad
---------------
With ``trust_remote_code=True`` the library imports Python files that come with the
downloaded repository, from whoever controls it on the hub now; torch hub runs the
repository's ``hubconf.py``. A compromised or typosquatted repository, or a new revision of
a trusted one, runs arbitrary code on the machine that loads it.

Severity and confidence
-----------------------
HIGH severity: code from the network runs in the process.
HIGH confidence: ``trust_remote_code`` is a keyword with this one meaning across the
libraries that use it, and only a literal true value is reported; ``trust_repo`` is
reported only on calls resolved to ``torch.hub``.

Example
-------
.. code-block:: python

    from transformers import AutoModel

    model = AutoModel.from_pretrained("acme/encoder", trust_remote_code=True)

Use instead
-----------
.. code-block:: python

    from transformers import AutoModel

    model = AutoModel.from_pretrained("acme/encoder")

References
----------
- `CWE-94: Improper Control of Generation of Code <https://cwe.mitre.org/data/definitions/94.html>`__
- `transformers: custom models and trust_remote_code <https://huggingface.co/docs/transformers/en/custom_models>`__
- `torch.hub.load <https://pytorch.org/docs/stable/hub.html#torch.hub.load>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import is_true, keyword, make_issue, on_call_lines, parent, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.CODE_INJECTION

_TORCH_HUB = frozenset({"torch.hub.load", "torch.hub.list", "torch.hub.help"})


def _trusting_dict(node: ast.AST) -> ast.AST | None:
    """The value of a ``"trust_remote_code": True`` entry, or of
    ``dict(trust_remote_code=True)``."""
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=False):
            if (
                isinstance(key, ast.Constant)
                and key.value == "trust_remote_code"
                and is_true(value)
            ):
                return value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        given = keyword(node, "trust_remote_code")
        if is_true(given):
            return given
    return None


def _trusting_keyword(kw: ast.keyword) -> tuple[ast.AST, str] | None:
    """What to report for keyword ``kw`` of a call, and the message."""
    if kw.arg == "trust_remote_code":
        if is_true(kw.value):
            return kw.value, _DIRECT
        return None
    if kw.arg is None:
        return None
    found = _trusting_dict(kw.value)
    return None if found is None else (found, _THROUGH)


_DIRECT = (
    "trust_remote_code=True runs Python code downloaded with the model or data "
    "set: whoever controls that repository runs code here."
)
_THROUGH = (
    "trust_remote_code=True (passed through keyword options) runs Python "
    "code downloaded with the model: whoever controls that repository runs "
    "code here."
)


@test.checks("keyword")
@test.test_id("OUT304")
def trust_remote_code(context: Any) -> Any:
    return on_call_lines(context, _trust_remote_code(context))


def _trust_remote_code(context: Any) -> Any:
    # Every case is a keyword argument of a call: look at keywords, which are far
    # fewer than calls (Bandit's own cost of running a check is paid per node).
    # One finding per call, from its first offending keyword.
    node = context.node
    arg = node.arg
    if arg == "trust_repo" and isinstance(node.value, ast.Constant) and node.value.value is True:
        call = parent(node)
        if (
            isinstance(call, ast.Call)
            and qualname(call.func, context.import_aliases) in _TORCH_HUB
            and not any(_trusting_keyword(kw) for kw in call.keywords)
        ):
            return make_issue(
                node.value,
                "torch.hub with trust_repo=True runs the repository's hubconf.py without "
                "asking: whoever controls that repository runs code here.",
                SEVERITY,
                CONFIDENCE,
                CWE,
            )
        return None
    found = _trusting_keyword(node)
    if found is None:
        return None
    call = parent(node)
    if not isinstance(call, ast.Call):
        return None
    for kw in call.keywords:
        if kw is node:
            break
        if _trusting_keyword(kw) is not None:
            return None  # reported from that earlier keyword
    return make_issue(found[0], found[1], SEVERITY, CONFIDENCE, CWE)
