"""Running the real Bandit manager over files and snippets, for the plugin tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

# Bandit's extension loader imports every plugin module when it is first imported. A test
# that imported a plugin module before it would leave that module half-initialised while
# the loader imports it again (a circular import), and Bandit would drop the plugin.
from bandit.core import extension_loader  # noqa: F401


def bandit_manager_results(target: Path, ids: set[str], nosec: bool = True) -> list[object]:
    """Run Bandit's own manager over ``target`` with tests ``ids``; return its issues."""
    from bandit.core import config, manager

    mgr = manager.BanditManager(
        config.BanditConfig(),
        "file",
        profile={"include": set(ids), "exclude": set()},
        ignore_nosec=not nosec,
    )
    mgr.discover_files([str(target)], recursive=True)
    mgr.run_tests()
    assert not mgr.skipped, mgr.skipped
    return list(mgr.get_issue_list())


def findings(tmp_path: Path, code: str, source: str) -> list[tuple[int, str]]:
    """(line, confidence) of every ``code`` issue Bandit reports on ``source``."""
    path = tmp_path / "snippet.py"
    path.write_text(textwrap.dedent(source))
    issues = bandit_manager_results(path, {code})
    assert all(i.test_id == code for i in issues)  # type: ignore[attr-defined]
    return sorted((i.lineno, i.confidence) for i in issues)  # type: ignore[attr-defined]


def messages(tmp_path: Path, source: str, code: str, name: str = "m.py") -> list[tuple[int, str]]:
    """(line, message) of every ``code`` issue Bandit reports on ``source``."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))
    issues = bandit_manager_results(path, {code})
    return sorted(
        (i.lineno, i.text)  # type: ignore[attr-defined]
        for i in issues
        if i.test_id == code  # type: ignore[attr-defined]
    )


def lines(tmp_path: Path, source: str, code: str, name: str = "m.py") -> list[int]:
    """Lines of every ``code`` issue Bandit reports on ``source``."""
    return [line for line, _ in messages(tmp_path, source, code, name)]
