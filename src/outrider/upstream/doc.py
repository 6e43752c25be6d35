"""A rule's outrider documentation reshaped into Bandit's plugin docstring anatomy.

Bandit's plugin docstrings are one flat RST text: a title ``BNNN: ...`` between ``=`` rules,
a description, ``**Config Options:**`` when the plugin takes configuration, ``:Example:``
with Bandit's own output for the example, ``.. seealso::`` with the CWE first, and
``.. versionadded::``. Prose is re-filled to the tree's line length; code and Bandit's output
are kept as they are.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence

from outrider.ruledoc import RuleDoc

DESCRIPTION = ("What it does", "Why is this bad", "Severity and confidence")
CONFIG = ("Config options", "Configuration", "Options")
_URL = re.compile(r"<(https?://[^>\s]+)>|(?<![<`])\b(https?://[^\s>`]+)")
_MARKUP_START = re.compile(r"^(?:[-*+]\s|\d+[.)]\s|#\.?\s|\.\.\s|>>>|:)")
_PYTHON_BLOCK = re.compile(
    r"^(?P<head>\.\. code-block:: *python[ \t]*\n\n)(?P<body>(?:(?: {4}.*)?\n)+)", re.MULTILINE
)
CodeFormatter = Callable[[str, int], str]


def fit_code_blocks(section: str, width: int, formatter: CodeFormatter | None) -> str:
    """Python code blocks with a line too long for ``width`` reformatted (by black, as
    the tree formats its code) to fit under their four-space indentation."""
    if formatter is None:
        return section

    def one(m: re.Match[str]) -> str:
        body = m.group("body")
        if all(len(line) <= width for line in body.splitlines()):
            return m.group(0)
        code = textwrap.dedent(body).strip("\n") + "\n"
        try:
            code = formatter(code, width - 4)
        except Exception:  # not Python black can parse: keep it as written
            return m.group(0)
        trailing = body[len(body.rstrip("\n")) :]
        return m.group("head") + textwrap.indent(code.rstrip("\n"), "    ") + trailing

    return _PYTHON_BLOCK.sub(one, section + "\n")[:-1]


def cwe_url(cwe: int) -> str:
    return f"https://cwe.mitre.org/data/definitions/{cwe}.html"


def _fill(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """textwrap that never starts a line with something RST reads as markup."""
    words = text.split()
    lines: list[str] = []
    current = first
    count = 0
    for word in words:
        candidate = f"{current} {word}" if count else current + word
        if count and len(candidate) > width:
            lines.append(current)
            current = rest + word
            count = 1
            continue
        current = candidate
        count += 1
    lines.append(current)
    # Move a word that would start a line as a bullet or directive back up.
    for i in range(1, len(lines)):
        body = lines[i][len(rest) :]
        while _MARKUP_START.match(body) and " " in body:
            word, _, body = body.partition(" ")
            lines[i - 1] += " " + word
        lines[i] = rest + body
    return lines


def refill(section: str, width: int) -> str:
    """Re-fill the paragraphs and bullet items of an RST section; keep everything else."""
    pieces = re.split(r"(\n(?:[ \t]*\n)+)", section.strip("\n"))
    blocks = pieces[::2]
    # Keep how many blank lines stood between blocks (code blocks may hold two).
    gaps = ["\n" * piece.count("\n") for piece in pieces[1::2]] + [""]
    out: list[str] = []
    for block in blocks:
        lines = block.splitlines()
        if lines[0].startswith((" ", "..")) or block.rstrip().endswith("::"):
            out.append(block)
        elif all(re.match(r"^(- |  )", line) for line in lines) and lines[0].startswith("- "):
            items: list[list[str]] = []
            for line in lines:
                if line.startswith("- "):
                    items.append([line[2:]])
                else:
                    items[-1].append(line.strip())
            out.append(
                "\n".join("\n".join(_fill(" ".join(item), width, "- ", "  ")) for item in items)
            )
        elif any(line.startswith(" ") for line in lines[1:]):
            out.append(block)
        else:
            out.append("\n".join(_fill(" ".join(lines), width)))
    return "".join(block + gap for block, gap in zip(out, gaps, strict=True))


def references(doc: RuleDoc, cwe: int) -> list[str]:
    """URLs for ``.. seealso::``, the CWE's first."""
    urls: list[str] = []
    for m in _URL.finditer(doc.sections.get("References", "")):
        url = m.group(1) or m.group(2)
        if url not in urls:
            urls.append(url)
    first = cwe_url(cwe)
    return [first] + [u for u in urls if u != first]


def wrap_issue_line(line: str, width: int) -> list[str]:
    """Bandit's ``>> Issue:`` line, continued under its text as Bandit's docstrings do."""
    if len(line) <= width:
        return [line]
    return _fill(line, width, "", "   ")


def example_block(output: Sequence[str], width: int) -> str:
    lines: list[str] = []
    for line in output:
        if line.startswith(">> Issue:"):
            lines.extend(wrap_issue_line(line, width - 4))
        else:
            lines.append(line)
    return ".. code-block:: none\n\n" + "\n".join(("    " + line).rstrip() for line in lines)


def bandit_docstring(
    doc: RuleDoc,
    bandit_id: str,
    *,
    cwe: int,
    example_output: Sequence[str],
    version: str,
    width: int,
    config_yaml: str = "",
    format_code: CodeFormatter | None = None,
) -> str:
    """The module docstring's text (between the quotes, ending with a newline)."""
    title = f"{bandit_id}: {doc.title}"
    rule = "=" * len(title)
    parts = [f"{rule}\n{title}\n{rule}"]
    for name in DESCRIPTION:
        body = doc.sections.get(name, "").strip()
        if body:
            parts.append(refill(fit_code_blocks(body, width, format_code), width))
    safe = doc.sections.get("Use instead", "").strip()
    if safe:
        parts.append("Use instead:\n\n" + refill(fit_code_blocks(safe, width, format_code), width))
    config = next((doc.sections[n] for n in CONFIG if doc.sections.get(n, "").strip()), "")
    if config or config_yaml:
        block = ["**Config Options:**"]
        if config:
            block.append(refill(config, width))
        if config_yaml:
            block.append(
                ".. code-block:: yaml\n\n" + textwrap.indent(config_yaml.rstrip("\n"), "    ")
            )
        parts.append("\n\n".join(block))
    parts.append(":Example:\n\n" + example_block(example_output, width))
    seealso = "\n".join(f" - {url}" for url in references(doc, cwe))
    parts.append(f".. seealso::\n\n{seealso}")
    parts.append(f".. versionadded:: {version}")
    return "\n\n".join(parts) + "\n\n"
