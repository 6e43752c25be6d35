#
# SPDX-License-Identifier: Apache-2.0
r"""
========================================================
OUT302: YAML loaded with a loader that builds any object
========================================================

What it does
------------
Reports the ways of loading YAML into arbitrary Python objects that Bandit's B506 (which
looks at ``yaml.load`` only) does not see:

- ``yaml.unsafe_load``, ``yaml.unsafe_load_all``, ``yaml.full_load``, ``yaml.full_load_all``;
- ``yaml.load_all(stream)`` without a ``Loader``, or with ``Loader`` set to ``yaml.Loader``,
  ``UnsafeLoader``, ``FullLoader`` or their C versions (also ``ruamel.yaml.load_all``);
- those loader classes passed as ``Loader=`` to any other call that loads (a front-matter
  parser, a config helper), or instantiated directly (``yaml.UnsafeLoader(stream)``);
- ruamel.yaml's ``YAML(typ="unsafe")``.

Calls that only parse or register constructors (``yaml.compose``, ``yaml.parse``,
``yaml.add_constructor(..., Loader=FullLoader)``) build no objects and are not reported,
and neither is ``yaml.load`` itself, which B506 already reports. A ``Loader`` that is a
variable or a class of the project's own is not reported either: its safety is not
visible from the call.

Why is this bad
---------------
YAML tags such as ``!!python/object/apply:os.system`` make the unsafe loaders call any
Python callable with arguments from the document: loading an attacker's file runs the
attacker's code. ``FullLoader`` was meant to be a middle ground and has had three such
bypasses (CVE-2019-20477, CVE-2020-1747, CVE-2020-14343); PyYAML's own documentation says
it must not be used on untrusted input. ``yaml.load_all`` without a loader fell back to
these loaders in PyYAML before 6.0 (and raises ``TypeError`` from 6.0 on).

Severity and confidence
-----------------------
HIGH severity: loading an untrusted document runs arbitrary code.
HIGH confidence for the unsafe loaders, resolved through the imports; MEDIUM for
``FullLoader`` and ``full_load``, which since PyYAML 5.4 refuse the known code-running tags
but still build Python objects from input PyYAML itself calls untrusted.

Example
-------
.. code-block:: python

    import yaml

    with open("config.yml") as f:
        config = yaml.full_load(f)

Use instead
-----------
.. code-block:: python

    import yaml

    with open("config.yml") as f:
        config = yaml.safe_load(f)

References
----------
- `CWE-502: Deserialization of Untrusted Data <https://cwe.mitre.org/data/definitions/502.html>`__
- `PyYAML: yaml.load(input) deprecation <https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation>`__
- `CVE-2020-14343 <https://nvd.nist.gov/vuln/detail/CVE-2020-14343>`__
- `ruamel.yaml: basic usage (typ) <https://yaml.dev/doc/ruamel.yaml/basicuse/>`__

.. versionadded:: 0.1.0
"""

import ast
from typing import Any

from bandit.core import constants, issue
from bandit.core import test_properties as test

from outrider.plugins.helpers import argument, make_issue, qualname

SEVERITY = constants.HIGH
CONFIDENCE = constants.HIGH
CWE = issue.Cwe.DESERIALIZATION_OF_UNTRUSTED_DATA

_PYYAML = ("yaml", "yaml.loader", "yaml.cyaml", "yaml.__init__")
_RUAMEL = ("ruamel.yaml", "ruamel.yaml.loader", "ruamel.yaml.cyaml", "ruamel.yaml.main")


def _names(modules: tuple[str, ...], names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f"{m}.{n}" for m in modules for n in names)


#: Loaders that construct arbitrary Python objects, and the confidence to report them with.
UNSAFE_LOADERS: dict[str, str] = {
    **dict.fromkeys(
        _names(_PYYAML + _RUAMEL, ("Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader")),
        constants.HIGH,
    ),
    **dict.fromkeys(_names(_PYYAML, ("FullLoader", "CFullLoader")), constants.MEDIUM),
}

#: Functions that load with an unsafe loader by design.
UNSAFE_FUNCTIONS: dict[str, str] = {
    **dict.fromkeys(_names(_PYYAML, ("unsafe_load", "unsafe_load_all")), constants.HIGH),
    **dict.fromkeys(_names(_PYYAML, ("full_load", "full_load_all")), constants.MEDIUM),
}

