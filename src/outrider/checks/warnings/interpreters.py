"""Finding the target interpreters, and talking to the compile server each one runs.

Discovery never hard-codes a machine's layout: an interpreter comes from the project's
configuration (``[tool.outrider.warnings] interpreters``), from ``python3.X`` on ``PATH``, or
from pyenv's ``versions`` directory (``$PYENV_ROOT``, else ``~/.pyenv``). pyenv's shims are
skipped: a shim for a version that is installed but not selected fails when run, so the
version's own executable is used instead. Every interpreter proves its version in the
server's hello frame before it is used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import shutil
import struct
import subprocess  # nosec B404 # runs Python interpreters with fixed arguments, never a shell
import sys
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

Version = tuple[int, int]

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_server.py")
HEADER = struct.Struct(">II")
LENGTH = struct.Struct(">I")
#: Seconds an interpreter may take to start and say hello.
START_TIMEOUT = 30.0


def version_text(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


@dataclasses.dataclass(frozen=True)
class Interpreter:
    version: Version
    #: None for the interpreter running outrider (compiled in process).
    executable: str | None
    #: Where it was found: "running", "configuration", "PATH", "pyenv".
    origin: str

    @property
    def in_process(self) -> bool:
        return self.executable is None


def running_version() -> Version | None:
    """The running interpreter's version, when it can stand in for CPython's compiler."""
    if sys.implementation.name != "cpython":  # pragma: no cover - CPython runs the tests
        return None
    return (sys.version_info[0], sys.version_info[1])


def pyenv_root(environ: Mapping[str, str]) -> str | None:
    root = environ.get("PYENV_ROOT") or os.path.join(os.path.expanduser("~"), ".pyenv")
    return root if os.path.isdir(os.path.join(root, "versions")) else None


def _is_shim(path: str, environ: Mapping[str, str]) -> bool:
    root = pyenv_root(environ)
    real = os.path.realpath(path)
    if root is not None and os.path.dirname(real) == os.path.realpath(os.path.join(root, "shims")):
        return True
    return os.path.basename(os.path.dirname(path)) == "shims" and "pyenv" in path


def _executable_names(version: Version) -> list[str]:
    base = f"python{version_text(version)}"
    return [base + ".exe", "python.exe"] if os.name == "nt" else [base]  # pragma: no branch


def from_path(version: Version, environ: Mapping[str, str]) -> str | None:
    """``python3.X`` on PATH, unless it is a pyenv shim."""
    found = shutil.which(f"python{version_text(version)}", path=environ.get("PATH"))
    if found is None or _is_shim(found, environ):
        return None
    return found


_PYENV_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def from_pyenv(version: Version, environ: Mapping[str, str]) -> str | None:
    """The newest plain CPython ``X.Y.Z`` in pyenv's versions directory."""
    root = pyenv_root(environ)
    if root is None:
        return None
    versions_dir = os.path.join(root, "versions")
    best: tuple[int, str] | None = None
    try:
        entries = os.listdir(versions_dir)
    except OSError:  # pragma: no cover - raced away
        return None
    for entry in entries:
        m = _PYENV_VERSION.match(entry)
        if not m or (int(m.group(1)), int(m.group(2))) != version:
            continue
        for name in _executable_names(version):
            exe = os.path.join(versions_dir, entry, "bin", name)
            if os.access(exe, os.X_OK) and (best is None or int(m.group(3)) > best[0]):
                best = (int(m.group(3)), exe)
    return best[1] if best else None


def discover(
    targets: Iterable[Version],
    configured: Mapping[Version, str],
    *,
    search: bool = True,
    environ: Mapping[str, str] | None = None,
) -> tuple[list[Interpreter], list[Version]]:
    """The interpreter for each target version, and the target versions without one."""
    env = os.environ if environ is None else environ
    running = running_version()
    found: list[Interpreter] = []
    missing: list[Version] = []
    for version in sorted(set(targets)):
        if version in configured:
            found.append(Interpreter(version, configured[version], "configuration"))
        elif version == running:
            found.append(Interpreter(version, None, "running"))
        elif search and (exe := from_path(version, env)):
            found.append(Interpreter(version, exe, "PATH"))
        elif search and (exe := from_pyenv(version, env)):
            found.append(Interpreter(version, exe, "pyenv"))
        else:
            missing.append(version)
    return found, missing


