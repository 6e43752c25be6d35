"""Run deprecation-table probes inside one interpreter and report per-row JSON.

Executed by every interpreter under test (3.8 and later), so it uses only syntax and modules
that 3.8 has. It reads a JSON list of jobs on stdin, each ``{"id", "probe", "resolve"}``:
``probe`` is code that uses the API; ``resolve`` is a dotted name to import and look up when the
row has no probe. Every job runs in a fresh namespace, with every warning recorded
(``simplefilter("always")``), its output swallowed, and ``sys.modules`` put back afterwards so
that an import-time warning of one probe is not hidden by an earlier probe's import.

Output (stdout, one JSON object): ``{"version": [3, 12], "platform": "linux", "results":
{id: {"warnings": [category names, with their Warning bases], "messages": [...], "error":
name or null, "mro": [...], "detail": str, "seconds": float}}}``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import signal
import sys
import time
import warnings

TIMEOUT = 20  # seconds a single probe may take
#: Imported once before the probes and kept: re-importing them for every probe would cost most
#: of the run. None of them warns when imported, and none is the subject of a module row.
PRELOAD = (
    "asyncio",
    "ssl",
    "unittest",
    "typing",
    "importlib.util",
    "importlib.abc",
    "importlib.machinery",
    "importlib.resources",
    "xml.etree.ElementTree",
    "urllib.request",
    "urllib.parse",
    "logging",
    "threading",
    "datetime",
    "configparser",
    "ast",
    "collections.abc",
    "tempfile",
    "email.utils",
    "http.client",
    "inspect",
    "pathlib",
    "sqlite3",
    "shutil",
    "argparse",
    "tarfile",
    "zipfile",
    "locale",
    "gettext",
    "random",
)


class ProbeTimeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hanging probe
    raise ProbeTimeout(f"probe took longer than {TIMEOUT} s")


def resolve(name):
    """Import the longest importable prefix of ``name``, then look the rest up as attributes."""
    parts = name.split(".")
    obj = None
    for i in range(len(parts), 0, -1):
        module = ".".join(parts[:i])
        try:
            obj = importlib.import_module(module)
        except ImportError:
            if i == 1:
                raise
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    return obj


def installed(package):
    """The installed version of a distribution, or None."""
    import importlib.metadata

    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _try_import(name):
    """Import ``name`` if it can be; the probe itself reports any failure."""
    try:
        importlib.import_module(name)
    except Exception:  # nosec B110 - reported by the probe that needs it
        return False
    return True


def run_job(job):
    if job.get("package"):
        version = installed(job["package"])
        if version is None:
            return {"missing": True}
        if job.get("preload"):
            # A package's own top-level module stays loaded between probes: compiled
            # extensions such as NumPy's cannot be imported twice in one process.
            parts = job["preload"].split(".")
            for i in range(len(parts) - 1, 0, -1):
                if _try_import(".".join(parts[:i])):
                    break
        result = run_job({k: v for k, v in job.items() if k not in {"package", "preload"}})
        result["installed"] = version
        return result
    before = set(sys.modules)
    out = io.StringIO()
    result = {"warnings": [], "messages": [], "error": None, "mro": [], "detail": ""}
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                signal.alarm(TIMEOUT)
                try:
                    if job.get("probe"):
                        code = compile(job["probe"], f"<probe {job['id']}>", "exec")
                        exec(code, {"__name__": "__probe__", "__builtins__": __builtins__})  # nosec B102
                    else:
                        resolve(job["resolve"])
                finally:
                    signal.alarm(0)
        except BaseException as exc:  # every outcome is reported
            if isinstance(exc, KeyboardInterrupt):
                raise
            result["error"] = type(exc).__name__
            result["mro"] = [c.__name__ for c in type(exc).__mro__]
            result["detail"] = str(exc)[:300]
    for w in caught:
        # The category and its warning bases, so that a package's own subclass
        # (PytestDeprecationWarning, PydanticDeprecatedSince20) counts as DeprecationWarning.
        for cls in w.category.__mro__:
            if issubclass(cls, Warning) and cls is not Warning:
                result["warnings"].append(cls.__name__)
                result["messages"].append(str(w.message)[:300])
    result["seconds"] = round(time.perf_counter() - started, 4)
    for name in set(sys.modules) - before:
        del sys.modules[name]
    return result


def main():
    jobs = json.load(sys.stdin)
    signal.signal(signal.SIGALRM, _alarm)
    for name in PRELOAD:
        with contextlib.suppress(ImportError):  # a build without _ssl or _sqlite3
            importlib.import_module(name)
    real_stdout = sys.stdout
    results = {}
    for job in jobs:
        results[str(job["id"])] = run_job(job)
    json.dump(
        {"version": list(sys.version_info[:2]), "platform": sys.platform, "results": results},
        real_stdout,
    )
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
