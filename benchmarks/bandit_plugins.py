"""Precision and cost of outrider's Bandit plugins on real code.

1. Precision: run every selected outrider rule over the running interpreter's standard
   library and over the site-packages of a virtualenv of popular packages; print counts per
   rule and corpus, and write every finding with its source line to a details file for a
   person to read as a true or false positive.
2. Cost: time ``bandit -r`` on the standard library with and without outrider's ids
   skipped (``-s``), in this one session, alternating; print the extra share.
3. Robustness: any "Bandit test ... raised" error from outrider's own plugins is counted.

    python benchmarks/bandit_plugins.py --venv /path/to/venv [--rules OUT5] [--repeat 3]

The virtualenv is created (and the packages below installed into it) when it does not
exist yet.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

POPULAR = [
    "requests",
    "django",
    "flask",
    "jinja2",
    "pyyaml",
    "numpy",
    "urllib3",
    "aiohttp",
    "lxml",
    "sqlalchemy",
    "httpx",
    "pyjwt",
    "python-jose",
    "ruamel.yaml",
    "joblib",
    "cloudpickle",
    "pycryptodome",
    "starlette",
    "fastapi",
    "flask-cors",
    "django-cors-headers",
    "werkzeug",
    "pyopenssl",
]


def ensure_venv(venv: Path) -> Path:
    if not (venv / "pyvenv.cfg").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *POPULAR], check=True)
    found = sorted(venv.glob("lib/python*/site-packages"))
    if not found:
        sys.exit(f"{venv}: no site-packages directory")
    return found[0]


def bin_of(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def run_outrider(tree: Path, select: str, tmp: Path, exclude: list[str]) -> dict[str, object]:
    config = tmp / "outrider.toml"
    # Only the given excludes: the default ones would skip the venv's site-packages.
    codes = [code.strip() for code in select.split(",") if code.strip()]
    config.write_text(f"exclude = {json.dumps(exclude)}\nselect = {json.dumps(codes)}\n")
    out = tmp / "out.json"
    subprocess.run(
        [
            bin_of("outrider"),
            "check",
            str(tree),
            "--config",
            str(config),
            "--check",
            "bandit",
            "--format",
            "json",
            "--output",
            str(out),
            "-q",
        ],
        check=False,
    )
    doc: dict[str, object] = json.loads(out.read_text())
    return doc


def source_line(path: str, line: int) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, text in enumerate(f, start=1):
                if n == line:
                    return text.strip()
    except OSError:
        pass
    return ""


def cpu_seconds(cmd: list[str], cwd: Path) -> float:
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


#: ``bandit`` with every outrider check replaced by one that returns at once (same id,
#: same node types): what Bandit itself spends calling the checks.
_FLOOR = """
import sys
from bandit.core import extension_loader

def _returns_at_once(check):
    def check_nothing(context, *config):
        return None
    for name in ("__name__", "_test_id", "_checks"):
        setattr(check_nothing, name, getattr(check, name))
    return check_nothing

for extension in extension_loader.MANAGER.plugins:
    if extension.plugin.__module__.startswith("outrider."):
        extension.plugin = _returns_at_once(extension.plugin)
from bandit.cli.main import main
sys.argv[0] = "bandit"
sys.exit(main())
"""


#: ``bandit`` with its tester building each node's check context once, not once per
#: (check, node) pair: copying the context dict and wrapping it in a ``Context`` is most
#: of what Bandit spends on a check that finds nothing. Measures what a change to Bandit's
#: ``BanditTester.run_tests`` would leave of the plugins' cost; the checks and the
#: results are Bandit's own, unchanged.
_SHARED_CONTEXT = """
import sys
from bandit.core import context, tester


class _OncePerNode:
    # run_tests gets a new raw context dict for every node, and the same one for every
    # check on that node: copy it (and wrap the copy) when a different one comes in.
    def __init__(self):
        self.raw = self.wrapped = None
        self.copied = {}

    def copy(self, raw):
        if raw is not self.raw:
            self.raw, self.copied = raw, dict(raw)
            self.wrapped = context.Context(self.copied)
        return self.copied

    def Context(self, copied):
        return self.wrapped if copied is self.copied else context.Context(copied)


