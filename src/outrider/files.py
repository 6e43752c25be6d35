"""File discovery, excludes, and reading that never lets bad input escape as a traceback.

Every problem with an input file becomes a :class:`~outrider.model.FileError` with a
message that says what is wrong with it; the caller carries on with the other files.
"""

from __future__ import annotations

import ast
import errno
import fnmatch
import io
import os
import shutil
import stat
import subprocess  # nosec B404 # runs git with fixed arguments, never a shell
import tokenize
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence

from outrider.model import FileError

#: Directory names never worth descending into, wherever they appear.
DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".hg",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "node_modules",
    "site-packages",
    "*.egg-info",
)

#: Files larger than this are reported instead of parsed (``max-file-size`` overrides it).
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

PYTHON_SUFFIXES = (".py", ".pyw")


def display_path(path: str) -> str:
    """A stable, relative-when-possible spelling of ``path`` for reports."""
    norm = os.path.normpath(path)
    if os.path.isabs(norm):
        try:
            rel = os.path.relpath(norm)
        except ValueError:  # pragma: no cover - other drive on Windows
            return norm.replace(os.sep, "/")
        if not rel.startswith(".."):
            norm = rel
    return norm.replace(os.sep, "/")


class Excluder:
    """Matches paths against exclude patterns.

    A pattern without a slash matches any single path component (``build``, ``*.egg-info``,
    ``test_*.py``); a pattern with a slash matches the path relative to the project root, or
    any directory prefix of it (``fixtures/``, ``docs/conf.py``, ``src/*/vendored``).
    """

    def __init__(self, patterns: Iterable[str], root: str) -> None:
        self.root = os.path.abspath(root)
        self.component: list[str] = []
        self.anchored: list[str] = []
        for raw in patterns:
            pat = raw.strip().replace("\\", "/")
            pat = pat.removeprefix("./").strip("/")
            if not pat:
                continue
            (self.anchored if "/" in pat else self.component).append(pat)

    def _relative(self, path: str) -> str | None:
        absolute = os.path.abspath(path)
        try:
            rel = os.path.relpath(absolute, self.root)
        except ValueError:  # pragma: no cover - other drive on Windows
            return None
        if rel == "." or rel.startswith(".."):
            return None
        return rel.replace(os.sep, "/")

    def excluded(self, path: str) -> bool:
        rel = self._relative(path)
        parts = (rel if rel is not None else path.replace(os.sep, "/")).split("/")
        for part in parts:
            for pat in self.component:
                if fnmatch.fnmatchcase(part, pat):
                    return True
        if rel is not None and self.anchored:
            for i in range(1, len(parts) + 1):
                prefix = "/".join(parts[:i])
                for pat in self.anchored:
                    if fnmatch.fnmatchcase(prefix, pat):
                        return True
        return False


