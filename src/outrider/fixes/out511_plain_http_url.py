"""OUT511: ``http://`` becomes ``https://`` in a URL passed to an HTTP client (or to a
``urllib.request.Request`` on a reported line: the rule found it sent).

Unsafe: the server may not answer HTTPS at all, or answer it with another certificate
name, and a request that worked then fails. A URL with an explicit port
(``http://host:8080``) is left alone: HTTPS is rarely served on the same port.
"""

from __future__ import annotations

import libcst as cst

from outrider.fixes import INSTANCE_METADATA, Fixer, made_by

_VERBS = {"get", "post", "put", "patch", "delete", "head", "options"}
_FUNCTIONS = {
    **{f"requests.{verb}": 0 for verb in _VERBS},
    "requests.request": 1,
    "requests.api.request": 1,
    **{f"httpx.{verb}": 0 for verb in _VERBS},
    "httpx.request": 1,
    "httpx.stream": 1,
    "urllib.request.urlopen": 0,
    "urllib.request.Request": 0,
    "urllib3.request": 1,
}
_METHODS = {**dict.fromkeys(_VERBS, 0), "request": 1, "stream": 1}
_SESSIONS = frozenset(
    {
        "requests.Session",
        "requests.session",
        "requests.sessions.Session",
        "httpx.Client",
        "httpx.AsyncClient",
        "aiohttp.ClientSession",
    }
)
_POOLS = frozenset({"urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.HTTPConnectionPool"})
_POOL_METHODS = {"request": 1, "urlopen": 1, "request_encode_url": 1, "request_encode_body": 1}


def _url_arg(args: list[cst.Arg], position: int) -> int | None:
    """Index in ``args`` of the URL: keyword ``url`` or the positional slot."""
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == "url":
            return i
    positional = [i for i, arg in enumerate(args) if arg.keyword is None]
    if any(args[i].star for i in positional[: position + 1]):
        return None
    return positional[position] if position < len(positional) else None


class UseHttps(Fixer):
    CODE = "OUT511"
    DESCRIPTION = "Request https:// instead of http://"
    METADATA_DEPENDENCIES = (*Fixer.METADATA_DEPENDENCIES, *INSTANCE_METADATA)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not self.reported(original_node):
            return updated_node
        position = self._position(original_node)
        if position is None:
            return updated_node
        index = _url_arg(list(updated_node.args), position)
        if index is None:
            return updated_node
        arg = updated_node.args[index]
        try:
            fixed = self._secure(arg.value)
        except _Port:
            self.warn(f"{self.CODE}: not fixed: the URL names a port; change it by hand")
            return updated_node
        if fixed is None:
            return updated_node
        args = list(updated_node.args)
        args[index] = arg.with_changes(value=fixed)
        return updated_node.with_changes(args=args)

    def _position(self, call: cst.Call) -> int | None:
        """Where the URL is, for the HTTP client calls the rule reports."""
        func = call.func
        if self.resolves_to(func, frozenset(_FUNCTIONS)):
            return max(_FUNCTIONS[name] for name in self.qualified(func))
        if not isinstance(func, cst.Attribute):
            return None
        method = func.attr.value
        if method in _METHODS and made_by(self, func.value, _SESSIONS, _SESSIONS):
            return _METHODS[method]
        if method in _POOL_METHODS and made_by(self, func.value, _POOLS, _POOLS):
            return _POOL_METHODS[method]
        return None

    def _secure(self, node: cst.BaseExpression) -> cst.BaseExpression | None:
        """``node`` with its leading ``http://`` made ``https://``; None if it does not
        start with one, or names a port."""
        if isinstance(node, cst.SimpleString):
            quote = node.quote
            start = len(node.prefix) + len(quote)
            body = node.value[start : len(node.value) - len(quote)]
            secured = _secured(body)
            if secured is None or "b" in node.prefix.lower():
                return None
            return node.with_changes(value=node.value[:start] + secured + node.value[-len(quote) :])
        if isinstance(node, cst.FormattedString):
            parts = list(node.parts)
            if not parts or not isinstance(parts[0], cst.FormattedStringText):
                return None
            secured = _secured(parts[0].value, whole=len(parts) == 1)
            if secured is None:
                return None
            parts[0] = parts[0].with_changes(value=secured)
            return node.with_changes(parts=parts)
        if isinstance(node, cst.ConcatenatedString):
            left = self._secure(node.left)
            return node.with_changes(left=left) if left is not None else None
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            left = self._secure(node.left)
            return node.with_changes(left=left) if left is not None else None
        return None


class _Port(Exception):
    """The URL names a port."""


def _secured(text: str, whole: bool = True) -> str | None:
    """``text`` with its ``http://`` made ``https://`` (``HTTPS://`` for ``HTTP://``);
    None if it does not start with one or its host is not all in ``text``. Raises
    :class:`_Port` if the URL names a port."""
    if text[:7].lower() != "http://":
        return None
    rest = text[7:]
    cut = [i for i in (rest.find(c) for c in "/?#") if i >= 0]
    authority = rest[: min(cut)] if cut else rest
    if not cut and not whole:
        return None
    host = authority.rsplit("@", 1)[-1]
    if ("]:" in host) if host.startswith("[") else (":" in host):
        raise _Port
    return text[:4] + ("S" if text[3].isupper() else "s") + text[4:]
