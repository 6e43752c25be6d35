"""``outrider pytest-warnings``: the project's test suite with deprecation warnings as errors.

This RUNS THE PROJECT'S CODE (its tests, and whatever they import): the one place outrider
executes anything it did not write, and only when this command is asked for. The tests run
in the project's own interpreter::

    python -m pytest -W error::DeprecationWarning -W error::PendingDeprecationWarning \\
        -W error::SyntaxWarning --continue-on-collection-errors [pytest-args] [-- args]

with ``PYTHONPYCACHEPREFIX`` pointing at a fresh temporary directory, so every module is
compiled from its source again (an old ``.pyc`` would hide its compile-time warnings), and
with a small recording plugin that says which failures a warning caused.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess  # nosec B404 # runs the project's own pytest, with an argument list
import sys
import tempfile
from collections.abc import Sequence
from typing import Any

from outrider.model import FileError, Finding, Level, Result

PLUGIN_MODULE = "_outrider_pytest_warnings"
PLUGIN_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_pytest_plugin.py")
WARNING_OPTIONS = (
    "-W",
    "error::DeprecationWarning",
    "-W",
    "error::PendingDeprecationWarning",
    "-W",
    "error::SyntaxWarning",
)
#: Directory names checked, in order, for the project's virtual environment.
VENV_NAMES = (".venv", "venv", "env", ".env")


class RunError(Exception):
    """The test suite could not be run at all (exit status 2)."""


@dataclasses.dataclass
class Outcome:
    result: Result
    pytest_status: int
    tests_failed: int
    output: str


def _venv_python(directory: str) -> str | None:
    if not os.path.isfile(os.path.join(directory, "pyvenv.cfg")):
        return None
    for candidate in (
        os.path.join(directory, "bin", "python"),
        os.path.join(directory, "Scripts", "python.exe"),
    ):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def find_python(root: str, explicit: str | None, environ: dict[str, str]) -> tuple[str, str]:
    """(interpreter, why it was chosen): ``--python``, the configuration, the project's
    virtualenv, the activated one (unless it is the one running outrider, as under
    pre-commit), else the interpreter running outrider."""
    if explicit:
        found = shutil.which(explicit) or (explicit if os.access(explicit, os.X_OK) else None)
        if found is None:
            raise RunError(f"{explicit}: no such Python executable")
        return found, "as configured"
    for name in VENV_NAMES:
        python = _venv_python(os.path.join(root, name))
        if python:
            return python, f"the project's virtualenv {name}"
    active = environ.get("VIRTUAL_ENV")
    if active and os.path.realpath(active) != os.path.realpath(sys.prefix):
        python = _venv_python(active)
        if python:
            return python, "the activated virtualenv"
    return sys.executable, "the interpreter running outrider"


def command(python: str, args: Sequence[str]) -> list[str]:
    return [
        python,
        "-m",
        "pytest",
        "-p",
        PLUGIN_MODULE,
        *WARNING_OPTIONS,
        "--continue-on-collection-errors",
        *args,
    ]


def run(
    root: str, python: str, args: Sequence[str], environ: dict[str, str] | None = None
) -> Outcome:
    env = dict(os.environ if environ is None else environ)
    with tempfile.TemporaryDirectory(prefix="outrider-pytest-") as tmp:
        plugin_dir = os.path.join(tmp, "plugin")
        os.mkdir(plugin_dir)
        shutil.copyfile(PLUGIN_SOURCE, os.path.join(plugin_dir, PLUGIN_MODULE + ".py"))
        report_path = os.path.join(tmp, "report.jsonl")
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (plugin_dir, env.get("PYTHONPATH")) if p)
        env["OUTRIDER_PYTEST_REPORT"] = report_path
        env["OUTRIDER_PYTEST_ROOT"] = root
        try:
            proc = subprocess.run(  # nosec B603 # argument list, the project's own pytest
                command(python, args),
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                check=False,
            )
        except OSError as exc:
            raise RunError(f"cannot run {python}: {exc.strerror or exc}") from None
        output = proc.stdout.decode("utf-8", "replace")
        records = _read_records(report_path)
    return interpret(records, proc.returncode, output)


def _read_records(path: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    records.append(record)
    except OSError:
        pass
    return records


def _tail(output: str, lines: int = 30) -> str:
    return "\n".join(output.rstrip().splitlines()[-lines:])


def _compile_warning(record: dict[str, Any]) -> str | None:
    """The compile-time warning a SyntaxError was raised for (warnings as errors), if any."""
    syntax = record.get("syntax")
    if not isinstance(syntax, dict):
        return None
    from outrider.checks.warnings import kinds

    msg = str(syntax.get("msg") or "")
    return msg if kinds.classify(msg) is not kinds.OTHER else None


def interpret(records: list[dict[str, Any]], status: int, output: str) -> Outcome:
    start = next((r for r in records if r.get("event") == "start"), None)
    if start is None:
        raise RunError(
            f"pytest did not start (exit status {status}); is pytest installed in this "
            f"interpreter? Its output:\n{_tail(output)}"
        )
    if not start.get("warnings_plugin", True):
        raise RunError(
            "pytest's warnings plugin is disabled (-p no:warnings in addopts?): "
            "the -W options would have no effect"
        )
    if status in (3, 4):
        raise RunError(f"pytest stopped with exit status {status}:\n{_tail(output)}")
    result = Result()
    failed = 0
    for record in records:
        if record.get("event") != "failure":
            continue
        failed += 1
        nodeid = str(record.get("nodeid") or record.get("path") or "?")
        warning = record.get("warning")
        compile_warning = _compile_warning(record)
        frame = record.get("frame")
        path, line, col = (
            (str(frame[0]), int(frame[1]), int(frame[2]))
            if isinstance(frame, list) and len(frame) == 3
            else (str(record.get("path") or "."), int(record.get("line") or 0), 0)
        )
        path = path.replace(os.sep, "/")
        phase = "" if record.get("when") in ("call", None) else f" (in {record.get('when')})"
        if warning or compile_warning:
            what = (
                f"{warning}: {record.get('message')}"
                if warning
                else f"compile-time warning raised as an error: {compile_warning}"
            )
            result.findings.append(
                Finding(
                    path=path,
                    line=max(line, 1),
                    col=max(col, 1),
                    code="WRN131",
                    message=f"{nodeid} fails{phase} with warnings as errors: {what}",
                    severity=Level.MEDIUM,
                    confidence=Level.HIGH,
                    cwe=1127,
                    check="warnings",
                )
            )
        else:
            result.errors.append(
                FileError(
                    path,
                    f"{nodeid} fails{phase}, not because of a warning: "
                    f"{record.get('type')}: {str(record.get('message') or '').strip()[:300]}",
                    max(line, 0),
                    1 if line else 0,
                    check="warnings",
                )
            )
    if status not in (0, 1, 5) and not failed:
        raise RunError(f"pytest stopped with exit status {status}:\n{_tail(output)}")
    result.sort()
    return Outcome(result, status, failed, output)


def main(args: Any, stdout: Any) -> int:
    """The ``outrider pytest-warnings`` command (exit status as ``outrider check``)."""
    from outrider.checks.warnings import WarningsCheck
    from outrider.config import load_settings
    from outrider.engine import Report
    from outrider.files import display_path
    from outrider.output import Options, renderer
    from outrider.registry import check_names

    settings = load_settings(args.config, check_names=check_names(), isolated=args.isolated)
    check = WarningsCheck(settings)
    configured = args.python or check.pytest_python
    if configured and not args.python and os.sep in configured.replace("/", os.sep):
        configured = os.path.join(settings.root, os.path.expanduser(configured))
    try:
        python, why = find_python(settings.root, configured, dict(os.environ))
        if not args.quiet:
            print(
                f"outrider: running the project's tests with {python} ({why}); "
                "this executes the project's code",
                file=sys.stderr,
            )
        outcome = run(settings.root, python, [*check.pytest_args, *args.pytest_args])
    except RunError as exc:
        print(f"outrider: error: {exc}", file=sys.stderr)
        return 2
    if args.show_output:
        sys.stderr.write(outcome.output)
    result = outcome.result
    for i, finding in enumerate(result.findings):
        result.findings[i] = dataclasses.replace(
            finding, path=display_path(os.path.join(settings.root, finding.path))
        )
    for i, e in enumerate(result.errors):
        result.errors[i] = dataclasses.replace(
            e, path=display_path(os.path.join(settings.root, e.path))
        )
    result.sort()
    report = Report(result, rules={r.code: r for r in check.rules()})
    text = renderer(args.format)(report, Options(root=settings.root))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    else:
        stdout.write(text)
    if not args.quiet:
        n, m = len(result.findings), len(result.errors)
        status = (
            "no tests collected"
            if outcome.pytest_status == 5
            else f"{n} test failure{'s' if n != 1 else ''} caused by warnings, "
            f"{m} for other reasons"
        )
        print(f"outrider pytest-warnings: {status}.", file=sys.stderr)
    return 1 if result.findings or result.errors else 0
