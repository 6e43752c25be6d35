"""OUT302: load YAML with PyYAML's safe loader, ruamel.yaml with ``typ="safe"``.

Rewrites, on reported lines only:

* ``yaml.unsafe_load(s)`` and ``yaml.full_load(s)`` to ``yaml.safe_load(s)``, and their
  ``_all`` forms to ``yaml.safe_load_all(s)``;
* ``yaml.load_all(s)`` and ``yaml.load_all(s, Loader=<Loader, UnsafeLoader, FullLoader or a
  C version>)`` to ``yaml.safe_load_all(s)``;
* ruamel.yaml's ``YAML(typ="unsafe")`` to ``YAML(typ="safe")``.

Unsafe: for documents of plain YAML (mappings, sequences, strings, numbers, dates) the
result is the same, which is what these calls are nearly always used for; but a document
with Python tags (``!!python/tuple``, ``!!python/object:...``) that loaded before now raises
``ConstructorError``. Code that really stores Python objects in YAML relies on exactly the
behaviour this rule reports, so the fix runs only with ``--unsafe-fixes``.

Left for a person: a function imported by name (``from yaml import full_load``), a loader
passed to another library's call or instantiated directly, and a ``Loader`` that is a
variable or a class of the project's own.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from outrider.fixes import Fixer
from outrider.fixes._names import PYYAML_LOAD_ALL, RUAMEL_YAML, UNSAFE_FUNCTIONS, UNSAFE_LOADERS

_FIXABLE = UNSAFE_FUNCTIONS | PYYAML_LOAD_ALL


def _safe_name(unsafe: str) -> str:
    return "safe_load_all" if unsafe.endswith("_all") else "safe_load"


class YamlSafeLoad(Fixer):
    CODE = "OUT302"
    DESCRIPTION = "Use yaml.safe_load / safe_load_all and ruamel's typ='safe'"

    def _loader_is_unsafe(self, args: list[cst.Arg]) -> bool:
        """``args`` (after the stream) are empty or one known unsafe loader."""
        if not args:
            return True
        if len(args) != 1 or args[0].star:
            return False
        arg = args[0]
        if arg.keyword is not None and arg.keyword.value != "Loader":
            return False
        return self.resolves_to(arg.value, UNSAFE_LOADERS)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not self.reported(original_node):
            return updated_node
        func = original_node.func
        if self.resolves_to(func, RUAMEL_YAML):
            return self._ruamel(updated_node)
        if not isinstance(func, cst.Attribute):
            return updated_node
        names = self.qualified(func)
        if len(names) != 1 or not self.resolves_to(func, _FIXABLE):
            return updated_node
        (name,) = names
        args = list(original_node.args)
        if not args or args[0].keyword is not None or args[0].star:
            return updated_node
        if name in UNSAFE_FUNCTIONS and len(args) == 1:
            new_name = _safe_name(name)
        elif name in PYYAML_LOAD_ALL and self._loader_is_unsafe(args[1:]):
            new_name = "safe_load_all"
        else:
            return updated_node
        stream = updated_node.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(
            func=cast(cst.Attribute, updated_node.func).with_changes(attr=cst.Name(new_name)),
            args=[stream],
        )

    def _ruamel(self, node: cst.Call) -> cst.Call:
        args = list(node.args)
        for i, arg in enumerate(args):
            if (
                arg.keyword is not None
                and arg.keyword.value == "typ"
                and isinstance(arg.value, cst.SimpleString)
                and arg.value.evaluated_value == "unsafe"
            ):
                quote = arg.value.quote
                args[i] = arg.with_changes(value=cst.SimpleString(f"{quote}safe{quote}"))
                return node.with_changes(args=args)
        return node
