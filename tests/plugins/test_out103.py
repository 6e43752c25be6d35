"""OUT103: which objects are proved to be a TarFile, and which filters count as safe."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bandit_helpers import lines, messages


@pytest.mark.parametrize(
    ("source", "reported"),
    [
        # how the name got its TarFile
        ("t = tarfile.open(p)\nt.extract(m)", True),
        ("t: tarfile.TarFile = tarfile.open(p)\nt.extract(m)", True),
        ("if (t := tarfile.open(p)):\n    t.extract(m)", True),
        ("with open(q) as f, tarfile.open(fileobj=f) as t:\n    t.extract(m)", True),
        ("t = tarfile.TarFile(p)\nt.extract(m)", True),
        ("t = tarfile.TarFile.xzopen(p)\nt.extract(m)", True),
        # anything that could be something else
        ("t = tarfile.open(p)\nt += x\nt.extract(m)", False),
        ("t: tarfile.TarFile\nt.extract(m)", False),
        ("for t in tars:\n    t.extract(m)", False),
        ("t, u = tarfile.open(p), 1\nt.extract(m)", False),
        ("with tarfile.open(p) as (t, u):\n    t.extract(m)", False),
        ("t = get()\nt.extract(m)", False),
        ("t = None\nt.extract(m)", False),
        ("import t\nt.extract(m)", False),
        ("def t(): pass\nt.extract(m)", False),
        ("try:\n    pass\nexcept E as t:\n    t.extract(m)", False),
        ("t.extract(m)", False),
        ("self.t.extract(m)", False),
        ("tarfile.open(p).members.extract(m)", False),
    ],
)
def test_tarfile_objects(tmp_path: Path, source: str, reported: bool) -> None:
    got = lines(tmp_path, f"import tarfile\n{source}\n", "OUT103")
    assert bool(got) == reported


def test_scopes(tmp_path: Path) -> None:
    source = """\
        import tarfile
        t = tarfile.open(p)


        def uses_module_name():
            t.extract(m)


        def rebinds_locally():
            t = other()
            t.extract(m)


        def declares_global():
            global t
            t.extract(m)


        def parameter_without_annotation(t):
            t.extract(m)


        def string_annotation(t: "tarfile.TarFile", u: "not valid("):
            t.extract(m)
            u.extract(m)


        class Holder:
            t = other()

            def method(self):
                t.extract(m)


        def outer():
            u = tarfile.open(p)

            def inner():
                u.extract(m)

            return lambda: u.extract(m)
    """
    assert lines(tmp_path, source, "OUT103") == [6, 24, 32, 39, 41]


def test_a_module_that_sets_an_extraction_filter_is_not_reported(tmp_path: Path) -> None:
    source = """\
        import tarfile
        tarfile.TarFile.extraction_filter = staticmethod(tarfile.data_filter)
        tarfile.open(p).extract(m)
    """
    assert lines(tmp_path, source, "OUT103") == []


@pytest.mark.parametrize(
    ("call", "reported"),
    [
        ("shutil.unpack_archive(p)", True),
        ("shutil.unpack_archive(p, d, 'gztar')", True),
        ("shutil.unpack_archive('a.tar.gz', d)", True),
        ("shutil.unpack_archive('a.zip', d)", False),
        ("shutil.unpack_archive(filename='a.zip')", False),
        ("shutil.unpack_archive(p, d, format='zip')", False),
        ("shutil.unpack_archive(p, d, format=fmt)", True),
        ("shutil.unpack_archive(p, d, filter=None)", True),
        ("shutil.unpack_archive(p, d, filter=tarfile.data_filter)", False),
        ("shutil.unpack_archive(p, d, filter=pick())", False),
    ],
)
def test_unpack_archive(tmp_path: Path, call: str, reported: bool) -> None:
    got = lines(tmp_path, f"import shutil, tarfile\n{call}\n", "OUT103")
    assert got == ([2] if reported else [])


def test_messages_and_confidence(tmp_path: Path) -> None:
    source = """\
        import shutil, tarfile
        tarfile.open(p).extract(m)
        tarfile.open(p).extract(m, filter="fully_trusted")
        shutil.unpack_archive(p)
    """
    got = messages(tmp_path, source, "OUT103")
    tail = (
        "writes tar members where the archive says: absolute paths, '..' and links can "
        'write outside the target directory. Pass filter="data" (Python 3.12+, 3.8.17+, '
        "3.9.17+, 3.10.12+, 3.11.4+)."
    )
    assert got == [
        (2, f"TarFile.extract() without filter= {tail}"),
        (3, f"TarFile.extract() with a fully trusting filter {tail}"),
        (4, f"shutil.unpack_archive() without filter= {tail}"),
    ]


def test_an_extraction_filter_on_the_object_or_the_class(tmp_path: Path) -> None:
    source = """\
        import tarfile
        from tarfile import TarFile as TF
        a = tarfile.open(p)
        a.extraction_filter = tarfile.data_filter
        a.extract(m)
        b = tarfile.open(p)
        b.extract(m)
    """
    assert lines(tmp_path, source, "OUT103") == [7]
    every = "TF.extraction_filter = staticmethod(tarfile.data_filter)\n"
    assert lines(tmp_path, textwrap.dedent(source) + every, "OUT103", "n.py") == []
