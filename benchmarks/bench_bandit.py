"""Time ``outrider check --check bandit`` against plain ``bandit -r`` on the same files.

Both run in this one session, one after the other (alternating when repeated), on the same
tree: by default the running interpreter's standard library without ``site-packages``.
Prints wall time, CPU time and peak resident memory (summed over the process tree, sampled)
of each, the ratio outrider/bandit, and whether both found the same Bandit findings.

    python benchmarks/bench_bandit.py                 # the whole standard library
    python benchmarks/bench_bandit.py --tree DIR --jobs 2 --repeat 3
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path


def tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total


def measure(cmd: list[str], cwd: Path) -> dict[str, float]:
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mib": peak / 1024,
    }


def findings_bandit(report: Path) -> collections.Counter[tuple[str, int, str]]:
    doc = json.loads(report.read_text())
    return collections.Counter(
        (r["filename"].removeprefix("./"), r["line_number"], r["test_id"]) for r in doc["results"]
    )


def findings_outrider(report: Path) -> collections.Counter[tuple[str, int, str]]:
    doc = json.loads(report.read_text())
    return collections.Counter((f["path"], f["line"], f["code"]) for f in doc["findings"])


def main() -> int:
    default_tree = Path(sysconfig.get_paths()["stdlib"])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=default_tree)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    bandit = shutil.which("bandit", path=str(bindir)) or "bandit"
    outrider = shutil.which("outrider", path=str(bindir)) or "outrider"
    tree = args.tree.resolve()
    files = [p for p in tree.rglob("*.py") if "site-packages" not in p.parts]
    size = sum(p.stat().st_size for p in files)
    print(f"tree: {tree} ({len(files)} files, {size / 1e6:.1f} MB), jobs={args.jobs}")

    with tempfile.TemporaryDirectory() as tmp:
        b_out, o_out = Path(tmp) / "bandit.json", Path(tmp) / "outrider.json"
        b_cmd = [bandit, "-r", ".", "-x", "./site-packages", "-f", "json", "-o", str(b_out), "-q"]
        o_cmd = [
            outrider,
            "check",
            ".",
            "--isolated",
            "--check",
            "bandit",
            "--jobs",
            str(args.jobs),
            "--format",
            "json",
            "--output",
            str(o_out),
            "-q",
        ]
        runs: dict[str, list[dict[str, float]]] = {"bandit": [], "outrider": []}
        for _ in range(args.repeat):
            runs["bandit"].append(measure(b_cmd, tree))
            runs["outrider"].append(measure(o_cmd, tree))
        b_found, o_found = findings_bandit(b_out), findings_outrider(o_out)
        o_doc = json.loads(o_out.read_text())

    def best(name: str, key: str) -> float:
        return min(r[key] for r in runs[name])

    for name in ("bandit", "outrider"):
        print(
            f"{name:>9}: wall {best(name, 'wall'):7.2f}s  cpu {best(name, 'cpu'):7.2f}s  "
            f"peak RSS {best(name, 'peak_mib'):7.1f} MiB"
        )
    ratio = best("outrider", "wall") / best("bandit", "wall")
    cpu_ratio = best("outrider", "cpu") / best("bandit", "cpu")
    print(f"wall ratio outrider/bandit: {ratio:.3f}   cpu ratio: {cpu_ratio:.3f}")
    print(
        f"findings: bandit {sum(b_found.values())}, outrider {sum(o_found.values())}, "
        f"same: {b_found == o_found}; outrider file errors: {len(o_doc['errors'])}"
    )
    if b_found != o_found:
        only_b = b_found - o_found
        only_o = o_found - b_found
        print(f"  only bandit: {sum(only_b.values())} e.g. {list(only_b)[:5]}")
        print(f"  only outrider: {sum(only_o.values())} e.g. {list(only_o)[:5]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
