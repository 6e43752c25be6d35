"""Checks and fixers, found through their stevedore entry-point namespaces.

A broken entry point is an error that names it: Bandit quietly drops a plugin that fails
to import, so a typo in a plugin can turn a whole family of detections off unnoticed.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from outrider.model import ConfigError

if TYPE_CHECKING:
    from outrider.checks import Check
    from outrider.config import Settings

CHECKS_GROUP = "outrider.checks"


class LoadError(ConfigError):
    """An installed extension could not be loaded."""


def describe_entry_point(entry_point: Any, group: str = CHECKS_GROUP) -> str:
    """``name = module:attr from dist version`` (stevedore's cached entry points lack dist)."""
    dist = None
    for ep in importlib.metadata.entry_points(group=group):
        if ep.name == entry_point.name and ep.value == entry_point.value:
            dist = ep.dist
            break
    origin = f" from {dist.name} {dist.version}" if dist is not None else ""
    return f"{entry_point.name} = {entry_point.value}{origin}"


def check_names() -> list[str]:
    """Names of the installed checks, without importing them."""
    return sorted({ep.name for ep in importlib.metadata.entry_points(group=CHECKS_GROUP)})


def check_classes(names: Sequence[str] | None = None) -> list[type[Check]]:
    """Import the check classes (all, or those named), failing loudly on a broken one."""
    from stevedore import extension

    from outrider.checks import Check

    failures: list[str] = []

    def failed(_manager: Any, entry_point: Any, exc: BaseException) -> None:
        failures.append(
            f"check entry point '{describe_entry_point(entry_point)}' failed to load: "
            f"{type(exc).__name__}: {exc}"
        )

    manager: extension.ExtensionManager[Any] = extension.ExtensionManager(
        namespace=CHECKS_GROUP,
        invoke_on_load=False,
        on_load_failure_callback=failed,
    )
    classes: list[type[Check]] = []
    for ext in manager:
        if names is not None and ext.name not in names:
            continue
        cls = ext.plugin
        if not (isinstance(cls, type) and issubclass(cls, Check)):
            failures.append(
                f"check entry point '{describe_entry_point(ext.entry_point)}' is not a subclass of "
                "outrider.checks.Check"
            )
            continue
        if cls.name != ext.name:
            failures.append(
                f"check entry point '{describe_entry_point(ext.entry_point)}' names a class whose "
                f"name is {cls.name!r}"
            )
            continue
        classes.append(cls)
    if failures:
        raise LoadError("\n".join(failures))
    if names is not None:
        unknown = sorted(set(names) - {c.name for c in classes})
        if unknown:
            raise ConfigError(
                f"unknown check {', '.join(unknown)} (installed: {', '.join(check_names())})"
            )
    return sorted(classes, key=lambda c: c.name)


def load_checks(settings: Settings, names: Sequence[str] | None = None) -> list[Check]:
    return [cls(settings) for cls in check_classes(names)]
