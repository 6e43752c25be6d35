#
# SPDX-License-Identifier: Apache-2.0
r"""
=================================================
OUT202: Web framework debug mode switched on
=================================================

What it does
------------
Reports debug mode turned on in configuration, outside ``app.run(debug=True)`` (which is
Bandit's B201):

- Django: ``DEBUG = True`` at the top level of a settings module (one that sets
  ``INSTALLED_APPS``, ``MIDDLEWARE``, ``DATABASES``, ``SECRET_KEY`` ..., or a
  ``settings*.py`` file or a module in a ``settings`` package);
- Flask: ``app.debug = True`` on a ``Flask`` object, and ``DEBUG`` set true through
  ``app.config["DEBUG"] = True``, ``app.config.update(DEBUG=True)`` or
  ``app.config.from_mapping(DEBUG=True)`` in a module that imports Flask;
- Werkzeug: ``run_simple(..., use_debugger=True)`` and
  ``DebuggedApplication(app, evalex=True)``;
- Starlette and FastAPI: ``Starlette(debug=True)``, ``FastAPI(debug=True)``.

Why is this bad
---------------
Debug mode shows full tracebacks, local variables, settings and SQL to whoever triggers
an error. Werkzeug's debugger (Flask's in debug mode) goes further: its in-browser console
runs any Python code sent to it, protected only by a PIN that has been brute-forced and
derived from leaked machine data. A debug setting committed to the code ships to
production sooner or later.

Severity and confidence
-----------------------
HIGH severity: with Werkzeug's debugger, remote code execution; otherwise disclosure of
secrets and code.
MEDIUM confidence: the setting may live in a module meant for development only (a
``settings/dev.py``), which this rule cannot tell from one that production loads.

Example
-------
.. code-block:: python

    from flask import Flask

    app = Flask(__name__)
    app.config["DEBUG"] = True

Use instead
-----------
.. code-block:: python

    import os

    from flask import Flask

    app = Flask(__name__)
    app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"

References
----------
- `CWE-489: Active Debug Code <https://cwe.mitre.org/data/definitions/489.html>`__
- `Django: DEBUG <https://docs.djangoproject.com/en/stable/ref/settings/#debug>`__
- `Werkzeug debugger security <https://werkzeug.palletsprojects.com/en/stable/debug/#debugger-pin>`__

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
from typing import Any

from bandit.core import constants
from bandit.core import test_properties as test

from outrider.plugins.helpers import (
    is_django_settings,
    is_instance_of,
    is_module_imported,
    is_true,
    make_issue,
    on_call_lines,
    parent,
    qualname,
    setting_node,
    settings_in,
)

SEVERITY = constants.HIGH
CONFIDENCE = constants.MEDIUM
CWE = 489

_FLASK = frozenset({"flask.Flask", "flask.app.Flask"})
_RUN_SIMPLE = {"werkzeug.serving.run_simple", "werkzeug.run_simple"}
_DEBUGGED = {"werkzeug.debug.DebuggedApplication", "werkzeug.DebuggedApplication"}
_OPTIONS = ("use_debugger", "evalex", "debug")
_ASGI_APPS = {"starlette.applications.Starlette", "fastapi.FastAPI", "fastapi.applications.FastAPI"}


def _issue(node: ast.AST, text: str) -> Any:
    return make_issue(node, text, SEVERITY, CONFIDENCE, CWE)


def _call(node: ast.Call, name: str, option: str) -> Any:
    """The issue when ``node`` (a call of ``name``) turns debugging on with ``option``."""
    if name in _RUN_SIMPLE and option == "use_debugger":
        return _issue(
            node,
            "Werkzeug run_simple with use_debugger=True: the interactive debugger runs any "
            "Python code sent to it. Keep it off outside a developer's machine.",
        )
    if name in _DEBUGGED and option == "evalex":
        return _issue(
            node,
            "DebuggedApplication with evalex=True: the interactive debugger runs any "
            "Python code sent to it. Keep it off outside a developer's machine.",
        )
    if name in _ASGI_APPS and option == "debug":
        return _issue(
            node,
            "Application created with debug=True: errors show tracebacks and code to the "
            "client. Read the setting from the environment.",
        )
    return None


@test.checks("keyword", "Assign", "AnnAssign")
@test.test_id("OUT202")
def debug_mode_on(context: Any) -> Any:
    node = context.node
    # Every case reported switches debugging on with a true literal: anything else
    # returns at once.
    value = node.value
    if not isinstance(value, ast.Constant) or not is_true(value):
        return None
    found = _debug_mode_on(context, node)
    # Placed at the call only when found: this runs on every keyword and assignment.
    return None if found is None else on_call_lines(context, found)


def _debug_mode_on(context: Any, node: Any) -> Any:
    """What ``node`` (a keyword or assignment whose value passed the test above) is
    reported for, or None."""
    if isinstance(node, ast.keyword):
        arg = node.arg
        if arg in _OPTIONS:
            # The calls this rule reports switch debugging on by keyword: look at those
            # keywords, not at every call (Bandit makes each check of a call cost).
            call = parent(node)
            if isinstance(call, ast.Call):
                return _call(call, qualname(call.func, context.import_aliases), arg)
            return None
        if arg != "DEBUG":
            return None
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "debug"
                and is_instance_of(target.value, context.import_aliases, _FLASK, at=node)
            ):
                return _issue(
                    target,
                    "Flask app.debug = True: Werkzeug's debugger runs any Python code sent "
                    "to it. Read the setting from the environment.",
                )
    if not setting_node(node):
        return None
    for setting, value, where, how in settings_in(node):
        if setting != "DEBUG" or not is_true(value):
            continue
        if how == "module" and is_django_settings(node, context.filename or ""):
            return _issue(
                where,
                "DEBUG = True in a Django settings module: errors show tracebacks, settings "
                "and SQL to the client. Read the setting from the environment.",
            )
        if how == "config" and is_module_imported(context, "flask"):
            return _issue(
                where,
                "Flask DEBUG set true in app.config: Werkzeug's debugger runs any Python "
                "code sent to it. Read the setting from the environment.",
            )
    return None
