"""The ``outrider`` command.

Exit status: 0 nothing reported; 1 findings, or a file that could not be checked;
2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from outrider import __version__
from outrider.model import ConfigError

if TYPE_CHECKING:
    from outrider.config import Settings
    from outrider.engine import Engine, Report

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _add_run_options(p: argparse.ArgumentParser) -> None:
    from outrider.output import FORMATS

    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    sel = p.add_argument_group("rule selection")
    sel.add_argument("--select", metavar="CODES", help="only these codes or prefixes (OUT5,B602)")
    sel.add_argument("--extend-select", metavar="CODES", help="add codes to the selection")
    sel.add_argument("--ignore", metavar="CODES", help="never report these codes or prefixes")
    sel.add_argument(
        "--check",
        action="append",
        dest="checks",
        metavar="NAME",
        help="run only this check (repeatable); see `outrider rules`",
    )
    sel.add_argument(
        "--extend-exclude",
        metavar="PATTERNS",
        help="more paths to skip, comma-separated (applies to named files too)",
    )
    sel.add_argument("--min-severity", metavar="LEVEL", help="low, medium or high")
    sel.add_argument("--min-confidence", metavar="LEVEL", help="low, medium or high")
    sel.add_argument(
        "--target-version",
        metavar="VERSION",
        help="oldest Python the project supports (3.10) or a specifier (>=3.9,<3.13); "
        "default: [project] requires-python",
    )
    out = p.add_argument_group("output")
    out.add_argument("--format", choices=FORMATS, default="text", help="report format")
    out.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    out.add_argument("--show-source", action="store_true", help="show each finding's line")
    out.add_argument("--statistics", action="store_true", help="count findings per code")
    out.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    out.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when something is reported"
    )
    run = p.add_argument_group("run")
    run.add_argument("--config", metavar="FILE", help="pyproject.toml (or outrider.toml) to use")
    run.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    run.add_argument("--jobs", "-j", type=_positive_int, metavar="N", help="worker processes")
    run.add_argument("--baseline", metavar="FILE", help="do not report findings in FILE")
    run.add_argument(
        "--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0"
    )
    run.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply (fix) or offer (check) fixes that may change behaviour",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="outrider",
        description="Security checks for Python projects: Bandit plugins, deprecated APIs, "
        "warnings as errors, and dependency pinning.",
    )
    parser.add_argument("--version", action="version", version=f"outrider {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    check = sub.add_parser("check", help="report findings")
    _add_run_options(check)
    fix = sub.add_parser("fix", help="rewrite what is safely fixable, report the rest")
    _add_run_options(fix)
    fix.add_argument("--diff", action="store_true", help="print the fixes as a diff, write nothing")
    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--check", action="append", dest="checks", metavar="NAME")
    docs = sub.add_parser("docs", help="regenerate the rule pages in docs/rules")
    docs.add_argument("--output-dir", default=os.path.join("docs", "rules"), metavar="DIR")
    docs.add_argument(
        "--check",
        action="store_true",
        dest="verify",
        help="write nothing; exit 1 if the pages are out of date",
    )
    pytest_warnings = sub.add_parser(
        "pytest-warnings",
        help="run the project's test suite with deprecation warnings as errors "
        "(runs the project's code)",
        description="Runs the project's own tests (this executes the project's code) with "
        "-W error::DeprecationWarning -W error::PendingDeprecationWarning -W "
        "error::SyntaxWarning and a fresh PYTHONPYCACHEPREFIX, and reports the tests that "
        "fail because of a warning. Arguments after -- go to pytest.",
    )
    from outrider.output import FORMATS

    pytest_warnings.add_argument(
        "pytest_args", nargs="*", metavar="PYTEST_ARG", help="passed to pytest (after --)"
    )
    pytest_warnings.add_argument(
        "--python",
        metavar="PATH",
        help="interpreter whose pytest runs the tests (default: tool.outrider.warnings."
        "pytest-python, the project's .venv/venv, the activated virtualenv, this interpreter)",
    )
    pytest_warnings.add_argument("--format", choices=FORMATS, default="text")
    pytest_warnings.add_argument("--output", "-o", metavar="FILE")
    pytest_warnings.add_argument("--config", metavar="FILE")
    pytest_warnings.add_argument("--isolated", action="store_true")
    pytest_warnings.add_argument(
        "--show-output", action="store_true", help="print pytest's own output too"
    )
    pytest_warnings.add_argument("-q", "--quiet", action="store_true")
    up = sub.add_parser(
        "upstream",
        help="write a security rule into a Bandit source tree, as a ready contribution",
        description="Export an outrider security rule (OUTgNN) into a Bandit source tree as "
        "Bandit plugin BgMM: plugin module, example, functional test, docs page and entry point.",
    )
    up.add_argument("code", metavar="CODE", help="the rule to export (OUT301)")
    up.add_argument(
        "--bandit-id", required=True, metavar="BNNN", help="its id in Bandit, in the same group"
    )
    up.add_argument(
        "--into", required=True, metavar="PATH", help="the Bandit source tree (checkout or sdist)"
    )
    up.add_argument(
        "--dry-run", action="store_true", help="print the patch (a unified diff), write nothing"
    )
    up.add_argument(
        "--copyright",
        metavar="TEXT",
        help='add "# Copyright (c) TEXT" to the plugin\'s license header ("2025 Jane Doe")',
    )
    return parser


def config_start(paths: Sequence[str]) -> str:
    """Where to look for configuration: the deepest directory holding every named path,
    so that ``outrider check ../other-project`` uses that project's settings."""
    if not paths:
        return "."
    dirs = [p if os.path.isdir(p) else os.path.dirname(p) or "." for p in paths]
    try:
        return os.path.commonpath([os.path.abspath(d) for d in dirs])
    except ValueError:  # pragma: no cover - paths on different Windows drives
        return "."


