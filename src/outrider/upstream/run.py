"""Runs an exported plugin with the installed Bandit, as Bandit's functional tests run it.

The plugin is the exported module's own code (compiled from the text that is written into
the tree), so the counts and the example output are those of what ships, not of outrider's
copy. Bandit's functional test runs every test Bandit has on an example: its own plugins
and blacklists run here too, and other installed third-party plugins (outrider's own
included) do not.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import tokenize
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from outrider.upstream.errors import UpstreamError

LEVELS = ("UNDEFINED", "LOW", "MEDIUM", "HIGH")
_EXPECT = re.compile(r"expect:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)")


@dataclasses.dataclass(frozen=True, order=True)
class Found:
    path: str
    line: int
    col: int
    text: str
    severity: str = "UNDEFINED"
    confidence: str = "UNDEFINED"


@dataclasses.dataclass
class ExampleRun:
    counts: dict[str, dict[str, int]]
    output: list[str]  # Bandit's text output for the plugin's first finding
    findings: list[Found]


def load_plugin(text: str, module: str, function: str) -> Callable[..., Any]:
    """The plugin function of an exported module's text (our own generated code)."""
    namespace: dict[str, Any] = {"__name__": module, "__file__": module}
    code = compile(text, module.replace(".", "/") + ".py", "exec")
    # outrider's own rule as exported, never code it scans.
    exec(code, namespace)  # noqa: S102  # nosec B102
    func: Callable[..., Any] = namespace[function]
    takes = getattr(func, "_takes_config", None)
    if takes is not None:
        func._config = namespace["gen_config"](takes)  # type: ignore[attr-defined]
    return func


def config_yaml(text: str, module: str, function: str) -> str:
    """Defaults of a plugin that takes configuration, as Bandit's config generator
    would write them; empty for a plugin without configuration."""
    func = load_plugin(text, module, function)
    takes = getattr(func, "_takes_config", None)
    if takes is None:
        return ""
    import yaml

    return str(yaml.safe_dump({takes: func._config}, default_flow_style=False))  # type: ignore[attr-defined]


@contextmanager
def _quiet_bandit() -> Iterator[None]:
    logger = logging.getLogger("bandit")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def bandit_plugin_names() -> set[str]:
    """Names of the plugins the installed Bandit itself ships."""
    from bandit.core import extension_loader

    return {
        p.name
        for p in extension_loader.MANAGER.plugins
        if p.plugin.__module__.startswith("bandit.")
    }


def _manager(
    func: Callable[..., Any], with_bandit_tests: bool, extra: Sequence[Callable[..., Any]] = ()
) -> Any:
    from bandit.core import config, extension_loader, manager

    ext = extension_loader.MANAGER
    include = {"B000"}  # an id nothing has: no test at all
    if with_bandit_tests:
        include = {
            p.plugin._test_id for p in ext.plugins if p.plugin.__module__.startswith("bandit.")
        }
        include |= {item["id"] for items in ext.blacklist.values() for item in items}
    mgr = manager.BanditManager(
        config.BanditConfig(), "file", profile={"include": include, "exclude": set()}
    )
    for plugin in [func, *extra]:
        for check in plugin._checks:  # type: ignore[attr-defined]
            mgr.b_ts.tests.setdefault(check, []).append(plugin)
    return mgr


