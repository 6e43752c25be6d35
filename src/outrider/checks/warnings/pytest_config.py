"""Audit of pytest's warning configuration, read the way pytest reads it.

pytest takes its settings from the first file, in this order, that holds pytest settings in
a directory (``_pytest/config/findpaths.py``, pytest 9): ``pytest.toml``, ``.pytest.toml``,
``pytest.ini``, ``.pytest.ini`` (these always count, even empty), ``pyproject.toml`` (with
``[tool.pytest]`` or ``[tool.pytest.ini_options]``), ``tox.ini`` (with ``[pytest]``),
``setup.cfg`` (with ``[tool:pytest]``). The other files' pytest settings are ignored.

Warning filters are applied in order, each taking precedence over the ones before it:
pytest's defaults (DeprecationWarning and PendingDeprecationWarning shown, ``always``), the
``filterwarnings`` setting, then ``-W`` options (``addopts`` included), then
``filterwarnings`` marks. A filter with a message, a module or a line number is narrow and
never counted as a blanket one.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from outrider.model import FileError, Finding, Level, Result

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: pytest's configuration files, in its order of precedence.
CONFIG_NAMES = (
    "pytest.toml",
    ".pytest.toml",
    "pytest.ini",
    ".pytest.ini",
    "pyproject.toml",
    "tox.ini",
    "setup.cfg",
)
CATEGORIES = ("DeprecationWarning", "PendingDeprecationWarning")
CHECK = "warnings"
MAX_SIBLING_SIZE = 4 * 1024 * 1024


class ConfigProblem(Exception):
    """pytest itself would refuse this file."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


# -- filters ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Filter:
    text: str
    line: int
    action: str
    message: str
    category: str
    module: str
    lineno: int
    #: True for ``-W`` options: pytest escapes their message and module.
    escaped: bool = False
    origin: str = "filterwarnings"

    @property
    def blanket(self) -> bool:
        """Applies to every warning of its category, wherever and whatever its text."""
        if self.lineno:
            return False
        return _matches_all(self.message, re.IGNORECASE, self.escaped) and _matches_all(
            self.module, 0, self.escaped
        )

    def covers(self, category: str) -> bool:
        return self.category in ("Warning", category)


def _matches_all(pattern: str, flags: int, escaped: bool) -> bool:
    if not pattern:
        return True
    if escaped:
        return False
    try:
        compiled = re.compile(pattern, flags)
    except re.error:
        return False
    return all(compiled.match(s) for s in ("", "x", "Some.module Text 42"))


_ACTIONS = ("default", "always", "ignore", "module", "once", "error")


def _action(text: str) -> str | None:
    """``warnings._getaction``: empty is default, any prefix of an action names it."""
    if not text:
        return "default"
    if text == "all":
        return "always"
    return next((a for a in _ACTIONS if a.startswith(text)), None)


def parse_filter(text: str, line: int, *, escaped: bool = False, origin: str = "") -> Filter | None:
    """A ``action:message:category:module:lineno`` filter, as pytest splits it; None if
    pytest would reject it (that is pytest's error to report, not a hidden warning)."""
    parts = text.split(":")
    if len(parts) > 5:
        return None
    parts += [""] * (5 - len(parts))
    action_text, message, category, module, lineno_text = (p.strip() for p in parts)
    action = _action(action_text)
    if action is None:
        return None
    try:
        lineno = int(lineno_text) if lineno_text else 0
    except ValueError:
        return None
    category = category.removeprefix("builtins.") or "Warning"
    return Filter(
        text.strip(),
        line,
        action,
        message,
        category,
        module,
        lineno,
        escaped,
        origin or ("-W option" if escaped else "filterwarnings"),
    )


def effective(filters: Sequence[Filter], category: str) -> Filter | None:
    """The filter deciding what happens to an ordinary ``category`` warning (last wins)."""
    for f in reversed(filters):
        if f.blanket and f.covers(category):
            return f
    return None


# -- configuration files ---------------------------------------------------------------


