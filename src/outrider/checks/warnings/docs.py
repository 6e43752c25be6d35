"""The documentation of every WRN rule: each text is the rule's page (``outrider.ruledoc``).

The *Versions* section of a compile-time rule is written from the table in
:mod:`outrider.checks.warnings.kinds`, which a test re-measures on every interpreter present.
"""

from __future__ import annotations

import functools

from outrider.checks.warnings import kinds
from outrider.model import Level, Rule

PYTEST_WARNINGS_DOC = "https://docs.pytest.org/en/stable/how-to/capture-warnings.html"


def versions_section(code: str) -> str:
    """``Versions`` section: which CPython versions raise the warning, and as what."""
    kind = next(k for k in kinds.KINDS if k.code == code)
    known = [(3, minor) for minor in range(8, kinds.NEWEST_DOCUMENTED[1] + 1)]
    lines: list[str] = []
    groups: dict[str, list[tuple[int, int]]] = {}
    for version in known:
        groups.setdefault(kind.category_on(version) or "no warning", []).append(version)
    for category, versions in groups.items():
        newest = versions[-1] == kinds.NEWEST_DOCUMENTED
        text = kinds.version_ranges(versions)
        if newest:
            text = f"{kinds.version_text(versions[0])} and later"
        label = category if category == "no warning" else f"``{category}``"
        lines.append(f"- {text}: {label}")
    return "\n".join(lines)


_COMPILE_INTRO = (
    "outrider compiles the file from its source text (never a cached ``.pyc``, and never "
    "running it) with every target interpreter it finds, and records every warning the "
    "compiler raises, as ``python -W error`` would fail on the first one."
)

WRN101 = f"""
========================================
WRN101: Invalid escape sequence in a string
========================================

What it does
------------
Reports a backslash in a str or bytes literal that does not start a valid escape sequence,
such as ``"\\d"`` or ``b"\\N"``. {_COMPILE_INTRO}

Why is this bad
---------------
Python keeps an unknown escape as a backslash and the character, but has warned since 3.6
that this will become an error. Regular expressions and Windows paths hit it most:
``"\\d+"`` works today only because ``\\d`` is not an escape. Run with warnings as errors,
the module does not even import.

Versions
--------
{versions_section("WRN101")}

Severity and confidence
-----------------------
Medium severity: a future Python rejects the file. High confidence: the interpreter itself
raised the warning.

Example
-------
.. code-block:: python

    import re

    DIGITS = re.compile("\\d+")

Use instead
-----------
.. code-block:: python

    import re

    DIGITS = re.compile(r"\\d+")

References
----------
- `Escape sequences <https://docs.python.org/3/reference/lexical_analysis.html#escape-sequences>`__
- `What's new in Python 3.12: invalid escapes are a SyntaxWarning <https://docs.python.org/3/whatsnew/3.12.html#other-language-changes>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN102 = f"""
==============================================
WRN102: Octal escape with a value over 0o377
==============================================

What it does
------------
Reports an octal escape whose value is over ``0o377``, such as ``"\\400"``. {_COMPILE_INTRO}

Why is this bad
---------------
Octal escapes stop at ``\\377`` (one byte). Up to Python 3.10 a larger value was taken
silently (in bytes, truncated to its low eight bits), 3.11 deprecated it and 3.12 made it a
SyntaxWarning on the way to an error.

Versions
--------
{versions_section("WRN102")}

Severity and confidence
-----------------------
Medium severity: a future Python rejects the file, and bytes literals already hold a value
that is not the one written. High confidence: the interpreter raised the warning.

Example
-------
.. code-block:: python

    LETTER = "\\400"

Use instead
-----------
.. code-block:: python

    LETTER = "\\u0100"

References
----------
- `What's new in Python 3.11: octal escapes over 0o377 deprecated <https://docs.python.org/3/whatsnew/3.11.html#other-language-changes>`__
- `Escape sequences <https://docs.python.org/3/reference/lexical_analysis.html#escape-sequences>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN103 = f"""
====================================
WRN103: ``is`` comparison with a literal
====================================

What it does
------------
Reports ``is`` and ``is not`` with a literal operand (a number, string, bytes or tuple of
constants), such as ``x is 1`` or ``name is not ""``. {_COMPILE_INTRO}

Why is this bad
---------------
``is`` compares identity. Whether two equal literals are the same object is an
implementation detail (small-int and string caches, constant folding) that changes between
versions, between CPython and PyPy, and between a literal and a computed value: the
comparison passes in a quick test and fails in production.

Versions
--------
{versions_section("WRN103")}

Severity and confidence
-----------------------
Medium severity: a comparison whose result depends on the interpreter. High confidence: the
interpreter raised the warning.

Example
-------
.. code-block:: python

    def is_empty(name):
        return name is ""

Use instead
-----------
.. code-block:: python

    def is_empty(name):
        return name == ""

References
----------
- `What's new in Python 3.8: "is" with a literal <https://docs.python.org/3/whatsnew/3.8.html#changes-in-python-behavior>`__
- `CWE-595 <https://cwe.mitre.org/data/definitions/595.html>`__

