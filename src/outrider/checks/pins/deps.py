"""One shape for a declared dependency, whatever file declared it, and the rules about it.

Requirement strings go through ``packaging``; pip's own spellings (bare URLs, ``#egg=``,
local paths and archives, ``-e`` forms) are read as ``pip install -r`` reads them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import urllib.parse

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

VCS_SCHEMES = {
    "git": ("git+http", "git+https", "git+ssh", "git+git", "git+file"),
    "hg": ("hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http"),
    "svn": ("svn+ssh", "svn+http", "svn+https", "svn+svn", "svn+file"),
    "bzr": ("bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file"),
}
_SCHEME_VCS = {scheme: vcs for vcs, schemes in VCS_SCHEMES.items() for scheme in schemes}
URL_SCHEMES = frozenset({"http", "https", "file", "ftp", *_SCHEME_VCS})
ARCHIVE_SUFFIXES = (
    ".zip", ".whl", ".tar.bz2", ".tbz", ".tar.gz", ".tgz", ".tar",
    ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma",
)  # fmt: skip
#: Schemes that carry code without TLS: a network attacker can change it in flight.
PLAIN_SCHEMES = frozenset(
    {"http", "git", "ftp", "svn", "git+http", "git+git", "hg+http", "hg+static-http",
     "svn+http", "svn+svn", "bzr+http", "bzr+ftp"}
)  # fmt: skip
WEAK_ALGORITHMS = frozenset({"md5", "sha1", "sha224"})
STRONG_ALGORITHMS = frozenset({"sha256", "sha384", "sha512", "blake2b", "sha3_256", "sha3_512"})
_HASH_FRAGMENT = re.compile(r"[#&](sha512|sha384|sha256|sha224|sha1|md5)=([^&]*)")
_EGG = re.compile(r"[#&]egg=([^&]*)")
_FULL_SHA = re.compile(r"^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")
_ENV_REF = re.compile(r"^\$\{[A-Za-z0-9_]+\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z0-9_]+%$")


@dataclasses.dataclass(slots=True)
class Dep:
    """A dependency as declared, with the place it was declared."""

    raw: str
    line: int
    col: int = 1
    end_line: int = 0
    #: Canonical (PEP 503) name, when the declaration names one.
    name: str | None = None
    #: The name as written.
    given_name: str | None = None
    specifier: SpecifierSet = dataclasses.field(default_factory=SpecifierSet)
    url: str | None = None
    vcs: str | None = None
    #: A local path or file: URL (the project's own code, a vendored archive).
    local: bool = False
    editable: bool = False
    marker: str | None = None
    #: Hashes by algorithm (``--hash`` options and URL fragments).
    hashes: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    #: Why it could not be read, when it could not.
    error: str | None = None

    @property
    def pinned(self) -> bool:
        """One version only: ``==X`` (``==X.Y`` included, ``==X.*`` not) or ``===X``; a
        direct reference to one archive or a local path is one artifact too."""
        if self.url is not None and self.vcs is None:
            return True
        if self.local:
            return True
        return is_exact(self.specifier)


def is_exact(specifier: SpecifierSet) -> bool:
    for spec in specifier:
        if spec.operator == "===":
            return True
        if spec.operator == "==" and not spec.version.endswith(".*"):
            return True
    return False


def is_full_sha(ref: str | None) -> bool:
    return ref is not None and _FULL_SHA.match(ref) is not None


def scheme_of(url: str) -> str:
    """The URL's scheme, lower-cased ("" when the URL cannot be split)."""
    try:
        return urllib.parse.urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def is_url(text: str) -> bool:
    """pip's test: a scheme it can fetch from, VCS schemes included."""
    if ":" not in text:
        return False
    try:
        return scheme_of(text) in URL_SCHEMES
    except ValueError:
        return False


def vcs_of(url: str) -> str | None:
    try:
        return _SCHEME_VCS.get(scheme_of(url))
    except ValueError:
        return None


def vcs_ref(url: str) -> str | None:
    """The revision after the last ``@`` of a VCS URL's path (pip's rule), if any."""
    try:
        path = urllib.parse.urlsplit(url).path
    except ValueError:
        return None
    if "@" not in path:
        return None
    return path.rsplit("@", 1)[1] or None


def vcs_pinned(vcs: str, ref: str | None) -> bool:
    """A revision that names one commit for good."""
    if ref is None:
        return False
    if vcs in ("git", "hg"):
        return is_full_sha(ref)
    if vcs == "svn":
        return ref.isdigit()
    return ref.startswith("revid:")  # bzr: revision numbers move when history is rewritten