@dataclasses.dataclass
class PytestConfig:
    path: str
    #: Line of the table or section holding the settings (0 when unknown).
    section_line: int
    filterwarnings: list[tuple[str, int]]
    filterwarnings_line: int
    addopts: list[tuple[str, int]]


def _ini_lines(text: str) -> Iterator[tuple[int, str | None, str | None, str | None]]:
    """iniconfig's reading, as pytest uses it (no inline comments stripped):
    (line, section, key, value) for sections, keys and continuation lines."""
    section: str | None = None
    key: str | None = None
    for lineno, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if raw.lstrip()[:1] in ("#", ";"):
            continue
        line = raw.rstrip()
        if not line:
            continue
        if line[0] == "[":
            head = line
            for c in "#;":
                head = head.split(c)[0].rstrip()
            if head.endswith("]"):
                section, key = head[1:-1], None
                if not section:
                    raise ConfigProblem("empty section name", lineno)
                yield lineno, section, None, None
                continue
            if key is None:
                raise ConfigProblem("unexpected value continuation", lineno)
            yield lineno, section, key, line.strip()
        elif not line[0].isspace():
            name, sep, value = line.partition("=")
            if not sep or ":" in name:
                name, sep, value = line.partition(":")
                if not sep:
                    raise ConfigProblem(f"unexpected line: {line!r}", lineno)
            if section is None:
                raise ConfigProblem("no section header defined", lineno)
            key = name.strip()
            yield lineno, section, key, value.strip()
        else:
            if key is None:
                raise ConfigProblem("unexpected value continuation", lineno)
            yield lineno, section, key, line.strip()


def _ini_config(path: str, text: str, section: str) -> PytestConfig | None:
    found = False
    section_line = 0
    values: dict[str, list[tuple[str, int]]] = {}
    key_lines: dict[str, int] = {}
    seen_sections: set[str] = set()
    for lineno, sec, key, value in _ini_lines(text):
        if key is None:
            if sec in seen_sections:
                raise ConfigProblem(f"duplicate section {sec!r}", lineno)
            seen_sections.add(sec or "")
            if sec == section:
                found, section_line = True, lineno
            continue
        if sec != section:
            continue
        if value is not None and key not in key_lines:
            key_lines[key] = lineno
        if value:
            values.setdefault(key, []).append((value, lineno))
    if not found:
        return None
    return PytestConfig(
        path,
        section_line,
        values.get("filterwarnings", []),
        key_lines.get("filterwarnings", 0),
        _split_args(values.get("addopts", [])),
    )