.. versionadded:: 0.1.0
"""

WRN104 = f"""
================================================
WRN104: Numeric literal directly followed by a keyword
================================================

What it does
------------
Reports a number written against a keyword, such as ``1if x else y``, ``0in items`` or
``0x1for x in y`` (which reads as ``0x1f or x in y``). {_COMPILE_INTRO}

Why is this bad
---------------
The tokenizer splits such text in a way a reader does not: ``0x1for`` is the number ``0x1f``
and the keyword ``or``. CPython warns about it on the way to rejecting it.

Versions
--------
{versions_section("WRN104")}

Severity and confidence
-----------------------
Medium severity: a future Python rejects the file, and the code may not mean what it says.
High confidence: the interpreter raised the warning.

Example
-------
.. code-block:: python

    def pick(flag):
        return 1if flag else 2

Use instead
-----------
.. code-block:: python

    def pick(flag):
        return 1 if flag else 2

References
----------
- `CPython issue 87999: numeric literals followed by keywords <https://github.com/python/cpython/issues/87999>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN105 = f"""
====================================================
WRN105: ``return``, ``break`` or ``continue`` in ``finally``
====================================================

What it does
------------
Reports ``return``, ``break`` and ``continue`` that leave a ``finally`` block.
{_COMPILE_INTRO}

Why is this bad
---------------
Leaving a ``finally`` block this way silently discards the exception being propagated,
``KeyboardInterrupt`` and ``SystemExit`` included, and overrides the ``try`` block's own
``return``. PEP 765 made it a SyntaxWarning in Python 3.14.

Versions
--------
{versions_section("WRN105")}

Severity and confidence
-----------------------
Medium severity: exceptions vanish without a trace. High confidence: the interpreter raised
the warning (only interpreters from 3.14 on do; with older ones only, nothing is reported).

Example
-------
.. code-block:: python

    def read(path):
        try:
            return open(path).read()
        finally:
            return ""

Use instead
-----------
.. code-block:: python

    def read(path):
        try:
            return open(path).read()
        except OSError:
            return ""

References
----------
- `PEP 765: Disallow return/break/continue that exit a finally block <https://peps.python.org/pep-0765/>`__
- `CWE-584 <https://cwe.mitre.org/data/definitions/584.html>`__

.. versionadded:: 0.1.0
"""

WRN106 = f"""
=================================
WRN106: Assertion on a tuple is always true
=================================

What it does
------------
Reports ``assert (condition, "message")``: an assertion whose test is a non-empty tuple.
{_COMPILE_INTRO}

Why is this bad
---------------
A non-empty tuple is true, so the assertion never fails: the check the author meant to make
is not made. Tests written this way pass whatever the code does.

Python 3.8 and 3.9 fold a tuple made only of constants (``assert (1, "msg")``) before they
look at it, and do not warn about that form; 3.10 and later do.

Versions
--------
{versions_section("WRN106")}

Severity and confidence
-----------------------
High severity: a check that never runs. High confidence: the interpreter raised the warning.

Example
-------
.. code-block:: python

    def withdraw(balance, amount):
        assert (amount <= balance, "overdrawn")
        return balance - amount

Use instead
-----------
.. code-block:: python

    def withdraw(balance, amount):
        assert amount <= balance, "overdrawn"
        return balance - amount

References
----------
- `The assert statement <https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement>`__
- `CWE-571 <https://cwe.mitre.org/data/definitions/571.html>`__

.. versionadded:: 0.1.0
"""

WRN107 = f"""
==========================================
WRN107: Literal called or indexed: missing comma
==========================================

What it does
------------
Reports a literal that is called or subscripted, such as ``[(1, 2) (3, 4)]`` or
``[1, 2][3, 4]``, which the compiler knows fails at run time. {_COMPILE_INTRO}

