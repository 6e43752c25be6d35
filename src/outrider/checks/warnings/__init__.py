"""Warnings as errors: compile-time warnings on every target interpreter, and pytest's
warning configuration.

Each Python file is compiled from its source text (never a cached ``.pyc``, never run) by
every target interpreter present: the running one in process, each other one by a compile
server it runs for the whole run (one process per interpreter per worker, fed every file
of that worker). Every warning the compilers raise is reported once, at its exact place,
with the versions that raise it (``WRN101``..``WRN108``); a file one target cannot compile
is ``WRN109``. pytest's configuration files, ``filterwarnings`` marks and ``conftest.py``
files are audited for deprecation warnings that never fail a test (``WRN121``..``WRN125``).
``outrider pytest-warnings`` (``WRN131``) runs the test suite itself; it is the one place
outrider runs the project's code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from outrider.checks import Check
from outrider.files import is_python
from outrider.model import ConfigError, FileError, Result, Rule

if TYPE_CHECKING:
    from outrider.checks.warnings.interpreters import Interpreter, Reply, Server, Version
    from outrider.files import SourceFile

#: Files pytest reads its configuration from (see pytest_config.CONFIG_NAMES).
PYTEST_CONFIG_NAMES = frozenset(
    (
        "pytest.toml",
        ".pytest.toml",
        "pytest.ini",
        ".pytest.ini",
        "pyproject.toml",
        "tox.ini",
        "setup.cfg",
    )
)


class WarningsCheck(Check):
    name = "warnings"
    description = (
        "compile-time warnings on every target interpreter; pytest's deprecation-warning "
        "configuration"
    )
    config_keys = ("interpreters", "search", "require-interpreters", "pytest-python", "pytest-args")

    def configure(self, table: Mapping[str, Any]) -> None:
        prefix = "tool.outrider.warnings"
        from outrider.config import KNOWN_VERSIONS

        configured: dict[tuple[int, int], str] = {}
        interpreters = table.get("interpreters", {})
        if not isinstance(interpreters, dict):
            raise ConfigError(
                f'{prefix}.interpreters: expected a table of version = path, like {{"3.9" = '
                '"/opt/python3.9/bin/python3.9"}}'
            )
        known = ", ".join(f"{v[0]}.{v[1]}" for v in KNOWN_VERSIONS)
        for version_text, path in interpreters.items():
            m = re.fullmatch(r"3\.(\d+)", str(version_text).strip())
            if not m or (3, int(m.group(1))) not in KNOWN_VERSIONS:
                raise ConfigError(
                    f"{prefix}.interpreters: unknown Python version {version_text!r} "
                    f"(known: {known})"
                )
            if not isinstance(path, str) or not path.strip():
                raise ConfigError(
                    f"{prefix}.interpreters.{version_text}: expected the path of a Python "
                    f"executable, got {path!r}"
                )
            exe = os.path.expanduser(path)
            if not os.path.isabs(exe) and os.sep in exe.replace("/", os.sep):
                exe = os.path.join(self.settings.root, exe)
            configured[(3, int(m.group(1)))] = exe
        self.configured = configured
        self.search = _bool(table, "search", True, prefix)
        self.require = _bool(table, "require-interpreters", False, prefix)
        python = table.get("pytest-python")
        if python is not None and (not isinstance(python, str) or not python.strip()):
            raise ConfigError(f"{prefix}.pytest-python: expected the path of a Python executable")
        self.pytest_python: str | None = python
        args = table.get("pytest-args", [])
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            raise ConfigError(f"{prefix}.pytest-args: expected a list of strings, got {args!r}")
        self.pytest_args: list[str] = list(args)
        self.targets = [v for v in self.settings.target_versions if v in KNOWN_VERSIONS]
        self._interpreters: list[Interpreter] | None = None
        self._servers: list[Server] = []
        self._owner = 0

    def wants(self, path: str) -> bool:
        return is_python(path) or os.path.basename(path) in PYTEST_CONFIG_NAMES

    def rules(self) -> list[Rule]:
        from outrider.checks.warnings.docs import rules

        return rules()

    # -- interpreters ----------------------------------------------------------------
    def interpreters(self) -> list[Interpreter]:
        """The interpreters compiling for this run: found, started and version-checked."""
        if self._interpreters is None:
            self.prepare()
        return self._interpreters or []

    def prepare(self) -> None:
        if self._interpreters is not None:
            return
        from outrider.checks.warnings import interpreters as interp

        found, missing = interp.discover(self.targets, self.configured, search=self.search)
        servers, failed = interp.start(found)
        problems = []
        for bad, reason in failed:
            if bad.origin == "configuration" or self.require:
                problems.append(reason)
            found.remove(bad)
        if self.require and missing:
            problems.append(
                "no interpreter for Python "
                + ", ".join(interp.version_text(v) for v in missing)
                + " (install it, put python3.X on PATH, or set "
                "tool.outrider.warnings.interpreters)"
            )
        if problems:
            for server in servers:
                server.close()
            raise ConfigError("tool.outrider.warnings: " + "; ".join(problems))
        self._interpreters = found
        self._servers, self._owner = servers, os.getpid()

    def _live_servers(self) -> list[Server]:
        """This process's servers; a forked worker starts its own on first use."""
        interpreters = self.interpreters()
        if self._owner != os.getpid():
            from outrider.checks.warnings import interpreters as interp

            self._servers, _ = interp.start(interpreters)
            self._owner = os.getpid()
        return self._servers

    # -- files -----------------------------------------------------------------------
    def check_file(self, source: SourceFile) -> Result:
        text = source.text()
        if isinstance(text, FileError):
            return Result(errors=[text])
        base = os.path.basename(source.path)
        if not is_python(source.path):
            from outrider.checks.warnings.pytest_config import check_config_file

            return check_config_file(source.path, text)
        result = self._compile(source, text)
        conftest = base == "conftest.py"
        data = source.data
        if b"filterwarnings" in data or (conftest and b"simplefilter" in data):
            tree = source.tree()
            if not isinstance(tree, FileError):
                from outrider.checks.warnings.pytest_config import check_python

                result.findings.extend(check_python(source.path, tree, conftest=conftest))
        return result

    def _compile(self, source: SourceFile, text: str) -> Result:
        from outrider.checks.warnings import interpreters as interp
        from outrider.checks.warnings.report import compile_in_process, report

        servers = self._live_servers()
        for server in servers:
            server.send(source.path, source.data)
        replies: dict[Version, Reply] = {}
        errors: list[FileError] = []
        running = next((i for i in self.interpreters() if i.in_process), None)
        if running is not None:
            replies[running.version] = compile_in_process(source.path, source.data)
        for server in list(servers):
            try:
                replies[server.interpreter.version] = server.receive()
            except (interp.ServerError, ValueError) as exc:
                errors.append(
                    FileError(
                        source.path,
                        f"not compiled on Python {interp.version_text(server.interpreter.version)}"
                        f": {exc}",
                        check=self.name,
                    )
                )
                server.close()
                servers.remove(server)
                restarted, _ = interp.start([server.interpreter])
                servers.extend(restarted)
        if running is not None and replies[running.version].error is not None:
            tree = source.tree()
            if isinstance(tree, FileError):
                return Result(errors=[tree, *errors])
        result = report(source, text, replies)
        result.errors.extend(errors)
        return result


def _bool(table: Mapping[str, Any], key: str, default: bool, prefix: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{prefix}.{key}: expected true or false, got {value!r}")
    return value
