"""The deprecation table arranged for lookup, and how a row applies to the project's targets.

Built once per process from the data engineer's rows (``data.load_stdlib`` and
``data.load_thirdparty``), lazily: importing the check never reads the table.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from outrider.checks.deprecations.versions import Version, parse_version

if TYPE_CHECKING:
    from outrider.checks.deprecations.data import Api

BUILTIN_NAMES = frozenset(dir(builtins))

#: Kinds matched by their qualified name where they are used.
NAME_KINDS = frozenset({"class", "function", "method", "attribute", "constant"})
ARGUMENT_KINDS = frozenset({"argument", "argument-value"})


def qualified(api: Api) -> str:
    """The row's name as the resolver spells it: builtins get their module."""
    name = api.name
    if "." not in name and name in BUILTIN_NAMES:
        return f"builtins.{name}"
    return name


def leaf(name: str) -> str:
    return name.rpartition(".")[2]


@dataclasses.dataclass(frozen=True)
class Index:
    """Rows by the ways code can reach them."""

    #: Module rows by module name (``xml.etree.cElementTree``, ``imp``).
    modules: Mapping[str, tuple[Api, ...]]
    #: Class/function/method/attribute/constant rows by qualified name.
    names: Mapping[str, tuple[Api, ...]]
    #: Method and attribute rows with a receiver hint, by attribute name.
    attrs: Mapping[str, tuple[Api, ...]]
    #: Argument rows by the qualified name of the callable.
    calls: Mapping[str, tuple[Api, ...]]
    #: Words a file must contain for a row to be possible in it (prefilter): the last
    #: part of each row's name (what the walk keys on) ...
    words: frozenset[str]
    #: ... and, by word, the first parts of the names whose last part it is; a word counts
    #: only if the file also holds one of them ("" when a receiver hint needs none).
    roots: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    #: Words that only soft-deprecated rows need (dropped unless DEP104 is on).
    soft_only: frozenset[str] = frozenset()
    #: Argument rows of methods with a receiver hint, by method name (``addCleanup`` for
    #: ``self.addCleanup(function=f)``), for calls whose receiver does not resolve.
    call_attrs: Mapping[str, tuple[Api, ...]] = dataclasses.field(default_factory=dict)


def build(rows: Iterable[Api]) -> Index:
    modules: dict[str, list[Api]] = {}
    names: dict[str, list[Api]] = {}
    attrs: dict[str, list[Api]] = {}
    calls: dict[str, list[Api]] = {}
    call_attrs: dict[str, list[Api]] = {}
    roots: dict[str, set[str]] = {}
    hard: set[str] = set()

    def need(word: str, root: str, api: Api) -> None:
        roots.setdefault(word, set()).add(root)
        if api.status != "soft":
            hard.add(word)

    for api in rows:
        name = qualified(api)
        if api.kind == "module":
            modules.setdefault(name, []).append(api)
            need(leaf(name), name.split(".", 1)[0], api)
        elif api.kind in ARGUMENT_KINDS:
            func = name
            if func.endswith("." + api.argument) and func.count(".") > 1 and not api.receiver:
                # Written as the parameter's own dotted name: the callable is the prefix (a
                # row with a receiver hint names a method, which may share its parameter's
                # name: ``contextlib.ExitStack.callback(callback)``).
                func = func.rpartition(".")[0]
            calls.setdefault(func, []).append(api)
            need(leaf(func), "" if func.startswith("builtins.") else func.split(".", 1)[0], api)
            if api.receiver:
                call_attrs.setdefault(leaf(func), []).append(api)
                need(leaf(func), "", api)
        elif api.kind in NAME_KINDS:
            names.setdefault(name, []).append(api)
            need(leaf(name), name.split(".", 1)[0], api)
            if api.receiver and api.kind in ("method", "attribute"):
                attrs.setdefault(leaf(name), []).append(api)
                need(leaf(name), "", api)
    return Index(
        modules={k: tuple(v) for k, v in modules.items()},
        names={k: tuple(v) for k, v in names.items()},
        attrs={k: tuple(v) for k, v in attrs.items()},
        calls={k: tuple(v) for k, v in calls.items()},
        words=frozenset(roots),
        roots={k: frozenset(v) for k, v in roots.items()},
        soft_only=frozenset(roots) - hard,
        call_attrs={k: tuple(v) for k, v in call_attrs.items()},
    )


@functools.cache
def default_index() -> Index:
    from outrider.checks.deprecations.data import load_stdlib, load_thirdparty

    return build(load_stdlib() + load_thirdparty())


# -- how a row applies --------------------------------------------------------------------

