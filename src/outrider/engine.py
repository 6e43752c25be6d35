"""Runs checks over files, in worker processes balanced by file size, and merges results.

Each file is read, decoded and parsed once in the worker that owns it; every check that
wants the file sees the same :class:`~outrider.files.SourceFile`. Filtering that needs the
file's text (inline suppressions, fingerprints) happens there too, so the parent never
reads a file. Results are sorted, so output is identical whatever the scheduling.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import multiprocessing
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from outrider.files import Excluder, SourceFile, discover, display_path, read_bytes
from outrider.model import ConfigError, FileError, Finding, Result, Rule
from outrider.suppress import Baseline, fingerprint, is_suppressed, suppressions

if TYPE_CHECKING:
    from outrider.checks import Check
    from outrider.config import Settings

#: Below this much input, worker start-up costs more than it saves.
PARALLEL_MIN_BYTES = 128 * 1024


@dataclasses.dataclass
class Report:
    result: Result
    files: int = 0
    suppressed: int = 0
    baselined: int = 0
    rules: dict[str, Rule] = dataclasses.field(default_factory=dict)


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)  # pragma: no cover - not Linux


class Engine:
    def __init__(self, settings: Settings, checks: Sequence[Check]) -> None:
        self.settings = settings
        self.checks = list(checks)
        self.excluder = Excluder(settings.exclude, settings.root)
        from outrider.rules import fixable_codes

        self.fixable = fixable_codes(settings.unsafe_fixes)
        self._per_file = [
            (glob.replace("\\", "/").removeprefix("./"), codes)
            for glob, codes in settings.per_file_ignores
        ]

    # -- routing ---------------------------------------------------------------------
    def wanted(self, path: str) -> bool:
        return any(c.wants(path) for c in self.checks)

    def route(self, path: str) -> list[int]:
        return [i for i, c in enumerate(self.checks) if c.wants(path)]

    def discover(self, paths: Sequence[str]) -> tuple[list[str], list[FileError]]:
        return discover(paths, self.excluder, self.wanted)

    # -- rules -----------------------------------------------------------------------
    def rules(self) -> dict[str, Rule]:
        rules: dict[str, Rule] = {}
        from outrider.rules import fix_kinds

        kinds = fix_kinds()
        for check in self.checks:
            for rule in check.rules():
                if rule.code not in rules:
                    rules[rule.code] = dataclasses.replace(rule, fix=kinds.get(rule.code, ""))
        return rules

    def validate_selectors(self, rules: Iterable[str]) -> None:
        codes = list(rules)
        for key, selectors in (
            ("select", self.settings.select),
            ("extend-select", self.settings.extend_select),
            ("ignore", self.settings.ignore),
        ):
            for sel in selectors:
                if not any(code.startswith(sel) for code in codes):
                    raise ConfigError(f"{key}: {sel!r} matches no rule of the enabled checks")

    # -- one file --------------------------------------------------------------------
    def check_path(self, path: str, check_ids: Sequence[int]) -> tuple[Result, int]:
        """All wanted checks over one file, filtered; returns (result, suppressed count)."""
        data = read_bytes(path, self.settings.max_file_size)
        shown = display_path(path)
        if isinstance(data, FileError):
            return Result(errors=[data]), 0
        source = SourceFile(shown, data)
        result = Result()
        for i in check_ids:
            check = self.checks[i]
            try:
                result.extend(check.check_file(source))
            except Exception as exc:  # a check must not raise; if it does, say so and go on
                result.errors.append(
                    FileError(
                        shown,
                        f"internal error in the {check.name} check: {type(exc).__name__}: {exc}",
                        check=check.name,
                    )
                )
        return self._filter(source, result)

    def _filter(self, source: SourceFile, result: Result) -> tuple[Result, int]:
        settings = self.settings
        table = suppressions(source.path, source.data) if result.findings else {}
        ignored = self._per_file_codes(source.path)
        lines: list[str] | None = None
        kept: list[Finding] = []
        suppressed = 0
        for f in result.findings:
            if not settings.selects(f.code, ignored):
                continue
            if f.severity < settings.min_severity or f.confidence < settings.min_confidence:
                continue
            if is_suppressed(f, table):
                suppressed += 1
                continue
            if lines is None:
                lines = source.lines
            text = lines[f.line - 1] if 0 < f.line <= len(lines) else ""
            kept.append(
                dataclasses.replace(f, fingerprint=fingerprint(f, text), fixable=self._fixable(f))
            )
        # Errors are never filtered: a file that was not checked must not look clean.
        errors = sorted(set(result.errors))
        return Result(kept, errors), suppressed

    def _fixable(self, f: Finding) -> bool:
        """A fixer for the code is installed and, when the check says how this finding can be
        fixed, that kind of fix is enabled (unsafe ones only with ``--unsafe-fixes``)."""
        if f.code not in self.fixable:
            return False
        if f.applicability == "":
            return True
        return f.applicability == "safe" or (
            f.applicability == "unsafe" and self.settings.unsafe_fixes
        )

    def _per_file_codes(self, path: str) -> tuple[str, ...]:
        if not self._per_file:
            return ()
        rel = os.path.relpath(os.path.abspath(path), self.settings.root).replace(os.sep, "/")
        codes: tuple[str, ...] = ()
        for glob, globcodes in self._per_file:
            if fnmatch.fnmatchcase(rel, glob) or fnmatch.fnmatchcase(rel, glob.rstrip("/") + "/*"):
                codes += globcodes
        return codes

    # -- many files ------------------------------------------------------------------
    def run(
        self,
        paths: Sequence[str],
        *,
        jobs: int | None = None,
        baseline: Baseline | None = None,
    ) -> Report:
        files, errors = self.discover(paths)
        units = [(p, self.route(p)) for p in files]
        report = Report(Result(errors=list(errors)), files=len(files))
        for result, suppressed in self._map(units, jobs or default_jobs()):
            report.result.extend(result)
            report.suppressed += suppressed
        report.result.sort()
        if baseline is not None:
            kept = [f for f in report.result.findings if not baseline.absorbs(f, f.fingerprint)]
            report.baselined = len(report.result.findings) - len(kept)
            report.result.findings = kept
        return report

    def _map(self, units: list[tuple[str, list[int]]], jobs: int) -> Iterable[tuple[Result, int]]:
        sizes = {p: _size(p) for p, _ in units}
        total = sum(sizes.values())
        # Only checks with files to read pay for their set-up (a check may start processes).
        used = [self.checks[i] for i in sorted({i for _, ids in units for i in ids})]
        if jobs <= 1 or len(units) < 2 or total < PARALLEL_MIN_BYTES:
            for check in used:
                check.prepare()
            for path, ids in units:
                yield self.check_path(path, ids)
            return
        # Longest first, pulled one at a time: no worker is left with the big files.
        units.sort(key=lambda u: sizes[u[0]], reverse=True)
        ctx = _mp_context()
        if ctx.get_start_method() == "fork":
            for check in used:
                check.prepare()  # done once, inherited by every worker
        global _ENGINE
        _ENGINE = self
        pool = ctx.Pool(
            processes=min(jobs, len(units)),
            initializer=_init_worker,
            initargs=(self.settings, [c.name for c in self.checks])
            if ctx.get_start_method() != "fork"
            else (None, None),
        )
        try:
            yield from pool.imap_unordered(_work, units, chunksize=1)
            # Let the workers exit on their own: terminate() (SIGTERM) could leave one blocked
            # on the queue's lock under a SIGTERM handler (coverage's), and join() hang.
            pool.close()
        except BaseException:  # pragma: no cover - interrupted, or the caller stopped early
            pool.terminate()
            raise
        finally:
            pool.join()
            _ENGINE = None


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _mp_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")  # pragma: no cover - not Linux


_ENGINE: Engine | None = None


def _init_worker(settings: Settings | None, names: list[str] | None) -> None:
    global _ENGINE
    if settings is not None and names is not None:  # pragma: no cover - spawn platforms
        from outrider.registry import load_checks

        _ENGINE = Engine(settings, load_checks(settings, names))
        for check in _ENGINE.checks:
            check.prepare()


def _work(unit: tuple[str, list[int]]) -> tuple[Result, int]:
    if _ENGINE is None:  # pragma: no cover - the pool's initializer always sets it
        raise RuntimeError("outrider worker started without an engine")
    return _ENGINE.check_path(*unit)
