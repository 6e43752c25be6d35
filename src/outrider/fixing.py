"""``outrider fix``: rewrite what is fixable, atomically, keeping encoding and line endings.

Only files with a fixable finding are parsed with libcst. A file is written only if the
fixed text still parses; the write goes to a temporary file in the same directory that
then replaces the original, so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import multiprocessing
import os
import stat
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from outrider.files import read_bytes
from outrider.model import ConfigError, FileError, Finding
from outrider.registry import LoadError, describe_entry_point
from outrider.rules import SAFE_FIXES_GROUP, UNSAFE_FIXES_GROUP

if TYPE_CHECKING:
    from outrider.config import Settings
    from outrider.fixes import Fixer

#: Files with fixes above this count are fixed in worker processes.
PARALLEL_MIN_FILES = 8


@dataclasses.dataclass
class FileFix:
    path: str
    changed: bool = False
    diff: str = ""
    notes: list[str] = dataclasses.field(default_factory=list)
    error: FileError | None = None


def fixer_classes(codes: Iterable[str], unsafe: bool) -> dict[str, list[type[Fixer]]]:
    """Fixer classes by code, loaded through stevedore; a broken one is a loud error."""
    from stevedore import extension

    from outrider.fixes import Fixer

    wanted = set(codes)
    found: dict[str, list[type[Fixer]]] = defaultdict(list)
    failures: list[str] = []

    def failed(_manager: Any, entry_point: Any, exc: BaseException) -> None:
        failures.append(
            f"fixer entry point '{describe_entry_point(entry_point, group)}' failed to load: "
            f"{type(exc).__name__}: {exc}"
        )

    groups = [SAFE_FIXES_GROUP] + ([UNSAFE_FIXES_GROUP] if unsafe else [])
    group = SAFE_FIXES_GROUP
    for group in groups:
        manager: extension.ExtensionManager[Any] = extension.ExtensionManager(
            namespace=group,
            invoke_on_load=False,
            on_load_failure_callback=failed,
        )
        for ext in manager:
            if ext.name not in wanted:
                continue
            cls = ext.plugin
            if not (isinstance(cls, type) and issubclass(cls, Fixer)) or ext.name != cls.CODE:
                failures.append(
                    f"fixer entry point '{ext.name}' is not a Fixer subclass with CODE = "
                    f"{ext.name!r}"
                )
                continue
            found[ext.name].append(cls)
    if failures:
        raise LoadError("\n".join(failures))
    return dict(found)


def plan(findings: Sequence[Finding]) -> dict[str, dict[str, list[int]]]:
    """path -> code -> lines with a fixable finding."""
    todo: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        if f.fixable:
            todo[f.path][f.code].append(f.line)
    return {p: dict(c) for p, c in todo.items()}


def fix_file(
    path: str,
    codes: dict[str, list[int]],
    fixers: dict[str, list[type[Fixer]]],
    *,
    write: bool,
    max_size: int,
    settings: Settings | None = None,
) -> FileFix:
    from outrider.fixes import apply

    outcome = FileFix(path)
    data = read_bytes(path, max_size)
    if isinstance(data, FileError):
        outcome.error = data
        return outcome
    chosen = [(cls, lines) for code, lines in sorted(codes.items()) for cls in fixers.get(code, [])]
    if not chosen:
        return outcome
    try:
        new, notes = apply(data, chosen, settings)
    except Exception as exc:  # libcst cannot parse what ast could: leave the file alone
        outcome.notes.append(f"not fixed: libcst could not parse the file ({type(exc).__name__})")
        return outcome
    outcome.notes.extend(notes)
    if new == data:
        return outcome
    outcome.changed = True
    if write:
        err = write_atomic(path, new)
        if err is not None:
            outcome.error = FileError(path, err)
            outcome.changed = False
    else:
        outcome.diff = unified_diff(path, data, new)
    return outcome


def unified_diff(path: str, old: bytes, new: bytes) -> str:
    a = old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, fromfile=f"a/{path}", tofile=f"b/{path}"))


def write_atomic(path: str, data: bytes) -> str | None:
    """Replace ``path``'s content; returns an error message instead of raising."""
    target = os.path.realpath(path)  # keep a symlink a symlink
    directory = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
        fd, tmp = tempfile.mkstemp(prefix=".outrider-", dir=directory)
    except OSError as exc:
        return f"cannot write the fix: {exc.strerror or exc}"
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return f"cannot write the fix: {exc.strerror or exc}"
    return None


_FIXERS: dict[str, list[type[Fixer]]] = {}
_SETTINGS: Settings | None = None


def _fix_unit(args: tuple[str, dict[str, list[int]], bool, int]) -> FileFix:
    path, codes, write, max_size = args
    return fix_file(path, codes, _FIXERS, write=write, max_size=max_size, settings=_SETTINGS)


def fix_all(
    findings: Sequence[Finding],
    *,
    unsafe: bool,
    write: bool,
    jobs: int,
    max_size: int,
    settings: Settings | None = None,
) -> list[FileFix]:
    """Fix ``findings``; fixers see ``settings`` (the run's target versions ...)."""
    todo = plan(findings)
    if not todo:
        return []
    fixers = fixer_classes({c for codes in todo.values() for c in codes}, unsafe)
    if not fixers:
        raise ConfigError("findings are marked fixable but no fixer is installed for them")
    units = [(p, codes, write, max_size) for p, codes in sorted(todo.items())]
    global _FIXERS, _SETTINGS
    _FIXERS = fixers
    _SETTINGS = settings
    if (
        jobs <= 1
        or len(units) < PARALLEL_MIN_FILES
        or "fork" not in (multiprocessing.get_all_start_methods())
    ):
        return [_fix_unit(u) for u in units]
    pool = multiprocessing.get_context("fork").Pool(min(jobs, len(units)))
    try:
        done = pool.map(_fix_unit, units, chunksize=1)
        pool.close()
    except BaseException:  # pragma: no cover - interrupted (Ctrl-C) or a worker failed
        pool.terminate()
        raise
    finally:
        pool.join()
    return sorted(done, key=lambda f: f.path)
