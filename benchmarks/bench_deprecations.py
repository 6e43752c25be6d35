"""Benchmarks of the deprecated-API check (issue 4). Run by hand; numbers are noisy on a
shared machine, ratios within one run are what to compare.

    python benchmarks/bench_deprecations.py pylint [--tree DIR] [--target 3.12] [--jobs 2]
        outrider's DEP findings next to pylint's deprecated-module/-method/-argument/-class/
        -attribute checks on the same tree (pylint with --py-version set to the same target,
        both with the same number of processes); counts, wall times, their ratio, and every
        pylint finding outrider does not report, each with a reason.
    python benchmarks/bench_deprecations.py throughput [--tree DIR]
        detection (prefilter + walk + resolution) against the bare ``ast.parse`` floor, in
        one process: files/s and MB/s of both.
    python benchmarks/bench_deprecations.py fix [--tree DIR]
        ``outrider fix`` on a copy of the tree: rewritten files still parse, a second run
        changes nothing, the fixed findings are gone.

The default tree is the running interpreter's standard library (without site-packages).
pylint is a benchmark dependency only: ``pip install pylint``.
"""

from __future__ import annotations

import argparse
import ast
import collections
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from pathlib import Path

PYLINT_CHECKS = (
    "deprecated-module",
    "deprecated-method",
    "deprecated-argument",
    "deprecated-class",
    "deprecated-attribute",
)


def default_tree() -> str:
    return sysconfig.get_paths()["stdlib"]


def config_file(directory: Path, exclude: list[str]) -> Path:
    """An outrider.toml that scans everything but ``exclude`` (no built-in excludes)."""
    path = directory / "outrider.toml"
    path.write_text(f"exclude = {json.dumps(exclude)}\n")
    return path


def enclosing_virtualenv(tree: str) -> str | None:
    path = Path(tree).resolve()
    for parent in (path, *path.parents):
        if (parent / "pyvenv.cfg").is_file():
            return str(parent)
    return None


def run_outrider(
    tree: str, target: str, jobs: int, exclude: list[str], work: Path
) -> tuple[dict, float]:  # type: ignore[type-arg]
    cfg = config_file(work, exclude)
    cmd = [
        sys.executable,
        "-m",
        "outrider",
        "check",
        "--config",
        str(cfg),
        "--check",
        "deprecations",
        "--target-version",
        target,
        "--format",
        "json",
        "--exit-zero",
        "-q",
        "--jobs",
        str(jobs),
        tree,
    ]
    env = dict(os.environ)
    venv = enclosing_virtualenv(tree)
    if venv is not None:
        # A virtualenv's site-packages: third-party rows are judged by what it has installed.
        env["VIRTUAL_ENV"] = venv
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"outrider failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout), elapsed


def run_pylint(tree: str, target: str, jobs: int, ignore: list[str]) -> tuple[list[dict], float]:  # type: ignore[type-arg]
    cmd = [
        sys.executable,
        "-m",
        "pylint",
        "--disable=all",
        f"--enable={','.join(PYLINT_CHECKS)}",
        f"--py-version={target}",
        "--output-format=json",
        "--recursive=y",
        f"--jobs={jobs}",
        "--persistent=n",
        "--exit-zero",
    ]
    if ignore:
        cmd.append(f"--ignore={','.join(ignore)}")
    cmd.append(tree)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    try:
        found = json.loads(proc.stdout or "[]")
    except ValueError:
        raise SystemExit(
            f"pylint output is not JSON: {proc.stdout[:500]} {proc.stderr[-2000:]}"
        ) from None
    return [f for f in found if f["symbol"] in PYLINT_CHECKS], elapsed


_NAME = re.compile(
    r"(?:Deprecated module '(?P<module>[\w.]+)'|deprecated method (?P<method>[\w.]+)\(\)"
    r"|deprecated argument (?P<arg>\w+) of method (?P<argof>[\w.]+)\(\)"
    r"|deprecated class (?P<cls>\w+) of module (?P<clsmod>[\w.]+)"
    r"|deprecated attribute '?(?P<attr>[\w.]+)'?)"
)