def _split_args(parts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``addopts`` as pytest splits it (shlex), each argument with its line."""
    out: list[tuple[str, int]] = []
    try:
        for value, line in parts:
            out.extend((arg, line) for arg in shlex.split(value))
    except ValueError:  # quotes spanning lines: split the whole, at the first line
        first = parts[0][1] if parts else 0
        try:
            return [(arg, first) for arg in shlex.split("\n".join(v for v, _ in parts))]
        except ValueError:
            return []
    return out


_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[")


def _toml_table_lines(text: str) -> dict[str, int]:
    """Header line of each ``[table]`` (dotted names normalised without spaces or quotes)."""
    lines: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line)
        if m:
            name = re.sub(r"\s*\.\s*", ".", m.group("name")).replace('"', "").replace("'", "")
            lines.setdefault(name, lineno)
    return lines


def _is_header(line: str) -> bool:
    return bool(_HEADER.match(line) or _ARRAY_HEADER.match(line))


def _toml_key_line(lines: list[str], header_line: int, key: str) -> int:
    """Line of ``key = ...`` in the table whose header is on ``header_line`` (0 if absent)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for i in range(header_line, len(lines)):
        if _is_header(lines[i]):
            break
        if pattern.match(lines[i]):
            return i + 1
    return 0


def _toml_value_lines(lines: list[str], key_line: int, values: list[str]) -> list[tuple[str, int]]:
    """Each string of a TOML array with the line where it is written (in order)."""
    out: list[tuple[str, int]] = []
    cursor = key_line - 1
    for value in values:
        spellings = [value, value.replace("\\", "\\\\")]
        found = 0
        for i in range(max(cursor, 0), len(lines)):
            if i > key_line - 1 and _is_header(lines[i]):
                break
            if any(s and s in lines[i] for s in spellings):
                found, cursor = i + 1, i
                break
        out.append((value, found or key_line))
    return out


def _toml_config(path: str, text: str, doc: dict[str, Any], name: str) -> PytestConfig | None:
    table: Any
    if name in ("pytest.toml", ".pytest.toml"):
        table, header = doc.get("pytest", {}), "pytest"
    else:
        tool = doc.get("tool", {})
        pytest_table = tool.get("pytest", {}) if isinstance(tool, dict) else {}
        if not isinstance(pytest_table, dict):
            return None
        native = {k: v for k, v in pytest_table.items() if k != "ini_options"}
        if native:
            table, header = native, "tool.pytest"
        elif isinstance(pytest_table.get("ini_options"), dict):
            table, header = pytest_table["ini_options"], "tool.pytest.ini_options"
        else:
            return None
    if not isinstance(table, dict):
        raise ConfigProblem(f"[{header}] must be a table")
    lines = text.splitlines()
    section_line = _toml_table_lines(text).get(header, 0)
    filters = _str_items(table.get("filterwarnings"), lines=True)
    fw_line = _toml_key_line(lines, section_line, "filterwarnings") if section_line else 0
    addopts_value = table.get("addopts")
    ao_line = _toml_key_line(lines, section_line, "addopts") if section_line else 0
    if isinstance(addopts_value, str):
        args = [(a, ao_line or section_line) for a in _shlex(addopts_value)]
    else:
        items = _str_items(addopts_value, lines=False)
        args = _toml_value_lines(lines, ao_line, items) if ao_line else [(a, 0) for a in items]
    return PytestConfig(
        path,
        section_line,
        _toml_value_lines(lines, fw_line, filters) if fw_line else [(f, 0) for f in filters],
        fw_line,
        [(a, line or section_line) for a, line in args],
    )


def _shlex(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return []


def _str_items(value: object, *, lines: bool) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in value.split("\n") if t.strip()] if lines else _shlex(value)
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def load(path: str, text: str) -> PytestConfig | None:
    """The pytest settings held by a configuration file, or None when it holds none."""
    name = os.path.basename(path)
    if name.endswith(".toml"):
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigProblem(f"invalid TOML: {exc}") from None
        config = _toml_config(path, text, doc, name)
        if config is None and name in ("pytest.toml", ".pytest.toml"):
            return PytestConfig(path, 0, [], 0, [])
        return config
    if name in ("pytest.ini", ".pytest.ini"):
        return _ini_config(path, text, "pytest") or PytestConfig(path, 0, [], 0, [])
    if name == "tox.ini":
        return _ini_config(path, text, "pytest")
    if name == "setup.cfg":
        return _ini_config(path, text, "tool:pytest")
    return None  # pragma: no cover - routing sends only the names above


def _read_sibling(path: str) -> str | None:
    try:
        if os.path.getsize(path) > MAX_SIBLING_SIZE:
            return None
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def shadowing_files(path: str) -> tuple[list[str], list[str]]:
    """(higher-precedence, lower-precedence) files beside ``path`` holding pytest settings."""
    directory = os.path.dirname(path) or "."
    name = os.path.basename(path)
    index = CONFIG_NAMES.index(name)
    higher: list[str] = []
    lower: list[str] = []
    for i, other in enumerate(CONFIG_NAMES):
        if i == index:
            continue
        candidate = os.path.join(directory, other)
        if not os.path.isfile(candidate):
            continue
        text = _read_sibling(candidate)
        if text is None:
            continue
        try:
            holds = load(candidate, text) is not None
        except ConfigProblem:
            holds = i < index  # pytest would stop at it with an error
        if holds:
            (higher if i < index else lower).append(other)
    return higher, lower


# -- findings --------------------------------------------------------------------------


def _finding(path: str, line: int, col: int, code: str, message: str) -> Finding:
    return Finding(
        path=path,
        line=max(line, 1),
        col=max(col, 1),
        code=code,
        message=message,
        severity=Level.MEDIUM,
        confidence=Level.HIGH,
        cwe=1127,
        check=CHECK,
    )


def _and(names: Sequence[str]) -> str:
    return " and ".join(names)


def _error_filters(categories: Sequence[str]) -> str:
    return _and([f'"error::{c}"' for c in categories])


def scan_addopts(args: Sequence[tuple[str, int]]) -> tuple[list[Filter], list[int]]:
    """``-W`` filters and the lines that disable the warnings plugin (``-p no:warnings``)."""
    filters: list[Filter] = []
    disabled: list[int] = []
    i = 0
    while i < len(args):
        arg, line = args[i]
        value: str | None = None
        option = ""
        if arg in ("-W", "--pythonwarnings", "-p"):
            option = arg
            value = args[i + 1][0] if i + 1 < len(args) else None
            i += 1
        elif arg.startswith("--pythonwarnings="):
            option, value = "-W", arg.partition("=")[2]
        elif arg.startswith(("-W", "-p")) and len(arg) > 2:
            option, value = arg[:2], arg[2:].removeprefix("=")
        i += 1
        if value is None:
            continue
        if option == "-p":
            if value.strip() == "no:warnings":
                disabled.append(line)
            continue
        parsed = parse_filter(value, line, escaped=True)
        if parsed is not None:
            filters.append(parsed)
    return filters, disabled


def audit_config(config: PytestConfig, shadowed: Sequence[str]) -> list[Finding]:
    path = config.path
    findings: list[Finding] = []
    option_filters, disabled = scan_addopts(config.addopts)
    for line in disabled:
        findings.append(
            _finding(
                path,
                line,
                1,
                "WRN123",
                '"-p no:warnings" in addopts turns off pytest\'s warnings plugin: '
                "filterwarnings is ignored and DeprecationWarning never fails a test",
            )
        )
    if disabled:
        return findings
    filters = [
        f
        for f in (parse_filter(text, line) for text, line in config.filterwarnings)
        if f is not None
    ] + option_filters
    ignored: dict[Filter, list[str]] = {}
    plain: dict[Filter | None, list[str]] = {}
    for category in CATEGORIES:
        decider = effective(filters, category)
        if decider is not None and decider.action == "error":
            continue
        if decider is not None and decider.action == "ignore":
            ignored.setdefault(decider, []).append(category)
        else:
            plain.setdefault(decider, []).append(category)
    for f, categories in ignored.items():
        where = "-W option in addopts" if f.escaped else "filter"
        findings.append(
            _finding(
                path,
                f.line or config.filterwarnings_line or config.section_line,
                1,
                "WRN122",
                f'{where} "{f.text}" hides every {_and(categories)} from the test suite; '
                f"narrow it to a message or module (ignore:<message>:{categories[0]}:<module>)"
                " or remove it",
            )
        )
    for decider, categories in plain.items():
        if decider is not None:
            message = (
                f'filter "{decider.text}" shows {_and(categories)} as plain warnings; '
                f"use {_error_filters(categories)} so that they fail the tests"
            )
            line = decider.line
        else:
            message = (
                f"pytest does not turn {_and(categories)} into errors; add "
                f"{_error_filters(categories)} to filterwarnings"
            )
            line = config.filterwarnings_line or config.section_line
        if shadowed:
            message += (
                f" (pytest reads only this file: the pytest settings in {', '.join(shadowed)} "
                "are ignored)"
            )
        findings.append(_finding(path, line, 1, "WRN121", message))
    return findings


_PYTEST_REQUIREMENT = re.compile(r"^\s*pytest\s*(?:$|[\[<>=!~;@ (])", re.IGNORECASE)


def _requirements(doc: dict[str, Any]) -> Iterator[str]:
    project = doc.get("project")
    if isinstance(project, dict):
        yield from (r for r in project.get("dependencies") or () if isinstance(r, str))
        extras = project.get("optional-dependencies")
        if isinstance(extras, dict):
            for reqs in extras.values():
                yield from (r for r in reqs or () if isinstance(r, str))
    groups = doc.get("dependency-groups")
    if isinstance(groups, dict):
        for reqs in groups.values():
            if isinstance(reqs, list):
                yield from (r for r in reqs if isinstance(r, str))
    tool = doc.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict):
        tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
        group = poetry.get("group")
        if isinstance(group, dict):
            tables += [g.get("dependencies") for g in group.values() if isinstance(g, dict)]
        for table in tables:
            if isinstance(table, dict):
                yield from (str(k) for k in table)


