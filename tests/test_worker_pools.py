"""The worker pools let their workers finish by closing the task queue once the work is
done, instead of terminating them (SIGTERM). Under coverage's SIGTERM handling a terminated
worker could stay blocked on the pool's queue lock while the parent waited for it forever
(seen intermittently in test_fix_in_parallel_workers and test_twenty_megabyte_file). The hang
itself does not reproduce on demand; these tests keep the pools' ends honest."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from conftest import run_cli

from outrider.engine import PARALLEL_MIN_BYTES

BAD = "import numpy as np\nw = np.load('w.npy', allow_pickle=True)\n"


def _big_files(root: Path, count: int) -> list[str]:
    filler = "x = 1\n" * (PARALLEL_MIN_BYTES // 6 // count + 1)
    paths = []
    for i in range(count):
        path = root / f"m{i}.py"
        path.write_text(BAD + filler)
        paths.append(str(path))
    return paths


def test_a_parallel_check_leaves_no_worker_behind(project: Path) -> None:
    _big_files(project, 6)
    result = run_cli("check", "-q", "--select", "OUT301", "-j", "2", ".")
    assert result.code == 1
    assert len(result.lines) == 6
    assert multiprocessing.active_children() == []


def test_a_parallel_fix_leaves_no_worker_behind(project: Path) -> None:
    for i in range(10):
        (project / f"m{i}.py").write_text(BAD)
    result = run_cli("fix", "-q", "--unsafe-fixes", "--select", "OUT301", "-j", "2", ".")
    assert result.code == 1  # files changed
    assert multiprocessing.active_children() == []
