"""Parsers for every dependency format except pip's requirements files.

Each ``parse_*`` function takes a file's text and returns a :class:`Manifest` with line
numbers: TOML positions come from :mod:`outrider.checks.pins.tomlpos` (computed only when
the document has something to point at), JSON ones from :mod:`outrider.checks.pins.jsonpos`,
YAML ones from PyYAML's composer nodes. A file that does not parse is a :class:`Problem`
with the parser's own line; a value of the wrong type is one too, and the rest of the file
is still read.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from outrider.checks.pins import deps as D
from outrider.checks.pins.deps import Dep
from outrider.checks.pins.manifest import (
    BUILD,
    GROUP,
    HOOK,
    METADATA,
    PIPFILE,
    Declared,
    Index,
    Issue,
    Locked,
    Manifest,
    Problem,
    Ref,
)
from outrider.checks.pins.tomlpos import Path, Positions

if TYPE_CHECKING:
    import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class _Doc:
    """A parsed TOML/JSON document with positions computed on first use."""

    def __init__(self, text: str, scanner: Callable[[str], Positions]) -> None:
        self.text = text
        self._scanner = scanner
        self._positions: Positions | None = None

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = self._scanner(self.text)
        return self._positions

    def line(self, path: Path) -> int:
        return self.positions.line(path)

    def col(self, path: Path) -> int:
        return self.positions.col(path)


def _load_toml(text: str, manifest: Manifest) -> tuple[dict[str, Any], _Doc] | None:
    from outrider.checks.pins import tomlpos

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        manifest.problems.append(Problem(line, f"invalid TOML: {msg}", col))
        return None
    return data, _Doc(text, tomlpos.scan)


def _table(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _wrong_type(manifest: Manifest, doc: _Doc, path: Path, expected: str) -> None:
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    manifest.problems.append(Problem(doc.line(path), f"{name} must be {expected}; not checked"))


def _strings(
    manifest: Manifest, doc: _Doc, data: Mapping[str, Any], path: Path
) -> Iterator[tuple[Path, str]]:
    """The strings of the list at ``path`` (reporting anything else in it)."""
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return
    if not isinstance(value, list):
        _wrong_type(manifest, doc, path, "a list of strings")
        return
    for i, item in enumerate(value):
        if isinstance(item, str):
            yield (*path, i), item


def _declare(
    manifest: Manifest, doc: _Doc, path: Path, text: str, kind: str, *, group: str
) -> Declared:
    line = doc.line(path)
    dep = D.from_pep508(text, line, doc.col(path))
    declared = Declared(dep, kind, group)
    manifest.declared.append(declared)
    if dep.error:
        manifest.problems.append(Problem(line, dep.error, dep.col))
    return declared


# -- pyproject.toml ---------------------------------------------------------------------


def parse_pyproject(text: str, path: str) -> Manifest:
    manifest = Manifest(path, "pyproject")
    loaded = _load_toml(text, manifest)
    if loaded is None:
        return manifest
    data, doc = loaded
    project = _table(data, "project")
    for p, item in _strings(manifest, doc, data, ("project", "dependencies")):
        _declare(manifest, doc, p, item, METADATA, group="project.dependencies")
    optional = project.get("optional-dependencies", {})
    if isinstance(optional, dict):
        for extra in optional:
            for p, item in _strings(
                manifest, doc, data, ("project", "optional-dependencies", extra)
            ):
                _declare(
                    manifest, doc, p, item, METADATA, group=f"project.optional-dependencies.{extra}"
                )
    groups = data.get("dependency-groups", {})
    if isinstance(groups, dict):
        for group in groups:
            for p, item in _strings(manifest, doc, data, ("dependency-groups", group)):
                _declare(manifest, doc, p, item, GROUP, group=f"dependency-groups.{group}")
    for p, item in _strings(manifest, doc, data, ("build-system", "requires")):
        _declare(manifest, doc, p, item, BUILD, group="build-system.requires")
    tool = _table(data, "tool")
    _uv(manifest, doc, _table(tool, "uv"))
    _poetry(manifest, doc, _table(tool, "poetry"))
    _pdm(manifest, doc, _table(tool, "pdm"))
    return manifest


def _get(data: Any, path: Path) -> Any:
    for key in path:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def _index(
    manifest: Manifest, doc: _Doc, value: Any, path: Path, kind: str, *, name: str | None = None
) -> None:
    if isinstance(value, str):
        manifest.indexes.append(Index(value, doc.line(path), doc.col(path), kind, name))


def _uv(manifest: Manifest, doc: _Doc, uv: dict[str, Any]) -> None:
    if not uv:
        return
    base: Path = ("tool", "uv")
    _index(manifest, doc, uv.get("index-url"), (*base, "index-url"), "index-url")
    extra = uv.get("extra-index-url")
    for i, url in enumerate(extra if isinstance(extra, list) else []):
        _index(manifest, doc, url, (*base, "extra-index-url", i), "uv-extra-index-url")
    links = uv.get("find-links")
    for i, url in enumerate(links if isinstance(links, list) else []):
        _index(manifest, doc, url, (*base, "find-links", i), "find-links")
    indexes = uv.get("index")
    for i, entry in enumerate(indexes if isinstance(indexes, list) else []):
        if isinstance(entry, dict):
            name = entry.get("name") if isinstance(entry.get("name"), str) else None
            _index(
                manifest, doc, entry.get("url"), (*base, "index", i, "url"), "uv-index", name=name
            )
    strategy = uv.get("index-strategy")
    if strategy in ("unsafe-best-match", "unsafe-first-match"):
        manifest.issues.append(
            Issue(
                "PIN405",
                doc.line((*base, "index-strategy")),
                f"index-strategy = {strategy!r} lets uv take a package from any configured "
                "index, so a public upload can shadow a private name (dependency confusion); "
                "remove it (uv's default, first-index, is safe) and pin private packages to "
                "their index in [tool.uv.sources]",
            )
        )
    hosts = uv.get("allow-insecure-host")
    for i, host in enumerate(hosts if isinstance(hosts, list) else []):
        if isinstance(host, str):
            manifest.issues.append(
                Issue(
                    "PIN402",
                    doc.line((*base, "allow-insecure-host", i)),
                    f"allow-insecure-host {host!r} turns off TLS verification for that host: "
                    "anyone on the network path can serve code; fix the host's certificate "
                    "(or point SSL_CERT_FILE at your CA) and remove the entry",
                )
            )
    sources = uv.get("sources")
    if isinstance(sources, dict):
        for name, spec in sources.items():
            for j, item in enumerate(spec if isinstance(spec, list) else [spec]):
                p: Path = (*base, "sources", name) + ((j,) if isinstance(spec, list) else ())
                _tool_source(manifest, doc, name, item, p, group="tool.uv.sources")


def _tool_source(
    manifest: Manifest, doc: _Doc, name: str, spec: Any, path: Path, *, group: str
) -> None:
    """``{ git = URL, rev/tag/branch = ... }`` and ``{ url = ... }`` (uv, poetry, Pipfile)."""
    if not isinstance(spec, dict):
        return
    git = spec.get("git")
    url = spec.get("url")
    if isinstance(git, str):
        vcs_url = git if "+" in git.split(":", 1)[0] else f"git+{git}"
        ref_key = next((k for k in ("rev", "tag", "branch", "ref") if k in spec), None)
        ref = spec.get(ref_key) if ref_key else None
        dep = Dep(raw=f"{name} @ {git}", line=doc.line((*path, "git")), col=doc.col((*path, "git")))
        dep.name = canonicalize_name(name)
        dep.given_name = name
        dep.url = vcs_url
        dep.vcs = "git"
        declared = Declared(dep, "source", group, ref if isinstance(ref, str) else None)
        declared.ref_line = doc.line((*path, ref_key)) if ref_key else dep.line
        manifest.declared.append(declared)
    elif isinstance(url, str):
        dep = Dep(raw=f"{name} @ {url}", line=doc.line((*path, "url")), col=doc.col((*path, "url")))
        dep.name = canonicalize_name(name)
        dep.given_name = name
        D._set_url(dep, url)
        manifest.declared.append(Declared(dep, "source", group))


_POETRY_VERSION = re.compile(r"^\s*(?:==?)?\s*v?\d+(?:\.\d+)*(?:[-._+]?[A-Za-z0-9.+]*)?\s*$")


def _poetry(manifest: Manifest, doc: _Doc, poetry: dict[str, Any]) -> None:
    if not poetry:
        return
    base: Path = ("tool", "poetry")
    sources = poetry.get("source")
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(src, dict):
            continue
        name = src.get("name") if isinstance(src.get("name"), str) else None
        _index(
            manifest, doc, src.get("url"), (*base, "source", i, "url"), "poetry-source", name=name
        )
        priority = src.get("priority")
        legacy = src.get("secondary") is True
        if priority in ("supplemental", "secondary") or legacy:
            key = "priority" if priority in ("supplemental", "secondary") else "secondary"
            shown = f"priority = {priority!r}" if key == "priority" else "secondary = true"
            manifest.issues.append(
                Issue(
                    "PIN406",
                    doc.line((*base, "source", i, key)),
                    f"poetry source {name!r} has {shown}: poetry looks for any package there "
                    "as well as on the primary index, so a public upload can shadow a private "
                    'name (dependency confusion); use priority = "explicit" and name the '
                    "source on the dependencies that come from it",
                )
            )
    groups: list[tuple[Path, str, str]] = [
        ((*base, "dependencies"), METADATA, "tool.poetry.dependencies")
    ]
    groups.append(((*base, "dev-dependencies"), GROUP, "tool.poetry.dev-dependencies"))
    group_table = poetry.get("group")
    if isinstance(group_table, dict):
        for group in group_table:
            groups.append(
                ((*base, "group", group, "dependencies"), GROUP, f"tool.poetry.group.{group}")
            )
    for path, kind, label in groups:
        table = _get({"tool": {"poetry": poetry}}, path)
        if not isinstance(table, dict):
            continue
        for name, spec in table.items():
            if name.lower() == "python":
                continue
            for j, item in enumerate(spec if isinstance(spec, list) else [spec]):
                p: Path = (*path, name) + ((j,) if isinstance(spec, list) else ())
                _poetry_dep(manifest, doc, name, item, p, kind=kind, group=label)


def _poetry_dep(
    manifest: Manifest, doc: _Doc, name: str, spec: Any, path: Path, *, kind: str, group: str
) -> None:
    version: Any = spec
    if isinstance(spec, dict):
        if "git" in spec or "url" in spec:
            _tool_source(manifest, doc, name, spec, path, group=group)
            return
        if "path" in spec:
            return
        version = spec.get("version")
    if not isinstance(version, str):
        return
    line = doc.line(path)
    dep = Dep(raw=f"{name} {version}", line=line, col=doc.col(path))
    dep.name = canonicalize_name(name)
    dep.given_name = name
    dep.specifier = _poetry_specifier(version)
    manifest.declared.append(Declared(dep, kind, group))


def _poetry_specifier(version: str) -> SpecifierSet:
    """Poetry's constraint syntax, as far as pinning goes: a bare version is exact."""
    text = version.strip()
    if _POETRY_VERSION.match(text):
        return SpecifierSet("==" + text.lstrip("=").strip().lstrip("v"))
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return SpecifierSet()