_PYTEST_IN_LINE = re.compile(
    r"""(?:["']\s*pytest\s*(?=["'\[<>=!~;@ (]))|(?:^\s*["']?pytest["']?\s*=)""", re.IGNORECASE
)


def _pytest_dependency_line(text: str) -> int:
    """The line naming pytest as a requirement (a quoted string, or a Poetry key)."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if _PYTEST_IN_LINE.search(line.split("#", 1)[0]):
            return lineno
    return 1


def check_config_file(path: str, text: str) -> Result:
    """Findings for one of pytest's configuration files."""
    try:
        config = load(path, text)
    except ConfigProblem as exc:
        higher, _ = shadowing_files(path)
        if higher:
            return Result()  # pytest never reads it
        return Result(
            errors=[
                FileError(
                    path, f"pytest cannot read this configuration: {exc}", exc.line, check=CHECK
                )
            ]
        )
    higher, lower = shadowing_files(path)
    if higher:
        return Result()  # pytest reads the higher-precedence file instead
    if config is not None:
        return Result(findings=audit_config(config, lower))
    if os.path.basename(path) != "pyproject.toml" or lower:
        return Result()
    doc = tomllib.loads(text)
    if not any(_PYTEST_REQUIREMENT.match(r) for r in _requirements(doc)):
        return Result()
    return Result(
        findings=[
            _finding(
                path,
                _pytest_dependency_line(text),
                1,
                "WRN121",
                "pytest is a dependency but no pytest configuration turns DeprecationWarning "
                "and PendingDeprecationWarning into errors; add [tool.pytest.ini_options] "
                'filterwarnings = ["error::DeprecationWarning", '
                '"error::PendingDeprecationWarning"]',
            )
        ]
    )


