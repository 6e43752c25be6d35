"""The outrider-deprecations hook, run by the real pre-commit against this checkout."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_hooks import ROOT, git, pre_commit


@pytest.mark.slow
def test_try_repo_deprecations_hook(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1"\nrequires-python = ">=3.12"\n'
    )
    (repo / "test_x.py").write_text(
        "import unittest\n\n\nclass T(unittest.TestCase):\n    def test(self):\n"
        "        self.assertEquals(1, 1)\n"
    )
    git("add", "pyproject.toml", "test_x.py", cwd=repo)
    home = tmp_path / "home"
    failing = pre_commit("try-repo", str(ROOT), "outrider-deprecations", cwd=repo, home=home)
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert (
        "test_x.py:6:9: DEP101 [*] `unittest.TestCase.assertEquals` was removed in Python 3.12"
        in output
    )

    (repo / "test_x.py").write_text(
        "import unittest\n\n\nclass T(unittest.TestCase):\n    def test(self):\n"
        "        self.assertEqual(1, 1)\n"
    )
    git("add", "test_x.py", cwd=repo)
    passing = pre_commit("try-repo", str(ROOT), "outrider-deprecations", cwd=repo, home=home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
