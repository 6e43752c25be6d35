"""The pins check's rules: code, name, severity, CWE and the rule's page (RST).

Each *Example* block starts with a comment naming the file it belongs in; the tests write
it there and check that the Example is reported and the *Use instead* is not.
"""

from __future__ import annotations

import dataclasses
import functools

from outrider.model import Level, Rule

HIGH, MEDIUM, LOW = Level.HIGH, Level.MEDIUM, Level.LOW


@dataclasses.dataclass(frozen=True)
class Spec:
    name: str
    severity: Level
    confidence: Level
    cwe: int | None
    doc: str


def _refs(*links: str) -> str:
    return "\n".join(f"- `{text} <{url}>`__" for text, url in (link.split("|") for link in links))


CWE = {
    319: "CWE-319|https://cwe.mitre.org/data/definitions/319.html",
    295: "CWE-295|https://cwe.mitre.org/data/definitions/295.html",
    328: "CWE-328|https://cwe.mitre.org/data/definitions/328.html",
    427: "CWE-427|https://cwe.mitre.org/data/definitions/427.html",
    494: "CWE-494|https://cwe.mitre.org/data/definitions/494.html",
    798: "CWE-798|https://cwe.mitre.org/data/definitions/798.html",
    829: "CWE-829|https://cwe.mitre.org/data/definitions/829.html",
    1357: "CWE-1357|https://cwe.mitre.org/data/definitions/1357.html",
}
PIP_REQS = "pip: requirements file format|https://pip.pypa.io/en/stable/reference/requirements-file-format/"
PIP_HASH = "pip: secure installs (hash-checking mode)|https://pip.pypa.io/en/stable/topics/secure-installs/"
GH_PIN = (
    "GitHub: pin actions to a full-length commit SHA|https://docs.github.com/en/actions/"
    "security-for-github-actions/security-guides/security-hardening-for-github-actions"
)


def _doc(  # noqa: PLR0917 - one positional argument per section of the page
    code: str,
    title: str,
    what: str,
    why: str,
    level: str,
    bad: str,
    good: str,
    refs: str,
) -> str:
    def block(text: str) -> str:
        return "\n".join(("    " + line) if line else "" for line in text.strip("\n").splitlines())

    head = f"{code}: {title}"
    bar = "=" * len(head)
    return (
        f"{bar}\n{head}\n{bar}\n\n"
        f"What it does\n------------\n{what.strip()}\n\n"
        f"Why is this bad\n---------------\n{why.strip()}\n\n"
        f"Severity and confidence\n-----------------------\n{level.strip()}\n\n"
        f"Example\n-------\n.. code-block:: text\n\n{block(bad)}\n\n"
        f"Use instead\n-----------\n.. code-block:: text\n\n{block(good)}\n\n"
        f"References\n----------\n{refs}\n\n.. versionadded:: 0.1.0\n"
    )


SHA40 = "8f3d1b2c4a5e6f708192a3b4c5d6e7f8091a2b3c"
HASH = "sha256:" + "5" * 64

