"""Precision, recall and cost of the offline typosquat check (``outrider.checks.pins.typosquat``).

1. (a) The bundled list against itself: every popular name, treated as unknown, is compared
   with the rest of the list. The share flagged is what a legitimate project named like a
   popular one would suffer; the examples show which look-alikes the rules must handle.
2. (b) Real dependencies: every distribution in the given virtualenvs (or site-packages
   directories) and every name in their ``Requires-Dist`` metadata, read with
   ``importlib.metadata`` (nothing is imported or run). Every name reported is a false
   positive unless it is a real squat.
3. (c) Known squats from published incidents (table below, each with where it is documented):
   caught with the right target, caught as another target, missed; split between squats of
   projects in the ranking and of projects outside it.
4. (d) Optional: any file of project names (one per line, or a table whose first column is
   the name), e.g. a sample of PyPI's project list. Not ground truth (PyPI holds squats and
   junk too): the share flagged bounds the false-positive rate from above.
5. Cost, in this one run: reading the list; building the tables on the first name that is not
   in it; the time per name, listed or not; and, as the peer, the distance from the same names
   to each of the 5,000 most downloaded names of a similar length (no index): the ratio.

    python benchmarks/typosquat.py --venv /path/to/venv [--venv ...] [--names FILE]
        [--sample N] [--details flagged.tsv]
"""

from __future__ import annotations

import argparse
import collections
import importlib.metadata
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from outrider.checks.pins import typosquat

SKCSIRT = "SK-CSIRT advisory skcsirt-sa-20170909-pypi (Sep 2017), in pyupio/safety-db#2254"
DATADOG = "DataDog/malicious-software-packages-dataset, samples/pypi/manifest.json"
OSSF = "ossf/malicious-packages, osv/malicious/pypi/{name}/"

