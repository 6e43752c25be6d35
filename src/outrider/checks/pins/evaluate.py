"""Turning a parsed dependency file into findings: the policies themselves."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from outrider.checks.pins import deps as D
from outrider.checks.pins.manifest import (
    BUILD,
    GROUP,
    HOOK,
    METADATA,
    PIPFILE,
    REQUIREMENTS,
    Declared,
    Locked,
    Manifest,
    Ref,
)
from outrider.model import FileError, Finding, Result

if TYPE_CHECKING:
    from outrider.checks.pins.check import _Context
    from outrider.checks.pins.reqfile import ParsedFile, ReqLine
    from outrider.files import SourceFile

_SQUAT_KINDS = frozenset({METADATA, GROUP, BUILD, REQUIREMENTS, PIPFILE, HOOK})


def run(ctx: _Context, source: SourceFile, fmt: str) -> Result:
    if fmt == "requirements":
        return _requirements(ctx, source)
    text = source.text()
    if isinstance(text, FileError):
        return Result(errors=[text])
    from outrider.checks.pins import formats

    parser = {
        "pyproject": formats.parse_pyproject,
        "setup.cfg": formats.parse_setup_cfg,
        "Pipfile": formats.parse_pipfile,
        "Pipfile.lock": formats.parse_pipfile_lock,
        "poetry.lock": formats.parse_poetry_lock,
        "pdm.lock": formats.parse_pdm_lock,
        "uv.lock": formats.parse_uv_lock,
        "pylock": formats.parse_pylock,
        "pre-commit": formats.parse_pre_commit,
        "workflow": formats.parse_workflow,
    }[fmt]
    manifest = parser(text, source.path)
    return _Judge(ctx, source.path, manifest).run()


class _Judge:
    def __init__(self, ctx: _Context, path: str, manifest: Manifest) -> None:
        self.ctx = ctx
        self.path = path
        self.manifest = manifest
        self.findings: list[Finding] = []
        self.directory = os.path.dirname(os.path.abspath(path))

    def add(
        self, line: int, code: str, message: str, col: int = 1, path: str | None = None
    ) -> None:
        self.findings.append(self.ctx.finding(path or self.path, line, code, message, col=col))

    def run(self) -> Result:
        m = self.manifest
        for issue in m.issues:
            self.add(issue.line, issue.code, issue.message, issue.col, issue.path)
        kind = None
        if any(d.kind in (METADATA, GROUP) for d in m.declared):
            kind, _ = self.ctx.project_kind(self.directory)
        for declared in m.declared:
            self.declared(declared, kind)
        for index in m.indexes:
            if D.has_credentials(index.url) or D.is_plain(index.url):
                what = _INDEX_WHAT.get(index.kind, "URL")
                self.url(index.url, index.lineno(), index.col, what)
        for locked in m.locked:
            self.locked(locked)
        for ref in m.refs:
            self.ref(ref)
        errors = [
            FileError(p.path or self.path, p.message, p.line, p.col, "pins") for p in m.problems
        ]
        return Result(self.findings, errors)

    # declarations ------------------------------------------------------------------
    def declared(self, declared: Declared, kind: str | None) -> None:
        dep = declared.dep
        if dep.error:
            return
        self.pin_policy(declared, kind)
        self.dep_common(dep, declared.ref, declared.ref_line, declared.kind)

    def pin_policy(self, declared: Declared, kind: str | None) -> None:
        dep = declared.dep
        label = D.display_url(dep.given_name or dep.raw)
        if declared.kind == METADATA and kind == "library":
            if D.is_exact(dep.specifier) and dep.url is None:
                self.add(
                    dep.line,
                    "PIN102",
                    f"{label} is pinned to one version ({dep.specifier}) in the published "
                    f"metadata of a library ({declared.group}): that stops users installing "
                    "any other version, security releases included; give a range "
                    "(>=tested,<next-major) and pin in your lock file",
                    dep.col,
                )
            return
        needs_pin = (
            declared.kind in (METADATA, GROUP) and kind == "application"
        ) or declared.kind == PIPFILE
        if declared.kind == HOOK:
            if not dep.pinned and dep.vcs is None:
                self.add(
                    dep.line,
                    "PIN103",
                    f"{label} is installed into the hook's environment unpinned: pin it "
                    f"('{dep.given_name or dep.raw}==X.Y.Z')",
                    dep.col,
                )
            return
        if not needs_pin or dep.pinned or dep.vcs is not None or dep.name is None:
            return
        if declared.kind == PIPFILE:
            names = self.ctx.locked_names(os.path.join(self.directory, "Pipfile.lock"))
            if names is not None and dep.name in names:
                return
            lock = "Pipfile.lock" if names is not None else None
        else:
            covered, lock = self.ctx.covering_lock(self.directory, dep.name)
            if covered:
                return
        spec = str(dep.specifier) or "any version"
        where = (
            f"{lock} does not list it: lock again"
            if lock
            else "and no lock file covers it: pin it or commit a lock file (uv lock, poetry "
            "lock, pdm lock, pipenv lock)"
        )
        self.add(
            dep.line,
            "PIN101",
            f"{label} accepts {spec} in an application ({declared.group}), {where}",
            dep.col,
        )

    def dep_common(
        self,
        dep: D.Dep,
        ref: str | None,
        ref_line: int,
        kind: str,
        *,
        url_hash: bool = True,
        extra_hashes: Iterable[str] = (),
    ) -> None:
        label = dep.given_name or "requirement"
        if dep.url is not None:
            self.url(dep.url, dep.line, dep.col, f"{label}'s URL")
            if dep.vcs is not None:
                revision = ref if ref is not None else D.vcs_ref(dep.url)
                if not D.vcs_pinned(dep.vcs, revision):
                    what = f"follows {revision!r}" if revision else "names no revision"
                    self.add(
                        ref_line or dep.line,
                        "PIN301",
                        f"{dep.vcs} requirement {label} {what}, which can move: pin a full "
                        "commit (40 hexadecimal characters)",
                        dep.col if not ref_line else 1,
                    )
            for algo in dep.hashes:
                if algo in D.WEAK_ALGORITHMS:
                    self.add(
                        dep.line,
                        "PIN202",
                        f"{label}'s URL carries a {algo} hash, which can be forged: use sha256",
                        dep.col,
                    )
            strong = [a for a in (*dep.hashes, *extra_hashes) if a in D.STRONG_ALGORITHMS]
            if url_hash and dep.vcs is None and not dep.local and not strong:
                who = dep.given_name or "this requirement"
                self.add(
                    dep.line,
                    "PIN206",
                    f"{who} is downloaded from {D.display_url(dep.url)} without a hash: "
                    "add --hash=sha256:<digest> in requirements files, or #sha256=<digest> "
                    "on the URL",
                    dep.col,
                )
        if dep.name and kind in _SQUAT_KINDS and dep.url is None and not dep.local:
            self.squat(dep, dep.line, dep.col)

    def squat(self, dep: D.Dep, line: int, col: int, path: str | None = None) -> None:
        name = dep.given_name or ""
        if not name:
            return
        found = self.ctx.squat(name)
        if found is None:
            return
        target, how = found.target, found.describe()
        self.add(
            line,
            "PIN409",
            f"{name!r} looks like the popular project {target!r} ({how}): check that it is "
            "the project you mean; if it is, add it to [tool.outrider.pins] typosquat-allow",
            col,
            path,
        )

    # URLs --------------------------------------------------------------------------
    def url(self, url: str, line: int, col: int, what: str, path: str | None = None) -> None:
        from outrider.checks.pins.check import is_local_url

        if D.has_credentials(url):
            self.add(
                line,
                "PIN408",
                f"{what} {D.redact(url)} has credentials written into it: remove them, "
                "rotate the secret, and pass it from the environment (${VAR}) or a keyring",
                col,
                path,
            )
        if D.is_plain(url) and not is_local_url(url):
            scheme = D.scheme_of(url)
            self.add(
                line,
                "PIN403",
                f"{what} {D.display_url(url)} uses {scheme}://, which anyone on the network "
                "path can read and change: use https (or ssh for VCS)",
                col,
                path,
            )

    # locks -------------------------------------------------------------------------
    def locked(self, locked: Locked) -> None:
        name = locked.name
        if locked.url:
            what = "source" if locked.source == "vcs" else "URL"
            if D.has_credentials(locked.url) or D.is_plain(locked.url):
                line = locked.line_of(locked.url_where)
                self.url(locked.url, line, 1, f"locked {name}'s {what}")
        for url, where in locked.urls:
            if D.has_credentials(url) or D.is_plain(url):
                self.url(url, locked.line_of(where), 1, f"locked {name}'s artifact URL")
        if locked.source == "vcs":
            vcs = locked.vcs or "git"
            if not D.vcs_pinned(vcs, locked.commit):
                what = f"records {locked.commit!r}" if locked.commit else "records no commit"
                self.add(
                    locked.line,
                    "PIN302",
                    f"locked {vcs} package {name} {what}: lock it again so the lock records "
                    "the full commit",
                )
            return
        if locked.source == "local":
            return
        weak = sorted(
            {(algo, locked.line_of(w)) for algo, w in locked.hashes if algo in D.WEAK_ALGORITHMS}
        )
        for algo, line in weak:
            self.add(line, "PIN202", f"locked {name} has a {algo} hash, which can be forged")
        if not locked.hashes:
            version = f" {locked.version}" if locked.version else ""
            self.add(
                locked.line,
                "PIN207",
                f"locked {name}{version} has no hashes: its files can be swapped on the "
                "index; lock again with hashes",
            )
        elif locked.unhashed:
            self.add(
                locked.line_of(locked.unhashed[0]),
                "PIN207",
                f"locked {name} lists {len(locked.unhashed)} file(s) without a hash: "
                "lock again with hashes",
            )

    # refs --------------------------------------------------------------------------
    def ref(self, ref: Ref) -> None:
        if ref.kind == "pre-commit":
            if not D.is_full_sha(ref.ref):
                what = f"rev {ref.ref!r} is a tag or branch" if ref.ref else "no rev"
                self.add(
                    ref.line,
                    "PIN303",
                    f"{ref.target}: {what}, which the repository can move: use the full "
                    "commit SHA (pre-commit autoupdate --freeze)",
                    ref.col,
                )
            return
        if ref.kind == "docker":
            if not (ref.ref or "").startswith("sha256:"):
                self.add(
                    ref.line,
                    "PIN304",
                    f"docker://{ref.target} is not pinned to a digest: use @sha256:<digest>",
                    ref.col,
                )
            return
        if not D.is_full_sha(ref.ref):
            what = f"@{ref.ref}" if ref.ref else "without a ref"
            self.add(
                ref.line,
                "PIN304",
                f"{ref.target}{what if ref.ref else ' ' + what} can be moved by its owner: "
                "pin the full commit SHA (keep the tag as a comment)",
                ref.col,
            )


_INDEX_WHAT = {
    "index-url": "index",
    "extra-index-url": "extra index",
    "uv-extra-index-url": "extra index",
    "find-links": "find-links location",
    "uv-index": "index",
    "poetry-source": "poetry source",
    "pdm-source": "pdm source",
    "pipenv-source": "Pipfile source",
    "lock-source": "locked index",
    "pre-commit-repo": "hook repository",
}


# -- requirements files ---------------------------------------------------------------------


def _requirements(ctx: _Context, source: SourceFile) -> Result:
    from outrider.checks.pins import reqfile

    path = source.path
    binary = source.binary_error()
    if binary is not None:
        return Result(errors=[binary])
    try:
        text = reqfile.decode(source.data)
    except (UnicodeDecodeError, LookupError) as exc:
        return Result(errors=[FileError(path, reqfile._decode_message(exc), check="pins")])
    constraint = "constraint" in os.path.basename(path).lower()

    def reader(target: str) -> bytes:
        if os.path.getsize(target) > ctx.limit:
            raise OSError(f"over the {ctx.limit} byte limit")
        with open(target, "rb") as f:
            return f.read()

    parsed = reqfile.parse_text(text, path, reader=reader, constraint=constraint)
    return _ReqJudge(ctx, parsed).run()


class _ReqJudge(_Judge):
    def __init__(self, ctx: _Context, parsed: ParsedFile) -> None:
        super().__init__(ctx, parsed.path, Manifest(parsed.path, "requirements"))
        self.parsed = parsed
        self.errors: list[FileError] = []

    def run(self) -> Result:
        parsed = self.parsed
        for error in parsed.errors:
            if error.kind == "weak-hash":
                self.add(error.line, "PIN202", error.message, path=error.path)
            else:
                self.errors.append(FileError(error.path, error.message, error.line, 0, "pins"))
        for include in parsed.includes:
            if include.remote:
                self.add(
                    include.line,
                    "PIN407",
                    f"includes {D.display_url(include.target)}, which is fetched at install "
                    "time and can change without review: vendor the file and include it "
                    "by path",
                    path=include.path,
                )
                self.url(include.target, include.line, 1, "included file", include.path)
        lines = parsed.lines
        no_index = any(rl.options.no_index for rl in lines if rl.requirement is None)
        require = any(rl.options.require_hashes for rl in lines if rl.requirement is None)
        no_require = any(rl.options.no_require_hashes for rl in lines if rl.requirement is None)
        hashed = any(
            rl.options.hashes and not rl.editable for rl in lines if rl.requirement is not None
        )
        hash_mode = require or (hashed and not no_require)
        top_is_input = parsed.path.endswith(".in")
        if self.ctx.check.require_hashes and not top_is_input:
            hash_mode = True
        constrained = self._constrained(lines)
        for rl in lines:
            if rl.requirement is None:
                self.options_line(rl, no_index)
            else:
                self.requirement(rl, hash_mode, constrained)
        return Result(self.findings, self.errors)

    @staticmethod
    def _constrained(lines: list[ReqLine]) -> set[str]:
        names: set[str] = set()
        for rl in lines:
            if rl.constraint and rl.requirement is not None:
                dep = D.from_pip(rl.requirement, rl.line, editable=rl.editable)
                if dep.name and dep.pinned:
                    names.add(dep.name)
        return names

    def options_line(self, rl: ReqLine, no_index: bool) -> None:
        o = rl.options
        where = rl.path
        if o.hashes:
            self.add(
                rl.line,
                "PIN203",
                "--hash on a line without a requirement: pip ignores it; the line above "
                "probably lost its trailing backslash",
                path=where,
            )
        if o.no_require_hashes:
            self.add(
                rl.line,
                "PIN205",
                "--no-require-hashes turns hash checking off for every requirement: remove it "
                "and hash every requirement (pip-compile --generate-hashes, uv pip compile "
                "--generate-hashes)",
                path=where,
            )
        for host in o.trusted_hosts:
            self.add(
                rl.line,
                "PIN402",
                f"--trusted-host {host} turns off TLS verification for that host: fix its "
                "certificate (or set PIP_CERT to your CA bundle) and remove the option",
                path=where,
            )
        if o.index_url:
            self.url(o.index_url, rl.line, 1, "index", where)
        for url in o.extra_index_urls:
            self.url(url, rl.line, 1, "extra index", where)
            if not no_index:
                self.add(
                    rl.line,
                    "PIN401",
                    f"--extra-index-url {D.display_url(url)}: pip takes each package from "
                    "whichever index offers the highest version, so a public upload can "
                    "replace a private package (dependency confusion); serve everything "
                    "from one --index-url that proxies PyPI",
                    path=where,
                )
        for url in o.find_links:
            if D.is_url(url):
                self.url(url, rl.line, 1, "find-links location", where)

    def requirement(self, rl: ReqLine, hash_mode: bool, constrained: set[str]) -> None:
        text = rl.requirement or ""
        dep = D.from_pip(text, rl.line, editable=rl.editable)
        where = rl.path
        if dep.error:
            self.errors.append(FileError(where, dep.error, rl.line, 0, "pins"))
            return
        label = dep.given_name or D.display_url(text)
        option_hashes = rl.options.hashes or {}
        if rl.editable and option_hashes:
            self.add(
                rl.line,
                "PIN204",
                f"--hash on editable {label}: pip drops it without a word (there is no "
                "archive to check); remove it, or install a built, hashed archive",
                path=where,
            )
        strong = {a for a in (*option_hashes, *dep.hashes) if a in reqfile_strong()}
        if not rl.constraint:
            if hash_mode and not strong:
                reason = (
                    "pip refuses editable requirements in hash-checking mode"
                    if rl.editable
                    else "pip refuses the whole install in hash-checking mode"
                )
                self.add(
                    rl.line,
                    "PIN201",
                    f"{label} has no --hash, but this file is installed in hash-checking "
                    f"mode: {reason}; regenerate the hashes (pip-compile --generate-hashes)",
                    path=where,
                )
            self.pin(rl, dep, label, constrained)
        self.dep_common_at(
            dep, where, url_hash=not hash_mode and not rl.constraint, extra=option_hashes
        )

    def pin(self, rl: ReqLine, dep: D.Dep, label: str, constrained: set[str]) -> None:
        if dep.pinned or dep.vcs is not None or dep.name is None or dep.name in constrained:
            return
        if rl.path.endswith(".in"):
            compiled = rl.path[: -len(".in")] + ".txt"
            names = self.ctx.locked_names(compiled)
            if names is not None and dep.name in names:
                return
            hint = (
                f"{os.path.basename(compiled)} does not pin it: compile again"
                if names is not None
                else f"and there is no {os.path.basename(compiled)} compiled from this file"
            )
        else:
            hint = (
                f"pin it ('{dep.given_name}==X.Y.Z') or compile this file with hashes "
                "(pip-compile --generate-hashes, uv pip compile --generate-hashes)"
            )
        spec = str(dep.specifier) or "any version"
        self.add(rl.line, "PIN101", f"{label} accepts {spec}: {hint}", path=rl.path)

    def dep_common_at(
        self, dep: D.Dep, where: str, *, url_hash: bool, extra: Iterable[str]
    ) -> None:
        saved = self.path
        self.path = where
        try:
            self.dep_common(dep, None, 0, REQUIREMENTS, url_hash=url_hash, extra_hashes=extra)
        finally:
            self.path = saved


def reqfile_strong() -> tuple[str, ...]:
    from outrider.checks.pins.reqfile import STRONG_HASHES

    return STRONG_HASHES