class ServerError(Exception):
    """An interpreter could not start, or stopped while compiling."""


@dataclasses.dataclass
class Reply:
    #: (category, message, line) as the interpreter reported them, duplicates removed.
    warnings: list[tuple[str, str, int]]
    #: (message, line, col) when the interpreter could not compile the file.
    error: tuple[str, int, int] | None


def parse_reply(doc: Any) -> Reply:
    records = {(str(c), str(m), int(n)) for c, m, n in doc.get("warnings") or ()}
    err = doc.get("error")
    error = (str(err[0]), int(err[1]), int(err[2])) if err else None
    return Reply(sorted(records, key=lambda r: (r[2], r[1], r[0])), error)


class Server:
    """One interpreter's compile server, owned by the process that started it."""

    def __init__(self, interpreter: Interpreter) -> None:
        if interpreter.executable is None:
            raise ServerError("the running interpreter compiles in process, without a server")
        self.interpreter = interpreter
        self.owner = os.getpid()
        try:
            self.proc: subprocess.Popen[bytes] = subprocess.Popen(  # nosec B603 # fixed args
                [interpreter.executable, "-I", "-S", "-B", SERVER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as exc:
            raise ServerError(
                f"cannot run {interpreter.executable}: {exc.strerror or exc}"
            ) from None
        if self.proc.stdin is None or self.proc.stdout is None:  # pragma: no cover
            raise ServerError("no pipes to the compile server")
        self.stdin: IO[bytes] = self.proc.stdin
        self.stdout: IO[bytes] = self.proc.stdout
        self._finalizer = weakref.finalize(self, _shutdown, self.proc)

    def hello(self) -> Version:
        """Read the hello frame; the version the interpreter really is."""
        doc = self._receive()
        version = doc.get("version")
        if (
            not isinstance(version, list)
            or len(version) < 2
            or not all(isinstance(v, int) for v in version)
        ):
            raise ServerError(f"{self.interpreter.executable} did not identify itself")
        return (version[0], version[1])

    def send(self, name: str, data: bytes) -> None:
        encoded = name.encode("utf-8", "surrogateescape")
        try:
            self.stdin.write(HEADER.pack(len(encoded), len(data)) + encoded + data)
            self.stdin.flush()
        except OSError:
            pass  # the reply read reports the stopped server

    def receive(self) -> Reply:
        return parse_reply(self._receive())

    def _receive(self) -> Any:
        head = self.stdout.read(LENGTH.size)
        if len(head) < LENGTH.size:
            raise ServerError(self._stopped())
        (size,) = LENGTH.unpack(head)
        body = self.stdout.read(size)
        if len(body) < size:  # pragma: no cover - the server died mid-reply
            raise ServerError(self._stopped())
        return json.loads(body)

    def _stopped(self) -> str:
        try:
            status = self.proc.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung interpreter
            self.proc.kill()
            status = self.proc.wait()
        what = f"signal {-status}" if status < 0 else f"exit status {status}"
        interp = self.interpreter
        return f"Python {version_text(interp.version)} ({interp.executable}) stopped ({what})"

    def close(self) -> None:
        self._finalizer()


def _shutdown(proc: subprocess.Popen[bytes]) -> None:
    """Close the server's input (it exits at end of input) and reap it."""
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung interpreter
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def start(
    interpreters: Sequence[Interpreter],
) -> tuple[list[Server], list[tuple[Interpreter, str]]]:
    """Start a server for each external interpreter (all at once, then read each hello).

    Returns the servers that proved the expected version, and the interpreters that failed
    with the reason.
    """
    started: list[Server] = []
    failed: list[tuple[Interpreter, str]] = []
    for interp in interpreters:
        if interp.in_process:
            continue
        try:
            started.append(Server(interp))
        except ServerError as exc:
            failed.append((interp, str(exc)))
    ready: list[Server] = []
    for server in started:
        try:
            version = server.hello()
        except (ServerError, ValueError) as exc:
            server.close()
            failed.append((server.interpreter, str(exc)))
            continue
        if version != server.interpreter.version:
            server.close()
            failed.append(
                (
                    server.interpreter,
                    f"{server.interpreter.executable} is Python {version_text(version)}, "
                    f"not {version_text(server.interpreter.version)}",
                )
            )
            continue
        ready.append(server)
    return ready, failed