# (name as published, project it imitates, where the incident is documented)
KNOWN_SQUATS: list[tuple[str, str, str]] = [
    # 2017: the first publicized PyPI typosquats.
    ("setup-tools", "setuptools", SKCSIRT),
    ("urlib3", "urllib3", SKCSIRT),
    ("urllib", "urllib3", SKCSIRT),
    ("acqusition", "acquisition", SKCSIRT),
    ("crypt", "crypto", SKCSIRT),
    ("apidev-coop", "apidev-coop-cms", SKCSIRT),
    ("django-server", "django-server-guardian-api", SKCSIRT),
    ("bzip", "bz2file", SKCSIRT),
    ("pwd", "pwdhash", SKCSIRT),
    ("telnet", "telnetsrvlib", SKCSIRT),
    # 2018-2019
    ("colourama", "colorama", "bertusk.medium.com, 'Detecting Cyber Attacks in PyPI' (Oct 2018)"),
    ("python3-dateutil", "python-dateutil", "dateutil/dateutil#984 (Dec 2019)"),
    ("jeIlyfish", "jellyfish", "jamesturk/jellyfish#126 (Dec 2019)"),
    # 2021-2025
    ("maratlib", "matplotlib", "openwrt/packages#15942, citing Ars Technica (Jun 2021)"),
    ("aiohttps", "aiohttp", "pypi/warehouse#9924 (Aug 2021)"),
    ("ntlk", "nltk", "pypi/support#1468 (Nov 2021)"),
    ("python-dateutils", "python-dateutil", "tuna/issues#1784, citing Sonatype (2022)"),
    ("solanapy", "solana", "michaelhly/solana-py#285 (Aug 2022)"),
    ("equests", "requests", OSSF.format(name="equests") + " (Checkmarx, ossf PR #145)"),
    ("loquru", "loguru", "Delgan/loguru#1363 and " + OSSF.format(name="loquru") + " (2025)"),
    ("termncolor", "termcolor", DATADOG + " (ZiChatBot, Jul 2025)"),
    # The DataDog dataset's PyPI samples that imitate a popular name by eye.
    *(
        (name, target, DATADOG)
        for name, target in [
            ("aiiohttp", "aiohttp"),
            ("aiohtttp", "aiohttp"),
            ("beautifulsup4", "beautifulsoup4"),
            ("bo3to", "boto3"),
            ("voto3", "boto3"),
            ("botoceor", "botocore"),
            ("botocote", "botocore"),
            ("btoocore", "botocore"),
            ("colorara", "colorama"),
            ("coloroma", "colorama"),
            ("colotama", "colorama"),
            ("colouramas", "colorama"),
            ("colurama", "colorama"),
            ("cryptograohy", "cryptography"),
            ("cryptographz", "cryptography"),
            ("deepseeek", "deepseek"),
            ("detecron2", "detectron2"),
            ("djangoo", "django"),
            ("ffmpge", "ffmpeg"),
            ("flsak", "flask"),
            ("huggingface-hubs", "huggingface-hub"),
            ("huggingfaces-hub", "huggingface-hub"),
            ("importlib-metadate", "importlib-metadata"),
            ("importlib-resource", "importlib-resources"),
            ("importlibs-resource", "importlib-resources"),
            ("importlibs-resources", "importlib-resources"),
            ("kers", "keras"),
            ("kersa", "keras"),
            ("lightgmb", "lightgbm"),
            ("matlibplot", "matplotlib"),
            ("matplotlibp", "matplotlib"),
            ("numoy", "numpy"),
            ("pckaging", "packaging"),
            ("pyautogiu", "pyautogui"),
            ("pygaem", "pygame"),
            ("python-dateuti", "python-dateutil"),
            ("python-flask", "flask"),
            ("python3-flask", "flask"),
            ("pythonhttpx", "httpx"),
            ("pytorch-lighting", "pytorch-lightning"),
            ("pytroch", "pytorch"),
            ("pyyal", "pyyaml"),
            ("r3quests", "requests"),
            ("r4quests", "requests"),
            ("req7ests", "requests"),
            ("req8ests", "requests"),
            ("reeuests", "requests"),
            ("requ-sts", "requests"),
            ("requesfs", "requests"),
            ("requesgt", "requests"),
            ("requesks", "requests"),
            ("requesqs", "requests"),
            ("requesrts", "requests"),
            ("requeste", "requests"),
            ("requestn", "requests"),
            ("requestr", "requests"),
            ("requestw", "requests"),
            ("requesuts", "requests"),
            ("requesxs", "requests"),
            ("requesxt", "requests"),
            ("requesxts", "requests"),
            ("requetses", "requests"),
            ("requfsts", "requests"),
            ("requstsss", "requests"),
            ("requzsts", "requests"),
            ("reuquests", "requests"),
            ("dequests", "requests"),
            ("fequests", "requests"),
            ("gequests", "requests"),
            ("rfquests", "requests"),
            ("tequests", "requests"),
            ("s4transfer", "s3transfer"),
            ("seabonr", "seaborn"),
            ("selenim", "selenium"),
            ("setuptolos", "setuptools"),
            ("simplyjson", "simplejson"),
            ("sklearns", "sklearn"),
            ("sphinx-rdt-theme", "sphinx-rtd-theme"),
            ("sphinx-rtd-themes", "sphinx-rtd-theme"),
            ("tensrflow", "tensorflow"),
            ("tiketoken", "tiktoken"),
            ("tktoken", "tiktoken"),
            ("torchs-visions", "torchvision"),
            ("torchvisions", "torchvision"),
            ("torhc", "torch"),
            ("ttensorflow-gpu", "tensorflow-gpu"),
            ("type-extension", "typing-extensions"),
            ("typing-extension", "typing-extensions"),
            ("typing-extnesions", "typing-extensions"),
            ("ulrlib3", "urllib3"),
            ("urllb", "urllib3"),
            ("urlllib", "urllib3"),
        ]
    ),
]

_SEPARATORS = re.compile(r"[-_.]+")


def normalize(name: str) -> str:
    return _SEPARATORS.sub("-", name).lower()


