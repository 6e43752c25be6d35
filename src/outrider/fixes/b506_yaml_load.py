"""B506 (Bandit's ``yaml_load``): ``yaml.load(s)`` with no safe loader -> ``yaml.safe_load(s)``.

Bandit has no fixes; this one rewrites, on lines where B506 was reported,
``yaml.load(s)``, ``yaml.load(s, Loader=L)`` and ``yaml.load(s, L)`` to ``yaml.safe_load(s)``
when ``L`` is one of PyYAML's object-building loaders (``Loader``, ``UnsafeLoader``,
``FullLoader`` and their C versions). Without a loader, PyYAML before 5.1 used the unsafe
loader, 5.1 to 5.4 ``FullLoader``, and 6.0 raises ``TypeError``.

Unsafe, for the reason given for OUT302: plain documents load the same, but a document with
Python tags that loaded before now raises ``ConstructorError``. Left for a person: a
``Loader`` that is a variable or a class of the project's own (its constructors may be what
the program needs), a function imported by name (``from yaml import load``), and
ruamel.yaml's old ``load``.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from outrider.fixes import Fixer
from outrider.fixes._names import PYYAML_UNSAFE_LOADERS

_LOAD = frozenset({"yaml.load", "yaml.__init__.load"})


class YamlLoadToSafeLoad(Fixer):
    CODE = "B506"
    DESCRIPTION = "Use yaml.safe_load instead of yaml.load with an object-building loader"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = original_node.func
        if (
            not self.reported(original_node)
            or not isinstance(func, cst.Attribute)
            or not self.resolves_to(func, _LOAD)
        ):
            return updated_node
        args = list(original_node.args)
        if not args or len(args) > 2 or any(a.star for a in args):
            return updated_node
        stream = args[0]
        if stream.keyword is not None and stream.keyword.value != "stream":
            return updated_node
        if len(args) == 2:
            loader = args[1]
            if loader.keyword is not None and loader.keyword.value != "Loader":
                return updated_node
            if not self.resolves_to(loader.value, PYYAML_UNSAFE_LOADERS):
                return updated_node
        first = updated_node.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(
            func=cast(cst.Attribute, updated_node.func).with_changes(attr=cst.Name("safe_load")),
            args=[first],
        )
