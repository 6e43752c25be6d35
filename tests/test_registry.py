"""Extensions are found through real entry points; a broken one is loud, not dropped.

Each test installs a throwaway distribution (a ``*.dist-info`` directory with an
``entry_points.txt``) on ``PYTHONPATH`` and runs outrider in a fresh process, so the real
importlib.metadata, stevedore and Bandit machinery see it exactly as an installed package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def install_fake_dist(site: Path, name: str, entry_points: str, modules: dict[str, str]) -> None:
    info = site / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source))


def run(site: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "outrider", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "site"
    path.mkdir()
    return path


def test_check_that_fails_to_import_is_a_loud_error(site: Path, project: Path) -> None:
    install_fake_dist(
        site,
        "broken_check",
        "[outrider.checks]\nbroken = broken_check_mod:BrokenCheck\n",
        {"broken_check_mod": "import no_such_module_anywhere\n"},
    )
    (project / "m.py").write_text("x = 1\n")
    proc = run(site, project, "check", "m.py")
    assert proc.returncode == 2
    assert (
        "check entry point 'broken = broken_check_mod:BrokenCheck from broken_check 0.1' "
        "failed to load: ModuleNotFoundError: No module named 'no_such_module_anywhere'"
    ) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_entry_point_that_is_not_a_check_is_a_loud_error(site: Path, project: Path) -> None:
    install_fake_dist(
        site,
        "wrong_check",
        "[outrider.checks]\nwrong = wrong_check_mod:NotACheck\n",
        {"wrong_check_mod": "class NotACheck:\n    pass\n"},
    )
    proc = run(site, project, "check")
    assert proc.returncode == 2
    assert "is not a subclass of outrider.checks.Check" in proc.stderr


def test_third_party_check_runs_and_is_routed(site: Path, project: Path) -> None:
    install_fake_dist(
        site,
        "todo_check",
        "[outrider.checks]\ntodo = todo_check_mod:TodoCheck\n",
        {
            "todo_check_mod": """
            from outrider.checks import Check
            from outrider.model import Finding, Result, Rule

            class TodoCheck(Check):
                name = "todo"

                def wants(self, path):
                    return path.endswith(".txt")

                def rules(self):
                    return [Rule("TDO100", "todo-left", "A TODO was left", "todo")]

                def check_file(self, source):
                    found = []
                    for n, line in enumerate(source.lines, 1):
                        if "TODO" in line:
                            found.append(Finding(source.path, n, line.index("TODO") + 1,
                                                 "TDO100", "TODO left in the notes"))
                    return Result(found)
            """
        },
    )
    (project / "notes.txt").write_text("fine\n  TODO: this\nalso TODO # outrider: ignore[TDO100]\n")
    (project / "m.py").write_text("x = 1  # TODO\n")
    proc = run(site, project, "check", "-q", ".")
    assert proc.stdout.splitlines() == ["notes.txt:2:3: TDO100 TODO left in the notes"]
    assert proc.returncode == 1
    rules = run(site, project, "rules")
    assert any(line.startswith("TDO100") for line in rules.stdout.splitlines())


def test_bandit_plugin_that_fails_to_import_is_a_loud_error(site: Path, project: Path) -> None:
    install_fake_dist(
        site,
        "broken_bandit_plugin",
        "[bandit.plugins]\nexplodes_on_import = broken_plugin_mod:test\n",
        {"broken_plugin_mod": "raise RuntimeError('plugin module is broken')\n"},
    )
    (project / "m.py").write_text("x = 1\n")
    proc = run(site, project, "check", "m.py")
    assert proc.returncode == 2
    assert (
        "Bandit plugin entry point 'explodes_on_import = broken_plugin_mod:test' from "
        "broken_bandit_plugin 0.1 failed to load: RuntimeError: plugin module is broken"
    ) in proc.stderr


def test_bandit_plugin_that_raises_is_a_file_error_naming_it(site: Path, project: Path) -> None:
    install_fake_dist(
        site,
        "raising_bandit_plugin",
        "[bandit.plugins]\nalways_raises = raising_plugin_mod:always_raises\n",
        {
            "raising_plugin_mod": """
            from bandit.core import test_properties as test

            @test.checks("Call")
            @test.test_id("XPL100")
            def always_raises(context):
                raise ValueError("boom")
            """
        },
    )
    (project / "m.py").write_text("print(1)\n")
    proc = run(site, project, "check", "-q", "m.py")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "m.py:1:1: error: Bandit test always_raises raised ValueError: boom; its findings "
        "for this node are missing"
    ]
