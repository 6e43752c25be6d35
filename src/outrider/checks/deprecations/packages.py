"""Which version of a third-party package the project uses.

Looked up in this order; the first source that names the package wins, and every finding
says which source it was:

1. ``[tool.outrider.deprecations] packages = { numpy = "1.26.4" }`` (an explicit override);
2. a lock file in the project root: ``pylock.toml`` / ``pylock.*.toml`` (PEP 751),
   ``uv.lock``, ``poetry.lock``, ``pdm.lock`` (each ``[[package]]`` with ``name`` and
   ``version``), ``Pipfile.lock`` (``default`` and ``develop``, ``"version": "==X"``), then
   ``requirements*.txt`` lines pinned with ``==`` (pip-compile output);
3. the distribution installed in the project's own virtualenv: ``$VIRTUAL_ENV``, else
   ``.venv`` or ``venv`` in the project root (its ``*.dist-info/METADATA``);
4. the distribution installed beside outrider (``importlib.metadata``), unless outrider runs
   inside pre-commit's own environment, which holds only outrider's dependencies.

Nothing is imported or executed; files are only read. When no source names the package, its
version is unknown and uses are reported under their own code (DEP203).
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
from collections.abc import Mapping
from typing import Any

_NORMALIZE = re.compile(r"[-_.]+")
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([0-9][^\s;#,]*)")


def normalize(name: str) -> str:
    return _NORMALIZE.sub("-", name).lower()


def _toml(path: str) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            doc: dict[str, Any] = tomllib.load(f)
            return doc
    except (OSError, ValueError):
        return None


def _from_package_tables(doc: Mapping[str, Any], key: str) -> dict[str, str]:
    found: dict[str, str] = {}
    packages = doc.get(key, [])
    if isinstance(packages, list):
        for item in packages:
            if isinstance(item, dict):
                name, version = item.get("name"), item.get("version")
                if isinstance(name, str) and isinstance(version, str):
                    found.setdefault(normalize(name), version)
    return found


def from_lock_files(root: str) -> tuple[dict[str, str], str]:
    """(name -> version, file name) from the first lock file in ``root`` that has any."""
    candidates = [
        *sorted(glob.glob(os.path.join(glob.escape(root), "pylock*.toml"))),
        os.path.join(root, "uv.lock"),
        os.path.join(root, "poetry.lock"),
        os.path.join(root, "pdm.lock"),
    ]
    for path in candidates:
        if not os.path.isfile(path):
            continue
        doc = _toml(path)
        if doc is None:
            continue
        key = "packages" if os.path.basename(path).startswith("pylock") else "package"
        found = _from_package_tables(doc, key)
        if found:
            return found, os.path.basename(path)
    pipfile = os.path.join(root, "Pipfile.lock")
    if os.path.isfile(pipfile):
        try:
            with open(pipfile, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError):
            doc = None
        found = {}
        if isinstance(doc, dict):
            for section in ("default", "develop"):
                table = doc.get(section)
                if isinstance(table, dict):
                    for name, info in table.items():
                        version = info.get("version") if isinstance(info, dict) else None
                        if isinstance(version, str) and version.startswith("=="):
                            found.setdefault(normalize(name), version[2:])
        if found:
            return found, "Pipfile.lock"
    for path in sorted(glob.glob(os.path.join(glob.escape(root), "requirements*.txt"))):
        found = {}
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    m = _PIN.match(line)
                    if m:
                        found.setdefault(normalize(m.group(1)), m.group(2))
        except OSError:
            continue
        if found:
            return found, os.path.basename(path)
    return {}, ""


def from_virtualenv(root: str) -> tuple[dict[str, str], str]:
    """Installed distributions of the project's virtualenv, read from dist-info names."""
    candidates = [
        os.environ.get("VIRTUAL_ENV", ""),
        os.path.join(root, ".venv"),
        os.path.join(root, "venv"),
    ]
    for env in candidates:
        if not env or not os.path.isfile(os.path.join(env, "pyvenv.cfg")):
            continue
        if os.path.realpath(env) == os.path.realpath(sys.prefix):
            continue  # our own environment: handled by importlib.metadata
        found: dict[str, str] = {}
        pattern = os.path.join(glob.escape(env), "lib*", "*", "site-packages", "*.dist-info")
        pattern_win = os.path.join(glob.escape(env), "Lib", "site-packages", "*.dist-info")
        for info in glob.glob(pattern) + glob.glob(pattern_win):
            stem = os.path.basename(info)[: -len(".dist-info")]
            name, _, version = stem.partition("-")
            if name and version:
                found.setdefault(normalize(name), version)
        if found:
            return found, f"installed in {os.path.basename(env.rstrip(os.sep))}"
    return {}, ""


def in_precommit_env() -> bool:
    """pre-commit's hook environments live in its cache; their packages are not the project's."""
    prefix = sys.prefix.replace(os.sep, "/")
    return "/pre-commit/" in prefix or "/.cache/pre-commit" in prefix


class PackageVersions:
    """Package versions for one project, looked up once per process."""

    def __init__(self, root: str, overrides: Mapping[str, str]) -> None:
        self.root = root
        self.overrides = {normalize(k): v for k, v in overrides.items()}
        self._lock: tuple[dict[str, str], str] | None = None
        self._venv: tuple[dict[str, str], str] | None = None

    def get(self, package: str) -> tuple[tuple[int, ...] | None, str]:
        """(version as a tuple, where it came from); (None, "") when unknown."""
        from outrider.checks.deprecations.versions import parse_version

        name = normalize(package)
        if name in self.overrides:
            return parse_version(self.overrides[name]), "tool.outrider.deprecations.packages"
        if self._lock is None:
            self._lock = from_lock_files(self.root)
        versions, origin = self._lock
        if name in versions:
            return parse_version(versions[name]), origin
        if self._venv is None:
            self._venv = from_virtualenv(self.root)
        versions, origin = self._venv
        if name in versions:
            return parse_version(versions[name]), origin
        if not in_precommit_env():
            import importlib.metadata

            try:
                version = importlib.metadata.version(package)
            except (importlib.metadata.PackageNotFoundError, ValueError):
                return None, ""
            return parse_version(version), "installed"
        return None, ""
