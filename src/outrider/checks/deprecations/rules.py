"""The DEP rules: one RST page each, in the shape :mod:`outrider.ruledoc` describes.

The examples are tests: each *Example* must be reported with the default targets (every
Python version outrider knows, 3.8 to 3.15), each *Use instead* must not, and where a fixer
exists, fixing the example gives the *Use instead* text.
"""

from __future__ import annotations

from outrider.model import Level, Rule

CWE_OBSOLETE = 477  # Use of Obsolete Function

_TARGETS = """\
Targets are the Python versions the project supports: ``[project] requires-python``,
``target-version`` in ``[tool.outrider]``, or ``--target-version``; never the interpreter
that runs outrider. Code under a ``sys.version_info`` guard is checked only for the targeted
versions that reach it; the fallback of ``try: ... except ImportError`` (or
``AttributeError``), the imports in its ``try`` body, and ``if TYPE_CHECKING:`` blocks are
compatibility code and are not reported."""

_NAMES = """\
Names are resolved through imports and aliases (``import x as y``, ``from x import y as
z``, attribute chains); a name the module rebinds (assignment, ``def``, ``class``, loop or
``with`` target, parameter, comprehension variable, ``global``) is the program's own and
is not reported. Methods are matched by attribute name with the receiver the table row
documents (``self`` inside a subclass, an instance made by the class or a factory, or any
receiver)."""

DEP101 = f"""
==============================================================
DEP101: Standard-library API removed in a targeted Python version
==============================================================

What it does
------------
Reports a use of a module, class, function, method, attribute, argument or argument
value that the standard library has removed in a Python version the project targets.

{_TARGETS}

{_NAMES}

Why is this bad
---------------
On the targeted version the import fails with ``ImportError``/``ModuleNotFoundError``,
the attribute with ``AttributeError``, the argument with ``TypeError``: this will break
as soon as the project runs there, usually in code paths the test suite does not reach.

Severity and confidence
-----------------------
HIGH severity: the code fails on a version the project says it supports.
HIGH confidence when the name is resolved through the imports or the receiver's type is
known; MEDIUM when a method is matched by the receiver's name or an unknown base class.

Example
-------
.. code-block:: python

    import unittest


    class TestMath(unittest.TestCase):
        def test_add(self):
            self.assertEquals(1 + 1, 2)

Use instead
-----------
.. code-block:: python

    import unittest


    class TestMath(unittest.TestCase):
        def test_add(self):
            self.assertEqual(1 + 1, 2)

References
----------
- `CWE-477: Use of Obsolete Function <https://cwe.mitre.org/data/definitions/477.html>`__
- `What's New in Python 3.12: Removed <https://docs.python.org/3/whatsnew/3.12.html#removed>`__
- `PEP 387: Backwards Compatibility Policy <https://peps.python.org/pep-0387/>`__

.. versionadded:: 0.1.0
"""

DEP102 = f"""
===================================================================
DEP102: Standard-library API deprecated in a targeted Python version
===================================================================

What it does
------------
Reports a use of a standard-library API that is deprecated (and not yet removed) in a
Python version the project targets: it raises ``DeprecationWarning`` there or is
documented as deprecated, and the message gives the planned removal when one is announced.
APIs that were later restored (``locale.getdefaultlocale`` in 3.15, the
``importlib.resources`` functions in 3.13) are reported only for the targeted versions in
the deprecated window.

{_TARGETS}

{_NAMES}

Why is this bad
---------------
A deprecated API is scheduled to go. Tests run with warnings as errors fail on it, and
the next Python release may remove it; replacing it now is cheap and usually mechanical.

Severity and confidence
-----------------------
MEDIUM severity: nothing breaks yet, but it will.
HIGH confidence for resolved names and known receiver types; MEDIUM otherwise.

Example
-------
.. code-block:: python

    import threading

    worker = threading.currentThread()

Use instead
-----------
.. code-block:: python

    import threading

    worker = threading.current_thread()

References
----------
- `CWE-477: Use of Obsolete Function <https://cwe.mitre.org/data/definitions/477.html>`__
- `Python documentation: Pending removal in future versions <https://docs.python.org/3/deprecations/index.html>`__

.. versionadded:: 0.1.0
"""

DEP103 = f"""
============================================================
DEP103: Standard-library API pending deprecation (targeted)
============================================================

What it does
------------
Reports a use of a standard-library API in ``PendingDeprecationWarning`` state in a
targeted version: announced for deprecation, not yet deprecated.

{_TARGETS}

Why is this bad
---------------
It is the earliest notice CPython gives. Nothing fails yet and Python hides the warning by
default, so this is LOW severity and useful mostly when planning ahead. Ignore the code
(``ignore = ["DEP103"]``) if you do not want the early notice. (The table has no CPython
API in this state for 3.8 to 3.15 today; ``imp`` was one in 3.4 and 3.5, before its
``DeprecationWarning``. The code is kept for rows that are.)

Severity and confidence
-----------------------
LOW severity; confidence as for DEP101.

Example
-------
.. code-block:: python

    import imp

Use instead
-----------
.. code-block:: python

    import importlib

References
----------
- `CWE-477: Use of Obsolete Function <https://cwe.mitre.org/data/definitions/477.html>`__
- `PendingDeprecationWarning <https://docs.python.org/3/library/exceptions.html#PendingDeprecationWarning>`__

.. versionadded:: 0.1.0
"""