def _pdm(manifest: Manifest, doc: _Doc, pdm: dict[str, Any]) -> None:
    if not pdm:
        return
    base: Path = ("tool", "pdm")
    sources = pdm.get("source")
    count = 0
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(src, dict):
            continue
        name = src.get("name") if isinstance(src.get("name"), str) else None
        if src.get("type", "index") == "index":
            count += 1
        _index(manifest, doc, src.get("url"), (*base, "source", i, "url"), "pdm-source", name=name)
        if src.get("verify_ssl") is False:
            manifest.issues.append(
                Issue(
                    "PIN404",
                    doc.line((*base, "source", i, "verify_ssl")),
                    f"pdm source {name!r} has verify_ssl = false: anyone on the network path "
                    "can serve code; remove it and fix the server's certificate",
                )
            )
    resolution = _table(pdm, "resolution")
    if count and resolution.get("respect-source-order") is not True:
        first = next(i for i, s in enumerate(sources or []) if isinstance(s, dict))
        manifest.issues.append(
            Issue(
                "PIN401",
                doc.line((*base, "source", first)),
                "pdm merges the candidates of PyPI and every [[tool.pdm.source]] index, so a "
                "public upload can shadow a private name (dependency confusion); set "
                "[tool.pdm.resolution] respect-source-order = true, or restrict packages to "
                "their source with include_packages/exclude_packages",
            )
        )


