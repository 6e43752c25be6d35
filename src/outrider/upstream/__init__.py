"""``outrider upstream``: an outrider security rule as a ready Bandit contribution.

For ``OUTgNN`` and a free id ``BgMM`` of the same group, into a Bandit source tree:

- ``bandit/plugins/<name>.py``: the rule's module with the id renamed, its helpers from
  ``outrider.plugins.helpers`` copied in, nothing imported from outrider, formatted in the
  tree's style, and a docstring in Bandit's anatomy (see :mod:`outrider.upstream.doc`);
- ``examples/<name>.py``: the rule's fixture (or, without one, its documented examples);
- a functional test in ``tests/functional/test_functional.py`` asserting the severity and
  confidence counts that Bandit, with the exported plugin, computes for that example;
- ``doc/source/plugins/<bgmm>_<name>.rst`` and the entry point in ``setup.cfg``.

Nothing is rule-specific: every rule that follows docs/development.md exports the same way.
Running the same export again changes nothing; an export of a rule that changed since
updates the files it wrote.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outrider.upstream.errors import UpstreamError

if TYPE_CHECKING:
    from outrider.upstream.source import RuleSource
    from outrider.upstream.tree import BanditTree, Style

__all__ = ["Export", "UpstreamError", "export"]

CODE_FORM = re.compile(r"^OUT([1-7])\d{2}$")
BANDIT_ID_FORM = re.compile(r"^B([1-9])\d{2}$")
GROUPS = {
    "1": "misc tests",
    "2": "application/framework misconfiguration",
    "3": "blacklists (calls)",
    "4": "blacklists (imports)",
    "5": "cryptography",
    "6": "injection",
    "7": "XSS",
}
DOCS_URL = "https://bandit.readthedocs.io/en/latest/plugins/{id}_{name}.html"


@dataclasses.dataclass
class Export:
    """The files an export writes: relative path -> (current text or None, new text)."""

    root: Path
    files: dict[str, tuple[str | None, str]]
    counts: dict[str, dict[str, int]]
    test_name: str
    example_source: str
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return sorted(rel for rel, (old, new) in self.files.items() if old != new)

    def diff(self) -> str:
        """A unified diff against the tree, in git's layout (``git apply`` takes it)."""
        out: list[str] = []
        for rel in self.changed:
            old, new = self.files[rel]
            out.append(f"diff --git a/{rel} b/{rel}\n")
            if old is None:
                out.append("new file mode 100644\n")
            lines = difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                new.splitlines(keepends=True),
                "/dev/null" if old is None else f"a/{rel}",
                f"b/{rel}",
            )
            for line in lines:
                out.append(
                    line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                )
        return "".join(out)

    def write(self) -> list[str]:
        for rel in self.changed:
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                    f.write(self.files[rel][1])
                if path.exists():
                    os.chmod(tmp, path.stat().st_mode & 0o777)
                else:
                    os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            except BaseException:
                if os.path.exists(tmp):
                    os.remove(tmp)
                raise
        return self.changed


def default_plugins_dir() -> Path:
    import outrider.plugins

    return Path(outrider.plugins.__file__).resolve().parent


def default_fixtures_dir() -> Path:
    """``fixtures/security`` of the checkout outrider runs from (an editable install), else
    of the current directory (a checkout with outrider installed from it, as CI does): a
    wheel has no fixtures."""
    import outrider

    checkout = Path(outrider.__file__).resolve().parents[2] / "fixtures" / "security"
    if checkout.is_dir():
        return checkout
    return Path.cwd() / "fixtures" / "security"


def check_ids(code: str, bandit_id: str) -> str:
    """The Bandit id, normalised; refuses an id outside the rule's group."""
    m = CODE_FORM.match(code)
    if not m:
        raise UpstreamError(
            f"{code} is not an outrider security rule: only Bandit plugins "
            "(OUT1xx..OUT7xx) can move to Bandit"
        )
    group = m.group(1)
    bid = bandit_id.strip().upper()
    b = BANDIT_ID_FORM.match(bid)
    if not b:
        raise UpstreamError(
            f"--bandit-id {bandit_id}: expected B followed by three digits (B{group}10)"
        )
    if b.group(1) != group:
        raise UpstreamError(
            f"--bandit-id {bid} is not in {code}'s group: {code} is one of the "
            f"{GROUPS[group]}, which Bandit numbers B{group}xx"
        )
    return bid