DEP104 = """
=================================================
DEP104: Soft-deprecated API (off unless enabled)
=================================================

What it does
------------
Reports a use of an API its maintainers have *soft*-deprecated: still supported, no
warning, no removal planned, but better alternatives exist (``typing.List`` for ``list``,
``optparse`` for ``argparse``). Off by default: enable it with ``soft = true`` in
``[tool.outrider.deprecations]`` or by naming the code exactly (``--select DEP104`` or
``extend-select = ["DEP104"]``).

Why is this bad
---------------
It is not, in the sense that nothing will break. New code should use the alternative, and
a codebase that wants to stay idiomatic can turn this on.

Severity and confidence
-----------------------
LOW severity; confidence as for DEP101.

Example
-------
.. code-block:: python

    from typing import List

    names: List[str] = []

Use instead
-----------
.. code-block:: python

    names: list[str] = []

References
----------
- `CWE-477: Use of Obsolete Function <https://cwe.mitre.org/data/definitions/477.html>`__
- `PEP 585: Type Hinting Generics In Standard Collections <https://peps.python.org/pep-0585/>`__

.. versionadded:: 0.1.0
"""

_PACKAGE_VERSION = """\
The package version is the one the project uses: ``packages`` in
``[tool.outrider.deprecations]``, else the project's lock file (``pylock.toml``,
``uv.lock``, ``poetry.lock``, ``pdm.lock``, ``Pipfile.lock``, then ``==`` pins in
``requirements*.txt``), else the distribution installed in the project's virtualenv
(``$VIRTUAL_ENV``, ``.venv``, ``venv``), else the one installed beside outrider (not inside
pre-commit's own environment). The message names the source."""

DEP201 = f"""
=======================================================================
DEP201: Third-party API removed in the package version the project uses
=======================================================================

What it does
------------
Reports a use of a third-party API (``pkg_resources``, NumPy 2.0 removals, pandas,
SQLAlchemy 2.0's legacy API, pydantic v1 names, ...) that the version of the package the
project uses has removed.

{_PACKAGE_VERSION}

Why is this bad
---------------
The import or attribute fails with the version the project installs: this is broken now
or at the next fresh install.

Severity and confidence
-----------------------
HIGH severity; HIGH confidence for names resolved through the imports.

Example
-------
.. code-block:: python

    import numpy as np

    ratio = np.float_(0.5)

Use instead
-----------
.. code-block:: python

    import numpy as np

    ratio = np.float64(0.5)

References
----------
- `CWE-477: Use of Obsolete Function <https://cwe.mitre.org/data/definitions/477.html>`__
- `NumPy 2.0 migration guide <https://numpy.org/devdocs/numpy_2_0_migration_guide.html>`__

.. versionadded:: 0.1.0
"""

DEP202 = f"""
==========================================================================
DEP202: Third-party API deprecated in the package version the project uses
==========================================================================

What it does
------------
Reports a use of a third-party API that is deprecated in the version of the package the
project uses (and not removed there).

{_PACKAGE_VERSION}

Why is this bad
---------------
The package warns about it and will remove it; upgrading the package then breaks the code.

Severity and confidence
-----------------------
MEDIUM severity; HIGH confidence for names resolved through the imports.

Example
-------
.. code-block:: python

    import pkg_resources

    version = pkg_resources.get_distribution("outrider").version

Use instead
-----------
.. code-block:: python

    import importlib.metadata

    version = importlib.metadata.version("outrider")

References
----------
- `CWE-477: Use of Obsolete Function <https://cwe.mitre.org/data/definitions/477.html>`__
- `setuptools: pkg_resources is deprecated <https://setuptools.pypa.io/en/latest/pkg_resources.html>`__

.. versionadded:: 0.1.0
"""

DEP203 = f"""
========================================================================
DEP203: Deprecated third-party API; the package version in use is unknown
========================================================================

What it does
------------
Reports a use of a third-party API that some version of its package deprecated or
removed, when outrider cannot tell which version the project uses (no override, no lock
file, no virtualenv with the package).

{_PACKAGE_VERSION}

Why is this bad
---------------
Depending on the version installed, the code warns, breaks, or is fine. Pin the package
in a lock file (or set ``packages``) so the finding becomes exact, or move off the API.

Severity and confidence
-----------------------
LOW severity, MEDIUM confidence: the version is a guess.

Example
-------
.. code-block:: python

    import numpy as np

    ratio = np.float_(0.5)

Use instead
-----------
.. code-block:: python

    import numpy as np

    ratio = np.float64(0.5)

References
----------
- `CWE-477: Use of Obsolete Function <https://cwe.mitre.org/data/definitions/477.html>`__
- `PEP 751: A file format to record Python dependencies <https://peps.python.org/pep-0751/>`__

.. versionadded:: 0.1.0
"""

#: code -> (documentation, rule name, severity, confidence)
DOCS: dict[str, tuple[str, str, Level, Level]] = {
    "DEP101": (DEP101, "removed_stdlib_api", Level.HIGH, Level.HIGH),
    "DEP102": (DEP102, "deprecated_stdlib_api", Level.MEDIUM, Level.HIGH),
    "DEP103": (DEP103, "pending_deprecation_stdlib_api", Level.LOW, Level.HIGH),
    "DEP104": (DEP104, "soft_deprecated_api", Level.LOW, Level.HIGH),
    "DEP201": (DEP201, "removed_third_party_api", Level.HIGH, Level.HIGH),
    "DEP202": (DEP202, "deprecated_third_party_api", Level.MEDIUM, Level.HIGH),
    "DEP203": (DEP203, "third_party_api_version_unknown", Level.LOW, Level.MEDIUM),
}


def rules(check: str) -> list[Rule]:
    from outrider.rules import documented_rule

    return [
        documented_rule(
            doc, name=name, check=check, severity=sev, confidence=conf, cwe=CWE_OBSOLETE
        )
        for doc, name, sev, conf in DOCS.values()
    ]
