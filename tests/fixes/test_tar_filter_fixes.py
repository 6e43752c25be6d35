"""OUT103 and B202 fixers: filter="data" added to tar extraction, when targets allow it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fix_run import check_codes, fix

NEW = ("--target-version", "3.12")

FIXED = [
    (
        "OUT103",
        """\
        import tarfile
        with tarfile.open(p) as t:
            t.extract(m)
        """,
        """\
        import tarfile
        with tarfile.open(p) as t:
            t.extract(m, filter="data")
        """,
    ),
    (
        "OUT103",
        """\
        from tarfile import open as topen
        t = topen(p)
        t.extract(
            m,
            path="out",
        )
        """,
        """\
        from tarfile import open as topen
        t = topen(p)
        t.extract(
            m,
            path="out",
            filter="data",
        )
        """,
    ),
    (
        "OUT103",
        """\
        import tarfile
        def f(t: tarfile.TarFile):
            t.extract(
                m,
                path="out"
            )
        """,
        """\
        import tarfile
        def f(t: tarfile.TarFile):
            t.extract(
                m,
                path="out",
                filter="data"
            )
        """,
    ),
    (
        "OUT103",
        "import shutil as sh\nsh.unpack_archive(p, d)\n",
        'import shutil as sh\nsh.unpack_archive(p, d, filter="data")\n',
    ),
    (
        "OUT103",
        "import tarfile\ntarfile.open(p).extract(m, 'out', filter='fully_trusted')\n",
        "import tarfile\ntarfile.open(p).extract(m, 'out', filter='fully_trusted')\n",
    ),
    (
        "B202",
        "import tarfile\nt = None\nt = tarfile.open(p)\nt.extractall()\n",
        'import tarfile\nt = None\nt = tarfile.open(p)\nt.extractall(filter="data")\n',
    ),
    (
        "B202",
        "import tarfile\ntarfile.TarFile.open(p).extractall(path='out')\n",
        "import tarfile\ntarfile.TarFile.open(p).extractall(path='out', filter=\"data\")\n",
    ),
]


@pytest.mark.parametrize(("code", "before", "after"), FIXED)
def test_fix(project: Path, code: str, before: str, after: str) -> None:
    fixed, _ = fix(project, before, code, *NEW)
    assert fixed == textwrap.dedent(after)
    compile(fixed, "m.py", "exec")
    if "fully_trusted" not in fixed:
        assert check_codes(project, code) == []
    again, _ = fix(project, fixed, code, *NEW)
    assert again == fixed


@pytest.mark.parametrize(
    ("code", "source"),
    [
        # not imported: some other object with the same method
        ("OUT103", "t = load()\nt.extract(m)\n"),
        # shadowed: the name is rebound to a zip file
        (
            "OUT103",
            "import tarfile, zipfile\nt = tarfile.open(p)\nt = zipfile.ZipFile(p)\nt.extract(m)\n",
        ),
        # a look-alike from another library
        ("OUT103", "from patoolib import open\nopen(p).extract(m)\n"),
        ("OUT103", "import shutil\nshutil.unpack_archive(p, d, **options)\n"),
        # suppressed inline: never rewritten
        ("OUT103", "import tarfile\ntarfile.open(p).extract(m)  # outrider: ignore[OUT103]\n"),
        ("OUT103", "import tarfile\ntarfile.open(p).extract(m)  # nosec OUT103\n"),
        # Bandit reports ZipFile.extractall when tarfile is imported: not a TarFile
        ("B202", "import tarfile, zipfile\nz = zipfile.ZipFile(p)\nz.extractall()\n"),
        # members chosen by some code: left for a person
        ("B202", "import tarfile\nt = tarfile.open(p)\nt.extractall('out', safe(t))\n"),
        ("B202", "import tarfile\nt = tarfile.open(p)\nt.extractall(members=safe(t))\n"),
        ("B202", "import tarfile\ndef f(t):\n    t.extractall()\n"),
    ],
)
def test_no_change(project: Path, code: str, source: str) -> None:
    fixed, _ = fix(project, source, code, *NEW)
    assert fixed == source


@pytest.mark.parametrize("code", ["OUT103", "B202"])
def test_not_fixed_when_a_target_version_lacks_the_filter(project: Path, code: str) -> None:
    source = "import tarfile\nt = tarfile.open(p)\nt.extract(m)\nt.extractall()\n"
    fixed, run = fix(project, source, code, "--target-version", ">=3.11")
    assert fixed == source
    assert (
        f"m.py: {code}: not fixed: the fix needs Python 3.12 or later and the target "
        "versions start at 3.11 (set requires-python or --target-version)"
    ) in run.err.splitlines()


def test_requires_python_is_the_target(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1"\nrequires-python = ">=3.12"\n'
    )
    fixed, _ = fix(project, "import tarfile\ntarfile.open(p).extract(m)\n", "OUT103")
    assert fixed == 'import tarfile\ntarfile.open(p).extract(m, filter="data")\n'


def test_unsafe_fixes_only(project: Path) -> None:
    source = "import tarfile\ntarfile.open(p).extract(m)\n"
    fixed, _ = fix(project, source, "OUT103", *NEW, unsafe=False)
    assert fixed == source