def pylint_name(message: str) -> str:
    m = _NAME.search(message)
    if not m:
        return message
    if m["module"]:
        return m["module"]
    if m["method"]:
        return m["method"]
    if m["arg"]:
        return f"{m['argof']}({m['arg']}=)"
    if m["cls"]:
        return f"{m['clsmod']}.{m['cls']}"
    return m["attr"] or message


def guard_of(path: str, line: int, cache: dict[str, ast.Module | None]) -> str:
    """What compatibility construct, if any, encloses ``line`` in ``path``."""
    if path not in cache:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cache[path] = ast.parse(Path(path).read_bytes())
        except (SyntaxError, ValueError, OSError, RecursionError):
            cache[path] = None
    tree = cache[path]
    if tree is None:
        return ""
    found = ""
    for node in ast.walk(tree):
        start, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0
        if not start <= line <= end:
            continue
        if isinstance(node, ast.If | ast.IfExp):
            text = ast.unparse(node.test)
            if "version_info" in text or "hexversion" in text or "PY" in text:
                found = found or "version-guarded"
            elif "TYPE_CHECKING" in text:
                found = found or "TYPE_CHECKING"
        elif isinstance(node, ast.Try):
            caught = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
            if re.search(r"ImportError|ModuleNotFoundError|AttributeError", caught):
                found = found or "try/except ImportError or AttributeError"
    return found


def module_of(path: str, tree: str) -> str:
    """The dotted module name of ``path`` under ``tree`` (``sqlite3/dbapi2.py``: sqlite3.dbapi2)."""
    rel = os.path.relpath(path, tree)[: -len(".py")].replace(os.sep, ".")
    return rel.removesuffix(".__init__")


def _parsed(path: str, cache: dict[str, ast.Module | None]) -> ast.Module | None:
    guard_of(path, 0, cache)  # fills the cache
    return cache.get(path)


def own_definition(
    path: str,
    line: int,
    *,
    leaf: str,
    module: str,
    rows: list[str],
    cache: dict[str, ast.Module | None],
) -> str:
    """Why a use inside the module that defines the API is not an outside use, or ""."""
    tree = _parsed(path, cache)
    if tree is None:
        return ""
    for name in rows:
        owner = name.rpartition(".")[0]
        package = owner.split(".", 1)[0]
        if module != owner and not module.startswith(package + "."):
            continue
        for node in tree.body:
            defines = isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == leaf
            if defines and module == owner:
                return f"inside the module that defines {name} (its own name, not an import)"
            if (
                isinstance(node, ast.FunctionDef)
                and node.name == name.rpartition(".")[2]
                and node.lineno <= line <= (node.end_lineno or node.lineno)
            ):
                return f"inside the implementation of {name} itself ({module})"
    return ""


def relative_binding(path: str, leaf: str, cache: dict[str, ast.Module | None]) -> str:
    """The module of a relative ``from .x import leaf`` in the file, or ""."""
    tree = _parsed(path, cache)
    if tree is None:
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            for alias in node.names:
                if (alias.asname or alias.name) == leaf:
                    return "." * node.level + (node.module or "")
    return ""


def passed_through(
    path: str, line: int, argument: str, positions: set[int], cache: dict[str, ast.Module | None]
) -> bool:
    """A call on ``line`` passes ``argument`` by keyword after filling its positional-only slot:
    the keyword goes on to the callable's ``**kwargs``."""
    tree = _parsed(path, cache)
    if tree is None or not positions:
        return False
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and node.lineno <= line <= (node.end_lineno or node.lineno)
            and any(kw.arg == argument for kw in node.keywords)
            and len(node.args) > min(positions)
        ):
            return True
    return False


