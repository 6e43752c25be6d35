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
        with_ours, without, floor = [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            with_ours.append(cpu_seconds(base, stdlib))
            without.append(cpu_seconds([*base, "-s", ",".join(ids)], stdlib))
            if args.floor:
                floor.append(cpu_seconds([sys.executable, "-c", _FLOOR, *base[1:]], stdlib))
            print(f"  round {len(with_ours)}: {time.perf_counter() - start:.0f}s", file=sys.stderr)
        extra = min(with_ours) / min(without) - 1
        print(
            f"bandit -r stdlib CPU: with outrider's {len(ids)} plugins {min(with_ours):.2f}s, "
            f"without {min(without):.2f}s: plugins cost {extra * 100:+.1f}% of Bandit's own time"
        )
        if floor:
            print(
                f"  of which Bandit calling checks that return at once: {min(floor):.2f}s, "
                f"{(min(floor) / min(without) - 1) * 100:+.1f}%"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