# -- setup.cfg --------------------------------------------------------------------------

_SECTION = re.compile(r"^\[([^\]]+)\]")
_OPTION = re.compile(r"^([^=:\s][^=:]*?)\s*[=:]\s?(.*)$")


def parse_setup_cfg(text: str, path: str) -> Manifest:
    """``[options] install_requires / setup_requires / tests_require`` and
    ``[options.extras_require]``, as setuptools reads them (no inline comments)."""
    manifest = Manifest(path, "setup.cfg")
    section = ""
    key: str | None = None
    values: list[tuple[int, str]] = []

    def flush() -> None:
        if key is None:
            return
        group = None
        if section == "options" and key in ("install_requires", "setup_requires", "tests_require"):
            group = f"[options] {key}"
        elif section == "options.extras_require":
            group = f"[options.extras_require] {key}"
        if group is None:
            return
        multiline = len(values) > 1
        for line, raw in values:
            parts = [raw] if multiline else raw.split(";")
            for part in parts:
                item = part.strip()
                if not item or item.startswith("#"):
                    continue
                kind = {"setup_requires": BUILD, "tests_require": GROUP}.get(key, METADATA)
                dep = D.from_pep508(item, line)
                manifest.declared.append(Declared(dep, kind, group))
                if dep.error:
                    manifest.problems.append(Problem(line, dep.error))

    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if raw[:1] in (" ", "\t") and key is not None:
            values.append((number, stripped))
            continue
        m = _SECTION.match(raw)
        if m:
            flush()
            section, key, values = m.group(1).strip(), None, []
            continue
        m = _OPTION.match(raw)
        if m is None:
            manifest.problems.append(Problem(number, f"not a section, option or value: {raw!r}"))
            continue
        flush()
        key = m.group(1).strip().lower().replace("-", "_")
        first = m.group(2).strip()
        values = [(number, first)] if first else []
    flush()
    return manifest


