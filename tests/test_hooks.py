"""The pre-commit hook manifest, checked with the real pre-commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
GIT = shutil.which("git") or "git"


def hooks() -> list[dict[str, object]]:
    data = yaml.safe_load(MANIFEST.read_text())
    assert isinstance(data, list)
    return data


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(home)
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_manifest_validates(tmp_path: Path) -> None:
    proc = pre_commit("validate-manifest", str(MANIFEST), cwd=ROOT, home=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_manifest_rules() -> None:
    ids = [h["id"] for h in hooks()]
    assert {"outrider", "outrider-bandit", "outrider-fix"} <= set(ids)
    assert len(ids) == len(set(ids))
    for hook in hooks():
        assert "language_version" not in hook, "let users choose their interpreter"
        assert hook["language"] == "python"
        assert str(hook["entry"]).startswith("outrider ")
        # outrider parallelises itself; pre-commit must hand it every file at once.
        assert hook["require_serial"] is True


def test_readme_names_every_hook() -> None:
    readme = (ROOT / "README.md").read_text()
    for hook in hooks():
        assert f"`{hook['id']}`" in readme, hook["id"]


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.slow
def test_try_repo_fails_on_a_bad_staged_file_and_passes_once_fixed(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "ok.py").write_text("print('fine')\n")
    (repo / "client.py").write_text(
        "import ssl\n\nctx = ssl.create_default_context()\nctx.check_hostname = False\n"
    )
    git("add", "ok.py", "client.py", cwd=repo)

    failing = pre_commit("try-repo", str(ROOT), "outrider", cwd=repo, home=pre_commit_home)
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "client.py:4:1: OUT501 TLS hostname check turned off" in output
    assert "ok.py" not in output.replace("ok.py'", "")

    (repo / "client.py").write_text("import ssl\n\nctx = ssl.create_default_context()\n")
    git("add", "client.py", cwd=repo)
    passing = pre_commit("try-repo", str(ROOT), "outrider", cwd=repo, home=pre_commit_home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


@pytest.mark.slow
def test_try_repo_bandit_hook_fails_on_unparseable_file(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "old.py").write_text('print "python 2"\n')
    git("add", "old.py", cwd=repo)
    proc = pre_commit("try-repo", str(ROOT), "outrider-bandit", cwd=repo, home=pre_commit_home)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "old.py:1:1: error: syntax error" in output


@pytest.mark.slow
def test_try_repo_pins_hook_reports_dependency_files_only(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "requirements.txt").write_text("requests>=2\n--trusted-host pkgs.example.org\n")
    (repo / "client.py").write_text(
        "import ssl\nssl.create_default_context().check_hostname = False\n"
    )
    git("add", "requirements.txt", "client.py", cwd=repo)
    failing = pre_commit("try-repo", str(ROOT), "outrider-pins", cwd=repo, home=pre_commit_home)
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "requirements.txt:1:1: PIN101 requests accepts >=2" in output
    assert "requirements.txt:2:1: PIN402" in output
    assert "OUT501" not in output  # Python files are not this hook's business

    (repo / "requirements.txt").write_text("requests==2.32.3  # outrider: ignore[PIN201]\n")
    git("add", "requirements.txt", cwd=repo)
    passing = pre_commit("try-repo", str(ROOT), "outrider-pins", cwd=repo, home=pre_commit_home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