Why is this bad
---------------
The line raises ``TypeError`` when it runs; almost always a comma is missing between two
items of a list or tuple.

Versions
--------
{versions_section("WRN107")}

Severity and confidence
-----------------------
High severity: the code fails when it runs. High confidence: the interpreter raised the
warning.

Example
-------
.. code-block:: python

    POINTS = [
        (0, 0)
        (1, 1),
    ]

Use instead
-----------
.. code-block:: python

    POINTS = [
        (0, 0),
        (1, 1),
    ]

References
----------
- `What's new in Python 3.8: "perhaps you missed a comma?" <https://docs.python.org/3/whatsnew/3.8.html#changes-in-python-behavior>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN108 = f"""
=====================================
WRN108: Other compile-time warning
=====================================

What it does
------------
Reports any compile-time warning a target interpreter raises that none of ``WRN101`` to
``WRN107`` describes, with the interpreter's own message and the versions that raise it.
New Python releases add warnings; this code catches them before outrider knows their name.
{_COMPILE_INTRO}

Why is this bad
---------------
A compile-time warning is the interpreter saying that the code will stop working or does
not do what it seems to; with warnings as errors the module does not import.

Severity and confidence
-----------------------
Medium severity. High confidence: the interpreter raised the warning.

Example
-------
None of the interpreters outrider has been measured on (CPython 3.8 to 3.13) raises a
compile-time warning outside ``WRN101`` to ``WRN107``; when a new release adds one, it is
reported under this code until outrider gives it a name, for instance::

    app.py:3:1: WRN108 some new warning (SyntaxWarning on 3.15)

Use instead
-----------
What the interpreter's message asks for; suppress this code per line
(``# outrider: ignore[WRN108]``) only for a warning you have judged harmless.

References
----------
- `The warnings filter <https://docs.python.org/3/library/warnings.html#the-warnings-filter>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN109 = """
==============================================
WRN109: File does not compile on a target version
==============================================

What it does
------------
Reports a file that a target interpreter cannot compile, such as a ``match`` statement in
a project that still supports Python 3.9, or a parenthesised context manager before 3.10.
The target versions come from ``requires-python`` (or ``target-version``); the message
names the versions that fail and quotes the oldest one's error.

Why is this bad
---------------
The project claims to support a version on which the module fails to import. Tests run on
one interpreter do not see it; users of the older version do.

Severity and confidence
-----------------------
High severity: the module cannot be imported. High confidence: the interpreter rejected it.

Example
-------
.. code-block:: python

    def area(shape):
        match shape:
            case (w, h):
                return w * h

Use instead
-----------
.. code-block:: python

    def area(shape):
        w, h = shape
        return w * h