def source_line(path: str, line: int) -> str:
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def unittest_assert(text: str) -> bool:
    """The line calls unittest's alias (``self.assert_(...)``), not a function or another
    library's method that happens to be called assert_ (``numpy.testing.assert_``)."""
    return "self.assert_(" in text or "cls.assert_(" in text


def argument_rows() -> set[tuple[str, str]]:
    """(callable's last name, argument) of every argument row."""
    from outrider.checks.deprecations.data import load_stdlib, load_thirdparty

    return {
        (api.name.rpartition(".")[2], api.argument)
        for api in load_stdlib() + load_thirdparty()
        if api.kind in ("argument", "argument-value")
    }


def positional_only_slots() -> dict[tuple[str, str], set[int]]:
    """(callable's last name, argument) -> positions of the rows whose parameter became
    positional-only (a keyword of that name after the positional argument is not the use)."""
    from outrider.checks.deprecations.data import load_stdlib
    from outrider.checks.deprecations.detect import POSITIONAL_ONLY

    slots: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
    for api in load_stdlib():
        if (api.name, api.argument) in POSITIONAL_ONLY and api.position is not None:
            slots[(api.name.rpartition(".")[2], api.argument)].add(api.position)
    return slots


def soft_names() -> set[str]:
    from outrider.checks.deprecations.data import load_stdlib

    return {api.name for api in load_stdlib() if api.status == "soft"}


def table_leaves() -> dict[str, list[str]]:
    from outrider.checks.deprecations.data import load_stdlib, load_thirdparty

    leaves: dict[str, list[str]] = collections.defaultdict(list)
    for api in load_stdlib() + load_thirdparty():
        leaves[api.name.rpartition(".")[2]].append(api.name)
        if api.kind in ("argument", "argument-value"):
            leaves[api.argument].append(api.name)
    return leaves