# -- Pipfile and Pipfile.lock ---------------------------------------------------------------

_PIPFILE_TABLES = {"source", "requires", "pipenv", "scripts"}


def parse_pipfile(text: str, path: str) -> Manifest:
    manifest = Manifest(path, "Pipfile")
    loaded = _load_toml(text, manifest)
    if loaded is None:
        return manifest
    data, doc = loaded
    sources = data.get("source")
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(src, dict):
            continue
        name = src.get("name") if isinstance(src.get("name"), str) else None
        _index(manifest, doc, src.get("url"), ("source", i, "url"), "pipenv-source", name=name)
        if src.get("verify_ssl") is False:
            manifest.issues.append(
                Issue(
                    "PIN404",
                    doc.line(("source", i, "verify_ssl")),
                    f"Pipfile source {name!r} has verify_ssl = false: anyone on the network "
                    "path can serve code; set it to true and fix the server's certificate",
                )
            )
    pipenv = _table(data, "pipenv")
    if pipenv.get("install_search_all_sources") is True:
        manifest.issues.append(
            Issue(
                "PIN401",
                doc.line(("pipenv", "install_search_all_sources")),
                "install_search_all_sources = true makes pipenv look for every package on "
                "every [[source]], so a public upload can shadow a private name (dependency "
                'confusion); remove it and give private packages index = "<source name>"',
            )
        )
    for category, table in data.items():
        if category in _PIPFILE_TABLES or not isinstance(table, dict):
            continue
        for name, spec in table.items():
            _pipfile_dep(manifest, doc, (category, name), name, spec, group=f"Pipfile [{category}]")
    return manifest