def run_example(
    func: Callable[..., Any],
    example: str,
    directory: Path,
    name: str,
    *,
    more_info: str,
    extra: Sequence[Callable[..., Any]] = (),
) -> ExampleRun:
    """Bandit over ``examples/<name>.py`` (written under ``directory``) as the functional
    test runs it, with ``extra`` plugins the tree has beyond the installed Bandit, and the
    text output of the plugin's first finding there."""
    examples = directory / "examples"
    examples.mkdir(parents=True, exist_ok=True)
    path = examples / f"{name}.py"
    path.write_text(example, encoding="utf-8")
    with _quiet_bandit():
        mgr = _manager(func, with_bandit_tests=True, extra=extra)
        mgr.discover_files([str(path)], True)
        mgr.run_tests()
    if mgr.skipped:
        reason = mgr.skipped[0][1]
        raise UpstreamError(f"Bandit could not scan the example: {reason}")
    counts = {kind: dict.fromkeys(LEVELS, 0) for kind in ("SEVERITY", "CONFIDENCE")}
    from bandit.core import constants

    # The functional test's own arithmetic on the manager's scores.
    for scores in mgr.scores:
        for kind in scores:
            for index, rank in enumerate(constants.RANKING):
                counts[kind][rank] = scores[kind][index] // constants.RANKING_VALUES[rank]
    test_id = func._test_id  # type: ignore[attr-defined]
    issues = sorted(
        (i for i in mgr.get_issue_list() if i.test_id == test_id),
        key=lambda i: (i.lineno, i.col_offset),
    )
    if not issues:
        raise UpstreamError(f"the exported {test_id} reports nothing on its example")
    first = issues[0]
    lines = _issue_text(first).splitlines()
    relative = f"examples/{name}.py"
    out: list[str] = []
    for raw in lines:
        line = raw.replace(str(path), relative).expandtabs()
        if line.lstrip().startswith("More Info:"):
            line = line[: line.index("More Info:")] + f"More Info: {more_info}"
        out.append(line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    found = [Found(relative, i.lineno, i.col_offset, i.text) for i in issues]
    return ExampleRun(counts, out, found)


def _issue_text(issue: Any) -> str:
    """Bandit's own text formatter for one issue, three lines of context."""
    try:
        from bandit.formatters.text import _output_issue_str

        return str(_output_issue_str(issue, "", lines=3))
    except ImportError:  # pragma: no cover - a Bandit without the helper: same layout
        code = issue.get_code(3, True)
        return "\n".join(
            [
                f">> Issue: [{issue.test_id}:{issue.test}] {issue.text}",
                f"   Severity: {issue.severity.capitalize()}   "
                f"Confidence: {issue.confidence.capitalize()}",
                f"   CWE: {issue.cwe}",
                "   More Info: -",
                f"   Location: {issue.fname}:{issue.lineno}:{issue.col_offset}",
                code,
            ]
        )


def scan_examples(func: Callable[..., Any], examples: Path, skip: str) -> list[Found]:
    """What the new plugin alone reports in the tree's other examples: each changes the
    counts an existing functional test asserts."""
    files = sorted(str(p) for p in examples.rglob("*.py") if p.name != skip and p.is_file())
    if not files:
        return []
    with _quiet_bandit():
        mgr = _manager(func, with_bandit_tests=False)
        mgr.discover_files(files, True)
        mgr.run_tests()
    root = examples.parent
    return sorted(
        Found(
            str(Path(i.fname).relative_to(root)),
            i.lineno,
            i.col_offset,
            i.text,
            i.severity,
            i.confidence,
        )
        for i in mgr.get_issue_list()
    )


def example_from_fixture(text: str, code: str, bandit_id: str) -> str:
    """A fixture turned into a Bandit example: the rule's code becomes its Bandit id in
    comments, and ``# expect:`` lines keep only the ids Bandit will have."""
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type != tokenize.COMMENT:
            continue
        comment = tok.string
        m = _EXPECT.search(comment)
        if m:
            codes = [c.strip() for c in m.group("codes").split(",")]
            kept = [bandit_id if c == code else c for c in codes if c == code or c[0] == "B"]
            replacement = f"expect: {', '.join(kept)}" if kept else ""
            comment = comment[: m.start()] + replacement + comment[m.end() :]
            if not comment.lstrip("#").strip():
                comment = ""
        comment = re.sub(rf"\b{code}\b", bandit_id, comment)
        if comment != tok.string:
            edits.append((tok.start[0], tok.start[1], tok.end[1], comment))
    for row, col, end, new in sorted(edits, reverse=True):
        line = lines[row - 1]
        head = line[:col] if new else line[:col].rstrip()
        lines[row - 1] = head + new + line[end:]
    return "".join(lines)


def example_from_doc(bad: str, good: str, bandit_id: str, title: str) -> str:
    parts = [f"# {bandit_id}: {title}\n", bad]
    if good.strip():
        parts += ["\n# Safe: not reported.\n", good]
    return "".join(parts)


def counts_literal(counts: dict[str, dict[str, int]]) -> Sequence[str]:
    return [
        f'"{kind}": {{' + ", ".join(f'"{level}": {counts[kind][level]}' for level in LEVELS) + "},"
        for kind in ("SEVERITY", "CONFIDENCE")
    ]
