"""``[tool.outrider]`` in pyproject.toml, validated key by key.

An unknown key or a bad value is a :class:`~outrider.model.ConfigError` naming the key, so
a typo never silently turns a check off.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from outrider.files import DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_SIZE
from outrider.model import ConfigError, Level

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: Python minor versions outrider knows the behaviour of, oldest first.
KNOWN_VERSIONS: tuple[tuple[int, int], ...] = tuple((3, m) for m in range(8, 16))

CODE_SELECTOR = re.compile(r"^[A-Z]+[0-9]*$")

TOP_LEVEL_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "target-version",
    "max-file-size",
    "min-severity",
    "min-confidence",
)


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything a run is configured with, after defaults, config file and CLI are merged."""

    root: str = "."
    config_path: str | None = None
    select: tuple[str, ...] = ()
    # Added to `select` (or to everything, when `select` is empty); naming a rule that is off
    # by default here turns it on.
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    target_versions: tuple[tuple[int, int], ...] = KNOWN_VERSIONS
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    min_severity: Level = Level.UNDEFINED
    min_confidence: Level = Level.UNDEFINED
    unsafe_fixes: bool = False
    # Per-check tables, validated by the checks themselves.
    check_tables: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    # The pyproject.toml that holds [tool.bandit], if any.
    bandit_config: str | None = None
    # The [project] table, for checks that need to know what the project is.
    project: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def selects(self, code: str, extra_ignore: tuple[str, ...] = ()) -> bool:
        """Whether ``code`` is reported: ruff's rule, the longest matching prefix wins."""
        best_select = max(
            (len(p) for p in (*(self.select or ("",)), *self.extend_select) if code.startswith(p)),
            default=-1,
        )
        best_ignore = max(
            (len(p) for p in (*self.ignore, *extra_ignore) if code.startswith(p)), default=-1
        )
        return best_select >= 0 and best_select > best_ignore

    def names_exactly(self, code: str) -> bool:
        """Whether ``code`` itself (not a prefix of it) is in select or extend-select: how a
        rule that is off by default is turned on."""
        return code in self.select or code in self.extend_select

    def table(self, check: str) -> Mapping[str, Any]:
        for name, table in self.check_tables:
            if name == check:
                return table
        return {}

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def find_config(start: str) -> str | None:
    """The nearest pyproject.toml at or above ``start`` that has ``[tool.outrider]``.

    Falling back to the nearest pyproject.toml of any kind, so that ``requires-python``
    and ``[tool.bandit]`` are honoured in projects that have not configured outrider.
    """
    nearest: str | None = None
    current = os.path.abspath(start)
    while True:
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate):
            if nearest is None:
                nearest = candidate
            try:
                with open(candidate, "rb") as f:
                    if b"[tool.outrider" in f.read():
                        return candidate
            except OSError:
                pass
        parent = os.path.dirname(current)
        if parent == current:
            return nearest
        current = parent


def load_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            doc: dict[str, Any] = tomllib.load(f)
            return doc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _str_list(key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def _codes(key: str, value: object) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in _str_list(key, value))
    for code in codes:
        if not CODE_SELECTOR.match(code):
            raise ConfigError(
                f"{key}: {code!r} is not a rule code or code prefix (like OUT5 or OUT501)"
            )
    return codes


def parse_codes(key: str, text: str) -> tuple[str, ...]:
    """A comma-separated command-line list of codes."""
    return _codes(key, [c for c in text.split(",") if c.strip()])


def parse_level(key: str, value: object) -> Level:
    if not isinstance(value, str):
        raise ConfigError(f"{key}: expected low, medium or high, got {value!r}")
    try:
        return Level.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}") from None


def parse_size(key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConfigError(f"{key}: expected a size like 10485760 or '10MB', got {value!r}")
    if isinstance(value, int):
        size = value
    else:
        m = re.fullmatch(r"\s*(\d+)\s*([KMG]?)B?\s*", value, re.IGNORECASE)
        if not m:
            raise ConfigError(f"{key}: expected a size like 10485760 or '10MB', got {value!r}")
        size = int(m.group(1)) * 1024 ** " KMG".index((m.group(2) or " ").upper())
    if size <= 0:
        raise ConfigError(f"{key}: must be positive, got {value!r}")
    return size


def parse_target_versions(key: str, value: object) -> tuple[tuple[int, int], ...]:
    """``"3.10"`` / ``"py310"`` (a minimum), a specifier (``">=3.9,<3.13"``), or a list."""
    if isinstance(value, list):
        versions: set[tuple[int, int]] = set()
        for item in value:
            versions.update(_one_target(key, item, exact=True))
        return tuple(sorted(versions))
    return _one_target(key, value, exact=False)


def _one_target(key: str, value: object, *, exact: bool) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, str):
        raise ConfigError(f"{key}: expected a version like '3.10', got {value!r}")
    text = value.strip()
    m = re.fullmatch(r"(?:py)?3\.?(\d+)", text)
    if m:
        minor = (3, int(m.group(1)))
        if minor not in KNOWN_VERSIONS:
            known = ", ".join(f"3.{v[1]}" for v in KNOWN_VERSIONS)
            raise ConfigError(f"{key}: unknown Python version {value!r} (known: {known})")
        if exact:
            return (minor,)
        return tuple(v for v in KNOWN_VERSIONS if v >= minor)
    return versions_from_specifier(key, text)