def _pipfile_dep(
    manifest: Manifest, doc: _Doc, path: Path, name: str, spec: Any, *, group: str
) -> None:
    version: Any = spec
    if isinstance(spec, dict):
        if "git" in spec:
            git_spec = dict(spec)
            _tool_source(manifest, doc, name, git_spec, path, group=group)
            return
        if "path" in spec or "file" in spec:
            url = spec.get("file")
            if isinstance(url, str) and D.is_url(url) and not url.startswith("file:"):
                _tool_source(manifest, doc, name, {"url": url}, path, group=group)
            return
        version = spec.get("version", "*")
    if not isinstance(version, str):
        return
    dep = Dep(raw=f"{name} {version}", line=doc.line(path), col=doc.col(path))
    dep.name = canonicalize_name(name)
    dep.given_name = name
    text = version.strip()
    if text != "*":
        try:
            dep.specifier = SpecifierSet(text)
        except InvalidSpecifier:
            manifest.problems.append(
                Problem(dep.line, f"{name}: {version!r} is not a version specifier")
            )
            return
    manifest.declared.append(Declared(dep, PIPFILE, group))


def parse_pipfile_lock(text: str, path: str) -> Manifest:
    from outrider.checks.pins import jsonpos

    manifest = Manifest(path, "Pipfile.lock")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        manifest.problems.append(Problem(exc.lineno, f"invalid JSON: {exc.msg}", exc.colno))
        return manifest
    if not isinstance(data, dict):
        manifest.problems.append(Problem(1, "a Pipfile.lock is a JSON object"))
        return manifest
    doc = _Doc(text, jsonpos.scan)
    meta = _table(data, "_meta")
    sources = meta.get("sources")
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(src, dict):
            continue
        name = src.get("name") if isinstance(src.get("name"), str) else None
        _index(
            manifest, doc, src.get("url"), ("_meta", "sources", i, "url"), "lock-source", name=name
        )
        if src.get("verify_ssl") is False:
            manifest.issues.append(
                Issue(
                    "PIN404",
                    doc.line(("_meta", "sources", i, "verify_ssl")),
                    f"locked source {name!r} has verify_ssl = false: anyone on the network "
                    "path can serve code; fix it in the Pipfile and lock again",
                )
            )
    for category, table in data.items():
        if category == "_meta" or not isinstance(table, dict):
            continue
        for name, entry in table.items():
            if not isinstance(entry, dict):
                continue
            p: Path = (category, name)
            locked = Locked(name=name, where=p, resolve=doc.line)
            version = entry.get("version")
            locked.version = version if isinstance(version, str) else None
            if isinstance(entry.get("git"), str):
                locked.source = "vcs"
                locked.vcs = "git"
                locked.url = entry["git"]
                locked.url_where = (*p, "git")
                ref = entry.get("ref")
                locked.commit = ref if isinstance(ref, str) else None
                locked.has_artifacts = False
            elif "path" in entry or entry.get("editable"):
                locked.source = "local"
                locked.has_artifacts = False
            elif isinstance(entry.get("file"), str):
                locked.source = "url"
                locked.url = entry["file"]
                locked.url_where = (*p, "file")
            hashes = entry.get("hashes")
            if isinstance(hashes, list):
                for j, value in enumerate(hashes):
                    if isinstance(value, str):
                        algo = value.split(":", 1)[0] if ":" in value else "?"
                        locked.hashes.append((algo, (*p, "hashes", j)))
            manifest.locked.append(locked)
    return manifest


# -- lock files -----------------------------------------------------------------------------


def _artifact(locked: Locked, doc: _Doc, item: Any, path: Path, hash_key: str = "hash") -> None:
    """One artifact entry: ``{url/file, hash = "algo:value"}`` or ``hashes = {algo = ...}``."""
    if not isinstance(item, dict):
        return
    url = item.get("url")
    if isinstance(url, str):
        locked.urls.append((url, (*path, "url")))
    value = item.get(hash_key)
    hashes = item.get("hashes")
    if isinstance(value, str) and value:
        algo = value.split(":", 1)[0] if ":" in value else "?"
        locked.hashes.append((algo, (*path, hash_key)))
    elif isinstance(hashes, dict) and hashes:
        for algo in hashes:
            locked.hashes.append((str(algo), (*path, "hashes", algo)))
    else:
        locked.unhashed.append(path)