#: ``load_all`` spellings: the loader is the second parameter.
LOAD_ALL = _names(_PYYAML + _RUAMEL, ("load_all",))

#: Calls a Loader is passed to that build no objects, or that B506 reports already.
_NOT_LOADING = _names(
    _PYYAML + _RUAMEL,
    (
        "load",
        "load_all",
        "parse",
        "scan",
        "compose",
        "compose_all",
        "add_constructor",
        "add_multi_constructor",
        "add_implicit_resolver",
        "add_path_resolver",
    ),
)

_RUAMEL_YAML = frozenset({"ruamel.yaml.YAML", "ruamel.yaml.main.YAML"})
#: Calls reported whatever their keywords; any other call needs a ``Loader=``.
_NAMED = frozenset(UNSAFE_FUNCTIONS) | LOAD_ALL | frozenset(UNSAFE_LOADERS)


def _is_unsafe_typ(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Constant):
        return node.value == "unsafe"
    if isinstance(node, ast.List | ast.Tuple):
        return any(isinstance(e, ast.Constant) and e.value == "unsafe" for e in node.elts)
    return False


def _issue(node: ast.AST, text: str, confidence: str) -> Any:
    return make_issue(node, text, SEVERITY, confidence, CWE)


@test.checks("Call")
@test.test_id("OUT302")
def yaml_unsafe_load(context: Any) -> Any:
    name = context.call_function_name_qual
    if name in _NAMED:
        return _named(context.node, name, context.import_aliases)
    # Any other call is reported only for a keyword (ruamel's typ=, an unsafe Loader=):
    # most calls have none, and that is decided with no other test.
    node = context.node
    if not node.keywords:
        return None
    if name in _RUAMEL_YAML:
        for kw in node.keywords:
            if kw.arg == "typ" and _is_unsafe_typ(kw.value):
                return _issue(
                    kw.value,
                    'ruamel.yaml YAML(typ="unsafe") builds arbitrary Python objects: loading '
                    'untrusted YAML can run code. Use typ="safe" or the default "rt".',
                    constants.HIGH,
                )
        return None
    if name in _NOT_LOADING:
        return None
    for kw in node.keywords:
        if kw.arg == "Loader":
            confidence = UNSAFE_LOADERS.get(qualname(kw.value, context.import_aliases))
            if confidence is not None:
                return _issue(
                    kw.value,
                    "Unsafe YAML Loader passed to a loading call: it builds arbitrary "
                    "Python objects from the document. Use yaml.SafeLoader.",
                    confidence,
                )
    return None


def _named(node: ast.Call, name: str, aliases: dict[str, str]) -> Any:
    """A call of one of the names reported whatever its keywords."""
    if name in UNSAFE_FUNCTIONS:
        short = name.rsplit(".", 1)[1]
        safe = "safe_load_all" if short.endswith("_all") else "safe_load"
        return _issue(
            node,
            f"yaml.{short} builds arbitrary Python objects from the document: loading "
            f"untrusted YAML can run code. Use yaml.{safe}.",
            UNSAFE_FUNCTIONS[name],
        )
    if name in LOAD_ALL:
        loader = argument(node, 1, "Loader")
        if loader is None:
            if any(kw.arg is None for kw in node.keywords) or any(
                isinstance(a, ast.Starred) for a in node.args
            ):
                return None
            return _issue(
                node,
                "yaml.load_all without a Loader uses an unsafe loader (PyYAML < 6): loading "
                "untrusted YAML can run code. Use yaml.safe_load_all.",
                constants.HIGH,
            )
        confidence = UNSAFE_LOADERS.get(qualname(loader, aliases))
        if confidence is None:
            return None
        return _issue(
            loader,
            "yaml.load_all with an unsafe Loader builds arbitrary Python objects: loading "
            "untrusted YAML can run code. Use yaml.safe_load_all.",
            confidence,
        )
    return _issue(
        node,
        f"{name.rsplit('.', 1)[1]} instantiated directly: it builds arbitrary Python "
        "objects from the document. Use SafeLoader.",
        UNSAFE_LOADERS[name],
    )