def export(
    code: str,
    bandit_id: str,
    into: str | Path,
    *,
    copyright_line: str | None = None,
    plugins_dir: Path | None = None,
    fixtures_dir: Path | None = None,
) -> Export:
    """Plan the export of ``code`` as ``bandit_id`` into the Bandit tree ``into``."""
    from outrider.upstream.tree import BanditTree, free_ids

    code = code.strip().upper()
    bid = check_ids(code, bandit_id)
    try:
        import black  # noqa: F401
    except ImportError:
        raise UpstreamError(
            "outrider upstream formats the plugin as Bandit does, with black, which is not "
            "installed: pip install 'outrider[upstream]'"
        ) from None
    tree = BanditTree.open(into)
    from outrider.upstream.source import find_rule

    rule = find_rule(code, plugins_dir or default_plugins_dir())
    name = rule.name
    module_rel = f"bandit/plugins/{name}.py"
    example_rel = f"examples/{name}.py"
    stub_rel = f"doc/source/plugins/{bid.lower()}_{name}.rst"
    test_name = f"test_{name}"
    target = f"bandit.plugins.{name}:{name}"

    block = tree.entry_points()
    current = block.entries.get(name)
    update = False
    if current is not None:
        if current == target and tree.plugin_test_id(name) == bid:
            update = True
        else:
            other = tree.plugin_test_id(name) if current == target else None
            raise UpstreamError(
                f"the tree already has a plugin named {name} ({current}"
                + (f", test id {other}" if other else "")
                + f"); {code} cannot be added as {bid}"
            )
    taken = tree.taken_ids()
    if bid in taken and not (
        update and taken[bid] in (f"the plugin in {module_rel}", f"{name} ({stub_rel})")
    ):
        free = ", ".join(free_ids(taken, bid[1]))
        raise UpstreamError(f"{bid} is already taken by {taken[bid]}; free in B{bid[1]}xx: {free}")
    methods = tree.test_methods()
    if not update:
        for rel in (module_rel, example_rel, stub_rel):
            if tree.exists(rel):
                raise UpstreamError(f"{rel} already exists in the Bandit tree; not overwriting it")
        if test_name in methods:
            raise UpstreamError(f"tests/functional/test_functional.py already has {test_name}")
        stubs = sorted(
            (tree.root / "doc" / "source" / "plugins").glob(f"b[0-9][0-9][0-9]_{name}.rst")
        )
        if stubs:
            raise UpstreamError(f"{stubs[0].relative_to(tree.root)} already documents {name}")
    return _plan(
        tree,
        rule,
        bid,
        update=update,
        plugins_dir=plugins_dir or default_plugins_dir(),
        copyright_line=copyright_line,
        fixtures_dir=fixtures_dir if fixtures_dir is not None else default_fixtures_dir(),
        methods=methods,
    )


