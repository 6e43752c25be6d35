"""Rule metadata: from outrider's plugin modules, Bandit's own tests, and fixer entry points.

An outrider Bandit plugin module states its metadata with Bandit's own vocabulary, so the
module can move upstream unchanged::

    SEVERITY = bandit.HIGH
    CONFIDENCE = bandit.HIGH
    CWE = issue.Cwe.IMPROPER_CERT_VALIDATION

and its docstring is the rule's page (see :mod:`outrider.ruledoc`).
"""

from __future__ import annotations

import functools
import importlib.metadata
import sys
from types import ModuleType
from typing import Any

from outrider.model import Level, Rule

SAFE_FIXES_GROUP = "outrider.fixes"
UNSAFE_FIXES_GROUP = "outrider.unsafe_fixes"


@functools.cache
def fix_kinds() -> dict[str, str]:
    """Code -> "safe" or "unsafe", read from entry-point names (imports nothing).

    A code with both kinds of fixer counts as safe: ``outrider fix`` has something to do.
    """
    kinds = {ep.name: "unsafe" for ep in importlib.metadata.entry_points(group=UNSAFE_FIXES_GROUP)}
    kinds.update(
        {ep.name: "safe" for ep in importlib.metadata.entry_points(group=SAFE_FIXES_GROUP)}
    )
    return kinds


def fixable_codes(unsafe: bool = False) -> frozenset[str]:
    """Codes that ``outrider fix`` rewrites (with ``--unsafe-fixes`` when ``unsafe``)."""
    return frozenset(c for c, kind in fix_kinds().items() if unsafe or kind == "safe")


def plugin_module(func: Any) -> ModuleType | None:
    return sys.modules.get(getattr(func, "__module__", ""))


def is_own_plugin(func: Any) -> bool:
    return str(getattr(func, "__module__", "")).startswith("outrider.plugins.")


def own_rule(name: str, func: Any) -> Rule:
    """The Rule of an outrider plugin, from its module's constants and docstring."""
    from outrider.checks.bandit import DOCS_URL
    from outrider.ruledoc import parse

    module = plugin_module(func)
    doc = parse(getattr(module, "__doc__", None) or "")
    code = func._test_id
    cwe = getattr(module, "CWE", None)
    return Rule(
        code=code,
        name=name,
        summary=doc.title,
        check="bandit",
        severity=Level.parse(getattr(module, "SEVERITY", "UNDEFINED")),
        confidence=Level.parse(getattr(module, "CONFIDENCE", "UNDEFINED")),
        cwe=int(cwe) if cwe else None,
        fix=fix_kinds().get(code, ""),
        url=DOCS_URL.format(code=code),
        doc=doc.markdown(),
    )


def bandit_rules() -> list[Rule]:
    """Every test Bandit would run: its own, outrider's, and other installed plugins."""
    from bandit.core import docs_utils, extension_loader

    ext = extension_loader.MANAGER
    kinds = fix_kinds()
    rules: list[Rule] = []
    for code, plugin in ext.plugins_by_id.items():
        func = plugin.plugin
        if is_own_plugin(func):
            rules.append(own_rule(plugin.name, func))
            continue
        module = plugin_module(func)
        title = _first_title(module.__doc__ if module else None) or plugin.name
        own_bandit = str(getattr(func, "__module__", "")).startswith("bandit.")
        rules.append(
            Rule(
                code=code,
                name=plugin.name,
                summary=title,
                check="bandit",
                fix=kinds.get(code, ""),
                url=docs_utils.get_url(code) if own_bandit else "",
            )
        )
    for code, item in ext.blacklist_by_id.items():
        rules.append(
            Rule(
                code=code,
                name=str(item["name"]),
                summary=str(item["message"]).replace("{name}", str(item["name"])),
                check="bandit",
                severity=Level.parse(str(item.get("level", "MEDIUM"))),
                cwe=_cwe(item.get("cwe")),
                fix=kinds.get(code, ""),
                url=docs_utils.get_url(code),
            )
        )
    return sorted(rules, key=lambda r: r.code)


def _cwe(value: Any) -> int | None:
    """Bandit stores a CWE as an int in blacklists and as a Cwe object on issues."""
    number = getattr(value, "id", value)
    return int(number) if isinstance(number, int) and number > 0 else None


def _first_title(doc: str | None) -> str:
    """The title line of a Bandit-style RST docstring (``B101: Test for use of assert``)."""
    if not doc:
        return ""
    for line in doc.strip().splitlines():
        text = line.strip()
        if text and set(text) != {"="}:
            return text.split(":", 1)[1].strip() if ":" in text[:8] else text
    return ""


def documented_rule(
    doc: str,
    *,
    name: str,
    check: str,
    severity: Level,
    confidence: Level = Level.HIGH,
    cwe: int | None = None,
) -> Rule:
    """A Rule of a non-Bandit check, documented by an RST text in the shape
    :mod:`outrider.ruledoc` describes (its title line gives the code and summary)."""
    from outrider.checks.bandit import DOCS_URL
    from outrider.ruledoc import parse

    parsed = parse(doc)
    if not parsed.code:
        raise ValueError(f"rule {name!r}: the documentation title must start with its code")
    return Rule(
        code=parsed.code,
        name=name,
        summary=parsed.title,
        check=check,
        severity=severity,
        confidence=confidence,
        cwe=cwe,
        fix=fix_kinds().get(parsed.code, ""),
        url=DOCS_URL.format(code=parsed.code),
        doc=parsed.markdown(),
    )
