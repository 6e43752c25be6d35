"""DEP fixers through `outrider fix`: before/after, no change, idempotence, the rule examples."""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path

import pytest
from conftest import run_cli

from outrider.checks.deprecations.rules import DOCS
from outrider.ruledoc import parse

# (before, after) with the default targets (every version outrider knows, 3.8 to 3.15).
SAFE = [
    pytest.param(
        "import unittest\n\n\nclass T(unittest.TestCase):\n    def test(self):\n"
        "        self.assertEquals(1, 1)\n        self.failUnless(True)\n        self.assert_(1)\n",
        "import unittest\n\n\nclass T(unittest.TestCase):\n    def test(self):\n"
        "        self.assertEqual(1, 1)\n        self.assertTrue(True)\n        self.assertTrue(1)\n",
        id="unittest-aliases",
    ),
    pytest.param(
        "import logging\n\nlogging.warn('x')\nlog = logging.getLogger()\nlog.warn('y')\n",
        "import logging\n\nlogging.warning('x')\nlog = logging.getLogger()\nlog.warning('y')\n",
        id="logging-warn",
    ),
    pytest.param(
        "from logging import warn\n\nwarn('x')\n",
        "from logging import warning as warn\n\nwarn('x')\n",
        id="from-import-rename-keeps-local-name",
    ),
    pytest.param(
        "import threading\n\nthreading.currentThread()\nthreading.activeCount()\n"
        "t = threading.Thread()\nt.isAlive()\ne = threading.Event()\ne.isSet()\n",
        "import threading\n\nthreading.current_thread()\nthreading.active_count()\n"
        "t = threading.Thread()\nt.is_alive()\ne = threading.Event()\ne.is_set()\n",
        id="threading-camel-case",
    ),
    pytest.param(
        "from collections import Mapping\n",
        "from collections.abc import Mapping\n",
        id="collections-abc-from-import",
    ),
    pytest.param(
        "from collections import Mapping, OrderedDict\n",
        "from collections import OrderedDict\nfrom collections.abc import Mapping\n",
        id="collections-abc-partial-move",
    ),
    pytest.param(
        "import collections\n\nx = collections.Mapping\n",
        "import collections\nimport collections.abc\n\nx = collections.abc.Mapping\n",
        id="collections-abc-attribute",
    ),
    pytest.param(
        "import collections as c\n\nx = c.MutableSequence\n",
        "import collections as c\nimport collections.abc\n\nx = c.abc.MutableSequence\n",
        id="collections-abc-aliased-module",
    ),
    pytest.param(
        "import xml.etree.cElementTree as ET\n",
        "import xml.etree.ElementTree as ET\n",
        id="celementtree-aliased",
    ),
    pytest.param(
        "from xml.etree import cElementTree\nfrom xml.etree.cElementTree import parse\n",
        "from xml.etree import ElementTree as cElementTree\nfrom xml.etree.ElementTree import parse\n",
        id="celementtree-from",
    ),
    pytest.param(
        "import configparser\n\np = configparser.ConfigParser()\np.readfp(open('f'))\n"
        "q = configparser.SafeConfigParser()\n",
        "import configparser\n\np = configparser.ConfigParser()\np.read_file(open('f'))\n"
        "q = configparser.ConfigParser()\n",
        id="configparser",
    ),
    pytest.param(
        "import imp\n\nimp.reload(m)\n",
        "import importlib\n\nimportlib.reload(m)\n",
        id="imp-reload-moves-and-drops-unused-import",
    ),
]

UNSAFE = [
    pytest.param(
        "import datetime\n\nnow = datetime.datetime.utcnow()\n",
        "import datetime\n\nnow = datetime.datetime.now(datetime.timezone.utc)\n",
        id="utcnow-module",
    ),
    pytest.param(
        "from datetime import datetime\n\nnow = datetime.utcnow()\nthen = datetime.utcfromtimestamp(0)\n",
        "from datetime import timezone, datetime\n\nnow = datetime.now(timezone.utc)\n"
        "then = datetime.fromtimestamp(0, timezone.utc)\n",
        id="utcnow-class-adds-timezone",
    ),
]

UNCHANGED = [
    pytest.param("def f(logging):\n    logging.warn('x')\n", id="shadowed-by-parameter"),
    pytest.param("import logging\nlogging = None\nlogging.warn('x')\n", id="rebound-module"),
    pytest.param("warn('x')\ncurrentThread()\n", id="not-imported"),
    pytest.param("from mylib import warn\nwarn('x')\n", id="look-alike"),
    pytest.param(
        "import logging\nlogging.warn('x')  # outrider: ignore[DEP102]\n", id="suppressed"
    ),
    pytest.param(
        "import sys\nimport threading\nif sys.version_info < (3, 10):\n    threading.currentThread()\n",
        id="version-guarded",
    ),
    pytest.param(
        "class S:\n    def run(self):\n        self.logger.warn('x')\n", id="receiver-by-name-only"
    ),
    pytest.param(
        "from base import Case\nclass T(Case):\n    def t(self):\n        self.assertEquals(1, 1)\n",
        id="unknown-base-class",
    ),
    pytest.param("import xml.etree.cElementTree\n", id="module-import-without-alias"),
    pytest.param("import datetime\nnow = datetime.datetime.utcnow()\n", id="unsafe-without-flag"),
    pytest.param("def f(job):\n    job.setDaemon(True)\n", id="unknown-receiver"),
]