def _plan(
    tree: BanditTree,
    rule: RuleSource,
    bid: str,
    *,
    plugins_dir: Path,
    update: bool,
    copyright_line: str | None,
    fixtures_dir: Path,
    methods: dict[str, tuple[int, int]],
) -> Export:
    from outrider.upstream import doc as bdoc
    from outrider.upstream import run, source
    from outrider.upstream.tree import FUNCTIONAL_TESTS, add_entry_point, put_test_method

    name = rule.name
    style = tree.style()
    version = tree.next_version()
    helpers_text = (plugins_dir / "helpers.py").read_text(encoding="utf-8")
    header = ["# SPDX-License-Identifier: Apache-2.0"]
    if copyright_line:
        header = [f"# Copyright (c) {copyright_line}", "#", *header]
    cwe = _module_cwe(rule)
    module_name = f"bandit.plugins.{name}"

    fixture = fixtures_dir / f"{rule.code}.py"
    if fixture.is_file():
        example = run.example_from_fixture(fixture.read_text(encoding="utf-8"), rule.code, bid)
        example_source = f"fixtures/security/{fixture.name}"
    else:
        example = run.example_from_doc(
            rule.doc.bad_example, rule.doc.good_example, bid, rule.doc.title
        )
        example_source = f"the Example and Use instead of {rule.code}'s documentation"

    extra, warnings = _tree_extras(tree, rule, plugins_dir)
    draft = source.build_module(
        rule,
        helpers_text=helpers_text,
        bandit_id=bid,
        docstring="DRAFT\n",
        header=header,
        style=style,
    )
    func = run.load_plugin(draft, module_name, name)
    more_info = DOCS_URL.format(id=bid.lower(), name=name)
    with tempfile.TemporaryDirectory(prefix="outrider-upstream-") as tmp:
        result = run.run_example(func, example, Path(tmp), name, more_info=more_info, extra=extra)
    docstring = bdoc.bandit_docstring(
        rule.doc,
        bid,
        cwe=cwe,
        example_output=result.output,
        version=version,
        width=style.line_length,
        config_yaml=run.config_yaml(draft, module_name, name),
        format_code=lambda code, width: source.black_format(code, style, width),
    )
    module = source.build_module(
        rule,
        helpers_text=helpers_text,
        bandit_id=bid,
        docstring=docstring,
        header=header,
        style=style,
    )

    method = _test_method(name, result.counts, style)
    tests_text = tree.read(FUNCTIONAL_TESTS)
    new_tests = put_test_method(tests_text, method, methods.get(f"test_{name}") if update else None)
    # The new plugin reporting in an example already there changes what that example's
    # functional test counts: raise its expectation (a new export only; what an earlier
    # export of this rule added there is not known without running the tree's code).
    elsewhere = run.scan_examples(func, tree.root / "examples", f"{name}.py")
    by_example: dict[str, list[run.Found]] = {}
    for found in elsewhere:
        by_example.setdefault(found.path, []).append(found)
    for path, found_there in sorted(by_example.items()):
        raised = None if update else raise_counts(new_tests, path, found_there, style)
        if raised is not None:
            new_tests, test_name = raised
            outcome = f"{test_name} now counts it"
        else:
            outcome = "the functional test of that example needs its counts raised"
        warnings += [
            f"{f.path}:{f.line}: {bid} reports here too ({f.text}); {outcome}" for f in found_there
        ]
    setup_text = tree.read("setup.cfg")
    block = tree.entry_points()
    new_setup = (
        setup_text
        if update
        else add_entry_point(setup_text, block, f"{name} = bandit.plugins.{name}:{name}")
    )
    title = f"{bid}: {name}"
    rule_line = "-" * len(title)
    stub = f"{rule_line}\n{title}\n{rule_line}\n\n.. automodule:: {module_name}\n"
    stub += "".join(f"{opt}\n" for opt in tree.doc_stub_template())

    files: dict[str, tuple[str | None, str]] = {}
    for rel, new in (
        (f"bandit/plugins/{name}.py", module),
        (f"examples/{name}.py", example),
        (f"doc/source/plugins/{bid.lower()}_{name}.rst", stub),
        (FUNCTIONAL_TESTS, new_tests),
        ("setup.cfg", new_setup),
    ):
        old = tree.read(rel) if tree.exists(rel) else None
        files[rel] = (old, new)
    return Export(tree.root, files, result.counts, f"test_{name}", example_source, warnings)


