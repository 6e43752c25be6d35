"""Detection and fixes on a small hand-written table, for row shapes the real table does not
have yet (third-party rows, asyncio.get_event_loop, codecs.open, keyword renames).

The table is swapped by replacing ``index.default_index`` (outrider's own loader), so the
real check, the real CLI and the real libcst fixers run on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from outrider.checks.deprecations import index as index_module
from outrider.checks.deprecations.data import Api

SRC = "https://docs.python.org/3/"

ROWS = [
    Api(
        name="asyncio.get_event_loop",
        kind="function",
        status="deprecated",
        deprecated="3.12",
        source=SRC,
    ),
    Api(name="codecs.open", kind="function", status="deprecated", deprecated="3.14", source=SRC),
    Api(
        name="datetime.datetime.utcnow",
        kind="method",
        status="deprecated",
        deprecated="3.12",
        receiver="datetime.datetime",
        source=SRC,
    ),
    Api(
        name="shutil.copyfile",
        kind="argument",
        status="deprecated",
        deprecated="3.12",
        argument="oldname",
        fix="rename",
        fix_to="newname",
        source=SRC,
    ),
    Api(
        name="oldpkg.helpers",
        kind="module",
        status="removed",
        deprecated="3.9",
        removed="3.11",
        fix="import-move",
        fix_to="newpkg.helpers",
        source=SRC,
    ),
    Api(
        name="imp.reload",
        kind="function",
        status="removed",
        deprecated="3.4",
        removed="3.12",
        fix="import-move",
        fix_to="importlib.reload",
        source=SRC,
    ),
    Api(
        name="numpy.float_",
        kind="attribute",
        status="removed",
        deprecated="1.20",
        removed="2.0",
        fix="rename",
        fix_to="float64",
        package="numpy",
        source=SRC,
    ),
    Api(
        name="numpy.asscalar",
        kind="function",
        status="deprecated",
        deprecated="1.16",
        package="numpy",
        source=SRC,
    ),
]


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> None:
    built = index_module.build(ROWS)
    monkeypatch.setattr(index_module, "default_index", lambda: built)


def fix(project: Path, source: str, *flags: str) -> str:
    (project / "m.py").write_text(source)
    run_cli("fix", "-q", "--check", "deprecations", "--jobs", "1", *flags, "m.py")
    return (project / "m.py").read_text()


def codes(project: Path, source: str) -> list[tuple[int, str, bool, str]]:
    (project / "m.py").write_text(source)
    out = run_cli(
        "check", "-q", "--check", "deprecations", "--jobs", "1", "--format", "json", "m.py"
    ).out
    return [
        (f["line"], f["code"], f["fixable"], f["confidence"]) for f in json.loads(out)["findings"]
    ]


@pytest.mark.usefixtures("table")
@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n",
            "import asyncio\n\n\nasync def main():\n    loop = asyncio.get_running_loop()\n",
            id="get-event-loop-in-coroutine",
        ),
        pytest.param(
            "import codecs\n\nwith codecs.open(name, 'r', 'utf-8', 'replace') as f:\n    pass\n",
            # RemoveImportsVisitor drops the statement; the blank line after it stays.
            "\nwith open(name, 'r', encoding='utf-8', errors='replace') as f:\n    pass\n",
            id="codecs-open-drops-unused-import",
        ),
        pytest.param(
            "import codecs\n\nf = codecs.open(filename=name, encoding='utf-8')\ncodecs.lookup('x')\n",
            "import codecs\n\nf = open(file=name, encoding='utf-8')\ncodecs.lookup('x')\n",
            id="codecs-open-keywords",
        ),
        pytest.param(
            "import datetime as dt\nfrom datetime import datetime\n\nnow = datetime.utcnow()\n",
            "import datetime as dt\nfrom datetime import datetime\n\nnow = datetime.now(dt.timezone.utc)\n",
            id="utcnow-uses-existing-module-alias",
        ),
        pytest.param(
            "from datetime import datetime, timezone as tz\n\nnow = datetime.utcnow()\n",
            "from datetime import datetime, timezone as tz\n\nnow = datetime.now(tz.utc)\n",
            id="utcnow-uses-existing-timezone-alias",
        ),
    ],
)
def test_unsafe_fixes(project: Path, before: str, after: str) -> None:
    assert fix(project, before) == before
    assert fix(project, before, "--unsafe-fixes") == after


@pytest.mark.usefixtures("table")
@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import asyncio\nloop = asyncio.get_event_loop()\n",
            id="get-event-loop-outside-coroutine",
        ),
        pytest.param("import codecs\nopen = None\nf = codecs.open('x')\n", id="open-shadowed"),
        pytest.param("import codecs\nf = codecs.open(*args)\n", id="star-args"),
        pytest.param(
            "from datetime import datetime\ntimezone = 'UTC'\nnow = datetime.utcnow()\n",
            id="timezone-name-taken",
        ),
    ],
)
def test_unsafe_fix_left_alone(project: Path, source: str) -> None:
    assert fix(project, source, "--unsafe-fixes") == source


@pytest.mark.usefixtures("table")
def test_keyword_rename_and_module_moves(project: Path) -> None:
    assert fix(project, "import shutil\nshutil.copyfile(a, oldname=b)\n") == (
        "import shutil\nshutil.copyfile(a, newname=b)\n"
    )
    assert fix(project, "from oldpkg.helpers import run\n") == "from newpkg.helpers import run\n"
    # importlib is taken by something else: the move is not provably safe.
    source = "import imp\nimportlib = None\nimp.reload(m)\n"
    assert fix(project, source) == source


@pytest.mark.usefixtures("table")
def test_thirdparty_versions_from_the_lock_file(project: Path) -> None:
    source = "import numpy as np\nx = np.float_(1)\ny = np.asscalar(x)\n"
    assert codes(project, source) == [
        (2, "DEP203", False, "MEDIUM"),
        (3, "DEP203", False, "MEDIUM"),
    ]
    (project / "uv.lock").write_text('[[package]]\nname = "numpy"\nversion = "1.26.4"\n')
    # Deprecated, not removed, in 1.26: the rename is already safe (float64 exists there).
    assert codes(project, source) == [(2, "DEP202", True, "HIGH"), (3, "DEP202", False, "HIGH")]
    (project / "uv.lock").write_text('[[package]]\nname = "numpy"\nversion = "2.1.0"\n')
    assert codes(project, source) == [(2, "DEP201", True, "HIGH"), (3, "DEP202", False, "HIGH")]
    assert fix(project, source) == "import numpy as np\nx = np.float64(1)\ny = np.asscalar(x)\n"
    (project / "uv.lock").write_text('[[package]]\nname = "numpy"\nversion = "1.15"\n')
    assert codes(project, source) == []
