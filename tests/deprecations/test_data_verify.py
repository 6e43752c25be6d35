"""Every stdlib row, checked against every CPython 3.8+ on this machine.

Each interpreter runs all probes in one fresh process (``probe_runner.py``; probes isolated from
each other inside it), and the interpreters run concurrently. A row with a run-time signal must
raise that warning from the version it says (and not before), and fail from its removal version;
a documentation-only row's object must exist where the row says it does and be gone where it
says it was removed. Interpreters that are not installed are skipped, never faked.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import dep_verify

from outrider.checks.deprecations import data

INTERPRETERS = dep_verify.discover()
CURRENT = (sys.version_info[0], sys.version_info[1])


@pytest.fixture(scope="module")
def outcomes() -> dict[tuple[int, int], dict[str, Any]]:
    return dep_verify.run_all(INTERPRETERS, data.load_stdlib())


def contradictions(report: dict[str, Any]) -> list[str]:
    version = (report["version"][0], report["version"][1])
    found = []
    for number, api in enumerate(data.load_stdlib()):
        if dep_verify.applies(api, version, report["platform"]):
            problem = dep_verify.judge(api, version, report["results"][str(number)])
            if problem:
                found.append(f"{api.name} ({api.kind}): {problem}")
    return found


@pytest.mark.parametrize("minor", list(dep_verify.MINORS), ids=lambda m: f"3.{m}")
def test_rows_hold_on_interpreter(
    minor: int, outcomes: dict[tuple[int, int], dict[str, Any]]
) -> None:
    report = outcomes.get((3, minor))
    if report is None:
        pytest.skip(f"no Python 3.{minor} on this machine")
    problems = contradictions(report)
    assert not problems, "\n".join(problems)


def test_current_interpreter_is_verified(outcomes: dict[tuple[int, int], dict[str, Any]]) -> None:
    assert CURRENT in outcomes
    assert len(outcomes[CURRENT]["results"]) == len(data.load_stdlib())


def test_every_signal_row_has_a_probe_and_documentation_rows_resolve() -> None:
    jobs = dep_verify.jobs(data.load_stdlib())
    for api, job in zip(data.load_stdlib(), jobs, strict=True):
        if api.signal != "none":
            assert job.get("probe") == api.probe
        else:
            assert job.get("probe") or job.get("resolve") == api.name


def test_judge_reports_each_kind_of_contradiction() -> None:
    """The judge itself: each way a row can be wrong is reported."""
    api = data.Api(
        name="m.f",
        kind="function",
        status="removed",
        deprecated="3.10",
        removed="3.12",
        signal="DeprecationWarning",
        probe="import m\nm.f()\n",
        source="https://docs.python.org/3/",
    )
    ok = {"warnings": [], "messages": [], "error": None, "mro": [], "detail": ""}
    warned = {**ok, "warnings": ["DeprecationWarning"], "messages": ["m.f is deprecated"]}
    gone = {**ok, "error": "AttributeError", "mro": ["AttributeError"], "detail": "no f"}
    assert dep_verify.judge(api, (3, 9), ok) == ""
    assert "the warning starts in 3.10" in dep_verify.judge(api, (3, 9), warned)
    assert dep_verify.judge(api, (3, 10), warned) == ""
    assert "but the probe raised nothing" in dep_verify.judge(api, (3, 11), ok)
    assert dep_verify.judge(api, (3, 12), gone) == ""
    assert "removed in 3.12, but the probe gave no error" in dep_verify.judge(api, (3, 12), ok)
    assert "row says present" in dep_verify.judge(api, (3, 11), gone)
    restored = data.Api(
        name="m.g",
        kind="function",
        status="undeprecated",
        deprecated="3.11",
        undeprecated="3.13",
        signal="DeprecationWarning",
        probe="import m\nm.g()\n",
        source="https://docs.python.org/3/",
    )
    assert dep_verify.judge(restored, (3, 12), warned) == ""
    assert "undeprecated in 3.13" in dep_verify.judge(restored, (3, 13), warned)
    windows = data.Api(name="msilib", kind="module", status="removed", platform="win32")
    assert not dep_verify.applies(windows, (3, 11), "linux")
    assert dep_verify.applies(windows, (3, 11), "win32")
    added = data.Api(name="m.h", kind="function", status="deprecated", added="3.10")
    assert not dep_verify.applies(added, (3, 9), "linux")
    assert dep_verify.applies(added, (3, 10), "linux")


def test_thirdparty_rows_hold_for_installed_distributions() -> None:
    """Third-party rows whose package is installed here are probed against that version.

    Rows of packages not installed are documentation-only in this run (each names its source);
    docs/deprecations-data.md records the wider check run against two versions of each package.
    """
    apis = data.load_thirdparty()
    current = dep_verify.Interpreter(CURRENT, sys.executable)
    report = dep_verify.run_all([current], apis, site=True)[CURRENT]
    problems = []
    for number, api in enumerate(apis):
        outcome = report["results"][str(number)]
        if outcome.get("missing"):
            continue
        version = dep_verify.release(outcome["installed"])
        added = api.added_version()
        if added is not None and version < added:
            continue
        problem = dep_verify.judge(api, version, outcome)
        if problem:
            problems.append(f"{api.name} [{api.package} {outcome['installed']}]: {problem}")
    assert not problems, "\n".join(problems)