def _tree_extras(
    tree: BanditTree, rule: RuleSource, plugins_dir: Path
) -> tuple[list[Callable[..., Any]], list[str]]:
    """Plugins the tree has that the installed Bandit lacks, which the functional test
    will run on the new example too: outrider rules exported earlier run here as their
    export (the tree's own files are never executed); any other is reported."""
    from outrider.upstream import run, source

    known = run.bandit_plugin_names()
    extra: list[Callable[..., Any]] = []
    warnings: list[str] = []
    helpers_text = (plugins_dir / "helpers.py").read_text(encoding="utf-8")
    for name in sorted(tree.entry_points().entries):
        if name in known or name == rule.name:
            continue
        other = source.find_rule_named(name, plugins_dir)
        bid = tree.plugin_test_id(name)
        if other is None or bid is None:
            warnings.append(
                f"the tree's plugin {name} is not in the installed Bandit; the counts "
                f"for examples/{rule.name}.py assume it reports nothing there"
            )
            continue
        text = source.build_module(
            other,
            helpers_text=helpers_text,
            bandit_id=bid,
            docstring="DRAFT\n",
            header=[],
            style=tree.style(),
        )
        extra.append(run.load_plugin(text, f"bandit.plugins.{name}", name))
    return extra, warnings


def _module_cwe(rule: RuleSource) -> int:
    """The rule's CWE number, read from its module constant without importing it."""
    import ast

    from bandit.core import issue

    for node in ast.parse(rule.text).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "CWE" for t in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, int):
                return value.value
            if isinstance(value, ast.Attribute) and hasattr(issue.Cwe, value.attr):
                return int(getattr(issue.Cwe, value.attr))
    raise UpstreamError(f"{rule.path.name} has no CWE constant (docs/development.md)")


def raise_counts(
    tests_text: str, example: str, found: Sequence[Any], style: Style
) -> tuple[str, str] | None:
    """``tests_text`` with the functional test of ``example`` (``examples/<file>``)
    expecting ``found`` too, and that test's name; None when no test method checks it
    with an ``expect`` dict literal this can read."""
    import ast

    from outrider.upstream.run import LEVELS
    from outrider.upstream.tree import TEST_CLASS, put_test_method

    wanted = example.removeprefix("examples/")
    module = ast.parse(tests_text)
    classes = [n for n in module.body if isinstance(n, ast.ClassDef) and n.name == TEST_CLASS]
    for method in (m for c in classes for m in c.body if isinstance(m, ast.FunctionDef)):
        if len(method.body) != 2 or method.decorator_list:
            continue
        assign, call = method.body
        if not (
            isinstance(assign, ast.Assign)
            and [getattr(t, "id", None) for t in assign.targets] == ["expect"]
            and isinstance(call, ast.Expr)
            and isinstance(call.value, ast.Call)
            and isinstance(call.value.func, ast.Attribute)
            and call.value.func.attr == "check_example"
            and call.value.args
            and isinstance(call.value.args[0], ast.Constant)
            and call.value.args[0].value == wanted
            and len(call.value.args) == 2
            and not call.value.keywords
        ):
            continue
        try:
            counts = ast.literal_eval(assign.value)
        except ValueError:
            return None
        if not (
            isinstance(counts, dict)
            and set(counts) == {"SEVERITY", "CONFIDENCE"}
            and all(set(v) == set(LEVELS) for v in counts.values())
        ):
            return None
        for f in found:
            counts["SEVERITY"][f.severity] += 1
            counts["CONFIDENCE"][f.confidence] += 1
        text = _test_method_for(method.name, wanted, counts, style)
        span = (method.lineno, method.end_lineno or method.lineno)
        return put_test_method(tests_text, text, span), method.name
    return None


def _test_method(name: str, counts: dict[str, dict[str, int]], style: Style) -> str:
    return _test_method_for(f"test_{name}", f"{name}.py", counts, style)


def _test_method_for(
    method_name: str, example: str, counts: dict[str, dict[str, int]], style: Style
) -> str:
    from outrider.upstream.run import counts_literal
    from outrider.upstream.source import black_format

    body = "\n".join(" " * 12 + line for line in counts_literal(counts))
    method = (
        f"    def {method_name}(self):\n"
        "        expect = {\n"
        f"{body}\n"
        "        }\n"
        f'        self.check_example("{example}", expect)\n'
    )
    formatted = black_format(f"class FunctionalTests:\n{method}", style)
    return formatted.split("\n", 1)[1]
