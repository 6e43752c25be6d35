"""A Bandit source tree: what it holds, which ids it uses, and how its files are edited.

Everything here reads the tree as text; nothing in it is imported or executed.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
import subprocess  # nosec B404: git describe, with an argument list
import sys
from pathlib import Path
from typing import Any

from outrider.upstream.errors import UpstreamError

# What a Bandit source tree (a git checkout or an sdist) always has.
REQUIRED = (
    "setup.cfg",
    "bandit/__init__.py",
    "bandit/core/test_properties.py",
    "bandit/plugins",
    "examples",
    "tests/functional/test_functional.py",
    "doc/source/plugins",
)
FUNCTIONAL_TESTS = "tests/functional/test_functional.py"
TEST_CLASS = "FunctionalTests"
DEFAULT_LINE_LENGTH = 79

_TEST_ID = re.compile(r"""test_id\(\s*["'](B\d{3})["']\s*\)""")
_ANY_ID = re.compile(r"\bB\d{3}\b")
_DOC_STUB = re.compile(r"^(b\d{3})_(\w+)\.rst$")
_VERSION_ADDED = re.compile(r"^\.\. versionadded:: *(\d+(?:\.\d+)+)\s*$", re.MULTILINE)
_LINE_LENGTH_ARG = re.compile(r"(?:--line-length[= ]|\B-l *)(\d+)")
_TARGET_ARG = re.compile(r"--target-version[= ](py3\d+)")
_MAX_LINE = re.compile(r"^\s*max[-_]line[-_]length\s*=\s*(\d+)", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class EntryPoints:
    """The ``bandit.plugins =`` block of ``setup.cfg``: its entries and where they are."""

    entries: dict[str, str]
    last_line: int  # index of the last entry line
    indent: str
    separator: str | None  # the text of the blank lines between groups, if the block has any


@dataclasses.dataclass(frozen=True)
class Style:
    line_length: int
    target_versions: tuple[str, ...]


class BanditTree:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def open(cls, path: str | Path) -> BanditTree:
        root = Path(path)
        if not root.is_dir():
            raise UpstreamError(f"{path} is not a directory (expected a Bandit source tree)")
        missing = [name for name in REQUIRED if not (root / name).exists()]
        if missing:
            raise UpstreamError(
                f"{path} is not a Bandit source tree: it has no {', '.join(missing)}"
            )
        tree = cls(root)
        if not re.search(r"^name\s*=\s*bandit\s*$", tree.read("setup.cfg"), re.MULTILINE):
            raise UpstreamError(
                f"{path} is not a Bandit source tree: setup.cfg does not name the bandit project"
            )
        tree.entry_points()  # a tree without the block is refused here, before anything else
        return tree

    # -- reading -----------------------------------------------------------------------

    def read(self, relative: str) -> str:
        with open(self.root / relative, encoding="utf-8", newline="") as f:
            return f.read()

    def exists(self, relative: str) -> bool:
        return (self.root / relative).exists()

    def entry_points(self) -> EntryPoints:
        lines = self.read("setup.cfg").splitlines()
        section = ""
        start = None
        for i, line in enumerate(lines):
            if line.startswith("["):
                section = line.strip()
                continue
            if section == "[entry_points]" and re.match(r"^bandit\.plugins\s*=", line):
                start = i
                break
        if start is None:
            raise UpstreamError(
                f"{self.root} is not a Bandit source tree: setup.cfg has no "
                "`bandit.plugins =` entry points"
            )
        entries: dict[str, str] = {}
        last = start
        indent = "    "
        separator: str | None = None
        for i in range(start + 1, len(lines)):
            line = lines[i]
            if line and not line[0].isspace():
                break
            if not line.strip():
                if entries and separator is None:
                    separator = line
                continue
            name, _, target = line.partition("=")
            entries[name.strip()] = target.strip()
            indent = line[: len(line) - len(line.lstrip())]
            last = i
        return EntryPoints(entries, last, indent, separator)

    def taken_ids(self) -> dict[str, str]:
        """Every B id the tree uses or once used, with where it is used."""
        taken: dict[str, str] = {}
        for path in sorted((self.root / "bandit" / "plugins").glob("*.py")):
            for bid in _TEST_ID.findall(path.read_text(encoding="utf-8")):
                taken.setdefault(bid, f"the plugin in {path.relative_to(self.root)}")
        for path in sorted((self.root / "bandit" / "blacklists").glob("*.py")):
            for bid in _ANY_ID.findall(path.read_text(encoding="utf-8")):
                taken.setdefault(bid, f"a blacklist in {path.relative_to(self.root)}")
        for path in sorted((self.root / "doc" / "source" / "plugins").glob("*.rst")):
            m = _DOC_STUB.match(path.name)
            if m:
                taken.setdefault(
                    m.group(1).upper(), f"{m.group(2)} ({path.relative_to(self.root)})"
                )
        return taken

    def plugin_test_id(self, module: str) -> str | None:
        path = self.root / "bandit" / "plugins" / f"{module}.py"
        if not path.exists():
            return None
        found = _TEST_ID.findall(path.read_text(encoding="utf-8"))
        return found[0] if found else None

    def test_methods(self) -> dict[str, tuple[int, int]]:
        """Test method name -> (first line, last line), 1-based, decorators included."""
        source = self.read(FUNCTIONAL_TESTS)
        try:
            module = ast.parse(source)
        except SyntaxError as exc:
            raise UpstreamError(f"{FUNCTIONAL_TESTS} does not parse: {exc}") from None
        for node in module.body:
            if isinstance(node, ast.ClassDef) and node.name == TEST_CLASS:
                return {
                    item.name: (
                        min([item.lineno] + [d.lineno for d in item.decorator_list]),
                        item.end_lineno or item.lineno,
                    )
                    for item in node.body
                    if isinstance(item, ast.FunctionDef)
                }
        raise UpstreamError(f"{FUNCTIONAL_TESTS} has no class {TEST_CLASS}")

    def version(self) -> str:
        """The tree's own version: PKG-INFO (an sdist), git tags (a checkout), or the
        newest ``versionadded`` among its plugins."""
        if self.exists("PKG-INFO"):
            m = re.search(r"^Version:\s*(\S+)", self.read("PKG-INFO"), re.MULTILINE)
            if m:
                return m.group(1)
        git = shutil.which("git")
        if git and self.exists(".git"):
            proc = subprocess.run(  # nosec B603: git with an argument list
                [git, "-C", str(self.root), "describe", "--tags", "--abbrev=0"],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode == 0 and proc.stdout.strip():
                return proc.stdout.strip()
        found: list[str] = [
            v
            for path in (self.root / "bandit" / "plugins").glob("*.py")
            for v in _VERSION_ADDED.findall(path.read_text(encoding="utf-8"))
        ]
        if not found:
            raise UpstreamError(f"cannot tell the version of the Bandit tree in {self.root}")
        return max(found, key=_version_key)

    def next_version(self) -> str:
        """The release a new plugin would land in: Bandit bumps the patch number."""
        from packaging.version import InvalidVersion, Version

        text = self.version()
        try:
            version = Version(text)
        except InvalidVersion:
            raise UpstreamError(f"the Bandit tree's version {text!r} is not a version") from None
        major, minor, micro = [*version.release, 0, 0][:3]
        if version.is_prerelease or version.is_devrelease:
            return f"{major}.{minor}.{micro}"
        return f"{major}.{minor}.{micro + 1}"

    def style(self) -> Style:
        """The tree's own formatter settings: black's line length and target versions."""
        length = None
        targets: tuple[str, ...] = ()
        if self.exists(".pre-commit-config.yaml"):
            text = self.read(".pre-commit-config.yaml")
            black = text.find("black")
            if black >= 0:
                m = _LINE_LENGTH_ARG.search(text, black)
                if m:
                    length = int(m.group(1))
                targets = tuple(_TARGET_ARG.findall(text, black))
        if length is None and self.exists("pyproject.toml"):
            table = _black_table(self.read("pyproject.toml"))
            if isinstance(table.get("line-length"), int):
                length = table["line-length"]
            if not targets and isinstance(table.get("target-version"), list):
                targets = tuple(str(t) for t in table["target-version"])
        for name in ("tox.ini", "setup.cfg", ".flake8"):
            if length is None and self.exists(name):
                m = _MAX_LINE.search(self.read(name))
                if m:
                    length = int(m.group(1))
        return Style(length or DEFAULT_LINE_LENGTH, targets)

    def doc_stub_template(self) -> list[str]:
        """The option lines under ``.. automodule::`` in the tree's plugin pages."""
        for path in sorted((self.root / "doc" / "source" / "plugins").glob("b*.rst")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for i, line in enumerate(lines):
                if line.startswith(".. automodule:: bandit.plugins."):
                    return [opt for opt in lines[i + 1 :] if opt.strip().startswith(":")]
        return []


def free_ids(taken: dict[str, str] | set[str], group: str, count: int = 3) -> list[str]:
    """The next ``count`` unused ids of a group, after the highest one in use."""
    last = max((int(b[2:]) for b in taken if b[1] == group), default=0)
    free = [f"B{group}{n:02d}" for n in range(1, 100) if f"B{group}{n:02d}" not in taken]
    return [b for b in free if int(b[2:]) > last][:count] or free[:count]


def _black_table(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return {}
    black = tool.get("black", {}) if isinstance(tool, dict) else {}
    return black if isinstance(black, dict) else {}


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def add_entry_point(setup_cfg: str, block: EntryPoints, line: str) -> str:
    """``setup.cfg`` with one more ``bandit.plugins`` entry after the last one, set apart
    as the block sets its groups apart."""
    newline = "\r\n" if "\r\n" in setup_cfg else "\n"
    lines = setup_cfg.splitlines(keepends=True)
    added = [block.indent + line + newline]
    if block.separator is not None:
        added.insert(0, block.separator + newline)
    last = lines[block.last_line]
    if not last.endswith(("\n", "\r")):
        lines[block.last_line] = last + newline
    return "".join(lines[: block.last_line + 1] + added + lines[block.last_line + 1 :])


def put_test_method(source: str, method: str, span: tuple[int, int] | None) -> str:
    """The functional tests with ``method`` replacing ``span`` or appended to the class."""
    lines = source.splitlines(keepends=True)
    new = method.splitlines(keepends=True)
    if span is not None:
        first, last = span
        return "".join(lines[: first - 1] + new + lines[last:])
    module = ast.parse(source)
    cls = next(n for n in module.body if isinstance(n, ast.ClassDef) and n.name == TEST_CLASS)
    end = cls.end_lineno or len(lines)
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join([*lines[:end], "\n", *new, *lines[end:]])