def url_hashes(url: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for algo, value in _HASH_FRAGMENT.findall(url):
        found.setdefault(algo, []).append(value)
    return found


def is_plain(url: str) -> bool:
    try:
        return scheme_of(url) in PLAIN_SCHEMES
    except ValueError:
        return False


def _secret(part: str) -> bool:
    return bool(part) and not _ENV_REF.match(part)


def has_credentials(url: str) -> bool:
    """A password or token written into the URL (environment references are fine, and so
    is the plain user name of an ssh URL such as ``git@``)."""
    try:
        split = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    netloc = split.netloc
    if "@" not in netloc:
        return False
    userinfo = netloc.rsplit("@", 1)[0]
    user, sep, password = userinfo.partition(":")
    if sep:
        return _secret(password)
    scheme = split.scheme.lower()
    if scheme.endswith("ssh") or scheme == "sftp":
        return False
    # A bare user name over http(s) is how tokens are passed (https://<token>@host).
    return _secret(user) and len(user) >= 16


def redact(url: str) -> str:
    """The URL with its user information replaced, safe to print."""
    try:
        split = urllib.parse.urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if "@" not in split.netloc:
        return url
    host = split.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit(split._replace(netloc=f"***@{host}"))


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.startswith(".")


def _egg_name(url: str) -> str | None:
    m = _EGG.search(url)
    if m is None or not m.group(1):
        return None
    return re.split(r"[\[;]", m.group(1), maxsplit=1)[0].strip() or None


def _wheel_name(url: str) -> str | None:
    try:
        path = urllib.parse.urlsplit(url).path
    except ValueError:
        return None
    base = path.rsplit("/", 1)[-1]
    if not base.endswith(".whl"):
        return None
    try:
        return str(parse_wheel_filename(urllib.parse.unquote(base))[0])
    except InvalidWheelFilename:
        return None


def _set_name(dep: Dep, name: str | None) -> None:
    if name:
        dep.given_name = name
        dep.name = canonicalize_name(name)


def from_pep508(text: str, line: int, col: int = 1) -> Dep:
    """A PEP 508 string, as in pyproject.toml, setup.cfg and lock metadata."""
    dep = Dep(raw=text, line=line, col=col)
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        dep.error = f"invalid requirement {text!r}: {_first_line(exc)}"
        return dep
    _fill(dep, req)
    return dep


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _fill(dep: Dep, req: Requirement) -> None:
    _set_name(dep, req.name)
    dep.specifier = req.specifier
    dep.marker = str(req.marker) if req.marker else None
    if req.url:
        _set_url(dep, req.url)


def _set_url(dep: Dep, url: str) -> None:
    dep.url = url
    dep.vcs = vcs_of(url)
    if scheme_of(url) == "file":
        dep.local = True
    for algo, values in url_hashes(url).items():
        dep.hashes.setdefault(algo, []).extend(values)


def from_pip(text: str, line: int, *, editable: bool = False, col: int = 1) -> Dep:
    """A requirement as ``pip install -r`` reads it from a line (``-e`` ones included)."""
    dep = Dep(raw=text, line=line, col=col, editable=editable)
    if editable:
        return _pip_editable(dep, text)
    marker_sep = "; " if is_url(text) else ";"
    name = text
    if marker_sep in text:
        name, marker = text.split(marker_sep, 1)
        dep.marker = marker.strip() or None
    name = name.strip()
    if is_url(name):
        _set_url(dep, name)
        _set_name(dep, _wheel_name(name) or _egg_name(name))
        return dep
    bare = re.sub(r"\[[^\]]+\]$", "", name).rstrip()
    if _looks_like_path(bare) and not _pep508_url(name):
        dep.local = True
        _set_name(dep, _wheel_name(bare.replace("\\", "/")))
        return dep
    if bare.lower().endswith(ARCHIVE_SUFFIXES) and "@" not in name:
        dep.local = True
        _set_name(dep, _wheel_name(bare))
        return dep
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        dep.error = f"invalid requirement {text!r}: {_first_line(exc)}"
        if "=" in text and not re.search(r"[=!<>~]=|[<>]", text):
            dep.error += " ('=' is not an operator: did you mean '=='?)"
        return dep
    _fill(dep, req)
    return dep


def _pep508_url(text: str) -> bool:
    """``name @ URL`` (the part before ``@`` is a name, not a path)."""
    before, sep, _ = text.partition("@")
    return bool(sep) and not _looks_like_path(before)


def _pip_editable(dep: Dep, text: str) -> Dep:
    try:
        req = Requirement(text)
    except InvalidRequirement:
        req = None
    if req is not None and req.url:
        _fill(dep, req)
        return dep
    url = re.sub(r"\[[^\]]+\]$", "", text).rstrip()
    if url.lower().startswith("file:"):
        dep.local = True
        dep.url = url
        _set_name(dep, _egg_name(url))
        return dep
    for vcs in VCS_SCHEMES:
        if text.lower().startswith(f"{vcs}:"):
            text = f"{vcs}+{text}"
            break
    if vcs_of(text) is not None:
        _set_url(dep, text)
        _set_name(dep, _egg_name(text))
        if dep.name is None:
            dep.error = (
                f"cannot tell the project name of editable {text!r}: "
                "write it as 'name @ URL' (pip refuses it)"
            )
        return dep
    dep.local = True
    return dep


def display_url(url: str) -> str:
    return redact(url) if has_credentials(url) else url


def normalize_path(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")