def site_packages(venv: Path) -> list[str]:
    found = sorted(str(p) for p in venv.glob("lib/python*/site-packages"))
    found += sorted(str(p) for p in venv.glob("Lib/site-packages"))
    return found or [str(venv)]


def requirement_names(paths: Sequence[str]) -> tuple[int, set[str]]:
    """(number of distributions, every distribution and requirement name) under ``paths``."""
    names: set[str] = set()
    count = 0
    for dist in importlib.metadata.distributions(path=list(paths)):
        count += 1
        name = dist.metadata["Name"]
        if name:
            names.add(normalize(name))
        for line in dist.requires or []:
            try:
                names.add(normalize(Requirement(line).name))
            except InvalidRequirement:
                print(f"  {name}: unparsable requirement {line!r}", file=sys.stderr)
    return count, names


def read_names(path: Path) -> list[str]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        field = line.split("\t", 1)[0].split(",", 1)[0].strip()
        if field and not field.startswith("#") and field.lower() not in ("name", "project"):
            names.append(field)
    return names


def brute_force(name: str, targets: Sequence[str]) -> tuple[str, int] | None:
    """The peer: the distance to every popular name of a similar length (no index)."""
    best = None
    for target in targets:
        if abs(len(target) - len(name)) <= 2:
            d = typosquat.osa_distance(name, target)
            if 0 < d <= 2 and (best is None or d < best[1]):
                best = (target, d)
    return best