# -- marks and conftest.py -------------------------------------------------------------


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class _Imports(ast.NodeVisitor):
    """Local names bound to pytest, pytest.mark, warnings and its two filter functions."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name in ("pytest", "warnings"):
                self.names[alias.asname or alias.name] = alias.name

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            return
        for alias in node.names:
            if node.module == "pytest" and alias.name == "mark":
                self.names[alias.asname or "mark"] = "pytest.mark"
            elif node.module == "warnings" and alias.name in ("simplefilter", "filterwarnings"):
                self.names[alias.asname or alias.name] = f"warnings.{alias.name}"


def _qualified(node: ast.AST, names: dict[str, str]) -> str | None:
    dotted = _dotted(node)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    if head not in names:
        return None
    return names[head] + ("." + rest if rest else "")


def _str_arg(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _category_arg(node: ast.AST | None) -> str | None:
    """The builtin warning category an argument names ("Warning" when absent)."""
    if node is None:
        return "Warning"
    dotted = _dotted(node)
    if dotted is None:
        return None
    return dotted.removeprefix("builtins.")


def _hidden(category: str | None) -> list[str]:
    if category == "Warning":
        return list(CATEGORIES)
    return [category] if category in CATEGORIES else []


def _call_args(call: ast.Call, names: Sequence[str]) -> dict[str, ast.AST] | None:
    """Positional and keyword arguments by parameter name; None with ``*args``/``**kw``."""
    out: dict[str, ast.AST] = {}
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred) or i >= len(names):
            return None
        out[names[i]] = arg
    for kw in call.keywords:
        if kw.arg is None:
            return None
        out[kw.arg] = kw.value
    return out


def _scoped_calls(tree: ast.Module, names: dict[str, str]) -> set[int]:
    """ids of calls whose filters never reach a test: lexically inside ``with
    warnings.catch_warnings():``, or run outside pytest's per-test warning context (at module
    level, or in a session hook such as ``pytest_configure``: pytest applies its own
    filters, the configured ones included, in front of those for every test)."""
    scoped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With | ast.AsyncWith) and any(
            isinstance(item.context_expr, ast.Call)
            and _qualified(item.context_expr.func, names) == "warnings.catch_warnings"
            for item in node.items
        ):
            for stmt in node.body:
                scoped.update(id(n) for n in ast.walk(stmt))
    for stmt in tree.body:
        runs_in_tests = isinstance(stmt, ast.ClassDef) or (
            isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
            and (not stmt.name.startswith("pytest_") or stmt.name.startswith("pytest_runtest_"))
        )
        if not runs_in_tests:
            scoped.update(id(n) for n in ast.walk(stmt))
    return scoped


def check_python(path: str, tree: ast.Module, *, conftest: bool) -> list[Finding]:
    """``filterwarnings`` marks that ignore deprecations, and (in conftest.py) blanket
    ``warnings`` filters and ``addinivalue_line("filterwarnings", ...)``."""
    imports = _Imports()
    imports.visit(tree)
    names = imports.names
    scoped = _scoped_calls(tree, names) if conftest else set()
    findings: list[Finding] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = _qualified(node.func, names)
        if target == "pytest.mark.filterwarnings":
            for arg in node.args:
                text = _str_arg(arg)
                parsed = parse_filter(text, 0, origin="mark") if text is not None else None
                if parsed is None or parsed.action != "ignore" or not parsed.blanket:
                    continue
                hidden = _hidden(parsed.category)
                if hidden:
                    findings.append(
                        _finding(
                            path,
                            arg.lineno,
                            arg.col_offset + 1,
                            "WRN124",
                            f'filterwarnings mark "{parsed.text}" hides every {_and(hidden)} '
                            "in the tests it marks; ignore the expected message instead "
                            f'("ignore:<message>:{hidden[0]}")',
                        )
                    )
        elif not conftest:
            continue
        elif target in ("warnings.simplefilter", "warnings.filterwarnings"):
            finding = None if id(node) in scoped else _blanket_call(path, node, target)
            if finding is not None:
                findings.append(finding)
        elif isinstance(node.func, ast.Attribute) and node.func.attr == "addinivalue_line":
            # Added to the configured filters: in force for every test, from any hook.
            args = _call_args(node, ("name", "line"))
            if not args or _str_arg(args.get("name")) != "filterwarnings":
                continue
            text = _str_arg(args.get("line"))
            parsed = parse_filter(text, 0) if text is not None else None
            if parsed is None or parsed.action != "ignore" or not parsed.blanket:
                continue
            hidden = _hidden(parsed.category)
            if hidden:
                findings.append(
                    _finding(
                        path,
                        node.lineno,
                        node.col_offset + 1,
                        "WRN125",
                        f'addinivalue_line("filterwarnings", "{parsed.text}") in conftest.py '
                        f"hides every {_and(hidden)} from the test suite; narrow it to a "
                        "message or module",
                    )
                )
    return findings


def _blanket_call(path: str, node: ast.Call, target: str) -> Finding | None:
    simple = target == "warnings.simplefilter"
    params = (
        ("action", "category", "lineno", "append")
        if simple
        else ("action", "message", "category", "module", "lineno", "append")
    )
    args = _call_args(node, params)
    if args is None or _str_arg(args.get("action")) != "ignore":
        return None
    for narrowing in ("message", "module"):
        value = args.get(narrowing)
        if value is not None and _str_arg(value) != "":
            return None
    lineno = args.get("lineno")
    if lineno is not None and not (isinstance(lineno, ast.Constant) and lineno.value == 0):
        return None
    hidden = _hidden(_category_arg(args.get("category")))
    if not hidden:
        return None
    call = "warnings.simplefilter" if simple else "warnings.filterwarnings"
    return _finding(
        path,
        node.lineno,
        node.col_offset + 1,
        "WRN125",
        f'{call}("ignore", ...) in conftest.py hides every {_and(hidden)} from the test '
        "suite; filter the expected message where it is raised instead",
    )