def _settings(args: argparse.Namespace, names: Sequence[str]) -> Settings:
    from outrider.config import (
        load_settings,
        parse_codes,
        parse_level,
        parse_target_versions,
    )

    settings = load_settings(
        args.config, check_names=names, isolated=args.isolated, cwd=config_start(args.paths)
    )
    changes: dict[str, object] = {}
    if args.select:
        changes["select"] = parse_codes("--select", args.select)
    if args.extend_select:
        changes["extend_select"] = settings.extend_select + parse_codes(
            "--extend-select", args.extend_select
        )
    if args.ignore:
        changes["ignore"] = settings.ignore + parse_codes("--ignore", args.ignore)
    if args.extend_exclude:
        extra = tuple(p.strip() for p in args.extend_exclude.split(",") if p.strip())
        changes["exclude"] = settings.exclude + extra
    if args.min_severity:
        changes["min_severity"] = parse_level("--min-severity", args.min_severity)
    if args.min_confidence:
        changes["min_confidence"] = parse_level("--min-confidence", args.min_confidence)
    if args.target_version:
        changes["target_versions"] = parse_target_versions("--target-version", args.target_version)
    if args.unsafe_fixes:
        changes["unsafe_fixes"] = True
    return settings.replace(**changes)


def _engine(args: argparse.Namespace) -> Engine:
    from outrider.engine import Engine
    from outrider.registry import check_classes

    classes = check_classes(args.checks)
    settings = _settings(args, [c.name for c in check_classes()])
    engine = Engine(settings, [cls(settings) for cls in classes])
    if settings.select or settings.extend_select or settings.ignore:
        engine.validate_selectors(engine.rules())
    return engine


def _emit(text: str, output: str | None, stdout: TextIO) -> None:
    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        stdout.write(text)


def _report(args: argparse.Namespace, engine: Engine, report: Report, stdout: TextIO) -> int:
    from outrider.output import Options, renderer
    from outrider.output.text import summary

    report.rules = engine.rules() if args.format in ("json", "sarif") or args.statistics else {}
    options = Options(
        show_source=args.show_source, statistics=args.statistics, root=engine.settings.root
    )
    _emit(renderer(args.format)(report, options), args.output, stdout)
    if not args.quiet:
        print(summary(report), file=sys.stderr)
    reported = bool(report.result.findings or report.result.errors)
    return EXIT_FINDINGS if reported and not args.exit_zero else EXIT_OK


def cmd_check(args: argparse.Namespace, stdout: TextIO) -> int:
    from outrider.suppress import Baseline, write_baseline

    engine = _engine(args)
    baseline = Baseline(args.baseline) if args.baseline else None
    report = engine.run(args.paths or ["."], jobs=args.jobs, baseline=baseline)
    if args.write_baseline:
        n = write_baseline(
            args.write_baseline, ((f, f.fingerprint) for f in report.result.findings)
        )
        if not args.quiet:
            print(f"wrote {n} findings to {args.write_baseline}", file=sys.stderr)
        return EXIT_OK
    return _report(args, engine, report, stdout)