def _git_files(directory: str) -> list[str] | None:
    """Files under ``directory`` that git would not ignore, or None outside a work tree."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        # A directory the work tree ignores was named on purpose: walk it in full.
        ignored = subprocess.run(  # nosec B603 # fixed git arguments, no shell
            [git, "check-ignore", "-q", "--", "."],
            cwd=directory,
            capture_output=True,
            check=False,
            timeout=60,
        )
        if ignored.returncode == 0:
            return None
        proc = subprocess.run(  # nosec B603 # fixed git arguments, no shell
            [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=directory,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    # ``--cached`` also lists files deleted from the work tree; keep what is there.
    return sorted({os.path.join(directory, n) for n in names if n})


def is_virtualenv(directory: str) -> bool:
    """A virtual environment, whatever it is called (``venv``, ``env``, ``.tox/py311``)."""
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


def _walk(directory: str, excluder: Excluder) -> Iterator[str]:
    """All files below ``directory``; directory symlinks are not followed (no loops),
    virtual environments are skipped (found by their ``pyvenv.cfg``, not by name)."""
    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = sorted(
            d
            for d in dirs
            if not excluder.excluded(os.path.join(root, d))
            and not is_virtualenv(os.path.join(root, d))
        )
        for name in sorted(files):
            yield os.path.join(root, name)


def discover(
    paths: Sequence[str],
    excluder: Excluder,
    wanted: Callable[[str], bool],
    *,
    use_git: bool = True,
) -> tuple[list[str], list[FileError]]:
    """Expand ``paths`` into the files some check wants.

    Excludes apply to explicitly named files as well (pre-commit names every staged file).
    Directory walks follow ``.gitignore`` when the directory is inside a git work tree.
    """
    found: dict[str, None] = {}
    errors: list[FileError] = []
    for given in paths:
        path = given
        if excluder.excluded(path):
            continue
        try:
            lst = os.lstat(path)
        except OSError as exc:
            errors.append(FileError(display_path(path), _os_message(exc)))
            continue
        is_dir = stat.S_ISDIR(lst.st_mode)
        if stat.S_ISLNK(lst.st_mode):
            try:
                is_dir = stat.S_ISDIR(os.stat(path).st_mode)
            except OSError as exc:
                errors.append(FileError(display_path(path), _link_message(path, exc)))
                continue
        if not is_dir:
            if wanted(path) or wanted_by_content(path, wanted):
                found[path] = None
            continue
        candidates = _git_files(path) if use_git else None
        if candidates is None:
            candidates = list(_walk(path, excluder))
        for candidate in candidates:
            if wanted(candidate) and not excluder.excluded(candidate):
                found[candidate] = None
    return list(found), errors


def wanted_by_content(path: str, wanted: Callable[[str], bool]) -> bool:
    """An explicitly named file without a suffix is Python when its shebang says so."""
    if os.path.splitext(path)[1]:
        return False
    try:
        with open(path, "rb") as f:
            first = f.readline(256)
    except OSError:
        return False
    if first.startswith(b"#!") and b"python" in first:
        return wanted(path + ".py")
    return False


def is_python(path: str) -> bool:
    return path.endswith(PYTHON_SUFFIXES)


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the file cannot be read"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    if exc.errno == errno.EISDIR:
        return "is a directory, not a file"
    return f"cannot read file: {exc.strerror or exc}"


def _link_message(path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file"
    if exc.errno == errno.ENOENT:
        try:
            target = os.readlink(path)
        except OSError:  # pragma: no cover - raced away
            target = "?"
        return f"broken symbolic link: target {target!r} does not exist"
    return _os_message(exc)


def read_bytes(path: str, max_size: int) -> bytes | FileError:
    """The file's bytes, or the reason they cannot be had."""
    shown = display_path(path)
    try:
        st = os.lstat(path)
    except OSError as exc:
        return FileError(shown, _os_message(exc))
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except OSError as exc:
            return FileError(shown, _link_message(path, exc))
    if stat.S_ISDIR(st.st_mode):
        return FileError(shown, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        return FileError(shown, "not a regular file (device, socket or pipe): not read")
    if st.st_size > max_size:
        return FileError(
            shown,
            f"file is {_mb(st.st_size)}, over the {_mb(max_size)} limit "
            "(raise max-file-size to check it)",
        )
    try:
        with open(path, "rb") as f:
            data = f.read(max_size + 1)
    except OSError as exc:
        return FileError(shown, _os_message(exc))
    if len(data) > max_size:  # grew after stat
        return FileError(shown, f"file is over the {_mb(max_size)} limit")
    return data


def _mb(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


class SourceFile:
    """One file's bytes, with its text and syntax tree computed at most once.

    Checks in one worker share the instance, so the file is read, decoded and parsed once.
    """

    __slots__ = ("_text", "_tree", "data", "path")

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self.data = data
        self._text: str | FileError | None = None
        self._tree: ast.Module | FileError | None = None

    @property
    def lines(self) -> list[str]:
        text = self.text()
        return [] if isinstance(text, FileError) else text.splitlines()

    def binary_error(self) -> FileError | None:
        nul = self.data.find(b"\0")
        if nul < 0:
            return None
        line, col = _position(self.data, nul)
        return FileError(
            self.path, "file contains a NUL byte (binary file?): not checked", line, col
        )

    def text(self) -> str | FileError:
        """Decoded text: PEP 263 rules for Python files, UTF-8 (BOM allowed) otherwise."""
        if self._text is None:
            self._text = self._decode()
        return self._text

    def _decode(self) -> str | FileError:
        err = self.binary_error()
        if err is not None:
            return err
        encoding = "utf-8-sig"
        if is_python(self.path):
            try:
                encoding, _ = tokenize.detect_encoding(io.BytesIO(self.data).readline)
            except SyntaxError as exc:
                head = self.data.split(b"\n", 2)[:2]
                line = next((i for i, text in enumerate(head, 1) if b"coding" in text), 0)
                if line:
                    return FileError(self.path, f"bad encoding declaration: {exc.msg}", line, 1)
                # No declaration, just undecodable bytes early on: say where they are.
        try:
            return self.data.decode(encoding)
        except UnicodeDecodeError as exc:
            line, col = _position(self.data, exc.start)
            bad = self.data[exc.start : exc.start + 1]
            name = "utf-8" if encoding == "utf-8-sig" else encoding
            return FileError(
                self.path,
                f"invalid {name}: byte 0x{bad.hex()} cannot be decoded",
                line,
                col,
            )
        except LookupError:  # pragma: no cover - detect_encoding already validates
            return FileError(self.path, f"unknown encoding {encoding!r}")

    def tree(self) -> ast.Module | FileError:
        """The module's ``ast`` tree, parsed from the bytes exactly as CPython would."""
        if self._tree is None:
            self._tree = self._parse()
        return self._tree

    def _parse(self) -> ast.Module | FileError:
        text = self.text()
        if isinstance(text, FileError):
            return text
        try:
            with warnings.catch_warnings():
                # Compile-time warnings are the warnings check's business, not noise here.
                warnings.simplefilter("ignore")
                return ast.parse(self.data, filename=self.path)
        except SyntaxError as exc:
            return syntax_error(self.path, exc)
        except (RecursionError, MemoryError):
            return FileError(self.path, "too deeply nested to parse (the parser ran out of stack)")
        except ValueError as exc:  # pragma: no cover - NUL bytes are caught above
            return FileError(self.path, f"cannot parse: {exc}")


def syntax_error(path: str, exc: SyntaxError) -> FileError:
    msg = exc.msg or "invalid syntax"
    if msg.startswith(
        ("Missing parentheses in call to 'print'", "Missing parentheses in call to 'exec'")
    ):
        msg += " (Python 2 syntax?)"
    return FileError(
        path,
        f"syntax error: {msg}; not checked",
        exc.lineno or 0,
        exc.offset or 0,
    )
