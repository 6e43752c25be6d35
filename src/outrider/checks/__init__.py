"""The check interface. Every check is an ``outrider.checks`` entry point naming a subclass.

A check declares which files it wants (by path, so routing never reads a file), lists the
rules it can report, validates its own ``[tool.outrider.<name>]`` table, and turns one
:class:`~outrider.files.SourceFile` into findings and file errors. Checks run inside worker
processes; anything expensive belongs in :meth:`Check.prepare`, which runs once per worker.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from outrider.model import ConfigError, Result, Rule

if TYPE_CHECKING:
    from outrider.config import Settings
    from outrider.files import SourceFile


class Check(abc.ABC):
    #: Entry-point name; also the name of the check's configuration table.
    name: ClassVar[str]
    #: One line for ``outrider rules`` and the docs.
    description: ClassVar[str] = ""
    #: Keys accepted in ``[tool.outrider.<name>]``; validated by :meth:`configure`.
    config_keys: ClassVar[Sequence[str]] = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        table = settings.table(self.name)
        for key in table:
            if key not in self.config_keys:
                known = ", ".join(self.config_keys) or "none"
                raise ConfigError(
                    f"tool.outrider.{self.name}.{key}: unknown key (known keys: {known})"
                )
        self.configure(table)

    def configure(self, table: Mapping[str, Any]) -> None:  # noqa: B027 - optional hook
        """Validate and keep this check's table; raise ConfigError naming the key."""

    @abc.abstractmethod
    def wants(self, path: str) -> bool:
        """Whether this check reads ``path``; decided from the name alone."""

    @abc.abstractmethod
    def rules(self) -> list[Rule]:
        """Every rule this check can report."""

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Expensive set-up, done once in each process that runs the check."""

    @abc.abstractmethod
    def check_file(self, source: SourceFile) -> Result:
        """Findings and errors for one file. Must not raise for any input."""
