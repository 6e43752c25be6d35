"""pytest plugin that ``outrider pytest-warnings`` loads into the project's own test run.

It is copied to a temporary directory and loaded with ``-p``; it runs inside the project's
interpreter and pytest, so it keeps to the standard library and pytest's long-standing hooks,
and to syntax Python 3.8 accepts. It only records: every exception pytest is about to report
(a failed test phase, or a collection error), one JSON object per line, in the file named by
``OUTRIDER_PYTEST_REPORT``.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_REPORT = os.environ.get("OUTRIDER_PYTEST_REPORT", "")
_ROOT = os.path.realpath(os.environ.get("OUTRIDER_PYTEST_ROOT") or os.getcwd())
_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, SyntaxWarning)


def _write(record: dict[str, Any]) -> None:
    if not _REPORT:
        return
    with open(_REPORT, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def _in_project(filename: str) -> bool:
    real = os.path.realpath(filename)
    if not (real == _ROOT or real.startswith(_ROOT + os.sep)):
        return False
    parts = real[len(_ROOT) :].split(os.sep)
    return not any(p in ("site-packages", "dist-packages") for p in parts)


def _root_cause(exc: BaseException) -> BaseException:
    """Through pytest's CollectError wrappers to the exception the import raised."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        cause = exc.__cause__
        if cause is None or type(exc).__name__ != "CollectError":
            break
        exc = cause
    return exc


def _project_frame(exc: BaseException) -> tuple[str, int, int] | None:
    """Where in the project the exception comes from: the innermost frame inside the
    project, skipping the frame that called ``warnings.warn`` (the deprecated API itself:
    its caller is the code to change)."""
    summaries = list(traceback.extract_tb(exc.__traceback__))
    if isinstance(exc, Warning) and summaries and "warn" in (summaries[-1].line or ""):
        summaries.pop()
    frames = [(fs.filename, fs.lineno or 0, 0) for fs in summaries]
    if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
        frames.append((exc.filename, exc.lineno, exc.offset or 0))
    inside = [f for f in frames if _in_project(f[0])]
    return inside[-1] if inside else None


def _describe(exc: BaseException) -> dict[str, Any]:
    record: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)[:2000]}
    for category in _WARNINGS:
        if isinstance(exc, category):
            record["warning"] = category.__name__
            break
    if isinstance(exc, SyntaxError):
        record["syntax"] = {
            "msg": exc.msg,
            "filename": exc.filename,
            "lineno": exc.lineno,
            "offset": exc.offset,
        }
    frame = _project_frame(exc)
    if frame is not None:
        record["frame"] = [os.path.relpath(os.path.realpath(frame[0]), _ROOT), frame[1], frame[2]]
    return record


def pytest_configure(config: Any) -> None:
    _write(
        {
            "event": "start",
            "python": list(sys.version_info[:3]),
            "executable": sys.executable,
            "pycache_prefix": getattr(sys, "pycache_prefix", None),
            "warnings_plugin": bool(config.pluginmanager.hasplugin("warnings")),
        }
    )


def pytest_exception_interact(node: Any, call: Any, report: Any) -> None:
    excinfo = getattr(call, "excinfo", None)
    if excinfo is None:
        return
    exc = _root_cause(excinfo.value)
    location = getattr(node, "location", None)
    record = {
        "event": "failure",
        "nodeid": getattr(report, "nodeid", "") or getattr(node, "nodeid", ""),
        "when": getattr(report, "when", None) or "collect",
        "path": os.path.relpath(
            os.path.realpath(str(getattr(node, "path", None) or node.fspath)), _ROOT
        ),
        "line": (location[1] + 1) if location and location[1] is not None else 0,
    }
    record.update(_describe(exc))
    _write(record)


def pytest_sessionfinish(session: Any, exitstatus: Any) -> None:
    _write({"event": "finish", "exitstatus": int(exitstatus)})
