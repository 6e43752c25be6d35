"""outrider practises what it checks: its own pytest configuration turns deprecations into
failures, its CI installs only hashed locked packages, its workflows pin every action to a
commit, and its pre-commit configuration runs every hook it ships."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the backport outrider itself depends on there
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCKS = sorted((ROOT / "requirements").glob("*.txt"))
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


# -- warnings are errors in our own tests --------------------------------------------------


def _pytest_with_our_configuration(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """A one-test file run by pytest with this repository's own ``[tool.pytest.ini_options]``
    (read from pyproject.toml through ``-c``); only the coverage options are dropped."""
    test = tmp_path / "test_case.py"
    test.write_text(body, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ROOT / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            "-o",
            "addopts=-ra --strict-markers --strict-config",
            "-p",
            "no:cacheprovider",
            "-q",
            str(test),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("category", ["DeprecationWarning", "PendingDeprecationWarning"])
def test_a_deprecation_raised_in_a_test_fails_it(tmp_path: Path, category: str) -> None:
    proc = _pytest_with_our_configuration(
        tmp_path,
        "import warnings\n\n\n"
        "def test_old_api():\n"
        f'    warnings.warn("old_api() is deprecated", {category})\n',
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{category}: old_api() is deprecated" in proc.stdout
    assert "1 failed" in proc.stdout


def test_other_warnings_do_not_fail(tmp_path: Path) -> None:
    """The control: the same test with a UserWarning passes, so the failure above is the
    configuration's doing."""
    proc = _pytest_with_our_configuration(
        tmp_path,
        "import warnings\n\n\n"
        "def test_old_api():\n"
        '    warnings.warn("old_api() is deprecated", UserWarning)\n',
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_the_third_party_ignore_is_narrow(tmp_path: Path) -> None:
    """The one ignore (stevedore's deprecation of an argument Bandit still passes) matches
    that message from stevedore's module only: the same text raised elsewhere fails."""
    filters = PYPROJECT["tool"]["pytest"]["ini_options"]["filterwarnings"]
    ignores = [f for f in filters if f.startswith("ignore")]
    assert ignores, "no ignore to check"
    for entry in ignores:
        _action, message, category, module = entry.split(":")[:4]
        assert message, f"{entry!r} must name the message"
        assert category, f"{entry!r} must name the category"
        assert module, f"{entry!r} must name the module"
    proc = _pytest_with_our_configuration(
        tmp_path,
        "import warnings\n\n\n"
        "def test_elsewhere():\n"
        '    warnings.warn("The verify_requirements argument is now a no-op", '
        "DeprecationWarning)\n",
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr


# -- hashed, locked installs ---------------------------------------------------------------


def _lock_entries(path: Path) -> list[tuple[str, str, list[str]]]:
    """(requirement line, its marker-free name==version, hashes) of a pip-compile-style lock."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    entries = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        hashes = re.findall(r"--hash=sha256:([0-9a-f]+)", line)
        requirement = re.sub(r"\s*--hash=\S+", "", line).strip()
        entries.append((requirement, requirement.split(";")[0].strip(), hashes))
    return entries


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_lock_files_pin_every_package_with_hashes(lock: Path) -> None:
    entries = _lock_entries(lock)
    assert entries
    for requirement, pinned, hashes in entries:
        req = Requirement(requirement)
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!_-]+", pinned), requirement
        assert req.url is None, requirement
        assert hashes, requirement
        assert all(len(h) == 64 for h in hashes), requirement
    text = lock.read_text(encoding="utf-8")
    # Nothing of the machine that compiled it: no index, find-links, constraints or path.
    for option in ("--index-url", "--extra-index-url", "--find-links", "-f ", "-c ", "file:"):
        assert option not in text, option
    assert not re.search(r"(^|\s)/(?!/)\S", text.replace("requirements/lock", "")), "a path"


def test_ci_lock_covers_every_declared_dependency() -> None:
    locked = {
        canonicalize_name(Requirement(r).name)
        for r, _, _ in _lock_entries(ROOT / "requirements" / "ci.txt")
    }
    declared = [
        *PYPROJECT["project"]["dependencies"],
        *PYPROJECT["project"]["optional-dependencies"]["test"],
    ]
    missing = [r for r in declared if canonicalize_name(Requirement(r).name) not in locked]
    assert missing == []
    for tool in ("pip", "setuptools", "zizmor"):
        assert tool in locked
    runtime = {
        canonicalize_name(Requirement(r).name)
        for r, _, _ in _lock_entries(ROOT / "requirements" / "runtime.txt")
    }
    assert {
        canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]
    } <= runtime
    assert "pytest" not in runtime


def test_ci_runs_the_readme_test_command_with_hash_checking() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    _install, test = quick.strip().splitlines()
    assert "--require-hashes -r requirements/ci.txt" in test
    assert "--no-deps" in test
    assert test.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()
    # Machine-level pip configuration is switched off before anything is installed.
    assert ci.index("export PIP_CONFIG_FILE=/dev/null") < ci.index(test)
    assert "zizmor --offline" in ci


# -- workflows -----------------------------------------------------------------------------


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_actions_are_pinned_to_commits(workflow: Path) -> None:
    text = workflow.read_text(encoding="utf-8")
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", text, re.MULTILINE)
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*#\s*v\d+(\.\d+)*", comment), f"{ref} needs its tag"
    data = yaml.safe_load(text)
    assert data["permissions"] == {}
    for name, job in data["jobs"].items():
        assert "permissions" in job, name


def test_release_publishes_with_trusted_publishing_and_attestations() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    publish = data["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    step = next(s for s in publish["steps"] if "pypa/gh-action-pypi-publish" in s.get("uses", ""))
    assert step["with"]["attestations"] is True
    assert "password" not in step["with"]  # no stored token
    build = data["jobs"]["build"]
    assert build["permissions"] == {"contents": "read"}
    scripts = "\n".join(s.get("run", "") for s in build["steps"])
    assert "--require-hashes" in scripts
    assert "cyclonedx_py environment" in scripts


# -- our own hooks -------------------------------------------------------------------------


def test_pre_commit_config_runs_every_hook_we_ship() -> None:
    shipped = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    local = {
        hook["id"]: hook
        for repo in config["repos"]
        if repo["repo"] == "local"
        for hook in repo["hooks"]
    }
    assert sorted(local) == sorted(h["id"] for h in shipped)
    for hook in shipped:
        ours = local[hook["id"]]
        assert ours["entry"] == hook["entry"], hook["id"]
        for key in ("types", "types_or", "pass_filenames", "always_run", "stages"):
            assert ours.get(key) == hook.get(key), (hook["id"], key)