def versions_from_specifier(key: str, spec: str) -> tuple[tuple[int, int], ...]:
    """Known minor versions that have at least one release ``spec`` admits."""
    try:
        specifier = SpecifierSet(spec)
    except InvalidSpecifier:
        raise ConfigError(f"{key}: {spec!r} is neither a version nor a specifier") from None
    chosen = tuple(
        v
        for v in KNOWN_VERSIONS
        if any(specifier.contains(f"{v[0]}.{v[1]}.{patch}") for patch in range(40))
    )
    if not chosen:
        raise ConfigError(f"{key}: {spec!r} admits no Python version outrider knows")
    return chosen


def load_settings(
    config_path: str | None,
    *,
    check_names: Sequence[str],
    isolated: bool = False,
    cwd: str = ".",
) -> Settings:
    """Read configuration (explicit file, or discovered from ``cwd``) into Settings."""
    if isolated:
        return Settings(root=os.path.abspath(cwd))
    explicit = config_path is not None
    path = config_path if explicit else find_config(cwd)
    if path is None:
        return Settings(root=os.path.abspath(cwd))
    if explicit and not os.path.isfile(path):
        raise ConfigError(f"{path}: configuration file not found")
    doc = load_toml(path)
    tool = doc.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table")
    where = "tool.outrider"
    if "outrider" in tool:
        table = tool["outrider"]
    elif explicit and os.path.basename(path) != "pyproject.toml":
        table, where = doc, ""  # a dedicated outrider.toml holds the keys at top level
    else:
        table = {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{where}] must be a table")
    project = doc.get("project", {}) if where else {}
    if not isinstance(project, dict):
        raise ConfigError(f"{path}: [project] must be a table")
    settings = Settings(
        root=os.path.dirname(os.path.abspath(path)),
        config_path=path,
        project=project,
        bandit_config=path if isinstance(tool.get("bandit"), dict) else None,
    )
    requires = project.get("requires-python")
    if isinstance(requires, str):
        settings = settings.replace(
            target_versions=versions_from_specifier(f"{path}: project.requires-python", requires)
        )
    return apply_table(settings, table, path, where, check_names)


def apply_table(
    settings: Settings,
    table: Mapping[str, Any],
    path: str,
    where: str,
    check_names: Sequence[str],
) -> Settings:
    prefix = f"{path}: {where + '.' if where else ''}"
    changes: dict[str, Any] = {}
    tables: list[tuple[str, Mapping[str, Any]]] = []
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    exclude = settings.exclude
    extend_exclude: tuple[str, ...] = ()
    for key, value in table.items():
        name = prefix + key
        if key == "select":
            select = _codes(name, value)
        elif key == "extend-select":
            extend_select = _codes(name, value)
        elif key == "ignore":
            changes["ignore"] = _codes(name, value)
        elif key == "exclude":
            exclude = _str_list(name, value)
        elif key == "extend-exclude":
            extend_exclude = _str_list(name, value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{name}: expected a table of glob = [codes]")
            changes["per_file_ignores"] = tuple(
                (str(glob), _codes(f"{name}.{glob}", codes)) for glob, codes in value.items()
            )
        elif key == "target-version":
            changes["target_versions"] = parse_target_versions(name, value)
        elif key == "max-file-size":
            changes["max_file_size"] = parse_size(name, value)
        elif key == "min-severity":
            changes["min_severity"] = parse_level(name, value)
        elif key == "min-confidence":
            changes["min_confidence"] = parse_level(name, value)
        elif key in check_names:
            if not isinstance(value, dict):
                raise ConfigError(f"{name}: expected a table of settings for the {key} check")
            tables.append((key, value))
        else:
            known = ", ".join(sorted((*TOP_LEVEL_KEYS, *check_names)))
            raise ConfigError(f"{name}: unknown key (known keys: {known})")
    if select:
        changes["select"] = select
    if extend_select:
        changes["extend_select"] = extend_select
    changes["exclude"] = exclude + extend_exclude
    changes["check_tables"] = tuple(tables)
    return settings.replace(**changes)