def fix(project: Path, source: str, *flags: str) -> str:
    (project / "m.py").write_text(source)
    run_cli("fix", "-q", "--check", "deprecations", *flags, "m.py")
    return (project / "m.py").read_text()


def findings(project: Path, *flags: str) -> list[dict[str, object]]:
    result = run_cli("check", "-q", "--check", "deprecations", "--format", "json", *flags, "m.py")
    found: list[dict[str, object]] = json.loads(result.out)["findings"]
    return found


@pytest.mark.parametrize(("before", "after"), SAFE)
def test_safe_fix(project: Path, before: str, after: str) -> None:
    assert any(f["fixable"] for f in findings_of(project, before))
    assert fix(project, before) == after
    ast.parse(after)
    assert not [f for f in findings(project) if f["fixable"]]
    assert fix(project, after) == after  # idempotent


@pytest.mark.parametrize(("before", "after"), UNSAFE)
def test_unsafe_fix_needs_the_flag(project: Path, before: str, after: str) -> None:
    assert fix(project, before) == before
    assert fix(project, before, "--unsafe-fixes") == after
    assert findings(project, "--unsafe-fixes") == []
    assert fix(project, after, "--unsafe-fixes") == after


@pytest.mark.parametrize("source", UNCHANGED)
def test_no_change(project: Path, source: str) -> None:
    assert fix(project, source) == source


def findings_of(project: Path, source: str, *flags: str) -> list[dict[str, object]]:
    (project / "m.py").write_text(source)
    return findings(project, *flags)


def test_only_reported_lines_change(project: Path) -> None:
    source = "import logging\nlogging.warn('a')  # outrider: ignore[DEP102]\nlogging.warn('b')\n"
    assert fix(project, source) == (
        "import logging\nlogging.warn('a')  # outrider: ignore[DEP102]\nlogging.warning('b')\n"
    )


def test_fix_follows_lines_moved_by_an_added_import(project: Path) -> None:
    """DEP101's fix adds an import line; DEP102's lines must move with it."""
    source = (
        "import collections\nimport threading\nx = collections.Mapping\nthreading.currentThread()\n"
    )
    assert fix(project, source) == (
        "import collections\nimport threading\nimport collections.abc\n\n"
        "x = collections.abc.Mapping\nthreading.current_thread()\n"
    )


def test_fix_respects_the_targets(project: Path) -> None:
    """With targets 3.8-3.9 currentThread is not deprecated yet: nothing to fix."""
    source = "import threading\nthreading.currentThread()\n"
    assert fix(project, source, "--target-version", ">=3.8,<3.10") == source
    assert fix(project, source, "--target-version", "3.10") == (
        "import threading\nthreading.current_thread()\n"
    )


def test_crlf_and_encoding_kept(project: Path) -> None:
    (project / "m.py").write_bytes(
        b"# -*- coding: latin-1 -*-\r\nimport logging\r\nlogging.warn('\xe9')\r\n"
    )
    run_cli("fix", "-q", "--check", "deprecations", "m.py")
    assert (project / "m.py").read_bytes() == (
        b"# -*- coding: latin-1 -*-\r\nimport logging\r\nlogging.warning('\xe9')\r\n"
    )


@pytest.mark.parametrize("code", sorted(DOCS))
def test_rule_examples(project: Path, code: str) -> None:
    """The Example of each rule page is reported under its code; the Use instead is not; where
    the example is fixable, fixing it gives the Use instead."""
    doc = parse(DOCS[code][0])
    assert doc.code == code
    assert not doc.missing_sections()
    flags = ["--select", code]
    if code == "DEP201":
        (project / "uv.lock").write_text('[[package]]\nname = "numpy"\nversion = "2.1.0"\n')
    if code == "DEP202":
        (project / "uv.lock").write_text('[[package]]\nname = "setuptools"\nversion = "80.0.0"\n')
    if code.startswith("DEP2") and not _rows(third_party=True):
        pytest.skip("no third-party rows in the table yet")
    if code == "DEP203" and importlib.util.find_spec("numpy") is not None:
        pytest.skip("numpy is installed here, so its version is known")
    if code == "DEP103" and not _rows(status="pending"):
        pytest.skip("no row of the table is pending deprecation")
    bad = findings_of(project, doc.bad_example, *flags)
    assert {f["code"] for f in bad} == {code}
    assert findings_of(project, doc.good_example, *flags) == []
    if any(f["fixable"] for f in bad):
        assert fix(project, doc.bad_example, *flags) == doc.good_example


def _rows(*, third_party: bool = False, status: str = "") -> bool:
    from outrider.checks.deprecations.data import load_stdlib, load_thirdparty

    rows = load_thirdparty() if third_party else load_stdlib()
    return any(not status or r.status == status for r in rows)
