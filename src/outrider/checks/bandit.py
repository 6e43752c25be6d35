"""Bandit, run in process: its built-in tests plus every installed ``bandit.plugins`` entry.

Differences from ``bandit -r``, each deliberate:

* A file Bandit would skip (syntax error, bad encoding, NUL byte, too deep) is a file error
  and fails the run; Bandit logs it and exits 0.
* A plugin that raises is a file error naming the plugin; Bandit logs it and carries on.
* ``[tool.bandit]`` in the project's pyproject.toml is read without ``-c``.
* The file is parsed once, shared with the other checks, and comments are tokenized for
  ``# nosec`` only in files that contain the word; findings are the same as Bandit's.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import io
import logging
import os
import tokenize
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from outrider.checks import Check
from outrider.files import is_python
from outrider.model import ConfigError, FileError, Finding, Level, Result, Rule

if TYPE_CHECKING:
    from outrider.files import SourceFile

DOCS_URL = "https://github.com/outrider-security/outrider/blob/main/docs/rules/{code}.md"
OWN_PLUGIN_PACKAGE = "outrider.plugins."


class BanditCheck(Check):
    name = "bandit"
    description = "Bandit's tests and every installed Bandit plugin, outrider's included"
    config_keys = ("ignore-nosec", "config")

    def configure(self, table: Mapping[str, Any]) -> None:
        ignore_nosec = table.get("ignore-nosec", False)
        if not isinstance(ignore_nosec, bool):
            raise ConfigError(
                f"tool.outrider.bandit.ignore-nosec: expected true or false, got {ignore_nosec!r}"
            )
        self.ignore_nosec: bool = ignore_nosec
        config = table.get("config", self.settings.bandit_config)
        if config is not None and not isinstance(config, str):
            raise ConfigError(f"tool.outrider.bandit.config: expected a path, got {config!r}")
        if config is not None and not os.path.isabs(config):
            config = os.path.join(self.settings.root, config)
        self.config_file: str | None = config
        self._runner: _Runner | None = None

    def wants(self, path: str) -> bool:
        return is_python(path)

    def prepare(self) -> None:
        self._get_runner()

    def _get_runner(self) -> _Runner:
        if self._runner is None:
            self._runner = _Runner(self)
        return self._runner

    def rules(self) -> list[Rule]:
        from outrider.rules import bandit_rules

        return bandit_rules()

    def check_file(self, source: SourceFile) -> Result:
        return self._get_runner().check(source)


class _Runner:
    """Bandit's manager, test set, visitor and tester, driven one file at a time."""

    def __init__(self, check: BanditCheck) -> None:
        logging.getLogger("bandit").setLevel(logging.CRITICAL)
        from bandit.core import config as b_config
        from bandit.core import (
            extension_loader,
            manager,
            meta_ast,
            metrics,
            node_visitor,
            test_set,
            tester,
        )
        from bandit.core import utils as b_utils

        try:
            conf = b_config.BanditConfig(check.config_file)
        except b_utils.ConfigError as exc:
            raise ConfigError(f"{check.config_file}: Bandit configuration: {exc}") from None
        include = set(conf.get_option("tests") or [])
        exclude = set(conf.get_option("skips") or [])
        ext = extension_loader.MANAGER
        _check_plugins_loaded(ext)
        every_id = set(ext.plugins_by_id) | set(ext.blacklist_by_id)
        settings = check.settings
        wanted = {c for c in every_id if settings.selects(c)}
        if wanted != every_id:
            include = (include & wanted) if include else wanted
        profile = {"include": include, "exclude": exclude}
        exclude_dirs = conf.get_option("exclude_dirs") or []
        self.exclude_dirs: list[str] = [d for d in exclude_dirs if isinstance(d, str) and d]
        self.test_set = test_set.BanditTestSet(conf, profile)
        self.meta = meta_ast.BanditMetaAst()
        self.metrics = metrics.Metrics()
        self.ignore_nosec = check.ignore_nosec
        self.parse_nosec = manager._parse_nosec_comment

        class Tester(tester.BanditTester):  # type: ignore[misc]
            """Bandit's tester, minus the per-node ``# nosec`` lookup in files without one."""

            plugin_errors: list[FileError]

            def _get_nosecs_from_contexts(
                self, context: dict[str, Any], test_result: Any = None
            ) -> set[str] | None:
                if not self.nosec_lines:
                    return None
                result: set[str] | None = super()._get_nosecs_from_contexts(context, test_result)
                return result

            def report_error(self, test: str, context: Any, error: Exception) -> None:
                self.plugin_errors.append(
                    FileError(
                        "",
                        f"Bandit test {test} raised {type(error).__name__}: {error}; "
                        "its findings for this node are missing",
                        context._context.get("lineno", 0),
                        context._context.get("col_offset", -1) + 1,
                        check="bandit",
                    )
                )

        class Visitor(node_visitor.BanditNodeVisitor):  # type: ignore[misc]
            """Bandit's visitor over a tree parsed once by outrider."""

            def run(self, tree: Any) -> None:
                self.generic_visit(tree)
                self.context = {
                    "file_data": self.fdata,
                    "filename": self.fname,
                    "lineno": 0,
                    "linerange": [0, 1],
                    "col_offset": 0,
                }
                self.update_scores(self.tester.run_tests(self.context, "File"))

        self.tester_cls = Tester
        self.visitor_cls = Visitor

    def excluded(self, path: str) -> bool:
        # Bandit's own rule for exclude_dirs: a glob match or a substring of the path.
        import fnmatch

        return any(fnmatch.fnmatch(path, d) or d in path for d in self.exclude_dirs)

    def nosec_lines(self, data: bytes) -> dict[int, set[str]]:
        """``# nosec`` comments by line, exactly as Bandit reads them (``{}`` if none)."""
        if self.ignore_nosec or b"nosec" not in data:
            return {}
        found: dict[int, set[str]] = {}
        try:
            for tok in tokenize.tokenize(io.BytesIO(data).readline):
                if tok.type == tokenize.COMMENT:
                    tests = self.parse_nosec(tok.string)
                    if tests is not None:
                        found[tok.start[0]] = tests
        except (tokenize.TokenError, SyntaxError):
            pass
        return found

    def check(self, source: SourceFile) -> Result:
        path = source.path
        if self.excluded(path):
            return Result()
        tree = source.tree()
        if isinstance(tree, FileError):
            # The file's own problem, not Bandit's: the same error from every check that
            # parses the file is reported once.
            return Result(errors=[tree])
        # Bandit names files as it found them; its plugins' globs expect that spelling.
        fname = path if os.path.isabs(path) or path.startswith(".") else "./" + path
        fdata = io.BytesIO(source.data)
        nosec = self.nosec_lines(source.data)
        self.metrics.begin(fname)
        visitor = self.visitor_cls(
            fname, fdata, self.meta, self.test_set, False, nosec, self.metrics
        )
        tester = self.tester_cls(self.test_set, False, nosec, self.metrics)
        tester.plugin_errors = []
        visitor.tester = tester
        try:
            visitor.run(tree)
        except RecursionError:
            return Result(
                errors=[
                    FileError(
                        path, "too deeply nested for Bandit to walk; not checked", check="bandit"
                    )
                ]
            )
        except Exception as exc:  # a plugin or Bandit itself failed outside the tester
            return Result(
                errors=[
                    FileError(
                        path,
                        f"Bandit failed on this file: {type(exc).__name__}: {exc}",
                        check="bandit",
                    )
                ]
            )
        finally:
            self.metrics.data.pop(fname, None)
        findings = [self._finding(path, issue) for issue in tester.results]
        errors = [dataclasses.replace(e, path=path) for e in tester.plugin_errors]
        return Result(findings, errors)

    def _finding(self, path: str, issue: Any) -> Finding:
        lineno = int(issue.lineno or 0)
        linerange = [int(n) for n in (issue.linerange or [lineno])]
        cwe = int(issue.cwe.id) if issue.cwe and issue.cwe.id else None
        return Finding(
            path=path,
            line=lineno,
            col=max(int(issue.col_offset), 0) + 1,
            code=issue.test_id,
            message=str(issue.text),
            severity=Level.parse(issue.severity),
            confidence=Level.parse(issue.confidence),
            cwe=cwe,
            end_line=max([*linerange, lineno]),
            end_col=int(issue.end_col_offset or 0) + 1 if issue.end_col_offset else 0,
            check="bandit",
        )


def _check_plugins_loaded(ext: Any) -> None:
    """Bandit logs and drops a plugin that fails to import or lacks a test id; we stop."""
    from outrider.registry import LoadError

    problems: list[str] = []
    for group, loaded in (
        ("bandit.plugins", set(ext.plugins_by_name)),
        ("bandit.blacklists", set(ext.blacklists_mgr.names())),
    ):
        for ep in importlib.metadata.entry_points(group=group):
            if ep.name in loaded:
                continue
            try:
                obj = ep.load()
            except Exception as exc:
                reason = f"{type(exc).__name__}: {exc}"
            else:
                reason = (
                    "it has no test id (@test.test_id)"
                    if group == "bandit.plugins" and not hasattr(obj, "_test_id")
                    else "Bandit did not load it"
                )
            dist = f" from {ep.dist.name} {ep.dist.version}" if ep.dist else ""
            problems.append(
                f"Bandit plugin entry point '{ep.name} = {ep.value}'{dist} failed to load: {reason}"
            )
    if problems:
        raise LoadError("\n".join(sorted(problems)))


def installed_bandit_version() -> str:
    try:
        return importlib.metadata.version("bandit")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"