def cmd_fix(args: argparse.Namespace, stdout: TextIO) -> int:
    from outrider.engine import default_jobs
    from outrider.fixing import fix_all
    from outrider.suppress import Baseline

    engine = _engine(args)
    baseline = Baseline(args.baseline) if args.baseline else None
    paths = args.paths or ["."]
    jobs = args.jobs or default_jobs()
    report = engine.run(paths, jobs=jobs, baseline=baseline)
    outcomes = fix_all(
        report.result.findings,
        unsafe=engine.settings.unsafe_fixes,
        write=not args.diff,
        jobs=jobs,
        max_size=engine.settings.max_file_size,
        settings=engine.settings,
    )
    for outcome in outcomes:
        for note in outcome.notes:
            print(f"{outcome.path}: {note}", file=sys.stderr)
    if args.diff:
        diffs = "".join(o.diff for o in outcomes)
        stdout.write(diffs)
        return EXIT_FINDINGS if diffs else EXIT_OK
    changed = sorted(o.path for o in outcomes if o.changed)
    before = len(report.result.findings)
    if changed:
        # Re-check the rewritten files; the others' findings stand as they were.
        again = engine.run(
            changed, jobs=jobs, baseline=Baseline(args.baseline) if baseline else None
        )
        kept = [f for f in report.result.findings if f.path not in set(changed)]
        report.result.findings = sorted(kept + again.result.findings)
        errors = [e for e in report.result.errors if e.path not in set(changed)]
        report.result.errors = sorted(errors + again.result.errors)
    report.result.errors.extend(o.error for o in outcomes if o.error is not None)
    report.result.sort()
    fixed = before - len(report.result.findings)
    if not args.quiet:
        print(
            f"fixed {max(fixed, 0)} finding{'s' if fixed != 1 else ''} in {len(changed)} "
            f"file{'s' if len(changed) != 1 else ''}",
            file=sys.stderr,
        )
    status = _report(args, engine, report, stdout)
    # pre-commit convention: a hook that changed files fails, so the user sees the change.
    return EXIT_FINDINGS if changed and not args.exit_zero else status


def cmd_rules(args: argparse.Namespace, stdout: TextIO) -> int:
    from outrider.config import Settings
    from outrider.engine import Engine
    from outrider.registry import check_classes

    settings = Settings()
    engine = Engine(settings, [cls(settings) for cls in check_classes(args.checks)])
    rules = sorted(engine.rules().values(), key=lambda r: r.code)
    if args.format == "json":
        doc = [
            {
                "code": r.code,
                "name": r.name,
                "summary": r.summary,
                "check": r.check,
                "severity": r.severity.name,
                "confidence": r.confidence.name,
                "cwe": r.cwe,
                "fix": r.fix or None,
                "url": r.url,
            }
            for r in rules
        ]
        stdout.write(json.dumps(doc, indent=2) + "\n")
        return EXIT_OK
    rows = [("CODE", "NAME", "SEVERITY", "CWE", "FIX", "CHECK")]
    for r in rules:
        severity = r.severity.name.lower() if r.severity else "-"
        rows.append(
            (r.code, r.name, severity, f"CWE-{r.cwe}" if r.cwe else "-", r.fix or "-", r.check)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        stdout.write("  ".join([*cells, row[-1]]) + "\n")
    return EXIT_OK


def cmd_docs(args: argparse.Namespace, stdout: TextIO) -> int:
    from outrider.docgen import render_pages, write_pages

    pages = render_pages()
    if args.verify:
        stale = write_pages(pages, args.output_dir, dry_run=True)
        for name in stale:
            stdout.write(f"{os.path.join(args.output_dir, name)} is out of date\n")
        return EXIT_FINDINGS if stale else EXIT_OK
    changed = write_pages(pages, args.output_dir)
    stdout.write(f"{len(pages)} pages in {args.output_dir}, {len(changed)} changed\n")
    return EXIT_OK


def cmd_pytest_warnings(args: argparse.Namespace, stdout: TextIO) -> int:
    from outrider.checks.warnings.pytest_run import main as pytest_warnings_main

    return pytest_warnings_main(args, stdout)


def cmd_upstream(args: argparse.Namespace, stdout: TextIO) -> int:
    from outrider.upstream import export

    plan = export(args.code, args.bandit_id, args.into, copyright_line=args.copyright)
    for warning in plan.warnings:
        print(f"outrider: warning: {warning}", file=sys.stderr)
    if args.dry_run:
        stdout.write(plan.diff())
        return EXIT_OK
    changed = plan.write()
    if not changed:
        stdout.write(f"{args.into}: nothing to change, the export is already there\n")
        return EXIT_OK
    for rel in changed:
        stdout.write(f"{'created' if plan.files[rel][0] is None else 'updated'} {rel}\n")
    stdout.write(
        f"example from {plan.example_source}; reinstall the tree (pip install -e .) so that "
        "its entry points list the plugin, then run there: "
        f"python -m pytest tests/functional/test_functional.py -k {plan.test_name}\n"
    )
    return EXIT_OK


COMMANDS = {
    "check": cmd_check,
    "fix": cmd_fix,
    "rules": cmd_rules,
    "docs": cmd_docs,
    "pytest-warnings": cmd_pytest_warnings,
    "upstream": cmd_upstream,
}


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
    out = stdout if stdout is not None else sys.stdout
    try:
        return COMMANDS[args.command](args, out)
    except ConfigError as exc:
        print(f"outrider: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # e.g. --output into a missing directory
        print(f"outrider: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def console_main() -> int:
    try:
        return main()
    except KeyboardInterrupt:
        print("outrider: interrupted", file=sys.stderr)
        return 130