References
----------
- `requires-python <https://packaging.python.org/en/latest/specifications/pyproject-toml/#requires-python>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

_PYTEST_INTRO = (
    "pytest reads its settings from the first of ``pytest.toml``, ``.pytest.toml``, "
    "``pytest.ini``, ``.pytest.ini``, ``pyproject.toml`` (``[tool.pytest]`` or "
    "``[tool.pytest.ini_options]``), ``tox.ini`` (``[pytest]``) and ``setup.cfg`` "
    "(``[tool:pytest]``) that holds pytest settings in a directory; outrider audits that "
    "file and ignores the ones pytest ignores."
)

WRN121 = f"""
===================================================
WRN121: pytest does not turn deprecation warnings into errors
===================================================

What it does
------------
Reports a pytest configuration whose warning filters leave ``DeprecationWarning`` or
``PendingDeprecationWarning`` as plain warnings: no ``error::DeprecationWarning`` (or
``error``, ``error::Warning``) filter, or a later ``default``/``always``/``once`` filter
that undoes it. A ``pyproject.toml`` that depends on pytest but configures it nowhere is
reported on the line naming pytest. {_PYTEST_INTRO}

Why is this bad
---------------
A deprecation warning in a test run is a line in a summary nobody reads; the removal then
breaks the project on the next Python or library release. As errors, they fail the test
that triggers them, while the code still works and the fix is small.

Severity and confidence
-----------------------
Medium severity. High confidence: the filters are evaluated as pytest applies them (last
one wins, ``-W`` options in ``addopts`` after ``filterwarnings``).

Example
-------
.. code-block:: toml

    [tool.pytest.ini_options]
    addopts = "-ra"

Use instead
-----------
.. code-block:: toml

    [tool.pytest.ini_options]
    addopts = "-ra"
    filterwarnings = [
        "error::DeprecationWarning",
        "error::PendingDeprecationWarning",
    ]

References
----------
- `pytest: how to capture warnings <{PYTEST_WARNINGS_DOC}>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN122 = f"""
==================================================
WRN122: Blanket ignore of deprecation warnings in pytest's configuration
==================================================

What it does
------------
Reports an ``ignore`` filter that applies to every ``DeprecationWarning`` or
``PendingDeprecationWarning`` (no message, no module, no line: ``ignore::DeprecationWarning``,
``ignore::Warning``, ``ignore``), in ``filterwarnings`` or as ``-W`` in ``addopts``, when no
later filter turns them back into errors. An ignore narrowed to a message or a module is
fine. {_PYTEST_INTRO}

Why is this bad
---------------
It hides every deprecation the test suite triggers, the project's own included, to silence
one noisy dependency.

Severity and confidence
-----------------------
Medium severity. High confidence: filters are evaluated in pytest's order.

Example
-------
.. code-block:: toml

    [tool.pytest.ini_options]
    filterwarnings = [
        "error",
        "ignore::DeprecationWarning",
    ]

Use instead
-----------
.. code-block:: toml

    [tool.pytest.ini_options]
    filterwarnings = [
        "error",
        "ignore:pkg_resources is deprecated:DeprecationWarning",
    ]

References
----------
- `pytest: how to capture warnings <{PYTEST_WARNINGS_DOC}>`__
- `The warnings filter <https://docs.python.org/3/library/warnings.html#the-warnings-filter>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN123 = f"""
============================================
WRN123: pytest's warnings plugin turned off
============================================

What it does
------------
Reports ``-p no:warnings`` in ``addopts``. {_PYTEST_INTRO}

Why is this bad
---------------
Without its warnings plugin pytest applies no ``filterwarnings`` at all: the error filters
are dead, and Python's own defaults show a ``DeprecationWarning`` only when raised directly
in ``__main__``, so the test suite hides nearly all of them.

Severity and confidence
-----------------------
Medium severity. High confidence.

Example
-------
.. code-block:: toml

    [tool.pytest.ini_options]
    addopts = "-p no:warnings"
    filterwarnings = ["error::DeprecationWarning", "error::PendingDeprecationWarning"]

Use instead
-----------
.. code-block:: toml

    [tool.pytest.ini_options]
    filterwarnings = ["error::DeprecationWarning", "error::PendingDeprecationWarning"]

References
----------
- `pytest: disabling warnings capture entirely <{PYTEST_WARNINGS_DOC}#disabling-warnings-summary>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN124 = f"""
=====================================================
WRN124: ``filterwarnings`` mark ignores every deprecation
=====================================================

What it does
------------
Reports ``@pytest.mark.filterwarnings("ignore::DeprecationWarning")`` (and the same in a
``pytestmark``): a mark that ignores every ``DeprecationWarning`` or
``PendingDeprecationWarning`` in the tests it marks. Marks take precedence over the
configuration, so the tests' error filters no longer apply there. A mark with a message
(``"ignore:datetime.utcnow:DeprecationWarning"``) is fine.

Why is this bad
---------------
The mark was added for one known warning and hides every later one in the same tests.

Severity and confidence
-----------------------
Medium severity. High confidence.

Example
-------
.. code-block:: python

    import pytest


    @pytest.mark.filterwarnings("ignore::DeprecationWarning")
    def test_legacy_client():
        pass

Use instead
-----------
.. code-block:: python

    import pytest


    @pytest.mark.filterwarnings("ignore:LegacyClient is deprecated:DeprecationWarning")
    def test_legacy_client():
        pass

References
----------
- `pytest: @pytest.mark.filterwarnings <{PYTEST_WARNINGS_DOC}#pytest-mark-filterwarnings>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN125 = f"""
================================================
WRN125: conftest.py ignores every deprecation
================================================

What it does
------------
Reports, in a ``conftest.py``, ``config.addinivalue_line("filterwarnings",
"ignore::DeprecationWarning")`` from any hook, and ``warnings.simplefilter("ignore")``,
``warnings.simplefilter("ignore", DeprecationWarning)`` or
``warnings.filterwarnings("ignore", category=DeprecationWarning)`` without a message or
module in code that runs inside a test: a fixture, a helper, a ``pytest_runtest_*`` hook.

