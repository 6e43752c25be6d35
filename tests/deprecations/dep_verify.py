"""Cross-interpreter verification of the deprecation table (shared by the tests).

Each interpreter found runs ``probe_runner.py`` once, on every row of the table, and reports
per-row JSON; :func:`judge` compares one row's outcome on one interpreter with what the row
claims, and returns the contradiction as a sentence (or ``""``).
"""

from __future__ import annotations

import dataclasses
import glob
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from outrider.checks.deprecations.data import Api, version_tuple

RUNNER = Path(__file__).with_name("probe_runner.py")
MINORS = range(8, 16)  # 3.8 .. 3.15
#: What "the import or attribute fails" means for a removed API of each kind.
REMOVED_ERRORS = {
    "argument": ("TypeError", "ValueError"),
    "argument-value": ("TypeError", "ValueError"),
}
DEFAULT_REMOVED_ERRORS = ("ImportError", "AttributeError")


@dataclasses.dataclass(frozen=True)
class Interpreter:
    version: tuple[int, int]
    executable: str


def _version_of_name(path: str) -> tuple[int, int] | None:
    match = re.search(r"python3\.(\d+)$", path) or re.search(r"/3\.(\d+)\.\d+[^/]*/bin/", path)
    return (3, int(match.group(1))) if match else None


def discover() -> list[Interpreter]:
    """The current interpreter plus one of each other CPython 3.8+ on this machine.

    Looks in pyenv's versions directory (``pyenv root``, or ``$PYENV_ROOT``) and for
    ``python3.X`` on ``PATH`` (pyenv's shims excluded: they answer for the selected version
    only). Candidates are filtered later by what they report about themselves.
    """
    found: dict[tuple[int, int], str] = {(sys.version_info[0], sys.version_info[1]): sys.executable}
    roots = []
    if os.environ.get("PYENV_ROOT"):
        roots.append(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            out = subprocess.run(
                [pyenv, "root"], capture_output=True, text=True, timeout=30, check=False
            )
            if out.returncode == 0 and out.stdout.strip():
                roots.append(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    candidates: list[str] = []
    for root in roots:
        candidates += sorted(glob.glob(os.path.join(root, "versions", "3.*", "bin", "python3.*")))
    for minor in MINORS:
        exe = shutil.which(f"python3.{minor}")
        if exe and os.sep + "shims" + os.sep not in exe:
            candidates.append(exe)
    for exe in candidates:
        version = _version_of_name(exe)
        if version is None or version in found or not os.access(exe, os.X_OK):
            continue
        if not re.fullmatch(r"python3\.\d+", os.path.basename(exe)):
            continue  # python3.12-config and the like
        found[version] = exe
    return [Interpreter(v, e) for v, e in sorted(found.items()) if v[1] in MINORS]


def jobs(apis: Sequence[Api]) -> list[dict[str, Any]]:
    """One job per row: its probe, or the name to resolve for documentation-only rows."""
    out: list[dict[str, Any]] = []
    for number, api in enumerate(apis):
        if api.probe:
            job: dict[str, Any] = {"id": number, "probe": api.probe}
        elif api.kind == "module":
            job = {"id": number, "probe": f"import {api.name}\n"}
        else:
            job = {"id": number, "resolve": api.name}
        if api.package:
            job["package"] = api.package
            if api.kind != "module":
                job["preload"] = api.name
        out.append(job)
    return out


def start(
    interpreter: Interpreter, apis: Sequence[Api], site: bool = False
) -> tuple[subprocess.Popen[str], str]:
    """Start one interpreter on every row. Without ``site``, ``-S`` keeps site-packages out:
    setuptools' distutils shim, for one, would otherwise stand in for the standard library."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.Popen(
        [interpreter.executable, "-I", *([] if site else ["-S"]), "-X", "utf8", str(RUNNER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    return proc, json.dumps(jobs(apis))


def collect(proc: subprocess.Popen[str], payload: str, timeout: float = 300) -> dict[str, Any]:
    """Feed the jobs and read the report (``communicate``: the report outgrows a pipe)."""
    try:
        out, err = proc.communicate(payload, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    if proc.returncode != 0:
        raise RuntimeError(f"probe runner exited {proc.returncode}: {err[-2000:]}")
    result: dict[str, Any] = json.loads(out)
    return result


def run_all(
    interpreters: Iterable[Interpreter], apis: Sequence[Api], site: bool = False
) -> dict[tuple[int, int], dict[str, Any]]:
    """Run every interpreter's batch concurrently; results keyed by reported version."""
    procs = [start(i, apis, site) for i in interpreters]
    results: dict[tuple[int, int], dict[str, Any]] = {}
    for proc, payload in procs:
        report = collect(proc, payload)
        results[(report["version"][0], report["version"][1])] = report
    return results


def applies(api: Api, version: tuple[int, int], platform: str) -> bool:
    """Whether the row is checked on this interpreter at all (platform and ``added``)."""
    if api.platform == "win32" and platform != "win32":
        return False
    if api.platform == "unix" and platform == "win32":
        return False
    if api.platform in {"linux", "darwin"} and not platform.startswith(api.platform):
        return False
    added = api.added_version()
    return added is None or version >= added


def release(text: str) -> tuple[int, ...]:
    """The release tuple of a distribution's version string ("2.0.0rc1" -> (2, 0, 0))."""
    from packaging.version import Version

    return Version(text).release


def judge(api: Api, version: tuple[int, ...], outcome: dict[str, Any]) -> str:
    """The contradiction between the row and one interpreter's outcome, or ``""``.

    ``version`` is the interpreter's (stdlib rows) or the installed distribution's version.
    """
    removed = api.removed_version()
    error = outcome["error"]
    if api.kind in REMOVED_ERRORS and not api.probe:
        # Without a probe only the callable is looked up: that says nothing about the argument.
        return f"row says present, but the lookup failed with {error}" if error else ""
    detail = f"{error}: {outcome['detail']}" if error else "no error"
    if removed is not None and version >= removed:
        expected = REMOVED_ERRORS.get(api.kind, DEFAULT_REMOVED_ERRORS)
        if not error or not set(outcome["mro"]) & set(expected):
            return f"row says removed in {api.removed}, but the probe gave {detail}"
        return ""
    if error:
        return f"row says present, but the probe failed with {detail}"
    if api.signal == "none":
        return ""
    raised = api.signal in outcome["warnings"]
    start = version_tuple(api.signal_from or api.deprecated)
    end = api.undeprecated_version()
    assert start is not None  # the schema requires deprecated with a signal
    should = version >= start and (end is None or version < end)
    if should and not raised:
        seen = ", ".join(sorted(set(outcome["warnings"]))) or "nothing"
        return (
            f"row says {api.signal} from {'.'.join(map(str, start))}, but the probe raised {seen}"
        )
    if raised and not should:
        when = (
            f"undeprecated in {api.undeprecated}"
            if end and version >= end
            else (f"says the warning starts in {'.'.join(map(str, start))}")
        )
        message = next(
            (
                m
                for c, m in zip(outcome["warnings"], outcome["messages"], strict=True)
                if c == api.signal
            ),
            "",
        )
        return f"row {when}, but {api.signal} was raised: {message}"
    return ""
