"""`outrider fix`: only reported lines, encoding and line endings kept, idempotent, atomic."""

from __future__ import annotations

import importlib
import os
import stat
from pathlib import Path

import pytest
from conftest import run_cli

from outrider.fixing import fixer_classes
from outrider.ruledoc import parse
from outrider.rules import fix_kinds

BAD = "import numpy as np\n\nweights = np.load('w.npy', allow_pickle=True)\n"
GOOD = "import numpy as np\n\nweights = np.load('w.npy')\n"


def test_unsafe_fix_needs_the_flag(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("fix", "--select", "OUT301", "m.py")
    assert (project / "m.py").read_text() == BAD
    assert result.code == 1
    assert "fixed 0 findings in 0 files" in result.err


def test_unsafe_fix_rewrites_and_rechecks(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("fix", "--unsafe-fixes", "--select", "OUT301", "m.py")
    assert (project / "m.py").read_text() == GOOD
    assert result.lines == []
    assert "fixed 1 finding in 1 file" in result.err
    assert result.code == 1  # a hook that changed files fails
    again = run_cli("fix", "--unsafe-fixes", "--select", "OUT301", "m.py")
    assert again.code == 0
    assert (project / "m.py").read_text() == GOOD


def test_diff_writes_nothing(project: Path) -> None:
    (project / "m.py").write_text(BAD)
    result = run_cli("fix", "--unsafe-fixes", "--diff", "--select", "OUT301", "m.py")
    assert (project / "m.py").read_text() == BAD
    assert result.code == 1
    assert result.out == (
        "--- a/m.py\n+++ b/m.py\n@@ -1,3 +1,3 @@\n import numpy as np\n \n"
        "-weights = np.load('w.npy', allow_pickle=True)\n+weights = np.load('w.npy')\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        # allow_pickle first, middle, last, trailing comma, multi-line
        "import numpy\nnumpy.load(allow_pickle=True, file='a')\n",
        "import numpy\nnumpy.load('a', allow_pickle=True, mmap_mode='r')\n",
        "from numpy import load as L\nL('a', allow_pickle=True,)\n",
        "import numpy as np\nnp.load(\n    'a',\n    allow_pickle=True,\n)\n",
    ],
)
def test_fixed_code_parses_and_no_longer_reports(project: Path, source: str) -> None:
    (project / "m.py").write_text(source)
    run_cli("fix", "--unsafe-fixes", "--select", "OUT301", "m.py")
    fixed = (project / "m.py").read_text()
    assert "allow_pickle" not in fixed
    compile(fixed, "m.py", "exec")
    assert run_cli("check", "--select", "OUT301", "m.py").code == 0


@pytest.mark.parametrize(
    "source",
    [
        # not imported: some other load
        "def load(f, allow_pickle):\n    pass\nload('a', allow_pickle=True)\n",
        # shadowed: np rebound locally
        "import numpy as np\nclass np:\n    load = staticmethod(print)\nnp.load('a', allow_pickle=True)\n",
        # look-alike from another library
        "from mylib import load\nload('a', allow_pickle=True)\n",
        # positional: left for a person
        "import numpy as np\nnp.load('a', None, True)\n",
        # suppressed inline: never rewritten
        "import numpy as np\nnp.load('a', allow_pickle=True)  # outrider: ignore[OUT301]\n",
    ],
    ids=["not-imported", "shadowed", "other-library", "positional", "suppressed"],
)
def test_no_change(project: Path, source: str) -> None:
    (project / "m.py").write_text(source)
    run_cli("fix", "--unsafe-fixes", "m.py")
    assert (project / "m.py").read_text() == source


def test_encoding_bom_and_crlf_are_kept(project: Path) -> None:
    source = (
        b"\xef\xbb\xbfimport numpy as np\r\n"
        b"# caf\xc3\xa9\r\n"
        b"w = np.load('w', allow_pickle=True)\r\n"
    )
    (project / "m.py").write_bytes(source)
    run_cli("fix", "--unsafe-fixes", "--select", "OUT301", "m.py")
    assert (project / "m.py").read_bytes() == source.replace(b", allow_pickle=True", b"")


def test_declared_latin1_is_kept(project: Path) -> None:
    source = b"# -*- coding: latin-1 -*-\nimport numpy as np\nn = '\xe9'\nnp.load('w', allow_pickle=True)\n"
    (project / "m.py").write_bytes(source)
    run_cli("fix", "--unsafe-fixes", "--select", "OUT301", "m.py")
    assert (project / "m.py").read_bytes() == source.replace(b", allow_pickle=True", b"")


def test_mode_and_symlink_are_kept(project: Path) -> None:
    (project / "real.py").write_text(BAD)
    os.chmod(project / "real.py", 0o640)
    os.symlink("real.py", project / "link.py")
    run_cli("fix", "--unsafe-fixes", "--select", "OUT301", "link.py")
    assert (project / "link.py").is_symlink()
    assert (project / "real.py").read_text() == GOOD
    assert stat.S_IMODE((project / "real.py").stat().st_mode) == 0o640
    assert [p.name for p in project.iterdir() if p.name.startswith(".outrider-")] == []


def test_fix_in_parallel_workers(project: Path) -> None:
    for i in range(12):
        (project / f"m{i}.py").write_text(BAD)
    result = run_cli("fix", "--unsafe-fixes", "--select", "OUT301", "-j", "2", ".")
    assert "fixed 12 findings in 12 files" in result.err
    assert all((project / f"m{i}.py").read_text() == GOOD for i in range(12))


def _fixable_plugins() -> list[str]:
    kinds = fix_kinds()
    modules = []
    for path in sorted((Path(__file__).parent.parent / "src/outrider/plugins").glob("out*.py")):
        if path.stem.split("_", 1)[0].upper() in kinds:
            modules.append(path.stem)
    return modules


@pytest.mark.parametrize("module_name", _fixable_plugins())
def test_fix_of_the_docstring_example_is_the_good_example(project: Path, module_name: str) -> None:
    doc = parse(importlib.import_module(f"outrider.plugins.{module_name}").__doc__ or "")
    (project / "m.py").write_text(doc.bad_example)
    # A fix that needs a newer Python than the code it replaces applies from that version.
    oldest = [
        cls.MIN_PYTHON
        for cls in fixer_classes({doc.code}, unsafe=True).get(doc.code, [])
        if cls.MIN_PYTHON is not None
    ]
    target = ["--target-version", ".".join(map(str, max(oldest)))] if oldest else []
    run_cli("fix", "--unsafe-fixes", *target, "--select", doc.code, "m.py")
    assert (project / "m.py").read_text() == doc.good_example