#: Codes, by what a row means for the project.
REMOVED = "DEP101"
DEPRECATED = "DEP102"
PENDING = "DEP103"
SOFT = "DEP104"
TP_REMOVED = "DEP201"
TP_DEPRECATED = "DEP202"
TP_UNKNOWN = "DEP203"


@dataclasses.dataclass(frozen=True)
class Verdict:
    code: str
    message: str


def _v(version: tuple[int, ...] | None) -> str:
    return ".".join(map(str, version)) if version else "?"


def stdlib_verdict(api: Api, targets: frozenset[Version], *, soft: bool) -> Verdict | None:
    """The code a use of ``api`` gets when the code can run on ``targets``; None if fine."""
    from outrider.checks.deprecations.versions import describe

    if not targets:
        return None
    deprecated = parse_version(api.deprecated)
    removed = parse_version(api.removed)
    planned = parse_version(api.planned)
    restored = parse_version(api.undeprecated)
    name = f"`{api.name}`"
    if api.kind in ARGUMENT_KINDS:
        name = _argument_text(api)
    hint = _replacement(api)
    if removed is not None:
        broken = [t for t in targets if t >= removed[:2]]
        if broken:
            return Verdict(
                REMOVED,
                f"{name} was removed in Python {_v(removed)}, a targeted version "
                f"({describe(broken)}): this will break{hint}",
            )
    if api.status == "soft":
        if not soft:
            return None
        if deprecated is not None and not any(t >= deprecated[:2] for t in targets):
            return None
        since = f" since Python {_v(deprecated)}" if deprecated else ""
        return Verdict(SOFT, f"{name} is soft-deprecated{since} (no removal planned){hint}")
    if deprecated is None:
        return None
    window = [
        t
        for t in targets
        if t >= deprecated[:2]
        and (restored is None or t < restored[:2])
        and (removed is None or t < removed[:2])
    ]
    if not window:
        return None
    if api.status == "pending":
        return Verdict(
            PENDING, f"{name} is pending deprecation since Python {_v(deprecated)}{hint}"
        )
    extra = ""
    if removed is not None:
        extra = f", removed in {_v(removed)}"
    elif planned is not None:
        targeted = " (a targeted version)" if any(t >= planned[:2] for t in targets) else ""
        extra = f", removal planned for {_v(planned)}{targeted}"
    elif restored is not None:
        extra = f" in {describe(window)} (restored in {_v(restored)})"
    return Verdict(DEPRECATED, f"{name} is deprecated since Python {_v(deprecated)}{extra}{hint}")


def thirdparty_verdict(
    api: Api, version: tuple[int, ...] | None, origin: str, *, soft: bool
) -> Verdict | None:
    """The code a use of a third-party ``api`` gets with the package version in use."""
    package = api.package
    deprecated = parse_version(api.deprecated)
    removed = parse_version(api.removed)
    restored = parse_version(api.undeprecated)
    name = _argument_text(api) if api.kind in ARGUMENT_KINDS else f"`{api.name}`"
    hint = _replacement(api)
    if api.status == "soft" and not soft:
        return None
    if version is None:
        when = (
            f"removed in {package} {_v(removed)}"
            if removed
            else f"deprecated in {package} {_v(deprecated)}"
        )
        return Verdict(
            TP_UNKNOWN,
            f"{name} is {when}; the version of {package} this project uses is unknown{hint}",
        )
    uses = f"this project uses {package} {_v(version)} ({origin})"
    if removed is not None and version >= removed:
        return Verdict(TP_REMOVED, f"{name} was removed in {package} {_v(removed)}; {uses}{hint}")
    if deprecated is None or version < deprecated:
        return None
    if restored is not None and version >= restored:
        return None
    if api.status == "soft":
        return Verdict(
            SOFT, f"{name} is soft-deprecated in {package} {_v(deprecated)}; {uses}{hint}"
        )
    planned = f", removed in {_v(removed)}" if removed else ""
    return Verdict(
        TP_DEPRECATED,
        f"{name} is deprecated since {package} {_v(deprecated)}{planned}; {uses}{hint}",
    )


def _argument_text(api: Api) -> str:
    func = api.name
    if func.endswith("." + api.argument) and func.count(".") > 1 and not api.receiver:
        func = func.rpartition(".")[0]
    if api.kind == "argument-value":
        return f"`{func}({api.argument}={api.value!r})`"
    return f"the `{api.argument}` argument of `{func}`"


def _replacement(api: Api) -> str:
    if api.replacement:
        return f"; use `{api.replacement}`"
    if api.fix in ("rename", "import-move") and api.fix_to:
        if api.fix == "rename":
            return f"; use `{api.name.rpartition('.')[0]}.{api.fix_to}`".replace("`.", "`")
        return f"; use `{api.fix_to}`"
    return ""
