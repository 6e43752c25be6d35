"""A rule's documentation lives in its module docstring, in a fixed RST shape.

::

    ==================================
    OUT501: Short title of the pattern
    ==================================

    What it does
    ------------
    ...
    Why is this bad
    ---------------
    ...
    Severity and confidence
    -----------------------
    ...
    Example
    -------
    .. code-block:: python

        bad code (must be reported)

    Use instead
    -----------
    .. code-block:: python

        good code (must not be reported; the fix of the example, where a fixer exists)

    References
    ----------
    - `CWE-295 <https://cwe.mitre.org/data/definitions/295.html>`__

    .. versionadded:: 0.1.0

The same text renders the Markdown page in ``docs/rules``, feeds the example tests, and is
reshaped into Bandit's own docstring anatomy by ``outrider upstream``.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap

REQUIRED_SECTIONS = (
    "What it does",
    "Why is this bad",
    "Severity and confidence",
    "Example",
    "Use instead",
    "References",
)

_TITLE = re.compile(r"^\s*=+\s*\n(?P<title>.+)\n\s*=+\s*$", re.MULTILINE)
_SECTION = re.compile(r"^(?P<name>[^\n]+)\n-{3,}[ \t]*$", re.MULTILINE)
_CODE_BLOCK = re.compile(
    r"^\.\. code-block:: *(?P<lang>\w*)\s*\n\n(?P<body>(?:(?: {4}.*)?\n)+)", re.MULTILINE
)
_VERSION = re.compile(r"^\.\. versionadded:: *(?P<version>\S+)\s*$", re.MULTILINE)


@dataclasses.dataclass
class RuleDoc:
    code: str
    title: str
    sections: dict[str, str]
    version_added: str

    def code_blocks(self, section: str) -> list[str]:
        return [
            textwrap.dedent(m.group("body")).strip("\n") + "\n"
            for m in _CODE_BLOCK.finditer(self.sections.get(section, "") + "\n")
        ]

    @property
    def bad_example(self) -> str:
        blocks = self.code_blocks("Example")
        return blocks[0] if blocks else ""

    @property
    def good_example(self) -> str:
        blocks = self.code_blocks("Use instead")
        return blocks[0] if blocks else ""

    def missing_sections(self) -> list[str]:
        return [s for s in REQUIRED_SECTIONS if not self.sections.get(s, "").strip()]

    def markdown(self) -> str:
        """The body of the rule's page (everything below the page's own header)."""
        out: list[str] = []
        for name, body in self.sections.items():
            out.append(f"## {name}\n\n{rst_to_markdown(body).strip()}\n")
        if self.version_added:
            out.append(f"Added in outrider {self.version_added}.\n")
        return "\n".join(out)


def parse(doc: str) -> RuleDoc:
    text = textwrap.dedent(doc).strip("\n") + "\n"
    m = _TITLE.search(text)
    title_line = m.group("title").strip() if m else ""
    code, _, title = title_line.partition(":")
    if not title:
        code, title = "", title_line
    body = text[m.end() :] if m else text
    version = _VERSION.search(body)
    if version:
        body = body[: version.start()] + body[version.end() :]
    sections: dict[str, str] = {}
    heads = list(_SECTION.finditer(body))
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        sections[head.group("name").strip()] = body[head.end() : end].strip("\n")
    return RuleDoc(
        code=code.strip(),
        title=title.strip(),
        sections=sections,
        version_added=version.group("version") if version else "",
    )


def rst_to_markdown(text: str) -> str:
    """The small RST subset rule docstrings use: code blocks, literals, links, lists."""

    def block(m: re.Match[str]) -> str:
        body = textwrap.dedent(m.group("body")).strip("\n")
        return f"```{m.group('lang') or 'text'}\n{body}\n```\n"

    text = _CODE_BLOCK.sub(block, text + "\n")
    parts = re.split(r"(```.*?```)", text, flags=re.DOTALL)
    for i in range(0, len(parts), 2):
        chunk = parts[i]
        chunk = re.sub(r"`([^`<]+?)\s*<([^>]+)>`__?", r"[\1](\2)", chunk)
        chunk = re.sub(r"``([^`]+)``", r"`\1`", chunk)
        chunk = re.sub(r":(?:func|class|mod|meth|attr|data):`~?([^`]+)`", r"`\1`", chunk)
        parts[i] = chunk
    return "".join(parts)
