"""What a dependency file says, whatever its format: the check's input.

Every format parser turns one file into a :class:`Manifest`; the policy code in
:mod:`outrider.checks.pins.check` never looks at a format's own syntax.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from outrider.checks.pins.deps import Dep

#: A value's path in its document, as ``tomllib``/``json`` index it.
Where = tuple[str | int, ...]

#: Dependency kinds, which decide the pinning policy.
METADATA = "metadata"  # [project] dependencies / optional-dependencies, setup.cfg, poetry deps
GROUP = "group"  # [dependency-groups], poetry groups: development environments
BUILD = "build"  # [build-system] requires
REQUIREMENTS = "requirements"  # pip requirements / constraints files
PIPFILE = "pipfile"
HOOK = "hook"  # pre-commit additional_dependencies


@dataclasses.dataclass(slots=True)
class Declared:
    """A dependency declaration and where it belongs."""

    dep: Dep
    kind: str
    #: Human name of the list it is in (``project.dependencies``, ``Pipfile [packages]``).
    group: str
    #: A VCS reference given beside the URL (``rev``/``tag``/``branch``), uv/poetry/Pipfile.
    ref: str | None = None
    #: Where the value sits when it is not the start of the declaration (a ``rev`` key).
    ref_line: int = 0


def _no_position(path: Where) -> int:
    return 1


@dataclasses.dataclass(slots=True)
class Locked:
    """One package pinned by a lock file.

    Positions are kept as document paths and turned into lines only for what is reported:
    a lock file with nothing to report never pays for locating its values.
    """

    name: str
    where: Where
    resolve: Callable[[Where], int] = _no_position
    version: str | None = None
    #: "registry", "vcs", "url", "local" (path, directory, editable, virtual).
    source: str = "registry"
    url: str | None = None
    url_where: Where | None = None
    vcs: str | None = None
    #: The commit the lock resolved a VCS source to, if recorded.
    commit: str | None = None
    #: The lock lists artifacts (sdist, wheels, archive) for this package.
    has_artifacts: bool = True
    #: (algorithm, where) for every hash recorded, all artifacts together.
    hashes: list[tuple[str, Where]] = dataclasses.field(default_factory=list)
    #: Artifacts listed without any hash.
    unhashed: list[Where] = dataclasses.field(default_factory=list)
    #: Other URLs the entry points at (artifact URLs).
    urls: list[tuple[str, Where]] = dataclasses.field(default_factory=list)

    @property
    def line(self) -> int:
        return self.resolve(self.where)

    def line_of(self, where: Where | None) -> int:
        return self.resolve(where) if where is not None else self.line


@dataclasses.dataclass(slots=True)
class Index:
    """A place packages are downloaded from, as configured."""

    url: str
    line: int
    col: int = 1
    #: "index-url", "extra-index-url", "find-links", "uv-index", "poetry-source",
    #: "pdm-source", "pipenv-source", "lock-source", "pre-commit-repo".
    kind: str = "index-url"
    name: str | None = None
    #: Where it is, resolved to ``line`` only when reported (lock files).
    where: Where | None = None
    resolve: Callable[[Where], int] = _no_position

    def lineno(self) -> int:
        return self.resolve(self.where) if self.where is not None else self.line


@dataclasses.dataclass(slots=True)
class Ref:
    """A reference to someone else's code by a name that can move (tag, branch)."""

    #: "pre-commit" or "action".
    kind: str
    target: str
    ref: str | None
    line: int
    col: int = 1


@dataclasses.dataclass(slots=True)
class Issue:
    """A format-specific finding the parser can decide alone."""

    code: str
    line: int
    message: str
    col: int = 1
    #: Another file the finding belongs to (an included requirements file), if not this one.
    path: str | None = None


@dataclasses.dataclass(slots=True)
class Problem:
    """Something that makes (part of) the file unreadable: a file error."""

    line: int
    message: str
    col: int = 0
    path: str | None = None


@dataclasses.dataclass(slots=True)
class Manifest:
    path: str
    #: The format: "requirements", "pyproject", "setup.cfg", "Pipfile", "Pipfile.lock",
    #: "poetry.lock", "pdm.lock", "uv.lock", "pylock", "pre-commit", "workflow".
    format: str
    declared: list[Declared] = dataclasses.field(default_factory=list)
    locked: list[Locked] = dataclasses.field(default_factory=list)
    indexes: list[Index] = dataclasses.field(default_factory=list)
    refs: list[Ref] = dataclasses.field(default_factory=list)
    issues: list[Issue] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)
