"""The deprecated-API check (``DEP`` codes): standard-library and third-party APIs that are
deprecated or removed in the versions the project targets.

Detection uses the shared ``ast`` tree only (never libcst); the table, the resolver and the
package-version lookup are imported the first time a file needs them, so a pre-commit run
that imports this module pays for none of them up front.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from outrider.checks import Check
from outrider.files import is_python
from outrider.model import ConfigError, FileError, Finding, Level, Result, Rule

if TYPE_CHECKING:
    import ast

    from outrider.checks.deprecations.detect import Hit
    from outrider.checks.deprecations.index import Index
    from outrider.checks.deprecations.packages import PackageVersions
    from outrider.files import SourceFile

SEVERITY = {
    "DEP101": Level.HIGH,
    "DEP102": Level.MEDIUM,
    "DEP103": Level.LOW,
    "DEP104": Level.LOW,
    "DEP201": Level.HIGH,
    "DEP202": Level.MEDIUM,
    "DEP203": Level.LOW,
}


class DeprecationsCheck(Check):
    name = "deprecations"
    description = "Deprecated and removed standard-library and third-party APIs, for the targets"
    config_keys = ("soft", "packages")

    def configure(self, table: Mapping[str, Any]) -> None:
        soft = table.get("soft", False)
        if not isinstance(soft, bool):
            raise ConfigError(
                f"tool.outrider.deprecations.soft: expected true or false, got {soft!r}"
            )
        # Naming DEP104 itself (not a prefix of it) also turns soft deprecations on.
        self.soft: bool = soft or self.settings.names_exactly("DEP104")
        packages = table.get("packages", {})
        if not isinstance(packages, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in packages.items()
        ):
            raise ConfigError(
                "tool.outrider.deprecations.packages: expected a table of "
                f'package = "version", got {packages!r}'
            )
        self.packages: dict[str, str] = dict(packages)
        self.targets = frozenset(self.settings.target_versions)
        self._index: Index | None = None
        self._versions: PackageVersions | None = None

    def wants(self, path: str) -> bool:
        return is_python(path)

    def rules(self) -> list[Rule]:
        from outrider.checks.deprecations.rules import rules

        return rules(self.name)

    def prepare(self) -> None:
        self.index()

    def index(self) -> Index:
        if self._index is None:
            from outrider.checks.deprecations.index import default_index

            self._index = default_index()
        return self._index

    def package_versions(self) -> PackageVersions:
        if self._versions is None:
            from outrider.checks.deprecations.packages import PackageVersions

            self._versions = PackageVersions(self.settings.root, self.packages)
        return self._versions

    def check_file(self, source: SourceFile) -> Result:
        tree = source.tree()
        if isinstance(tree, FileError):
            return Result(errors=[tree])
        text = source.text()
        if isinstance(text, FileError):  # pragma: no cover - tree() already failed then
            return Result(errors=[text])
        try:
            found = self.findings(source.path, tree, text)
        except RecursionError:
            return Result(
                errors=[
                    FileError(
                        source.path,
                        "too deeply nested to check for deprecated APIs; not checked",
                        check=self.name,
                    )
                ]
            )
        return Result([f for _, f in found])

    def findings(self, path: str, tree: ast.Module, text: str) -> list[tuple[Hit, Finding]]:
        """Every finding in one parsed file, with the use it comes from."""
        from outrider.checks.deprecations.detect import detector_for

        detector = detector_for(text, self.index(), self.targets, soft=self.soft)
        if detector is None:
            return []
        out: list[tuple[Hit, Finding]] = []
        seen: set[tuple[int, int, str]] = set()
        for hit in detector.run(tree):
            finding = self.judge(path, hit)
            if finding is None:
                continue
            key = (finding.line, finding.col, finding.code)
            if key in seen:
                continue
            seen.add(key)
            out.append((hit, finding))
        return out

    def judge(self, path: str, hit: Hit) -> Finding | None:
        from outrider.checks.deprecations.fixability import applicability
        from outrider.checks.deprecations.index import (
            TP_UNKNOWN,
            stdlib_verdict,
            thirdparty_verdict,
        )

        api = hit.api
        if api.package:
            version, origin = self.package_versions().get(api.package)
            verdict = thirdparty_verdict(api, version, origin, soft=self.soft)
        else:
            verdict = stdlib_verdict(api, hit.targets, soft=self.soft)
        if verdict is None:
            return None
        if hit.old_branch and verdict.code in ("DEP102", "DEP103", "DEP104"):
            return None  # the compatibility path of a version guard: only breakage counts
        message = verdict.message
        confidence = Level.HIGH
        if not hit.certain:
            confidence = Level.MEDIUM
            message += " (matched by the receiver's name or an unknown base class)"
        if verdict.code == TP_UNKNOWN:
            confidence = Level.MEDIUM if hit.certain else Level.LOW
        node = hit.node
        return Finding(
            path=path,
            line=hit.line,
            col=hit.col + 1,
            code=verdict.code,
            message=message,
            severity=SEVERITY[verdict.code],
            confidence=confidence,
            cwe=477,
            end_line=getattr(node, "end_lineno", None) or hit.line,
            end_col=(getattr(node, "end_col_offset", None) or 0) + 1,
            check=self.name,
            applicability=applicability(hit, verdict.code),
        )