SPECS: dict[str, Spec] = {
    "PIN101": Spec(
        "unpinned-requirement",
        MEDIUM,
        HIGH,
        1357,
        _doc(
            "PIN101",
            "Requirement of an application not pinned to one version",
            """
Reports a dependency an application installs that may resolve to a different version on
each install: a requirements or constraints file entry, a Pipfile package, or a
``[project]`` / ``[dependency-groups]`` entry of an application, when it is not pinned
with ``==X.Y.Z`` (``==X.Y`` counts; ``==X.*``, ``>=``, ``~=`` and no specifier do not)
or ``===``, and no lock file next to it covers it (``uv.lock``, ``poetry.lock``,
``pdm.lock``, ``pylock.toml``, ``Pipfile.lock``, the ``.txt`` compiled from a ``.in``
file, or a pinned ``-c`` constraint). Whether a project is an application is detected
(no ``[build-system]``, ``package-mode = false``, ``[tool.uv] package = false``, the
``Private :: Do Not Upload`` classifier) and can be set with
``[tool.outrider.pins] project = "application"``.
""",
            """
An unpinned install takes whatever the index serves today. A compromised or malicious
release (an account takeover, a typo-squatted dependency of a dependency) reaches every
new deployment as soon as it is published, and builds are not reproducible.
""",
            "MEDIUM severity, HIGH confidence: the file says what it installs.",
            "# requirements.txt\nrequests>=2.31\n",
            "# requirements.txt\nrequests==2.32.3\n",
            _refs(CWE[1357], PIP_REQS),
        ),
    ),
    "PIN102": Spec(
        "library-pins-exact-version",
        LOW,
        HIGH,
        None,
        _doc(
            "PIN102",
            "Library pins a dependency to one exact version",
            """
Reports ``==`` (without a wildcard) and ``===`` in the published metadata of a library:
``[project] dependencies`` and ``optional-dependencies``, ``[tool.poetry.dependencies]``
and ``setup.cfg``'s ``install_requires`` / ``extras_require``.
""",
            """
A library is installed next to other libraries. An exact pin makes it impossible to
install together with anything that needs another version, and it stops users from
taking the security release of that dependency until the library itself is released
again. Pin in the application's lock file instead; give libraries ranges.
""",
            "LOW severity, HIGH confidence.",
            '# pyproject.toml\n[build-system]\nrequires = ["setuptools>=69"]\n'
            'build-backend = "setuptools.build_meta"\n\n[project]\nname = "lib"\n'
            'version = "1"\ndependencies = ["requests==2.32.3"]\n',
            '# pyproject.toml\n[build-system]\nrequires = ["setuptools>=69"]\n'
            'build-backend = "setuptools.build_meta"\n\n[project]\nname = "lib"\n'
            'version = "1"\ndependencies = ["requests>=2.32,<3"]\n',
            _refs(
                "Python Packaging User Guide: install_requires vs requirements files|"
                "https://packaging.python.org/en/latest/discussions/install-requires-vs-requirements/"
            ),
        ),
    ),
    "PIN103": Spec(
        "unpinned-hook-dependency",
        LOW,
        HIGH,
        1357,
        _doc(
            "PIN103",
            "pre-commit hook installs an unpinned additional dependency",
            """
Reports a Python requirement in a hook's ``additional_dependencies`` in
``.pre-commit-config.yaml`` that is not pinned to one version.
""",
            """
pre-commit installs additional dependencies into the hook's environment whenever it is
built, on every developer machine and CI runner; an unpinned one takes whatever was
published last, and runs with access to the repository and its credentials.
""",
            "LOW severity, HIGH confidence.",
            "# .pre-commit-config.yaml\nrepos:\n  - repo: https://github.com/pre-commit/mirrors-mypy\n"
            f"    rev: {SHA40}  # frozen: v1.11.2\n    hooks:\n      - id: mypy\n"
            "        additional_dependencies: [types-requests]\n",
            "# .pre-commit-config.yaml\nrepos:\n  - repo: https://github.com/pre-commit/mirrors-mypy\n"
            f"    rev: {SHA40}  # frozen: v1.11.2\n    hooks:\n      - id: mypy\n"
            "        additional_dependencies: [types-requests==2.32.0.20240914]\n",
            _refs(
                CWE[1357],
                "pre-commit: additional_dependencies|https://pre-commit.com/#config-additional_dependencies",
            ),
        ),
    ),
    "PIN201": Spec(
        "requirement-without-hash",
        HIGH,
        HIGH,
        494,
        _doc(
            "PIN201",
            "Requirement without a hash in a hash-checked requirements file",
            """
Reports a requirement without ``--hash`` in a requirements file that pip installs in
hash-checking mode: the file (or a file it includes, or that includes it) has
``--require-hashes`` or a ``--hash`` on any requirement, or the project sets
``[tool.outrider.pins] require-hashes = true``. Constraint lines are not installed and
need none.
""",
            """
In hash-checking mode pip refuses the whole install when one requirement has no hash,
and a partially hashed file usually means the file was edited by hand after it was
generated: the unhashed requirement is the one nobody reviewed. Outside that mode, a
requirement without a hash is downloaded and run without an integrity check.
""",
            "HIGH severity, HIGH confidence.",
            f"# requirements.txt\nrequests==2.32.3 --hash={HASH}\nidna==3.10\n",
            f"# requirements.txt\nrequests==2.32.3 --hash={HASH}\nidna==3.10 --hash={HASH}\n",
            _refs(CWE[494], PIP_HASH),
        ),
    ),
    "PIN202": Spec(
        "weak-hash-algorithm",
        MEDIUM,
        HIGH,
        328,
        _doc(
            "PIN202",
            "Hash with a weak algorithm",
            """
Reports ``md5``, ``sha1`` and ``sha224`` hashes: ``--hash`` options (pip refuses them and
the whole file with them), URL fragments (``#md5=...``) and lock-file entries.
""",
            """
MD5 and SHA-1 collisions can be computed: an attacker who controls an upload can craft
two archives with the same digest, so the hash no longer says which file was reviewed.
""",
            "MEDIUM severity, HIGH confidence.",
            "# requirements.txt\nrequests==2.32.3 --hash=md5:0123456789abcdef0123456789abcdef\n",
            f"# requirements.txt\nrequests==2.32.3 --hash={HASH}\n",
            _refs(CWE[328], PIP_HASH),
        ),
    ),
    "PIN203": Spec(
        "orphaned-hash",
        HIGH,
        HIGH,
        494,
        _doc(
            "PIN203",
            "--hash on a line of its own is ignored",
            """
Reports a line with ``--hash`` and no requirement. It is almost always a requirement
whose previous line lost its trailing backslash.
""",
            """
pip only warns and ignores the hash: the requirement above it is installed without the
integrity check the file appears to have (and, if it was the only hash in the file,
without hash-checking mode at all).
""",
            "HIGH severity, HIGH confidence.",
            f"# requirements.txt\nrequests==2.32.3\n    --hash={HASH}\n",
            f"# requirements.txt\nrequests==2.32.3 \\\n    --hash={HASH}\n",
            _refs(CWE[494], PIP_REQS),
        ),
    ),
    "PIN204": Spec(
        "hash-on-editable",
        MEDIUM,
        HIGH,
        494,
        _doc(
            "PIN204",
            "--hash on an editable requirement is dropped",
            """
Reports ``--hash`` on a ``-e`` / ``--editable`` line.
""",
            """
pip drops the hash of an editable requirement without a word: there is no single archive
to check, so the line only looks verified. In hash-checking mode pip refuses editable
requirements altogether.
""",
            "MEDIUM severity, HIGH confidence.",
            f"# requirements.txt\n-e . --hash={HASH}\n",
            "# requirements.txt\n-e .\n",
            _refs(CWE[494], PIP_HASH),
        ),
    ),
    "PIN205": Spec(
        "no-require-hashes",
        MEDIUM,
        HIGH,
        494,
        _doc(
            "PIN205",
            "--no-require-hashes turns hash checking off",
            """
Reports ``--no-require-hashes`` in a requirements file.
""",
            """
Without it, one hashed requirement makes pip check every download of the install. The
option stops that, so unhashed requirements, and everything they pull in, install
unchecked.
""",
            "MEDIUM severity, HIGH confidence.",
            f"# requirements.txt\n--no-require-hashes\nrequests==2.32.3 --hash={HASH}\n",
            f"# requirements.txt\nrequests==2.32.3 --hash={HASH}\n",
            _refs(CWE[494], PIP_HASH),
        ),
    ),
    "PIN206": Spec(
        "url-requirement-without-hash",
        MEDIUM,
        HIGH,
        494,
        _doc(
            "PIN206",
            "Requirement downloads an archive URL without a hash",
            """
Reports a requirement that names an archive by URL (``https://.../pkg-1.0.tar.gz``,
``pkg @ https://...``) with neither ``--hash`` nor a ``#sha256=`` fragment. VCS URLs are
PIN301's business, local paths are not downloaded.
""",
            """
Whatever the URL serves on the day is installed. The server, or anyone who can change
what it serves, decides the code that runs.
""",
            "MEDIUM severity, HIGH confidence.",
            "# requirements.txt\npkg @ https://example.org/pkg-1.0.tar.gz\n",
            "# requirements.txt\npkg @ https://example.org/pkg-1.0.tar.gz#sha256="
            + "5" * 64
            + "\n",
            _refs(CWE[494], PIP_HASH),
        ),
    ),
    "PIN207": Spec(
        "locked-package-without-hash",
        MEDIUM,
        HIGH,
        494,
        _doc(
            "PIN207",
            "Locked package without hashes",
            """
Reports a package in a lock file (``poetry.lock``, ``pdm.lock``, ``uv.lock``,
``pylock.toml``, ``Pipfile.lock``) that is downloaded from an index or URL and has no
hash for some or all of its files.
""",
            """
The lock then pins a version but not the bytes: an index (or anyone who can answer in
its place) can serve a different archive under the same name and version.
""",
            "MEDIUM severity, HIGH confidence.",
            '# pylock.toml\nlock-version = "1.0"\ncreated-by = "hand"\n\n[[packages]]\n'
            'name = "idna"\nversion = "3.10"\n'
            'sdist = { url = "https://files.pythonhosted.org/idna-3.10.tar.gz", hashes = {} }\n',
            '# pylock.toml\nlock-version = "1.0"\ncreated-by = "hand"\n\n[[packages]]\n'
            'name = "idna"\nversion = "3.10"\n'
            'sdist = { url = "https://files.pythonhosted.org/idna-3.10.tar.gz", '
            'hashes = { sha256 = "' + "5" * 64 + '" } }\n',
            _refs(CWE[494], "PEP 751|https://peps.python.org/pep-0751/"),
        ),
    ),
    "PIN301": Spec(
        "vcs-requirement-not-pinned-to-commit",
        HIGH,
        HIGH,
        829,
        _doc(
            "PIN301",
            "VCS requirement not pinned to a full commit",
            """
Reports a ``git+``/``hg+``/``svn+``/``bzr+`` requirement, or a ``git =`` source in
``[tool.uv.sources]``, ``[tool.poetry.dependencies]`` or a Pipfile, that names a branch,
a tag, a short hash or nothing instead of a full commit (40 or 64 hexadecimal characters
for git and Mercurial, a revision number for Subversion).
""",
            """
Branches and tags can be moved by anyone with push access to the repository, and a short
hash can be made ambiguous. The code installed tomorrow is not the code reviewed today.
""",
            "HIGH severity, HIGH confidence.",
            "# requirements.txt\ngit+https://github.com/pypa/sampleproject@main#egg=sampleproject\n",
            f"# requirements.txt\ngit+https://github.com/pypa/sampleproject@{SHA40}#egg=sampleproject\n",
            _refs(CWE[829], PIP_REQS),
        ),
    ),
    "PIN302": Spec(
        "locked-vcs-entry-not-pinned-to-commit",
        HIGH,
        HIGH,
        829,
        _doc(
            "PIN302",
            "Lock-file VCS entry without a resolved commit",
            """
Reports a VCS package in a lock file whose recorded revision is not a full commit:
``resolved_reference`` (poetry), ``revision`` (pdm), the ``#<commit>`` of uv's ``git``
source, ``commit-id`` (PEP 751) and ``ref`` (Pipfile.lock).
""",
            """
Tools normally record the commit they resolved. A lock entry without one was written by
hand or by an old tool, and installs whatever the branch points at.
""",
            "HIGH severity, HIGH confidence.",
            '# pylock.toml\nlock-version = "1.0"\ncreated-by = "hand"\n\n[[packages]]\n'
            'name = "sampleproject"\n'
            'vcs = { type = "git", url = "https://github.com/pypa/sampleproject", '
            'requested-revision = "main" }\n',
            '# pylock.toml\nlock-version = "1.0"\ncreated-by = "hand"\n\n[[packages]]\n'
            'name = "sampleproject"\n'
            'vcs = { type = "git", url = "https://github.com/pypa/sampleproject", '
            f'requested-revision = "main", commit-id = "{SHA40}" }}\n',
            _refs(CWE[829], "PEP 751|https://peps.python.org/pep-0751/"),
        ),
    ),
    "PIN303": Spec(
        "pre-commit-rev-not-pinned-to-commit",
        MEDIUM,
        HIGH,
        829,
        _doc(
            "PIN303",
            "pre-commit hook repository rev is not a full commit",
            """
Reports a ``rev`` in ``.pre-commit-config.yaml`` that is a tag or branch (or missing)
instead of a full commit SHA. ``repo: local`` and ``repo: meta`` have no revision.
""",
            """
A tag can be moved to other code by whoever controls the hook's repository; pre-commit
then runs that code on every developer machine and CI runner, with access to the work
tree. ``pre-commit autoupdate --freeze`` writes full SHAs and keeps the tag as a comment.
""",
            "MEDIUM severity, HIGH confidence.",
            "# .pre-commit-config.yaml\nrepos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
            "    rev: v4.6.0\n    hooks:\n      - id: check-yaml\n",
            "# .pre-commit-config.yaml\nrepos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
            f"    rev: {SHA40}  # frozen: v4.6.0\n    hooks:\n      - id: check-yaml\n",
            _refs(
                CWE[829],
                "pre-commit autoupdate --freeze|https://pre-commit.com/#pre-commit-autoupdate",
            ),
        ),
    ),
    "PIN304": Spec(
        "action-not-pinned-to-commit",
        MEDIUM,
        HIGH,
        829,
        _doc(
            "PIN304",
            "GitHub Actions uses: not pinned to a full commit",
            """
Reports ``uses:`` of a workflow job or step, or of a composite action, that names an
action or reusable workflow by tag or branch instead of a full commit SHA, and
``docker://`` images without a ``@sha256:`` digest. Local actions (``./``) are skipped.
""",
            """
Tags of actions are moved in practice (tj-actions/changed-files, 2025): every workflow
that used a tag ran the attacker's code with its secrets. A full SHA cannot be moved.
""",
            "MEDIUM severity, HIGH confidence.",
            "# .github/workflows/ci.yml\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - uses: actions/checkout@v4\n",
            "# .github/workflows/ci.yml\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
            f"    steps:\n      - uses: actions/checkout@{SHA40}  # v4\n",
            _refs(CWE[829], GH_PIN),
        ),
    ),
    "PIN401": Spec(
        "extra-index-url",
        HIGH,
        MEDIUM,
        427,
        _doc(
            "PIN401",
            "Indexes merged: dependency confusion",
            """
Reports configuration that makes the installer pick a package from whichever index has
it (or has the highest version): pip's ``--extra-index-url``, pipenv's
``install_search_all_sources = true``, and several ``[[tool.pdm.source]]`` indexes
without ``respect-source-order``. (uv's ``index-strategy`` is PIN405, poetry's
supplemental sources PIN406.) Not reported when ``--no-index`` is in effect.
""",
            """
pip treats all indexes as one: if a private package's name is registered on PyPI with a
higher version, pip installs the public one. This is how the 2021 dependency-confusion
attacks reached dozens of companies, and how ``torchtriton`` reached PyTorch nightly users.
""",
            "HIGH severity, MEDIUM confidence: harmless only when every name is reserved on "
            "every index.",
            "# requirements.txt\n--extra-index-url https://pkgs.example.org/simple\ninternal-lib==1.0\n",
            "# requirements.txt\n--index-url https://pkgs.example.org/simple\ninternal-lib==1.0\n",
            _refs(
                CWE[427],
                "PEP 708|https://peps.python.org/pep-0708/",
                "pip: --extra-index-url|https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url",
            ),
        ),
    ),
    "PIN402": Spec(
        "trusted-host",
        HIGH,
        HIGH,
        295,
        _doc(
            "PIN402",
            "Host trusted without TLS verification",
            """
Reports pip's ``--trusted-host`` and uv's ``allow-insecure-host``.
""",
            """
They turn off certificate verification (or allow plain HTTP) for the host: anyone on the
network path can answer in its place and serve any code.
""",
            "HIGH severity, HIGH confidence.",
            "# requirements.txt\n--index-url https://pkgs.example.org/simple\n"
            "--trusted-host pkgs.example.org\ninternal-lib==1.0\n",
            "# requirements.txt\n--index-url https://pkgs.example.org/simple\ninternal-lib==1.0\n",
            _refs(
                CWE[295],
                "pip: --trusted-host|https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host",
            ),
        ),
    ),
    "PIN403": Spec(
        "plain-http-transport",
        HIGH,
        HIGH,
        319,
        _doc(
            "PIN403",
            "Code fetched over an unencrypted transport",
            """
Reports ``http://``, ``git://``, ``svn://`` and other plain-text URLs of indexes,
find-links, requirements, lock-file sources and artifacts, and pre-commit repositories.
Local hosts (``localhost``, ``127.0.0.1``, ``::1``) are not reported.
""",
            """
Nothing authenticates the server or protects the download: anyone on the network path
can replace the code.
""",
            "HIGH severity, HIGH confidence.",
            "# requirements.txt\n--index-url http://pkgs.example.org/simple\ninternal-lib==1.0\n",
            "# requirements.txt\n--index-url https://pkgs.example.org/simple\ninternal-lib==1.0\n",
            _refs(CWE[319]),
        ),
    ),
    "PIN404": Spec(
        "tls-verification-off",
        HIGH,
        HIGH,
        295,
        _doc(
            "PIN404",
            "Package source with TLS verification off",
            """
Reports ``verify_ssl = false`` on a Pipfile ``[[source]]``, a Pipfile.lock source or a
``[[tool.pdm.source]]``.
""",
            """
The installer accepts any certificate for the source: anyone on the network path can
answer in its place and serve any code.
""",
            "HIGH severity, HIGH confidence.",
            '# Pipfile\n[[source]]\nname = "pypi"\nurl = "https://pypi.org/simple"\n'
            'verify_ssl = false\n\n[packages]\nrequests = "==2.32.3"\n',
            '# Pipfile\n[[source]]\nname = "pypi"\nurl = "https://pypi.org/simple"\n'
            'verify_ssl = true\n\n[packages]\nrequests = "==2.32.3"\n',
            _refs(CWE[295]),
        ),
    ),
    "PIN405": Spec(
        "uv-unsafe-index-strategy",
        HIGH,
        HIGH,
        427,
        _doc(
            "PIN405",
            "uv index strategy merges indexes",
            """
Reports ``index-strategy = "unsafe-best-match"`` or ``"unsafe-first-match"`` in
``[tool.uv]``.
""",
            """
uv's default (``first-index``) takes each package from the first index that has it, which
stops dependency confusion. The unsafe strategies look at every index, so a public
upload with a private package's name can win.
""",
            "HIGH severity, HIGH confidence.",
            '# pyproject.toml\n[project]\nname = "app"\nversion = "1"\n\n[tool.uv]\n'
            'index-strategy = "unsafe-best-match"\n',
            '# pyproject.toml\n[project]\nname = "app"\nversion = "1"\n\n[tool.uv]\n'
            'index-strategy = "first-index"\n',
            _refs(
                CWE[427],
                "uv: index strategies|https://docs.astral.sh/uv/concepts/indexes/#searching-across-multiple-indexes",
            ),
        ),
    ),
    "PIN406": Spec(
        "poetry-supplemental-source",
        HIGH,
        MEDIUM,
        427,
        _doc(
            "PIN406",
            "Poetry supplemental or secondary source",
            """
Reports a ``[[tool.poetry.source]]`` with ``priority = "supplemental"``,
``priority = "secondary"`` or ``secondary = true``.
""",
            """
Poetry looks for every package there as well as on the primary sources: a public upload
with a private package's name on the primary index shadows it (dependency confusion).
An ``explicit`` source is only used for the packages that name it.
""",
            "HIGH severity, MEDIUM confidence.",
            '# pyproject.toml\n[[tool.poetry.source]]\nname = "private"\n'
            'url = "https://pkgs.example.org/simple"\npriority = "supplemental"\n',
            '# pyproject.toml\n[[tool.poetry.source]]\nname = "private"\n'
            'url = "https://pkgs.example.org/simple"\npriority = "explicit"\n',
            _refs(
                CWE[427],
                "Poetry: package sources|https://python-poetry.org/docs/repositories/#package-source-constraint",
            ),
        ),
    ),
    "PIN407": Spec(
        "remote-requirements-include",
        HIGH,
        HIGH,
        494,
        _doc(
            "PIN407",
            "Requirements file includes a remote file",
            """
Reports ``-r`` / ``-c`` with an ``http://`` or ``https://`` URL. outrider never fetches
it, so nothing in it is checked either.
""",
            """
Whoever controls that URL decides, at install time, what the file installs and from
which index. The file cannot be reviewed, hashed or reproduced.
""",
            "HIGH severity, HIGH confidence.",
            "# requirements.txt\n-r https://example.org/base-requirements.txt\n",
            "# requirements.txt\n-r base-requirements.txt\n",
            _refs(CWE[494], PIP_REQS),
        ),
    ),
    "PIN408": Spec(
        "credentials-in-url",
        HIGH,
        HIGH,
        798,
        _doc(
            "PIN408",
            "Credentials written into a URL",
            """
Reports a password or token in the user-information part of an index, find-links,
requirement, source or lock-file URL. The message never repeats it. ``${VAR}``
references (expanded by pip from the environment) are fine, and so is the user name of
an ssh URL (``git@``).
""",
            """
The secret is committed with the file: everyone who can read the repository, its forks
and its CI logs can use it, and it stays in the history after it is removed.
""",
            "HIGH severity, HIGH confidence.",
            "# requirements.txt\n--index-url https://ci:hunter2@pkgs.example.org/simple\n",
            "# requirements.txt\n--index-url https://ci:${PKGS_TOKEN}@pkgs.example.org/simple\n",
            _refs(CWE[798], PIP_REQS),
        ),
    ),
    "PIN409": Spec(
        "possible-typosquat",
        HIGH,
        MEDIUM,
        829,
        _doc(
            "PIN409",
            "Dependency name imitates a popular project",
            """
Reports a dependency whose name is not one of the most downloaded PyPI projects but sits
one typical typo away from one: a character dropped, doubled, swapped or replaced,
separators added or removed, a ``py``/``python`` prefix or suffix changed, or look-alike
characters. The list is bundled: no network. Legitimate look-alikes go in
``[tool.outrider.pins] typosquat-allow``.
""",
            """
Typo-squatted uploads (``urlib3``, ``colourama``, ``python3-dateutil``) copy the popular
project and add a payload that runs at install time.
""",
            "HIGH severity, MEDIUM confidence: some look-alikes are genuine projects.",
            "# requirements.txt\nreqeusts==2.32.3\n",
            "# requirements.txt\nrequests==2.32.3\n",
            _refs(CWE[829]),
        ),
    ),
}


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    from outrider.rules import documented_rule

    return tuple(
        documented_rule(
            spec.doc,
            name=spec.name,
            check="pins",
            severity=spec.severity,
            confidence=spec.confidence,
            cwe=spec.cwe,
        )
        for spec in SPECS.values()
    )