def cmd_pylint(args: argparse.Namespace) -> None:
    tree = os.path.realpath(args.tree)
    work = Path(tempfile.mkdtemp(prefix="bench-dep-"))
    exclude = ["__pycache__"] + ([] if args.include_site_packages else ["site-packages"])
    print(f"tree: {tree}  (Python {sys.version.split()[0]} running both; target {args.target})")
    ours, t_ours = run_outrider(tree, args.target, args.jobs, exclude, work)
    print(
        f"outrider: {len(ours['findings'])} findings, {len(ours['errors'])} files not checked, "
        f"{t_ours:.1f} s wall"
    )
    theirs, t_theirs = run_pylint(
        tree, args.target, args.jobs, [] if args.include_site_packages else ["site-packages"]
    )
    print(f"pylint:   {len(theirs)} findings, {t_theirs:.1f} s wall")
    print(f"time ratio pylint/outrider: {t_theirs / t_ours:.1f}x")
    by_code = collections.Counter(f["code"] for f in ours["findings"])
    print("outrider by code:", dict(sorted(by_code.items())))
    print("pylint by check:", dict(collections.Counter(f["symbol"] for f in theirs)))
    lines = {(os.path.realpath(f["path"]), f["line"]) for f in ours["findings"]}
    matched = [f for f in theirs if (os.path.realpath(f["path"]), f["line"]) in lines]
    missed = [f for f in theirs if (os.path.realpath(f["path"]), f["line"]) not in lines]
    print(f"pylint findings outrider also reports (same file and line): {len(matched)}")
    print(f"pylint findings outrider does not report: {len(missed)}")
    leaves = table_leaves()
    cache: dict[str, ast.Module | None] = {}
    reasons: collections.Counter[tuple[str, str]] = collections.Counter()
    rows = []
    soft = soft_names()
    arguments = argument_rows()
    slots = positional_only_slots()
    for f in missed:
        name = pylint_name(f["message"])
        guard = guard_of(f["path"], f["line"], cache)
        leaf = name.split("(")[0].rpartition(".")[2]
        argument = name.split("(")[1].rstrip("=)") if "(" in name else ""
        text = source_line(f["path"], f["line"])
        module = module_of(f["path"], tree)
        defined = own_definition(
            f["path"], f["line"], leaf=leaf, module=module, rows=leaves.get(leaf, []), cache=cache
        )
        if not defined and f["symbol"] == "deprecated-method":
            # A private alias of the API inside its own implementation
            # (``_old_enable_shared_cache`` in sqlite3.dbapi2.enable_shared_cache).
            for public in leaves:
                defined = own_definition(
                    f["path"],
                    f["line"],
                    leaf=public,
                    module=module,
                    rows=leaves[public],
                    cache=cache,
                )
                if defined.startswith("inside the implementation"):
                    break
                defined = ""
        relative = relative_binding(f["path"], leaf, cache)
        if guard:
            reason = f"compatibility code ({guard})"
        elif text.startswith("from ."):
            reason = "relative import inside the package itself (not resolved)"
        elif argument and passed_through(
            f["path"], f["line"], argument, slots.get((leaf, argument), set()), cache
        ):
            reason = (
                "keyword after the positional-only argument: it goes to **kwargs "
                "(not the deprecated use; pylint's false positive)"
            )
        elif defined:
            reason = defined
        elif relative:
            reason = (
                f"name bound by a relative import (from {relative} import {leaf}): "
                "the package's own modules are not followed"
            )
        elif leaf == "assert_" and not unittest_assert(text):
            reason = "not unittest's assert_ (another function or method of that name)"
        elif name in soft:
            reason = "soft deprecation (DEP104, off unless enabled)"
        elif leaf not in leaves or (
            "(" in name and (leaf, name.split("(")[1].rstrip("=)")) not in arguments
        ):
            reason = "no row in outrider's table"
        else:
            reason = "row exists; not matched here (see note)"
        reasons[(name, reason)] += 1
        rows.append(
            f"{os.path.relpath(f['path'], tree)}:{f['line']}: {f['symbol']} {name} -- {reason}"
        )
    print("\nmissed, grouped (count, pylint's API, reason):")
    for (name, reason), count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:5d}  {name:55s} {reason}")
    if args.list:
        Path(args.list).write_text("\n".join(rows) + "\n")
        print(f"\nevery missed finding: {args.list}")
    shutil.rmtree(work, ignore_errors=True)


def python_files(tree: str) -> list[str]:
    out = []
    for root, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        out.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
    return out


def cmd_throughput(args: argparse.Namespace) -> None:
    from outrider.checks.deprecations import DeprecationsCheck
    from outrider.config import Settings, parse_target_versions
    from outrider.files import SourceFile

    datas = []
    for path in python_files(args.tree):
        with open(path, "rb") as fh:
            datas.append((path, fh.read()))
    size = sum(len(d) for _, d in datas) / 1e6
    settings = Settings(target_versions=parse_target_versions("--target-version", args.target))
    check = DeprecationsCheck(settings)
    check.prepare()
    best_floor = best_ours = float("inf")
    found = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _path, data in datas:
                with contextlib.suppress(SyntaxError, ValueError, RecursionError, MemoryError):
                    ast.parse(data)
        best_floor = min(best_floor, time.perf_counter() - start)
        start = time.perf_counter()
        found = 0
        for path, data in datas:
            found += len(check.check_file(SourceFile(path, data)).findings)
        best_ours = min(best_ours, time.perf_counter() - start)
    print(f"{len(datas)} files, {size:.1f} MB; target {args.target}; best of {args.repeat}")
    print(
        f"ast.parse floor:          {best_floor:6.2f} s  "
        f"{len(datas) / best_floor:7.0f} files/s  {size / best_floor:5.2f} MB/s"
    )
    print(
        f"outrider (parse+detect):  {best_ours:6.2f} s  "
        f"{len(datas) / best_ours:7.0f} files/s  {size / best_ours:5.2f} MB/s"
    )
    print(
        f"throughput vs floor: {best_floor / best_ours:.2f} (at least 0.5 required); "
        f"{found} findings"
    )


