"""The deprecated-API table: one :class:`Api` per row of ``data/*.toml``.

The TOML files are the reviewed source of truth (``data/stdlib.toml`` for CPython,
``data/thirdparty.toml`` for packages). Parsing TOML costs about 30 ms for the whole table,
which a pre-commit run on five files should not pay, so the rows are also kept, already
normalised, in ``data/index.json`` (about 1 ms to read). The index is generated from the TOML
files by ``python -m outrider.checks.deprecations.data --write-index``; a test fails when it is
out of date. Both paths run the same schema validation, so a bad row is a :class:`DataError`
naming the file, the row and the field, never a half-loaded table.

Nothing here is imported or read when the deprecation check module is imported: the check
calls :func:`load_stdlib` / :func:`load_thirdparty` when it first needs the table, and the
result is cached for the process.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
INDEX = DATA_DIR / "index.json"
#: Table name -> the TOML file it is generated from.
SOURCES = {"stdlib": "stdlib.toml", "thirdparty": "thirdparty.toml"}

KINDS = frozenset(
    {"module", "class", "function", "method", "attribute", "constant", "argument", "argument-value"}
)
STATUSES = frozenset({"deprecated", "pending", "soft", "removed", "undeprecated"})
FIXES = frozenset({"rename", "import-move", "argument-change", "manual"})
SIGNALS = frozenset({"DeprecationWarning", "PendingDeprecationWarning", "FutureWarning", "none"})
PLATFORMS = frozenset({"", "win32", "unix", "linux", "darwin"})
VERSION_FIELDS = ("added", "deprecated", "signal_from", "removed", "planned", "undeprecated")

_VERSION = re.compile(r"\d+(?:\.\d+){0,3}")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PACKAGE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


class DataError(ValueError):
    """A row of the deprecation table breaks the schema."""


@dataclasses.dataclass(frozen=True, slots=True)
class Api:
    """One deprecated, removed or undeprecated API.

    Versions are strings as written in the table (``"3.12"``; for third-party rows the
    package's own versions, e.g. ``"2.0"``); the ``*_version`` helpers give them as tuples.
    String fields that a row omits are ``""``.
    """

    name: str
    kind: str
    status: str
    deprecated: str | None = None
    removed: str | None = None
    planned: str | None = None
    undeprecated: str | None = None
    replacement: str = ""
    fix: str = "manual"
    fix_to: str = ""
    argument: str = ""
    position: int | None = None
    value: object = None
    receiver: str = ""
    signal: str = "none"
    probe: str = ""
    source: str = ""
    package: str = ""
    note: str = ""
    #: First version that has the API at all (verification ranges; omit when older than 3.8).
    added: str | None = None
    #: First version whose run-time warning fires, when later than ``deprecated`` (docs first).
    signal_from: str | None = None
    #: Where the API exists: "win32", "unix" (not Windows), "linux", "darwin"; "" for all.
    platform: str = ""

    # -- versions as tuples -------------------------------------------------------------------

    def deprecated_version(self) -> tuple[int, ...] | None:
        return version_tuple(self.deprecated)

    def removed_version(self) -> tuple[int, ...] | None:
        return version_tuple(self.removed)

    def planned_version(self) -> tuple[int, ...] | None:
        return version_tuple(self.planned)

    def undeprecated_version(self) -> tuple[int, ...] | None:
        return version_tuple(self.undeprecated)

    def added_version(self) -> tuple[int, ...] | None:
        return version_tuple(self.added)

    def signal_version(self) -> tuple[int, ...] | None:
        """First version whose use raises :attr:`signal` (``signal_from``, else ``deprecated``)."""
        return version_tuple(self.signal_from or self.deprecated)

    # -- convenience ----------------------------------------------------------------------------

    @property
    def module(self) -> str:
        """The importable module part of :attr:`name` for a module row, else its first part.

        Rows name APIs the way users write them; the module of ``a.b.C.meth`` is not
        recoverable without importing, so this is only the first component (or the whole name
        for ``kind = "module"``).
        """
        return self.name if self.kind == "module" else self.name.split(".", 1)[0]

    @property
    def attr(self) -> str:
        """The last component of :attr:`name` (what attribute-name matching keys on)."""
        return self.name.rpartition(".")[2]

    @property
    def fixable(self) -> bool:
        """Whether the row's fix is mechanical (a rename or an import move)."""
        return self.fix in {"rename", "import-move"}

    @property
    def third_party(self) -> bool:
        return bool(self.package)

    def active(self, version: Sequence[int]) -> str:
        """The row's state for a target version: "removed", "deprecated", "planned" or "".

        "deprecated" covers deprecated, pending and soft rows from their ``deprecated`` version
        on; an undeprecated row is "" from its ``undeprecated`` version on.
        """
        v = tuple(version)
        removed = self.removed_version()
        if removed is not None and v >= removed:
            return "removed"
        undeprecated = self.undeprecated_version()
        if undeprecated is not None and v >= undeprecated:
            return ""
        deprecated = self.deprecated_version()
        if deprecated is not None and v >= deprecated:
            return "deprecated"
        return ""


def version_tuple(text: str | None) -> tuple[int, ...] | None:
    """``"3.12"`` -> ``(3, 12)``; ``None`` stays ``None``."""
    if text is None:
        return None
    return tuple(int(part) for part in text.split("."))


# -- validation ---------------------------------------------------------------------------------

_FIELDS: dict[str, dataclasses.Field[Any]] = {f.name: f for f in dataclasses.fields(Api)}
_STRING_FIELDS = frozenset(
    name
    for name, f in _FIELDS.items()
    if name not in {"position", "value"} and name not in VERSION_FIELDS
)


def validate_row(row: Mapping[str, Any], where: str, *, compile_probe: bool = False) -> Api:
    """Check one raw row against the schema and return it as an :class:`Api`.

    ``where`` names the row in errors (``"stdlib.toml row 12 (name)"``). Compiling the probe
    costs more than everything else together, so only the TOML path (tests, index builds) asks
    for it; the index was built from rows that passed it.
    """
    name = row.get("name")
    where = f"{where} ({name})" if isinstance(name, str) else where

    def fail(field: str, problem: str) -> DataError:
        return DataError(f"{where}: {field}: {problem}")

    for key in row:
        if key not in _FIELDS:
            raise fail(key, f"unknown field (known: {', '.join(sorted(_FIELDS))})")
    for key in ("name", "kind", "status", "source"):
        if not row.get(key):
            raise fail(key, "required")
    values: dict[str, Any] = {}
    for key, value in row.items():
        if key in _STRING_FIELDS or key in VERSION_FIELDS:
            if not isinstance(value, str):
                raise fail(key, f"must be a string, not {type(value).__name__}")
            if key in VERSION_FIELDS and not _VERSION.fullmatch(value):
                raise fail(key, f"{value!r} is not a version like '3.12'")
        elif key == "position":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise fail(key, "must be a non-negative integer")
        elif key == "value" and not isinstance(value, str | int | bool | float):
            raise fail(key, "must be a string, integer, float or boolean")
        values[key] = value
    api = Api(**values)

    if not _DOTTED.fullmatch(api.name):
        raise fail("name", "must be a dotted name")
    if api.kind not in KINDS:
        raise fail("kind", f"{api.kind!r} is not one of {', '.join(sorted(KINDS))}")
    if api.status not in STATUSES:
        raise fail("status", f"{api.status!r} is not one of {', '.join(sorted(STATUSES))}")
    if api.fix not in FIXES:
        raise fail("fix", f"{api.fix!r} is not one of {', '.join(sorted(FIXES))}")
    if api.signal not in SIGNALS:
        raise fail("signal", f"{api.signal!r} is not one of {', '.join(sorted(SIGNALS))}")
    if not api.source.startswith("https://"):
        raise fail("source", "must be an https:// URL")
    if api.platform not in PLATFORMS:
        raise fail("platform", f"{api.platform!r} is not one of {', '.join(sorted(PLATFORMS))}")
    if api.package and not _PACKAGE.fullmatch(api.package):
        raise fail("package", f"{api.package!r} is not a distribution name")

    # Status and versions agree.
    if api.status == "removed":
        if api.removed is None:
            raise fail("removed", "required when status is 'removed'")
        if api.planned is not None:
            raise fail("planned", "a removed row has no planned removal")
    elif api.removed is not None:
        raise fail("status", f"is {api.status!r} but the row has removed = {api.removed!r}")
    if api.status == "undeprecated":
        if api.undeprecated is None:
            raise fail("undeprecated", "required when status is 'undeprecated'")
        if api.planned is not None:
            raise fail("planned", "an undeprecated row has no planned removal")
    elif api.undeprecated is not None:
        raise fail("status", f"is {api.status!r} but the row has undeprecated set")
    if api.status in {"deprecated", "pending", "undeprecated"} and api.deprecated is None:
        raise fail("deprecated", f"required when status is {api.status!r}")
    if api.status == "soft":
        if api.planned is not None:
            raise fail("planned", "a soft deprecation has no planned removal")
        if api.signal != "none":
            raise fail("signal", "a soft deprecation raises nothing at run time")
    if api.status == "pending" and api.signal not in {"PendingDeprecationWarning", "none"}:
        raise fail("signal", "a pending deprecation raises PendingDeprecationWarning or nothing")
    order = [
        (f, version_tuple(getattr(api, f)))
        for f in ("added", "deprecated", "signal_from", "undeprecated")
    ]
    last: tuple[str, tuple[int, ...]] | None = None
    for field, version in order:
        if version is None:
            continue
        if last is not None and version < last[1]:
            raise fail(field, f"{getattr(api, field)} is before {last[0]}")
        last = (field, version)
    for field in ("removed", "planned"):
        version = version_tuple(getattr(api, field))
        if version is None:
            continue
        for earlier in ("added", "deprecated", "signal_from"):
            other = version_tuple(getattr(api, earlier))
            if other is not None and version <= other:
                raise fail(field, f"{getattr(api, field)} is not after {earlier}")
    if api.signal_from is not None and api.deprecated is None:
        raise fail("signal_from", "needs deprecated")

    # Fix.
    if api.fix in {"rename", "import-move"}:
        if not api.fix_to:
            raise fail("fix_to", f"required when fix is {api.fix!r}")
        pattern = _IDENT if api.fix == "rename" else _DOTTED
        if not pattern.fullmatch(api.fix_to):
            what = "an identifier" if api.fix == "rename" else "a dotted name"
            raise fail("fix_to", f"must be {what} for fix {api.fix!r}")
    elif api.fix == "manual" and api.fix_to:
        raise fail("fix_to", "a manual fix has no fix_to")

    # Kind-specific fields.
    if api.kind in {"argument", "argument-value"}:
        if not _IDENT.fullmatch(api.argument):
            raise fail("argument", f"an identifier is required for kind {api.kind!r}")
    elif api.argument or api.position is not None:
        raise fail("argument", f"only argument rows have argument/position, not {api.kind!r}")
    if api.kind == "argument-value":
        if api.value is None:
            raise fail("value", "required for kind 'argument-value'")
    elif api.value is not None:
        raise fail("value", f"only argument-value rows have a value, not {api.kind!r}")
    if api.kind == "method":
        if not api.receiver:
            raise fail("receiver", "required for methods ('self', 'any' or a class name)")
        if api.receiver not in {"self", "any"} and not _DOTTED.fullmatch(api.receiver):
            raise fail("receiver", "must be 'self', 'any' or a class name")
    if api.kind == "module" and api.fix == "rename":
        raise fail("fix", "a module is moved with 'import-move', not renamed")

    # Verification.
    if api.signal != "none" and not api.probe:
        raise fail("probe", f"required when signal is {api.signal!r}")
    if api.probe and compile_probe:
        try:
            compile(api.probe, f"<probe of {api.name}>", "exec", dont_inherit=True)
        except SyntaxError as exc:
            raise fail("probe", f"does not compile: {exc.msg}") from None
    return api


def validate_table(apis: Iterable[Api], table: str) -> None:
    """Checks across rows: no duplicates; stdlib rows have no package, third-party rows do."""
    seen: dict[tuple[str, str, str, str], int] = {}
    for number, api in enumerate(apis, 1):
        key = (api.name, api.kind, api.argument, repr(api.value))
        if key in seen:
            raise DataError(
                f"{table} row {number} ({api.name}): duplicate of row {seen[key]}"
                " (same name, kind, argument and value)"
            )
        seen[key] = number
        if table == "stdlib" and api.package:
            raise DataError(f"{table} row {number} ({api.name}): package: stdlib rows have none")
        if table == "thirdparty" and not api.package:
            raise DataError(f"{table} row {number} ({api.name}): package: required")


# -- loading ------------------------------------------------------------------------------------


def _load_toml(path: Path) -> list[dict[str, Any]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path.name}: {exc}") from None
    extra = set(document) - {"api"}
    if extra:
        raise DataError(f"{path.name}: unknown top-level key(s): {', '.join(sorted(extra))}")
    rows = document.get("api", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DataError(f"{path.name}: 'api' must be an array of tables ([[api]])")
    return rows


def parse_rows(
    rows: Sequence[Mapping[str, Any]], table: str, filename: str, *, compile_probe: bool = False
) -> tuple[Api, ...]:
    """Validate raw rows (from TOML or the index) and return them as :class:`Api` values."""
    apis = tuple(
        validate_row(row, f"{filename} row {n}", compile_probe=compile_probe)
        for n, row in enumerate(rows, 1)
    )
    validate_table(apis, table)
    return apis


def load_toml(table: str, data_dir: Path | None = None) -> tuple[Api, ...]:
    """Read and validate one table from its TOML source (slow path: tests and the index)."""
    filename = SOURCES[table]
    return parse_rows(
        _load_toml((data_dir or DATA_DIR) / filename), table, filename, compile_probe=True
    )


def _compact(api: Api) -> dict[str, Any]:
    """An Api as a dict without its default values, in field order."""
    return {
        f.name: getattr(api, f.name)
        for f in dataclasses.fields(api)
        if getattr(api, f.name) != f.default
    }


def render_index(data_dir: Path | None = None) -> str:
    """The text of ``index.json`` for the TOML files in ``data_dir``: one row a line."""
    lines = ["{"]
    for t, table in enumerate(SOURCES):
        rows = [json.dumps(_compact(api), ensure_ascii=False) for api in load_toml(table, data_dir)]
        lines.append(f'"{table}": [')
        lines.extend(f"{row}{',' if i < len(rows) - 1 else ''}" for i, row in enumerate(rows))
        lines.append("]," if t < len(SOURCES) - 1 else "]")
    lines.append("}")
    return "\n".join(lines) + "\n"


@functools.cache
def _index() -> dict[str, Any]:
    try:
        document = json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{INDEX.name}: cannot be read ({exc})") from None
    if not isinstance(document, dict):
        raise DataError(f"{INDEX.name}: must hold an object")
    return document


def _load(table: str) -> tuple[Api, ...]:
    rows = _index().get(table)
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DataError(f"{INDEX.name}: {table!r} must be a list of rows")
    return parse_rows(rows, table, INDEX.name)


@functools.cache
def load_stdlib() -> tuple[Api, ...]:
    """Every CPython row, validated; cached for the process."""
    return _load("stdlib")


@functools.cache
def load_thirdparty() -> tuple[Api, ...]:
    """Every third-party row (``package`` set), validated; cached for the process."""
    return _load("thirdparty")


@functools.cache
def by_name() -> Mapping[str, tuple[Api, ...]]:
    """Rows of both tables keyed by qualified name (several rows for argument rows)."""
    index: dict[str, list[Api]] = {}
    for api in load_stdlib() + load_thirdparty():
        index.setdefault(api.name, []).append(api)
    return {name: tuple(apis) for name, apis in index.items()}


@functools.cache
def methods_by_attr() -> Mapping[str, tuple[Api, ...]]:
    """Method rows keyed by their attribute name (``"assertEquals"``), for receiver matching."""
    index: dict[str, list[Api]] = {}
    for api in load_stdlib() + load_thirdparty():
        if api.kind == "method":
            index.setdefault(api.attr, []).append(api)
    return {attr: tuple(apis) for attr, apis in index.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """``--write-index`` regenerates index.json; ``--check`` fails when it is stale."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m outrider.checks.deprecations.data")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write-index", action="store_true", help="regenerate data/index.json")
    group.add_argument("--check", action="store_true", help="exit 1 when index.json is stale")
    args = parser.parse_args(argv)
    try:
        text = render_index()
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    current = INDEX.read_text(encoding="utf-8") if INDEX.exists() else ""
    if args.check:
        if current != text:
            print(f"{INDEX.name} is out of date: run with --write-index", file=sys.stderr)
            return 1
        return 0
    if current != text:
        INDEX.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