def per_name_us(names: Iterable[str], repeat: int = 3) -> float:
    names = list(names)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for n in names:
            typosquat.find_squat(n)
        best = min(best, time.perf_counter() - start)
    return best / max(len(names), 1) * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, action="append", default=[], help="a virtualenv")
    parser.add_argument("--names", type=Path, help="file of project names to screen")
    parser.add_argument("--sample", type=int, default=0, help="screen this many of --names")
    parser.add_argument("--details", type=Path, help="write every flagged name here")
    parser.add_argument("--examples", type=int, default=25, help="examples printed per part")
    args = parser.parse_args(argv)
    details: list[str] = []
    rng = random.Random(0)  # nosec B311 - picks examples to print, nothing secret

    start = time.perf_counter()
    typosquat.find_squat("requests")
    read_ms = (time.perf_counter() - start) * 1e3
    start = time.perf_counter()
    typosquat.find_squat("not-a-popular-name")
    build_ms = (time.perf_counter() - start) * 1e3
    index = typosquat._index()  # the benchmark measures the private index
    ranked = list(index.rank)
    print(
        f"bundled list: {len(ranked)} names; first look-up (reads the list): {read_ms:.1f} ms; "
        f"first look-up of a name not in it (builds the tables): {build_ms:.1f} ms"
    )

    # (a) the list against itself
    start = time.perf_counter()
    hits = [(n, index.match(n)) for n in ranked]
    a_us = (time.perf_counter() - start) / len(ranked) * 1e6
    flagged = [(n, m) for n, m in hits if m is not None]
    print(
        f"\n(a) list against itself: {len(flagged)} of {len(ranked)} popular names "
        f"({100 * len(flagged) / len(ranked):.1f}%) resemble another one ({a_us:.0f} us/name)"
    )
    by_pattern = collections.Counter(m[1] for _, m in flagged)
    print("    by pattern: " + ", ".join(f"{p} {c}" for p, c in by_pattern.most_common()))
    for n, m in rng.sample(flagged, min(args.examples, len(flagged))):
        print(f"    {n} (#{index.rank[n]}) -> {m[0]} (#{index.rank[m[0]]}) {m[1]}")
    details += [f"a\t{n}\t{m[0]}\t{m[1]}" for n, m in flagged]

    # (b) real dependencies
    for venv in args.venv:
        count, names = requirement_names(site_packages(venv))
        unknown = sorted(n for n in names if n not in index.rank)
        reported = {n: typosquat.find_squat(n) for n in unknown}
        fps = [s for s in reported.values() if s is not None]
        print(
            f"\n(b) {venv.name}: {count} distributions, {len(names)} distinct names, "
            f"{len(names) - len(unknown)} in the list, {len(unknown)} not; flagged "
            f"{len(fps)} ({100 * len(fps) / max(len(names), 1):.1f}% of all names, "
            f"{100 * len(fps) / max(len(unknown), 1):.1f}% of those not in the list)"
        )
        for s in fps:
            print(f"    {s.normalized} -> {s.target} (#{s.target_rank}) {s.pattern}")
            details.append(f"b\t{s.normalized}\t{s.target}\t{s.pattern}")
        silent = ", ".join(n for n, s in reported.items() if s is None)
        print(f"    not in the list, not flagged: {silent}")

    # (c) known squats
    outcome: collections.Counter[tuple[bool, str]] = collections.Counter()
    notes = []
    for name, target, _source in KNOWN_SQUATS:
        squat = typosquat.find_squat(name)
        scope = normalize(target) in index.rank
        if squat is None:
            result = "missed"
            notes.append(f"{name}: missed ({target}{'' if scope else ', not in the ranking'})")
        elif squat.target == normalize(target):
            result = "right target"
        else:
            result = "other target"
            notes.append(f"{name}: reported as a squat of {squat.target}, imitates {target}")
        outcome[scope, result] += 1
    for scope in (True, False):
        total = sum(c for (s, _), c in outcome.items() if s == scope)
        label = "target in the ranking" if scope else "target not in the ranking"
        counts = ", ".join(f"{r} {outcome[scope, r]}" for r in ("right target", "other target"))
        print(f"\n(c) {total} known squats, {label}: {counts}, missed {outcome[scope, 'missed']}")
    print("    missed, or reported as a squat of another project:")
    for line in notes:
        print(f"    {line}")
    tp_us = per_name_us(n for n, _, _ in KNOWN_SQUATS)

    # (d) any list of names
    if args.names:
        names = [normalize(n) for n in read_names(args.names)]
        names = [n for n in names if n not in index.rank]
        if args.sample and len(names) > args.sample:
            names = rng.sample(names, args.sample)
        start = time.perf_counter()
        screened = [typosquat.find_squat(n) for n in names]
        d_us = (time.perf_counter() - start) / max(len(names), 1) * 1e6
        found = [s for s in screened if s is not None]
        print(
            f"\n(d) {args.names.name}: {len(found)} of {len(names)} names not in the list "
            f"flagged ({100 * len(found) / max(len(names), 1):.2f}%), {d_us:.0f} us/name"
        )
        pattern_counts = collections.Counter(s.pattern for s in found)
        print("    by pattern: " + ", ".join(f"{p} {c}" for p, c in pattern_counts.most_common()))
        for s in rng.sample(found, min(args.examples, len(found))):
            print(f"    {s.normalized} -> {s.target} (#{s.target_rank}) {s.pattern}")
        details += [f"d\t{s.normalized}\t{s.target}\t{s.pattern}" for s in found]

    # cost: index against brute force on the same names
    sample = rng.sample(ranked, 300)
    start = time.perf_counter()
    for n in sample:
        index.match(n)
    indexed = (time.perf_counter() - start) / len(sample) * 1e6
    targets = ranked[:5000]
    start = time.perf_counter()
    for n in sample[:20]:
        brute_force(n, targets)
    brute = (time.perf_counter() - start) / 20 * 1e6
    print(
        f"\ncost per name not in the list: {indexed:.0f} us through the index; {brute:.0f} us "
        f"for the distance to each of the top {len(targets)} names of a similar length "
        f"(brute force, same run): {brute / indexed:.0f}x; known squats {tp_us:.0f} us/name"
    )
    listed_us = per_name_us(ranked[:2000])
    print(f"cost per name in the list (the common case): {listed_us:.1f} us")
    if args.details:
        args.details.write_text("\n".join(details) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
