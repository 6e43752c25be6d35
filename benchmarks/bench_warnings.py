"""Time the warnings check against the floors it cannot beat and the naive way of doing it.

    python benchmarks/bench_warnings.py [--tree DIR] [--small N] [--repeat N]

For every target interpreter present (3.8 to 3.15, found as the check finds them) it times,
on a pre-commit-sized run (N files) and on a tree (default: the running interpreter's
standard library without its tests):

* ``outrider check --check warnings`` as a user runs it (process start-up included);
* the naive way: one ``python -W error -c compile(...)`` process per file per interpreter;
* the floor: one process per interpreter compiling every file in turn (what outrider's
  compile servers do, without outrider), run one after the other and added up;
* the in-process path alone: ``outrider`` with the running interpreter as the only target,
  against a bare loop of ``compile()`` in this process.

Numbers on a shared machine are noisy: read the ratios within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from pathlib import Path

from outrider.checks.warnings.interpreters import discover, start, version_text
from outrider.config import KNOWN_VERSIONS

SKIP_DIRS = {"test", "tests", "idlelib", "site-packages", "__pycache__", "lib2to3"}
COMPILE_ALL = (
    "import sys, warnings\n"
    "for path in sys.argv[1:]:\n"
    "    data = open(path, 'rb').read()\n"
    "    with warnings.catch_warnings(record=True):\n"
    "        warnings.simplefilter('always')\n"
    "        try:\n"
    "            compile(data, path, 'exec', dont_inherit=True)\n"
    "        except SyntaxError:\n"
    "            pass\n"
)


def python_files(tree: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        files.extend(Path(root) / n for n in sorted(names) if n.endswith(".py"))
    return files


CPU: list[float] = [0.0]


def timed(cmd: list[str], cwd: str | None = None) -> float:
    """Wall seconds; the CPU seconds of the process and its children go to CPU[0]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start_time = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start_time
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall


def cpu_of(fn: object) -> tuple[float, float]:
    """(wall, CPU) of one call; CPU summed over the processes it ran."""
    wall_start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    fn()  # type: ignore[operator]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - wall_start, total


def best(repeat: int, fn: object) -> float:
    return min(fn() for _ in range(repeat))  # type: ignore[operator]


def outrider(files: list[Path], spec: str, jobs: int | None = None) -> float:
    cmd = [sys.executable, "-m", "outrider", "check", "--isolated", "--check", "warnings"]
    cmd += ["--target-version", spec, "--exit-zero", "-q"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    with tempfile.TemporaryDirectory() as empty, tempfile.NamedTemporaryFile("w") as out:
        # No file at all: an empty directory (no path would mean the current directory).
        paths = [str(f) for f in files] or [empty]
        return timed([*cmd, "--output", out.name, *paths])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--small", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    found, missing = discover(KNOWN_VERSIONS, {})
    servers, _ = start(found)
    external = {s.interpreter.version: s.interpreter.executable for s in servers}
    for server in servers:
        server.close()
    running = (sys.version_info[0], sys.version_info[1])
    versions = sorted([*external, running])
    spec = f">={version_text(versions[0])},<{versions[-1][0]}.{versions[-1][1] + 1}"
    names = ", ".join(version_text(v) for v in versions)
    print(f"interpreters: {names} (running {version_text(running)})")
    print(f"missing: {', '.join(version_text(v) for v in missing) or 'none'}")

    files = python_files(args.tree)
    size = sum(f.stat().st_size for f in files)
    mid = sorted(files, key=lambda f: f.stat().st_size)[len(files) // 2 :]
    small = mid[: args.small]
    print(f"tree: {args.tree} ({len(files)} files, {size / 1e6:.1f} MB)")
    print(f"small: {args.small} files, {sum(f.stat().st_size for f in small) / 1e3:.0f} KB")

    executables = [external.get(v) or sys.executable for v in versions]

    def naive(subset: list[Path]) -> float:
        total = 0.0
        for exe in executables:
            for f in subset:
                total += timed([exe, "-W", "error", "-c", COMPILE_ALL, str(f)])
        return total

    def floor(subset: list[Path]) -> float:
        return sum(timed([exe, "-c", COMPILE_ALL, *map(str, subset)]) for exe in executables)

    print("\n-- pre-commit-sized run (best of --repeat; wall, and CPU of every process)")
    o, oc = min(cpu_of(lambda: outrider(small, spec)) for _ in range(args.repeat))
    n, nc = min(cpu_of(lambda: naive(small)) for _ in range(args.repeat))
    f, fc = min(cpu_of(lambda: floor(small)) for _ in range(args.repeat))
    e, ec = min(cpu_of(lambda: outrider([], spec)) for _ in range(args.repeat))
    print(f"outrider check --check warnings : {o:7.3f} s wall {oc:7.3f} s CPU")
    print(f"outrider start-up, no file      : {e:7.3f} s wall {ec:7.3f} s CPU")
    print(f"naive, process per file per ver : {n:7.3f} s wall {nc:7.3f} s CPU")
    print(f"floor, process per version, sum : {f:7.3f} s wall {fc:7.3f} s CPU")

    print("\n-- whole tree (wall, and CPU of every process reaped by outrider: with several")
    print("   workers the compile servers of the workers are not counted)")
    w1, c1 = cpu_of(lambda: outrider(files, spec, jobs=1))
    w2, c2 = cpu_of(lambda: outrider(files, spec))
    wf, cf = cpu_of(lambda: floor(files))
    print(f"outrider, 1 job                 : {w1:7.3f} s wall {c1:7.3f} s CPU")
    print(f"outrider, all cores             : {w2:7.3f} s wall {c2:7.3f} s CPU")
    print(f"floor, process per version, sum : {wf:7.3f} s wall {cf:7.3f} s CPU")
    print(f"CPU ratio outrider/floor        : {c1 / cf:.2f}x (1 job)")

    print("\n-- the running interpreter alone (in process)")
    only = f"=={version_text(running)}.*"
    o = best(1, lambda: outrider(files, only, jobs=1))
    start_time = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        with warnings.catch_warnings(record=True), contextlib.suppress(SyntaxError):
            warnings.simplefilter("always")
            compile(data, str(path), "exec", dont_inherit=True)
    bare = time.perf_counter() - start_time
    startup = best(args.repeat, lambda: outrider([], only, jobs=1))
    print(f"outrider, 1 job                 : {o:7.3f} s   (start-up alone {startup:.3f} s)")
    print(f"bare compile() loop, in process : {bare:7.3f} s   (outrider is {o / bare:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