def _packages(
    manifest: Manifest, doc: _Doc, data: dict[str, Any], key: str
) -> Iterator[tuple[Path, dict[str, Any], Locked]]:
    packages = data.get(key, [])
    if not isinstance(packages, list):
        _wrong_type(manifest, doc, (key,), "an array of tables")
        return
    for i, pkg in enumerate(packages):
        if not isinstance(pkg, dict):
            continue
        path: Path = (key, i)
        name = pkg.get("name")
        if not isinstance(name, str):
            manifest.problems.append(Problem(doc.line(path), f"{key} entry without a name"))
            continue
        version = pkg.get("version")
        locked = Locked(
            name=name,
            where=(*path, "name"),
            resolve=doc.line,
            version=version if isinstance(version, str) else None,
        )
        yield path, pkg, locked
        manifest.locked.append(locked)


def parse_poetry_lock(text: str, path: str) -> Manifest:
    manifest = Manifest(path, "poetry.lock")
    loaded = _load_toml(text, manifest)
    if loaded is None:
        return manifest
    data, doc = loaded
    legacy_files = _table(_table(data, "metadata"), "files")
    seen: set[str] = set()
    for p, pkg, locked in _packages(manifest, doc, data, "package"):
        source = _table(pkg, "source")
        kind = source.get("type")
        url = source.get("url")
        if kind == "git":
            locked.source, locked.vcs, locked.has_artifacts = "vcs", "git", False
            locked.url = url if isinstance(url, str) else None
            locked.url_where = (*p, "source", "url")
            resolved = source.get("resolved_reference")
            locked.commit = resolved if isinstance(resolved, str) else None
            continue
        if kind in ("directory", "file") and not (isinstance(url, str) and D.is_url(url)):
            locked.source, locked.has_artifacts = "local", False
            continue
        if kind == "url":
            locked.source = "url"
            locked.url = url if isinstance(url, str) else None
            locked.url_where = (*p, "source", "url")
        elif isinstance(url, str) and url not in seen:
            seen.add(url)
            manifest.indexes.append(
                Index(
                    url,
                    0,
                    kind="lock-source",
                    name=str(source.get("reference") or ""),
                    where=(*p, "source", "url"),
                    resolve=doc.line,
                )
            )
        files = pkg.get("files")
        where: Path = (*p, "files")
        if files is None and locked.name in legacy_files:
            files = legacy_files[locked.name]
            where = ("metadata", "files", locked.name)
        if files is not None and not isinstance(files, list):
            _wrong_type(manifest, doc, where, "an array of files")
            locked.source = "local"
            continue
        if not files:
            locked.has_artifacts = False
            continue
        for j, item in enumerate(files):
            _artifact(locked, doc, item, (*where, j))
    return manifest


def parse_pdm_lock(text: str, path: str) -> Manifest:
    manifest = Manifest(path, "pdm.lock")
    loaded = _load_toml(text, manifest)
    if loaded is None:
        return manifest
    data, doc = loaded
    for p, pkg, locked in _packages(manifest, doc, data, "package"):
        if isinstance(pkg.get("git"), str) or isinstance(pkg.get("hg"), str):
            vcs = "git" if "git" in pkg else "hg"
            locked.source, locked.vcs, locked.has_artifacts = "vcs", vcs, False
            locked.url = pkg[vcs]
            locked.url_where = (*p, vcs)
            revision = pkg.get("revision")
            locked.commit = revision if isinstance(revision, str) else None
            continue
        if "path" in pkg or pkg.get("editable"):
            locked.source, locked.has_artifacts = "local", False
            continue
        if isinstance(pkg.get("url"), str):
            locked.source, locked.url = "url", pkg["url"]
            locked.url_where = (*p, "url")
        files = pkg.get("files")
        if files is not None and not isinstance(files, list):
            _wrong_type(manifest, doc, (*p, "files"), "an array of files")
            locked.source = "local"
            continue
        if not files:
            locked.has_artifacts = False
            continue
        for j, item in enumerate(files):
            _artifact(locked, doc, item, (*p, "files", j))
    return manifest