Not reported: such calls at module level or in session hooks like ``pytest_configure``
(pytest installs its own filters, the configured ones included, in front of them for each
test, so they hide nothing from the tests), and calls inside ``with
warnings.catch_warnings():``, which are scoped.

Why is this bad
---------------
A filter added from an autouse fixture or a per-test hook silences every deprecation in
every test, out of sight of the configuration that is supposed to make them errors.

Severity and confidence
-----------------------
Medium severity. High confidence.

Example
-------
.. code-block:: python

    import warnings

    import pytest


    @pytest.fixture(autouse=True)
    def quiet():
        warnings.simplefilter("ignore", DeprecationWarning)

Use instead
-----------
.. code-block:: python

    import warnings

    import pytest


    @pytest.fixture(autouse=True)
    def quiet():
        warnings.filterwarnings(
            "ignore", message="LegacyClient is deprecated", category=DeprecationWarning
        )

References
----------
- `pytest: how to capture warnings <{PYTEST_WARNINGS_DOC}>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

WRN131 = f"""
===========================================================
WRN131: Test fails with deprecation warnings as errors
===========================================================

What it does
------------
Reported by ``outrider pytest-warnings`` (hook ``outrider-pytest-warnings``), which **runs
the project's own test suite**: the one place outrider executes the project's code, and
only when asked. It runs ``python -m pytest -W error::DeprecationWarning -W
error::PendingDeprecationWarning -W error::SyntaxWarning`` with ``PYTHONPYCACHEPREFIX`` set
to a fresh temporary directory, so every module is compiled from source again and old
``.pyc`` files cannot hide compile-time warnings. Each test that fails because a
deprecation warning was raised as an error is reported at the line of the project's code
that triggered it (the innermost frame inside the project), with the test's id and the
warning. Tests that fail for other reasons are listed as errors.

Why is this bad
---------------
The test exercises code that uses a deprecated API: the next release that removes it breaks
the project.

Severity and confidence
-----------------------
Medium severity. High confidence: the warning was raised by the running code.

Example
-------
.. code-block:: python

    import datetime


    def test_stamp():
        assert datetime.datetime.utcnow().year > 2000

Use instead
-----------
.. code-block:: python

    import datetime


    def test_stamp():
        assert datetime.datetime.now(datetime.timezone.utc).year > 2000

References
----------
- `pytest: how to capture warnings <{PYTEST_WARNINGS_DOC}>`__
- `PYTHONPYCACHEPREFIX <https://docs.python.org/3/using/cmdline.html#envvar-PYTHONPYCACHEPREFIX>`__
- `CWE-1127 <https://cwe.mitre.org/data/definitions/1127.html>`__

.. versionadded:: 0.1.0
"""

_NAMES = {
    "WRN101": "invalid-escape-sequence",
    "WRN102": "invalid-octal-escape",
    "WRN103": "is-literal",
    "WRN104": "numeric-literal-keyword",
    "WRN105": "finally-control-flow",
    "WRN106": "assert-tuple",
    "WRN107": "missing-comma",
    "WRN108": "compile-warning",
    "WRN109": "target-syntax-error",
    "WRN121": "pytest-deprecations-not-errors",
    "WRN122": "pytest-blanket-ignore",
    "WRN123": "pytest-warnings-plugin-disabled",
    "WRN124": "pytest-mark-blanket-ignore",
    "WRN125": "conftest-blanket-ignore",
    "WRN131": "test-fails-on-deprecation",
}

DOCS = {
    "WRN101": WRN101,
    "WRN102": WRN102,
    "WRN103": WRN103,
    "WRN104": WRN104,
    "WRN105": WRN105,
    "WRN106": WRN106,
    "WRN107": WRN107,
    "WRN108": WRN108,
    "WRN109": WRN109,
    "WRN121": WRN121,
    "WRN122": WRN122,
    "WRN123": WRN123,
    "WRN124": WRN124,
    "WRN125": WRN125,
    "WRN131": WRN131,
}


@functools.cache
def rules() -> list[Rule]:
    from outrider.checks.warnings.report import CWE, SEVERITY
    from outrider.rules import documented_rule

    out = []
    for code, doc in DOCS.items():
        out.append(
            documented_rule(
                doc,
                name=_NAMES[code],
                check="warnings",
                severity=SEVERITY.get(code, Level.MEDIUM),
                cwe=CWE.get(code, 1127),
            )
        )
    return out
