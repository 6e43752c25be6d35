"""The ``pins`` check: pinning policy, hashes, mutable references, indexes and transport,
and look-alike names, over every Python dependency format.

Routing is by file name (:func:`format_of`); each file is parsed into a
:class:`~outrider.checks.pins.manifest.Manifest` and judged here. Project context (is this
an application or a library, which lock file covers which names) is read from the files
next to the one checked, once per process.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from outrider.checks import Check
from outrider.model import ConfigError, Finding, Result, Rule

if TYPE_CHECKING:
    from outrider.checks.pins.typosquat import Squat
    from outrider.files import SourceFile

_REQ_SUFFIXES = (".txt", ".in", ".pip")
_REQ_DIRS = frozenset({"requirements", "reqs", "constraints", "requirements.d"})
_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock", "pylock.toml")
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
PROJECT_KINDS = ("auto", "application", "library")


def format_of(path: str) -> str | None:
    """The dependency format a file is in, from its path alone."""
    norm = path.replace("\\", "/")
    base = norm.rsplit("/", 1)[-1]
    lower = base.lower()
    if base == "pyproject.toml":
        return "pyproject"
    if base == "setup.cfg":
        return "setup.cfg"
    if base == "Pipfile":
        return "Pipfile"
    if base == "Pipfile.lock":
        return "Pipfile.lock"
    if base in ("poetry.lock", "pdm.lock", "uv.lock"):
        return base
    if base == "pylock.toml" or (base.startswith("pylock.") and base.endswith(".toml")):
        return "pylock"
    if base in (".pre-commit-config.yaml", ".pre-commit-config.yml"):
        return "pre-commit"
    if lower.endswith((".yml", ".yaml")):
        if "/.github/workflows/" in "/" + norm:
            return "workflow"
        if base in ("action.yml", "action.yaml"):
            return "workflow"
        return None
    if lower.endswith(_REQ_SUFFIXES):
        parent = norm.rsplit("/", 2)[-2].lower() if "/" in norm else ""
        if "requirement" in lower or "constraint" in lower or parent in _REQ_DIRS:
            return "requirements"
    return None


class PinsCheck(Check):
    name = "pins"
    description = (
        "Pins, hashes, mutable references, indexes and transport, and look-alike names in "
        "requirements files, pyproject.toml, setup.cfg, Pipfile, lock files, pre-commit "
        "configuration and GitHub workflows"
    )
    config_keys = ("project", "require-hashes", "typosquat-allow")

    def configure(self, table: Mapping[str, Any]) -> None:
        project = table.get("project", "auto")
        if project not in PROJECT_KINDS:
            raise ConfigError(
                f"tool.outrider.pins.project: expected one of {', '.join(PROJECT_KINDS)}, "
                f"got {project!r}"
            )
        self.project_kind: str = project
        require = table.get("require-hashes", False)
        if not isinstance(require, bool):
            raise ConfigError(
                f"tool.outrider.pins.require-hashes: expected true or false, got {require!r}"
            )
        self.require_hashes: bool = require
        allow = table.get("typosquat-allow", [])
        if not isinstance(allow, list) or not all(isinstance(a, str) for a in allow):
            raise ConfigError(
                f"tool.outrider.pins.typosquat-allow: expected a list of names, got {allow!r}"
            )
        self.typosquat_allow: tuple[str, ...] = tuple(allow)
        self._context: _Context | None = None

    def wants(self, path: str) -> bool:
        return format_of(path) is not None

    def rules(self) -> list[Rule]:
        from outrider.checks.pins.rules import all_rules

        return list(all_rules())

    def _ctx(self) -> _Context:
        if self._context is None:
            self._context = _Context(self)
        return self._context

    def check_file(self, source: SourceFile) -> Result:
        fmt = format_of(source.path)
        if fmt is None:  # pragma: no cover - routed here by wants()
            return Result()
        return self._ctx().run(source, fmt)


# -- project context ----------------------------------------------------------------------


def _read_text(path: str, limit: int) -> str | None:
    try:
        if os.path.getsize(path) > limit:
            return None
        with open(path, "rb") as f:
            return f.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


class _Context:
    """Per-process state: rules, project kinds and lock contents by directory."""

    def __init__(self, check: PinsCheck) -> None:
        from outrider.checks.pins.rules import all_rules

        self.check = check
        self.rules = {r.code: r for r in all_rules()}
        self.limit = check.settings.max_file_size
        self._kinds: dict[str, str] = {}
        self._names: dict[str, frozenset[str] | None] = {}

    # project kind ------------------------------------------------------------------
    def project_kind(self, directory: str) -> tuple[str, str | None]:
        """("application" | "library", the pyproject.toml that decided it)."""
        if self.check.project_kind != "auto":
            return self.check.project_kind, None
        current = os.path.abspath(directory)
        while True:
            candidate = os.path.join(current, "pyproject.toml")
            setup = os.path.isfile(os.path.join(current, "setup.cfg")) or os.path.isfile(
                os.path.join(current, "setup.py")
            )
            if os.path.isfile(candidate):
                kind = self._kind_of(candidate)
                if kind == "unknown":
                    # Only build settings or tool tables: setup.py/setup.cfg has the metadata.
                    kind = "library" if setup else "application"
                return kind, candidate
            if setup:
                return "library", None
            parent = os.path.dirname(current)
            if parent == current:
                return "application", None
            current = parent

    def _kind_of(self, pyproject: str) -> str:
        if pyproject not in self._kinds:
            self._kinds[pyproject] = _detect_kind(_read_text(pyproject, self.limit))
        return self._kinds[pyproject]

    # lock coverage -----------------------------------------------------------------
    def locked_names(self, path: str) -> frozenset[str] | None:
        """Canonical names a lock (or compiled requirements) file pins; None if absent."""
        key = os.path.abspath(path)
        if key not in self._names:
            self._names[key] = _names_in(path, self.limit)
        return self._names[key]

    def covering_lock(self, directory: str, name: str) -> tuple[bool, str | None]:
        """Whether a lock next to the project covers ``name`` (and the lock's file name)."""
        found: str | None = None
        candidates = [*_LOCKS]
        with contextlib.suppress(OSError):
            candidates += sorted(
                n for n in os.listdir(directory or ".") if fnmatch.fnmatch(n, "pylock.*.toml")
            )
        for lock in candidates:
            names = self.locked_names(os.path.join(directory, lock))
            if names is None:
                continue
            found = found or lock
            if name in names:
                return True, lock
        return False, found

    # typosquats --------------------------------------------------------------------
    def squat(self, name: str) -> Squat | None:
        """The popular project ``name`` imitates, or None (the ranking loads on first use)."""
        from outrider.checks.pins.typosquat import find_squat

        return find_squat(name, self.check.typosquat_allow)

    # the check ---------------------------------------------------------------------
    def run(self, source: SourceFile, fmt: str) -> Result:
        from outrider.checks.pins import evaluate

        return evaluate.run(self, source, fmt)

    def finding(
        self,
        path: str,
        line: int,
        code: str,
        message: str,
        *,
        col: int = 1,
        end_line: int = 0,
    ) -> Finding:
        rule = self.rules[code]
        return Finding(
            path=path,
            line=max(line, 1),
            col=max(col, 1),
            code=code,
            message=message,
            severity=rule.severity,
            confidence=rule.confidence,
            cwe=rule.cwe,
            end_line=end_line,
            check="pins",
        )


_APP_CLASSIFIER = "Private :: Do Not Upload"


def _detect_kind(text: str | None) -> str:
    """A project that builds a distribution is a library; anything else an application
    ("unknown" when the file has no project metadata at all)."""
    if text is None:
        return "application"
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "application"
    project = data.get("project") if isinstance(data.get("project"), dict) else None
    tool: dict[str, Any] = data["tool"] if isinstance(data.get("tool"), dict) else {}
    poetry = tool.get("poetry") if isinstance(tool.get("poetry"), dict) else None
    uv = tool.get("uv") if isinstance(tool.get("uv"), dict) else {}
    pdm = tool.get("pdm") if isinstance(tool.get("pdm"), dict) else {}
    if project is None and poetry is None:
        return "unknown"
    classifiers = (project or {}).get("classifiers") or []
    if poetry is not None:
        classifiers = [*classifiers, *(poetry.get("classifiers") or [])]
    if _APP_CLASSIFIER in [str(c) for c in classifiers]:
        return "application"
    if isinstance(uv, dict) and uv.get("package") is False:
        return "application"
    if isinstance(pdm, dict) and pdm.get("distribution") is False:
        return "application"
    if poetry is not None:
        if poetry.get("package-mode") is False:
            return "application"
        return "library"
    if "build-system" not in data:
        # No build backend: nothing is built or published (uv treats it as a virtual
        # project), so it is an application.
        return "application"
    return "library"


_NAME_LINE = re.compile(r'^name\s*=\s*"([^"]+)"', re.MULTILINE)


def _names_in(path: str, limit: int) -> frozenset[str] | None:
    """Names pinned by a lock file or a compiled requirements file (None if unreadable)."""
    from packaging.utils import canonicalize_name

    text = _read_text(path, limit)
    if text is None:
        return None
    base = os.path.basename(path)
    if base == "Pipfile.lock":
        import json

        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return None
        if not isinstance(data, dict):
            return None
        return frozenset(
            canonicalize_name(name)
            for key, table in data.items()
            if key != "_meta" and isinstance(table, dict)
            for name in table
        )
    if base.endswith((".txt", ".pip")):
        from outrider.checks.pins import deps, reqfile

        names: set[str] = set()
        parsed = reqfile.parse_text(text, path)
        for line in parsed.requirements():
            dep = deps.from_pip(line.requirement or "", line.line, editable=line.editable)
            if dep.name and dep.pinned:
                names.add(dep.name)
        return frozenset(names)
    # TOML locks: every package table starts with its name.
    return frozenset(canonicalize_name(n) for n in _NAME_LINE.findall(text))


def is_local_url(url: str) -> bool:
    import urllib.parse

    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        return False
    return host in _LOCAL_HOSTS