def cmd_fix(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-dep-fix-"))
    copy = work / "tree"
    shutil.copytree(
        args.tree, copy, ignore=shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc")
    )
    cfg = config_file(work, ["__pycache__"])
    base = [sys.executable, "-m", "outrider"]
    common = [
        "--config",
        str(cfg),
        "--check",
        "deprecations",
        "--target-version",
        args.target,
        "-q",
    ]

    def findings() -> list[dict]:  # type: ignore[type-arg]
        proc = subprocess.run(
            [*base, "check", *common, "--format", "json", "--exit-zero", str(copy)],
            capture_output=True,
            text=True,
            check=False,
        )
        return json.loads(proc.stdout)["findings"]  # type: ignore[no-any-return]

    def snapshot() -> dict[str, bytes]:
        return {p: Path(p).read_bytes() for p in python_files(str(copy))}

    before = findings()
    fixable = [f for f in before if f["fixable"]]
    files_before = snapshot()
    start = time.perf_counter()
    first = subprocess.run(
        [*base, "fix", *common, "--exit-zero", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    t_fix = time.perf_counter() - start
    files_after = snapshot()
    changed = [p for p in files_after if files_after[p] != files_before.get(p)]
    unparsable = []
    for p in changed:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(files_after[p])
        except SyntaxError as exc:
            unparsable.append(f"{p}: {exc}")
    after = findings()
    second = subprocess.run(
        [*base, "fix", *common, "--exit-zero", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    files_again = snapshot()
    changed_again = [p for p in files_again if files_again[p] != files_after[p]]
    key = lambda f: (f["path"], f["code"], f["message"])  # noqa: E731 - line numbers move
    left = collections.Counter(key(f) for f in after)
    still = [f for f in fixable if left[key(f)] > 0]
    print(
        f"findings before: {len(before)} ({len(fixable)} fixable) in "
        f"{len({f['path'] for f in before})} files"
    )
    print(
        f"outrider fix: {len(changed)} files rewritten in {t_fix:.1f} s; "
        f"{first.stderr.count(chr(10))} lines on stderr"
    )
    print(f"rewritten files that no longer parse: {len(unparsable)}")
    for line in unparsable:
        print("  ", line)
    print(
        f"findings after: {len(after)} "
        f"({sum(1 for f in after if f['fixable'])} still marked fixable)"
    )
    print(f"fixable findings still reported after the fix: {len(still)}")
    for f in still[:20]:
        print("  ", f["path"], f["line"], f["code"], f["message"][:100])
    print(f"second run: {len(changed_again)} files changed (idempotence: 0 expected)")
    print("by code fixed:", dict(collections.Counter(f["code"] for f in fixable)))
    names = collections.Counter(
        re.match(r"`([^`]+)`", f["message"]).group(1)
        for f in fixable
        if f["message"].startswith("`")
    )  # type: ignore[union-attr]
    print("distinct APIs fixed:", len(names))
    if second.returncode not in (0, 1):
        print("second run failed:", second.stderr[-1000:])
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("pylint", "throughput", "fix"):
        p = sub.add_parser(name)
        p.add_argument("--tree", default=default_tree())
        p.add_argument("--target", default="3.12")
        if name == "pylint":
            p.add_argument("--jobs", type=int, default=2)
            p.add_argument(
                "--include-site-packages",
                action="store_true",
                help="the tree is a site-packages directory: scan it",
            )
            p.add_argument(
                "--list", metavar="FILE", help="write every missed pylint finding to FILE"
            )
        if name == "throughput":
            p.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    {"pylint": cmd_pylint, "throughput": cmd_throughput, "fix": cmd_fix}[args.command](args)


if __name__ == "__main__":
    main()