def parse_uv_lock(text: str, path: str) -> Manifest:
    manifest = Manifest(path, "uv.lock")
    loaded = _load_toml(text, manifest)
    if loaded is None:
        return manifest
    data, doc = loaded
    registries: set[str] = set()
    for p, pkg, locked in _packages(manifest, doc, data, "package"):
        source = pkg.get("source", {})
        if not isinstance(source, dict):
            source = {}
        if isinstance(source.get("git"), str):
            git = source["git"]
            locked.source, locked.vcs, locked.has_artifacts = "vcs", "git", False
            locked.url = git
            locked.url_where = (*p, "source", "git")
            commit = git.rsplit("#", 1)[1] if "#" in git else None
            locked.commit = commit
            continue
        if any(k in source for k in ("path", "directory", "editable", "virtual")):
            locked.source, locked.has_artifacts = "local", False
            continue
        if isinstance(source.get("url"), str):
            locked.source, locked.url = "url", source["url"]
            locked.url_where = (*p, "source", "url")
        registry = source.get("registry")
        if isinstance(registry, str) and registry not in registries and D.is_url(registry):
            registries.add(registry)
            manifest.indexes.append(
                Index(
                    registry,
                    0,
                    kind="lock-source",
                    where=(*p, "source", "registry"),
                    resolve=doc.line,
                )
            )
        artifacts = 0
        if isinstance(pkg.get("sdist"), dict):
            artifacts += 1
            _artifact(locked, doc, pkg["sdist"], (*p, "sdist"))
        wheels = pkg.get("wheels")
        for j, item in enumerate(wheels if isinstance(wheels, list) else []):
            artifacts += 1
            _artifact(locked, doc, item, (*p, "wheels", j))
        locked.has_artifacts = artifacts > 0
    return manifest


def parse_pylock(text: str, path: str) -> Manifest:
    """PEP 751: ``[[packages]]`` with ``vcs``, ``directory``, ``archive``, ``sdist``, ``wheels``."""
    manifest = Manifest(path, "pylock")
    loaded = _load_toml(text, manifest)
    if loaded is None:
        return manifest
    data, doc = loaded
    if "lock-version" not in data:
        manifest.problems.append(Problem(1, "not a PEP 751 lock file: no lock-version"))
    indexes: set[str] = set()
    for p, pkg, locked in _packages(manifest, doc, data, "packages"):
        vcs = pkg.get("vcs")
        if isinstance(vcs, dict):
            locked.source, locked.has_artifacts = "vcs", False
            locked.vcs = str(vcs.get("type", "git"))
            url = vcs.get("url")
            locked.url = url if isinstance(url, str) else None
            locked.url_where = (*p, "vcs", "url")
            commit = vcs.get("commit-id")
            locked.commit = commit if isinstance(commit, str) else None
            continue
        if isinstance(pkg.get("directory"), dict):
            locked.source, locked.has_artifacts = "local", False
            continue
        index = pkg.get("index")
        if isinstance(index, str) and index not in indexes:
            indexes.add(index)
            manifest.indexes.append(
                Index(index, 0, kind="lock-source", where=(*p, "index"), resolve=doc.line)
            )
        artifacts = 0
        archive = pkg.get("archive")
        if isinstance(archive, dict):
            locked.source = "url" if isinstance(archive.get("url"), str) else "local"
            locked.url = archive.get("url") if isinstance(archive.get("url"), str) else None
            if locked.source == "url":
                artifacts += 1
                _artifact(locked, doc, archive, (*p, "archive"), hash_key="")
        if isinstance(pkg.get("sdist"), dict):
            artifacts += 1
            _artifact(locked, doc, pkg["sdist"], (*p, "sdist"), hash_key="")
        wheels = pkg.get("wheels")
        for j, item in enumerate(wheels if isinstance(wheels, list) else []):
            artifacts += 1
            _artifact(locked, doc, item, (*p, "wheels", j), hash_key="")
        locked.has_artifacts = artifacts > 0
    return manifest


