"""Compile server: runs inside each target interpreter, one process for a whole run.

Started as ``python -I -S -B _server.py`` (isolated: no site-packages, no ``.pth`` files, no
user paths, no bytecode written). It only compiles: the source is never executed, no
``.pyc`` is read or written. Every compile-time warning is recorded, not raised: with
warnings as errors the first one would stop the compiler and hide the rest.

Protocol on stdin/stdout, both binary:

* the server first sends a hello frame, ``{"version": [3, 12, 1], "implementation": ...}``;
* each request is ``>II`` (length of the file name, length of the source) followed by the
  UTF-8 file name and the source bytes, exactly as read from disk (compile() itself honours
  the encoding declaration and BOM);
* each reply is ``>I`` (length) followed by a JSON object: ``{"warnings": [[category,
  message, lineno], ...], "error": null | [message, lineno, offset]}``.

End of input ends the server. This file must stay valid on every Python outrider targets
(3.8 and later): standard library only, no newer syntax.
"""

from __future__ import annotations

import json
import struct
import sys
import warnings

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any, BinaryIO

HEADER = struct.Struct(">II")
LENGTH = struct.Struct(">I")


def read_exact(stream: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def send(stream: BinaryIO, obj: object) -> None:
    data = json.dumps(obj).encode("utf-8")
    stream.write(LENGTH.pack(len(data)) + data)
    stream.flush()


def compile_source(name: str, data: bytes) -> dict[str, Any]:
    error: list[object] | None = None
    with warnings.catch_warnings(record=True) as log:
        warnings.simplefilter("always")
        try:
            compile(data, name, "exec", dont_inherit=True, optimize=0)
        except SyntaxError as exc:
            error = [str(exc.msg or "invalid syntax"), exc.lineno or 0, exc.offset or 0]
        except (RecursionError, MemoryError):
            error = ["too deeply nested to compile (the compiler ran out of stack)", 0, 0]
        except ValueError as exc:  # e.g. NUL bytes
            error = [str(exc), 0, 0]
    found: list[list[object]] = []
    for w in log:
        if w.filename == name:
            found.append([w.category.__name__, str(w.message), w.lineno or 0])
    return {"warnings": found, "error": error}


def main() -> None:
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    info = sys.implementation
    send(stdout, {"version": list(sys.version_info[:3]), "implementation": info.name})
    while True:
        head = read_exact(stdin, HEADER.size)
        if head is None:
            return
        name_len, data_len = HEADER.unpack(head)
        name = read_exact(stdin, name_len)
        data = read_exact(stdin, data_len)
        if name is None or data is None:
            return
        send(stdout, compile_source(name.decode("utf-8", "surrogateescape"), data))


if __name__ == "__main__":
    main()
