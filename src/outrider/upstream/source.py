"""An outrider plugin module rewritten as a Bandit plugin module.

The rule's own statements are kept (comments included); what outrider adds for itself goes:
type annotations, ``from __future__`` and ``typing`` imports, ``if TYPE_CHECKING:`` blocks
and ``# type:`` comments. The helpers it imports from ``outrider.plugins.helpers`` are
copied in (only those, and the helpers and imports they need, transitively); any other
outrider import, or a helper that needs something outside the standard library and
Bandit, refuses the export and says which. The result is formatted the way the Bandit tree
formats itself (black, its line length), long strings and comments wrapped to fit, and
imports one per line in the tree's order.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import inspect
import io
import re
import symtable
import sys
import textwrap
import tokenize
from collections.abc import Iterable, Sequence
from pathlib import Path

import libcst as cst

from outrider.ruledoc import RuleDoc, parse
from outrider.upstream.errors import UpstreamError
from outrider.upstream.tree import Style

HELPERS_MODULE = "outrider.plugins.helpers"
_PLUGIN_FILE = re.compile(r"^out(\d{3})_(\w+)\.py$")
_TYPE_COMMENT = re.compile(r"#\s*type:\s*ignore\b.*$")
_BUILTINS = frozenset(dir(builtins)) | {"__name__", "__file__", "__doc__"}


@dataclasses.dataclass(frozen=True)
class RuleSource:
    """An outrider plugin module, read as text (never imported)."""

    code: str
    name: str
    path: Path
    text: str
    doc: RuleDoc
    docstring: str


@dataclasses.dataclass(frozen=True, order=True)
class Import:
    """One imported name, as reorder-python-imports writes it: one per statement."""

    module: str
    name: str | None = None  # None: ``import module``
    asname: str | None = None

    @property
    def bound(self) -> str:
        if self.asname:
            return self.asname
        return self.name if self.name is not None else self.module.split(".")[0]

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    def statement(self) -> str:
        alias = f" as {self.asname}" if self.asname else ""
        if self.name is None:
            return f"import {self.module}{alias}"
        return f"from {self.module} import {self.name}{alias}"

    def sort_key(self) -> tuple[bool, str, str]:
        return (self.name is not None, self.module.lower(), (self.name or "").lower())


def _read_rule(path: Path) -> RuleSource | None:
    m = _PLUGIN_FILE.match(path.name)
    if not m:
        return None
    text = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text), clean=True) or ""
    return RuleSource(f"OUT{m.group(1)}", m.group(2), path, text, parse(docstring), docstring)


def find_rule(code: str, plugins_dir: Path) -> RuleSource:
    for path in sorted(plugins_dir.glob(f"out{code[3:]}_*.py")):
        rule = _read_rule(path)
        if rule is not None:
            return rule
    raise UpstreamError(f"no outrider security rule {code}; `outrider rules` lists them")


def find_rule_named(name: str, plugins_dir: Path) -> RuleSource | None:
    """The outrider rule whose plugin function is ``name``, if there is one."""
    for path in sorted(plugins_dir.glob(f"out[0-9][0-9][0-9]_{name}.py")):
        rule = _read_rule(path)
        if rule is not None and rule.name == name:
            return rule
    return None


def allowed_module(module: str) -> bool:
    top = module.split(".", maxsplit=1)[0]
    return top == "bandit" or top in sys.stdlib_module_names


def _imports_of(stmt: ast.stmt) -> list[Import]:
    if isinstance(stmt, ast.Import):
        return [Import(a.name, None, a.asname) for a in stmt.names]
    if isinstance(stmt, ast.ImportFrom):
        return [Import(stmt.module or "", a.name, a.asname) for a in stmt.names]
    return []


def _is_type_checking_test(test: cst.BaseExpression) -> bool:
    return (isinstance(test, cst.Name) and test.value == "TYPE_CHECKING") or (
        isinstance(test, cst.Attribute) and test.attr.value == "TYPE_CHECKING"
    )


# -- helpers -------------------------------------------------------------------------------


@dataclasses.dataclass
class _Helpers:
    """The top-level definitions of helpers.py and what each one needs."""

    order: list[str]
    defs: dict[str, int]  # name -> index of its statement
    needs: dict[str, set[str]]  # name -> global names it references
    imports: dict[str, Import]  # name bound by an import -> that import
    nested: dict[str, list[Import]]  # name -> imports inside its body


def _global_names(table: symtable.SymbolTable) -> set[str]:
    """Module-level names ``table`` and the scopes nested in it read. A free name (a
    closure's, or a comprehension's use of its function's locals) is local to the helper:
    not one it needs from the module."""
    found = {s.get_name() for s in table.get_symbols() if s.is_global() and s.is_referenced()}
    for child in table.get_children():
        found |= _global_names(child)
    return found


def _analyse_helpers(text: str) -> _Helpers:
    module = ast.parse(text)
    top = symtable.symtable(text, "helpers.py", "exec")
    tables = {t.get_name(): t for t in top.get_children()}
    helpers = _Helpers([], {}, {}, {}, {})
    for index, stmt in enumerate(module.body):
        for imp in _imports_of(stmt):
            helpers.imports[imp.bound] = imp
        names: list[str] = []
        needs: set[str] = set()
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [stmt.name]
            table = tables.get(stmt.name)
            if table is not None:
                needs = _global_names(table)
            for extra in [*stmt.decorator_list, *getattr(stmt, "bases", [])]:
                needs |= {n.id for n in ast.walk(extra) if isinstance(n, ast.Name)}
            if not isinstance(stmt, ast.ClassDef):
                # Defaults and annotations are evaluated at definition time, in the module.
                args = stmt.args
                needs |= {
                    n.id
                    for d in [*args.defaults, *args.kw_defaults]
                    if d is not None
                    for n in ast.walk(d)
                    if isinstance(n, ast.Name)
                }
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            if stmt.value is not None:
                needs = {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}
        inner = [
            imp
            for node in ast.walk(stmt)
            if node is not stmt and isinstance(node, ast.Import | ast.ImportFrom)
            for imp in _imports_of(node)
        ]
        for name in names:
            helpers.nested[name] = inner
            helpers.order.append(name)
            helpers.defs[name] = index
            helpers.needs[name] = needs - {name}
    return helpers


def _helper_closure(wanted: Iterable[str], helpers: _Helpers) -> tuple[list[str], set[Import]]:
    """Names to copy (in helpers.py's order) and the imports they need; refuses a helper
    that needs anything but the standard library, Bandit and other helpers."""
    todo = list(wanted)
    seen: set[str] = set()
    imports: set[Import] = set()
    problems: list[str] = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for imp in helpers.nested[name]:
            if imp.top == "outrider" or not allowed_module(imp.module):
                problems.append(
                    f"helpers.{name} imports {imp.module}, which is neither the standard "
                    "library nor Bandit"
                )
        for need in sorted(helpers.needs[name]):
            if need in helpers.defs:
                todo.append(need)
            elif need in helpers.imports:
                imp = helpers.imports[need]
                if allowed_module(imp.module) and imp.top != "outrider":
                    imports.add(imp)
                else:
                    problems.append(
                        f"helpers.{name} uses {need} from {imp.module}, which is neither "
                        "the standard library nor Bandit"
                    )
            elif need not in _BUILTINS:
                problems.append(f"helpers.{name} uses {need}, which helpers.py does not define")
    if problems:
        raise UpstreamError(
            "the rule uses outrider-only helpers that cannot be inlined: "
            + "; ".join(sorted(problems))
        )
    indexes = sorted({helpers.defs[n] for n in seen})
    return [n for n in helpers.order if n in seen and helpers.defs[n] in indexes], imports


# -- libcst transforms ---------------------------------------------------------------------


class _Rewrite(cst.CSTTransformer):
    """Strips annotations and renames the rule's test id."""

    def __init__(self, code: str, bandit_id: str) -> None:
        super().__init__()
        self.code = code
        self.bandit_id = bandit_id
        self.renamed = 0

    def leave_Param(self, original_node: cst.Param, updated_node: cst.Param) -> cst.Param:
        return updated_node.with_changes(annotation=None)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        return updated_node.with_changes(returns=None)

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.BaseSmallStatement | cst.RemovalSentinel:
        if updated_node.value is None:
            return cst.RemoveFromParent()
        return cst.Assign(
            targets=[cst.AssignTarget(target=updated_node.target)], value=updated_node.value
        )

    def leave_ConcatenatedString(
        self, original_node: cst.ConcatenatedString, updated_node: cst.ConcatenatedString
    ) -> cst.BaseExpression:
        """Joins ``"a " "b"`` into one literal; :func:`fit` splits it again where the
        tree's line length needs."""
        parts: list[cst.SimpleString] = []
        node: cst.BaseExpression = updated_node
        while isinstance(node, cst.ConcatenatedString):
            if not isinstance(node.left, cst.SimpleString):
                return updated_node
            parts.append(node.left)
            node = node.right
        if not isinstance(node, cst.SimpleString):
            return updated_node
        parts.append(node)
        kinds = {(p.prefix.lower(), p.quote) for p in parts}
        if len(kinds) != 1:
            return updated_node
        prefix, quote = kinds.pop()
        if "f" in prefix or len(quote) == 3:
            return updated_node
        body = "".join(p.raw_value for p in parts)
        return cst.SimpleString(f"{parts[0].prefix}{quote}{body}{quote}")

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        named = (isinstance(func, cst.Attribute) and func.attr.value == "test_id") or (
            isinstance(func, cst.Name) and func.value == "test_id"
        )
        if named and len(updated_node.args) == 1:
            arg = updated_node.args[0].value
            if isinstance(arg, cst.SimpleString) and arg.evaluated_value == self.code:
                self.renamed += 1
                return updated_node.with_changes(
                    args=[
                        updated_node.args[0].with_changes(
                            value=cst.SimpleString(f'"{self.bandit_id}"')
                        )
                    ]
                )
        return updated_node


# -- assembling ----------------------------------------------------------------------------


def _check_imports(rule: RuleSource, tree: ast.Module) -> tuple[list[str], list[Import]]:
    """Helper names the rule imports, and its other imports; refuses what cannot move."""
    helpers: list[str] = []
    kept: list[Import] = []
    problems: list[str] = []
    top_level = {id(s) for s in tree.body}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        line = node.lineno
        if isinstance(node, ast.ImportFrom) and node.level:
            problems.append(f"line {line}: a relative import")
            continue
        for imp in _imports_of(node):
            if imp.module == "__future__":
                continue
            if imp.top == "outrider":
                if imp.module == HELPERS_MODULE and id(node) in top_level and not imp.asname:
                    helpers.append(imp.name or "")
                elif imp.module == HELPERS_MODULE and imp.asname:
                    problems.append(
                        f"line {line}: helper {imp.name} imported as {imp.asname} "
                        "(import helpers under their own names)"
                    )
                else:
                    problems.append(
                        f"line {line}: {imp.statement()} (only top-level "
                        f"`from {HELPERS_MODULE} import NAME` can be inlined)"
                    )
            elif not allowed_module(imp.module):
                problems.append(
                    f"line {line}: {imp.statement()} (Bandit does not depend on {imp.top})"
                )
            elif id(node) in top_level:
                kept.append(imp)
    if problems:
        raise UpstreamError(f"{rule.code} cannot move to Bandit as it is: " + "; ".join(problems))
    return helpers, kept


def _used_names(code: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}


def import_block(imports: Iterable[Import]) -> str:
    """Imports in reorder-python-imports' layout: standard library, then Bandit."""
    stdlib = sorted((i for i in imports if i.top != "bandit"), key=Import.sort_key)
    ours = sorted((i for i in imports if i.top == "bandit"), key=Import.sort_key)
    groups = ["\n".join(i.statement() for i in g) for g in (stdlib, ours) if g]
    return "\n\n".join(groups) + "\n"


_BUILT: dict[tuple[str, str, str, str, str, tuple[str, ...], Style], str] = {}


def build_module(
    rule: RuleSource,
    *,
    helpers_text: str,
    bandit_id: str,
    docstring: str,
    header: Sequence[str],
    style: Style,
) -> str:
    """The Bandit plugin module for ``rule`` (see the module docstring). The same inputs
    give the same text; it is kept, as rules exported earlier into a tree are rebuilt for
    every later export's counts."""
    key = (rule.code, rule.text, helpers_text, bandit_id, docstring, tuple(header), style)
    if key not in _BUILT:
        if len(_BUILT) >= 256:
            _BUILT.clear()
        _BUILT[key] = _build_module(
            rule,
            helpers_text=helpers_text,
            bandit_id=bandit_id,
            docstring=docstring,
            header=header,
            style=style,
        )
    return _BUILT[key]


def _build_module(
    rule: RuleSource,
    *,
    helpers_text: str,
    bandit_id: str,
    docstring: str,
    header: Sequence[str],
    style: Style,
) -> str:
    tree = ast.parse(rule.text)
    wanted, kept = _check_imports(rule, tree)
    helpers = _analyse_helpers(helpers_text)
    unknown = [n for n in wanted if n not in helpers.defs]
    if unknown:
        raise UpstreamError(
            f"{rule.code} imports {', '.join(unknown)} from {HELPERS_MODULE}, "
            "which does not define it"
        )
    names, helper_imports = _helper_closure(wanted, helpers)
    own: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(stmt.name)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            own |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    clash = sorted(own & set(names))
    if clash:
        raise UpstreamError(
            f"cannot inline helpers {', '.join(clash)}: {rule.code} defines the same names"
        )

    rule_cst = cst.parse_module(rule.text)
    helpers_cst = cst.parse_module(helpers_text)
    copied = [
        helpers_cst.body[index].with_changes(leading_lines=[])
        for index in sorted({helpers.defs[n] for n in names})
    ]
    body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = []
    for index, line in enumerate(rule_cst.body):
        if isinstance(line, cst.SimpleStatementLine):
            small = line.body
            if all(isinstance(s, cst.Import | cst.ImportFrom) for s in small):
                continue
            if (
                index == 0
                and len(small) == 1
                and isinstance(small[0], cst.Expr)
                and isinstance(small[0].value, cst.SimpleString | cst.ConcatenatedString)
            ):
                continue  # the module docstring
        elif isinstance(line, cst.If) and _is_type_checking_test(line.test):
            continue
        body.append(line)
    # The copied helpers go before the rule's first function or class (after its module
    # constants), unless a statement before that already uses one of them.
    at = next(
        (i for i, s in enumerate(body) if isinstance(s, cst.FunctionDef | cst.ClassDef)),
        len(body),
    )
    before = cst.Module(body=body[:at]).code
    if set(names) & _used_names(before):
        at = 0
    body[at:at] = copied
    rewrite = _Rewrite(rule.code, bandit_id)
    new_body = cst.Module(body=body).visit(rewrite)
    if rewrite.renamed != 1:
        raise UpstreamError(
            f'{rule.path.name} must call @test.test_id("{rule.code}") exactly once '
            f"(found {rewrite.renamed})"
        )
    code = _drop_type_comments(new_body.code)
    used = _used_names(code)
    imports = {i for i in [*kept, *helper_imports] if i.bound in used}
    if '"""' in docstring:
        raise UpstreamError(f'the documentation of {rule.code} contains """')
    text = (
        "".join(line + "\n" for line in header)
        + f'r"""\n{docstring}"""\n'
        + import_block(imports)
        + "\n\n"
        + code.lstrip("\n")
    )
    text = _no_blank_after_docstring(fit(text, style))
    check_exported(text, rule.code)
    return text


def _no_blank_after_docstring(text: str) -> str:
    """Bandit's tree has its imports right under the module docstring, as
    reorder-python-imports leaves them (newer black would add a blank line)."""
    module = ast.parse(text)
    first = module.body[0] if module.body else None
    if not isinstance(first, ast.Expr) or len(module.body) < 2:
        return text
    if not isinstance(module.body[1], ast.Import | ast.ImportFrom):
        return text
    lines = text.splitlines(keepends=True)
    end = first.end_lineno or first.lineno
    while end < len(lines) and not lines[end].strip():
        del lines[end]
    return "".join(lines)


def _drop_type_comments(code: str) -> str:
    lines = code.splitlines(keepends=True)
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    for tok in tokens:
        if tok.type == tokenize.COMMENT and _TYPE_COMMENT.match(tok.string):
            row, col = tok.start
            line = lines[row - 1]
            lines[row - 1] = line[:col].rstrip() + "\n"
    return "".join(lines)


def check_exported(text: str, code: str) -> None:
    """The exported module must import nothing from outrider (a guard on this module)."""
    for node in ast.walk(ast.parse(text)):
        for imp in _imports_of(node) if isinstance(node, ast.stmt) else []:
            if imp.top == "outrider":
                raise AssertionError(f"exported {code} still imports {imp.module}")


# -- formatting ----------------------------------------------------------------------------


def black_format(text: str, style: Style, line_length: int | None = None) -> str:
    import black
    from black.mode import Mode, TargetVersion

    targets = {
        TargetVersion[t.upper()]
        for t in style.target_versions
        if t.upper() in TargetVersion.__members__
    }
    mode = Mode(line_length=line_length or style.line_length, target_versions=targets)
    return black.format_str(text, mode=mode)


def fit(text: str, style: Style) -> str:
    """Black at the tree's line length, then what black leaves too long: strings split
    into implicit concatenations, docstrings and comment lines re-filled."""
    text = black_format(text, style)
    for _ in range(4):
        shorter = _shorten(text, style.line_length)
        if shorter == text:
            break
        text = black_format(shorter, style)
    return text


def _shorten(text: str, limit: int) -> str:
    lines = text.splitlines(keepends=True)
    long_rows = {i + 1 for i, line in enumerate(lines) if len(line.rstrip("\n")) > limit}
    if not long_rows:
        return text
    edits: list[tuple[int, int, int, int, str]] = []  # (row, col, end_row, end_col, new)
    docstrings = _docstring_rows(text)
    depth = 0
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        row = tok.start[0]
        if row not in long_rows:
            continue
        if tok.type == tokenize.COMMENT and not lines[row - 1][: tok.start[1]].strip():
            new = _wrap_comment(tok.string, tok.start[1], limit)
            if new:
                edits.append((row, tok.start[1], row, tok.end[1], new))
                long_rows.discard(row)
        elif tok.type == tokenize.STRING and row not in docstrings and tok.start[0] == tok.end[0]:
            new = _split_string(
                tok.string, len(lines[row - 1]) - len(lines[row - 1].lstrip()), limit
            )
            if new:
                if depth == 0:
                    new = f"({new})"
                edits.append((row, tok.start[1], row, tok.end[1], new))
                long_rows.discard(row)
    for node, first, last, indent in _docstring_nodes(text):
        if any(r in long_rows for r in range(first, last + 1)):
            new = _refill_docstring(node, lines[first - 1 : last], indent, limit)
            if new:
                edits.append((first, 0, last, len(lines[last - 1].rstrip("\n")), new))
    for row, col, end_row, end_col, new in sorted(edits, reverse=True):
        head = lines[row - 1][:col]
        tail = lines[end_row - 1][end_col:]
        lines[row - 1 : end_row] = [head + new + tail]
    return "".join(lines)


def _docstring_nodes(text: str) -> list[tuple[ast.Constant, int, int, int]]:
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.append(
                    (first.value, first.lineno, first.end_lineno or first.lineno, first.col_offset)
                )
    return found


def _docstring_rows(text: str) -> set[int]:
    rows: set[int] = set()
    module = ast.parse(text)
    nodes = [(None, n[1], n[2], n[3]) for n in _docstring_nodes(text)]
    if module.body and isinstance(module.body[0], ast.Expr):
        first = module.body[0]
        nodes.append((None, first.lineno, first.end_lineno or first.lineno, 0))
    for _, start, end, _ in nodes:
        rows.update(range(start, end + 1))
    return rows


def _wrap_comment(comment: str, indent: int, limit: int) -> str:
    body = comment.lstrip("#").strip()
    if comment.startswith("#!") or re.match(r"(type|noqa|pragma|nosec)\b", body):
        return ""
    width = limit - indent - 2
    if width < 20:
        return ""
    wrapped = textwrap.wrap(body, width, break_long_words=False, break_on_hyphens=False)
    return ("\n" + " " * indent).join("# " + line for line in wrapped)


def _split_string(token: str, indent: int, limit: int) -> str:
    m = re.match(r"^([rRbBuUfF]{0,2})('|\")(.*)\2$", token, re.DOTALL)
    if not m or m.group(2) * 3 == token[len(m.group(1)) : len(m.group(1)) + 3]:
        return ""
    prefix, quote, body = m.groups()
    width = limit - indent - 4 - len(prefix) - 3
    if width < 20 or len(body) <= width:
        return ""
    chunks: list[str] = []
    current = ""
    for piece in _pieces(body, formatted="f" in prefix.lower()):
        if current and len(current) + len(piece) > width:
            chunks.append(current)
            current = ""
        current += piece
    chunks.append(current)
    if len(chunks) < 2:
        return ""
    return " ".join(f"{_chunk_prefix(prefix, c)}{quote}{c}{quote}" for c in chunks)


def _pieces(body: str, *, formatted: bool) -> list[str]:
    """``body`` cut after each space that is not escaped and, in an f-string, not inside a
    replacement field (where a cut would split the expression)."""
    pieces: list[str] = []
    start = depth = 0
    i = 0
    while i < len(body):
        char = body[i]
        if formatted and char in "{}" and body[i : i + 2] in ("{{", "}}") and depth == 0:
            i += 2
            continue
        if formatted and char == "{":
            depth += 1
        elif formatted and char == "}":
            depth = max(depth - 1, 0)
        elif char == " " and depth == 0 and i > 0 and body[i - 1] != "\\":
            pieces.append(body[start : i + 1])
            start = i + 1
        i += 1
    if start < len(body):
        pieces.append(body[start:])
    return pieces


def _chunk_prefix(prefix: str, chunk: str) -> str:
    """An f-string piece without a replacement field loses its ``f`` (flake8's F541)."""
    if "f" in prefix.lower() and "{" not in chunk and "}" not in chunk:
        return prefix.replace("f", "").replace("F", "")
    return prefix


def _refill_docstring(node: ast.Constant, source: list[str], indent: int, limit: int) -> str:
    first = source[0].lstrip()
    prefix = first[: len(first) - len(first.lstrip("rRuU"))]
    value = str(node.value)
    if ("\\" in value and "r" not in prefix.lower()) or '"""' in value:
        return ""
    from outrider.upstream.doc import refill

    # Paragraphs and bullet items re-filled; code, directives and the like kept.
    pad = " " * indent
    refilled = refill(inspect.cleandoc(value), limit - indent - 3)
    if "\n" not in refilled and len(pad) + len(prefix) + 6 + len(refilled) > limit:
        # One line too long with both quotes: black would join a closing quote put on a
        # line of its own back onto it, so make two lines with room for the quote.
        refilled = refill(inspect.cleandoc(value), limit - indent - len(prefix) - 6)
    text = "\n".join(pad + line if line else "" for line in refilled.splitlines()).lstrip()
    if "\n" not in text and len(pad) + 6 + len(text) <= limit:
        return f'{pad}{prefix}"""{text}"""'
    return f'{pad}{prefix}"""{text}\n{pad}"""'