# -- YAML: pre-commit and GitHub Actions ------------------------------------------------------


def _compose(text: str, manifest: Manifest) -> yaml.Node | None:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        col = mark.column + 1 if mark is not None else 0
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and exc.problem:
            what += f" ({exc.context} started on line {exc.context_mark.line + 1})"
        manifest.problems.append(Problem(line, f"invalid YAML: {what}", col))
    except yaml.YAMLError as exc:
        manifest.problems.append(Problem(0, f"invalid YAML: {exc}"))
    return None


def _mapping(node: Any) -> dict[str, Any]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    out: dict[str, Any] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            out[str(key.value)] = value
    return out


def _seq(node: Any) -> list[Any]:
    import yaml

    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: Any) -> str | None:
    import yaml

    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _at(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse_pre_commit(text: str, path: str) -> Manifest:
    manifest = Manifest(path, "pre-commit")
    root = _compose(text, manifest)
    if root is None:
        return manifest
    repos = _mapping(root).get("repos")
    if repos is None and not manifest.problems:
        if _scalar(root) is None or text.strip():
            manifest.problems.append(Problem(1, "no 'repos' list: not a pre-commit configuration"))
        return manifest
    for repo_node in _seq(repos):
        repo = _mapping(repo_node)
        url = _scalar(repo.get("repo"))
        if url is not None and url not in ("local", "meta"):
            line, col = _at(repo["repo"])
            manifest.indexes.append(Index(url, line, col, "pre-commit-repo"))
            rev_node = repo.get("rev")
            rev = _scalar(rev_node)
            at = _at(rev_node) if rev_node is not None else (line, col)
            manifest.refs.append(Ref("pre-commit", url, rev, at[0], at[1]))
        for hook_node in _seq(repo.get("hooks")):
            hook = _mapping(hook_node)
            hook_id = _scalar(hook.get("id")) or "?"
            language = _scalar(hook.get("language"))
            for dep_node in _seq(hook.get("additional_dependencies")):
                value = _scalar(dep_node)
                if value is None:
                    continue
                line, col = _at(dep_node)
                dep = D.from_pep508(value, line, col)
                # Not a Python requirement (npm's name@version, a gem ...): not ours.
                if dep.error or language not in (None, "python", "python_venv"):
                    continue
                manifest.declared.append(
                    Declared(dep, HOOK, f"hook {hook_id} additional_dependencies")
                )
    return manifest


_ACTION_REF = re.compile(r"^([^@\s]+)@(\S+)$")


def parse_workflow(text: str, path: str) -> Manifest:
    """``uses:`` of a workflow's jobs and steps, or of a composite action's steps."""
    manifest = Manifest(path, "workflow")
    root = _compose(text, manifest)
    if root is None:
        return manifest
    top = _mapping(root)
    nodes: list[Any] = []
    for job in _mapping(top.get("jobs")).values():
        job_map = _mapping(job)
        if "uses" in job_map:
            nodes.append(job_map["uses"])
        for step in _seq(job_map.get("steps")):
            step_map = _mapping(step)
            if "uses" in step_map:
                nodes.append(step_map["uses"])
    for step in _seq(_mapping(top.get("runs")).get("steps")):
        step_map = _mapping(step)
        if "uses" in step_map:
            nodes.append(step_map["uses"])
    for node in nodes:
        value = _scalar(node)
        if value is None:
            continue
        line, col = _at(node)
        value = value.strip()
        if value.startswith("./") or "${{" in value:
            continue
        if value.startswith("docker://"):
            image = value[len("docker://") :]
            digest = image.split("@", 1)[1] if "@" in image else None
            manifest.refs.append(Ref("docker", image, digest, line, col))
            continue
        m = _ACTION_REF.match(value)
        manifest.refs.append(
            Ref("action", m.group(1) if m else value, m.group(2) if m else None, line, col)
        )
    return manifest