tester.copy = tester.b_context = _OncePerNode()
from bandit.cli.main import main
sys.argv[0] = "bandit"
sys.exit(main())
"""

#: node types whose checks Bandit's visitor runs, of those outrider's checks register for
#: (``visit_ClassDef`` runs none)
_DISPATCHED = (
    "Call",
    "Assign",
    "AnnAssign",
    "keyword",
    "FunctionDef",
    "AsyncFunctionDef",
    "Compare",
)


def check_calls(tree: Path, exclude: str) -> tuple[dict[str, int], int]:
    """(registrations per node type, (check, node) pairs) of outrider's checks on ``tree``:
    how many times Bandit calls one of them."""
    import ast

    from bandit.core import extension_loader

    registered: collections.Counter[str] = collections.Counter()
    for extension in extension_loader.MANAGER.plugins:
        if extension.plugin.__module__.startswith("outrider."):
            registered.update(extension.plugin._checks)
    nodes: collections.Counter[str] = collections.Counter()
    for path in tree.rglob("*.py"):
        if path.is_relative_to(tree / exclude):
            continue
        try:
            parsed = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        nodes.update(type(node).__name__ for node in ast.walk(parsed))
    pairs = sum(registered[kind] * nodes[kind] for kind in _DISPATCHED)
    return {kind: registered[kind] for kind in _DISPATCHED if registered[kind]}, pairs


def own_ids() -> list[str]:
    from bandit.core import extension_loader

    return sorted(
        i
        for i, p in extension_loader.MANAGER.plugins_by_id.items()
        if p.plugin.__module__.startswith("outrider.")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument(
        "--rules",
        default="OUT",
        help="code prefix to measure, or several, comma-separated (OUT1,OUT510)",
    )
    parser.add_argument("--details", type=Path, default=Path("precision-details.txt"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-cost", action="store_true")
    parser.add_argument("--skip-precision", action="store_true", help="measure the cost only")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time a run where outrider's checks return at once: Bandit's own cost of "
        "calling them, which no plugin code can go below",
    )
    parser.add_argument(
        "--shared-context",
        action="store_true",
        help="also time both runs with Bandit building each node's check context once (a "
        "proposed change to Bandit's tester), and compare their findings",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="another tree to measure precision on (application code, say); repeatable",
    )
    args = parser.parse_args()

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    corpora = {"stdlib": stdlib, "site-packages": ensure_venv(args.venv)}
    for extra in args.extra:
        corpora[extra.name] = extra.resolve()
    counts: dict[str, collections.Counter[str]] = {}
    plugin_errors = 0
    if args.skip_precision:
        corpora = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        open(os.devnull if args.skip_precision else args.details, "w") as details,
    ):
        for label, tree in corpora.items():
            exclude = ["site-packages"] if label == "stdlib" else []
            doc = run_outrider(tree, args.rules, Path(tmp), exclude)
            findings = doc["findings"]
            errors = doc["errors"]
            if not isinstance(findings, list) or not isinstance(errors, list):
                sys.exit(f"{label}: unexpected JSON report from outrider")
            counts[label] = collections.Counter(f["code"] for f in findings)
            raised = [e for e in errors if "raised" in e["message"]]
            plugin_errors += len(raised)
            details.write(f"## {label}: {tree}\n")
            for f in sorted(findings, key=lambda f: (f["code"], f["path"], f["line"])):
                text = source_line(os.path.join(os.getcwd(), f["path"]), f["line"])
                details.write(f"{f['code']} {f['path']}:{f['line']}: {text}\n")
            for e in raised:
                details.write(f"PLUGIN ERROR {e['path']}:{e['line']}: {e['message']}\n")
    if corpora:
        codes = sorted(set().union(*counts.values()))
        print(f"{'code':<8}" + "".join(f"{label:>15}" for label in corpora))
        for code in codes:
            print(f"{code:<8}" + "".join(f"{counts[label][code]:>15}" for label in corpora))
        print(f"plugin errors: {plugin_errors}; details in {args.details}")

    if not args.skip_cost:
        ids = own_ids()
        base = [
            bin_of("bandit"),
            "-r",
            ".",
            "-x",
            "./site-packages",
            "-q",
            "-f",
            "json",
            "-o",
            os.devnull,
        ]
        skip = ["-s", ",".join(ids)]
        shared = [sys.executable, "-c", _SHARED_CONTEXT, *base[1:]]
        with_ours, without, floor, shared_with, shared_without = [], [], [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            with_ours.append(cpu_seconds(base, stdlib))
            without.append(cpu_seconds([*base, *skip], stdlib))
            if args.floor:
                floor.append(cpu_seconds([sys.executable, "-c", _FLOOR, *base[1:]], stdlib))
            if args.shared_context:
                shared_with.append(cpu_seconds(shared, stdlib))
                shared_without.append(cpu_seconds([*shared, *skip], stdlib))
            ratio = with_ours[-1] / without[-1] - 1
            print(
                f"  round {len(with_ours)}: {time.perf_counter() - start:.0f}s, "
                f"this round's cost {ratio * 100:+.1f}%",
                file=sys.stderr,
            )
        extra = min(with_ours) / min(without) - 1
        print(
            f"bandit -r stdlib CPU: with outrider's {len(ids)} plugins {min(with_ours):.2f}s, "
            f"without {min(without):.2f}s: plugins cost {extra * 100:+.1f}% of Bandit's own time"
        )
        if floor:
            kinds, pairs = check_calls(stdlib, "site-packages")
            print(
                f"  of which Bandit calling checks that return at once: {min(floor):.2f}s, "
                f"{(min(floor) / min(without) - 1) * 100:+.1f}%: {pairs:,} calls of "
                f"outrider's checks ({', '.join(f'{n} on {k}' for k, n in kinds.items())}), "
                f"{(min(floor) - min(without)) / pairs * 1e6:.2f} us each"
            )
        if shared_with:
            print(
                f"with Bandit building each node's context once: with {min(shared_with):.2f}s, "
                f"without {min(shared_without):.2f}s: plugins cost "
                f"{(min(shared_with) / min(shared_without) - 1) * 100:+.1f}%; Bandit's own "
                f"time {(min(shared_without) / min(without) - 1) * 100:+.1f}%"
            )
            same, count = same_findings(base, shared, stdlib)
            print(f"  reports the same {count} findings as Bandit unchanged: {same}")
    return 0


def same_findings(base: list[str], shared: list[str], tree: Path) -> tuple[bool, int]:
    """Whether Bandit with the shared context reports exactly what Bandit does, and how
    many findings Bandit reports."""
    with tempfile.TemporaryDirectory() as tmp:
        outputs = []
        for n, run in enumerate((base, shared)):
            out = os.path.join(tmp, f"{n}.json")
            # exits 1 when it finds something: the report is what is compared
            subprocess.run(
                [*run[: run.index("-o")], "-o", out],
                check=False,
                cwd=tree,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            with open(out, encoding="utf-8") as f:
                report = json.load(f)
            outputs.append(
                (
                    sorted(json.dumps(r, sort_keys=True) for r in report["results"]),
                    sorted(json.dumps(e, sort_keys=True) for e in report["errors"]),
                )
            )
        return outputs[0] == outputs[1], len(outputs[0][0])


if __name__ == "__main__":
    sys.exit(main())
