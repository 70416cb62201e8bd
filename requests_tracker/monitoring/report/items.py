"""The text of a case item, read as the NGO writes it: paragraphs, quotes and lists.

A blank line ends a paragraph; a line starting with ">" is a quote, one starting with "- ", "* "
or "• " an item of a list. Every rendering keeps them: Markdown as written, HTML as
``<blockquote>`` and ``<ul>``, the PDF and DOCX as paragraphs of their own (a quote set in
quotation marks unless it has its own, a list item after a dash).
"""

from dataclasses import dataclass
from typing import Literal

Kind = Literal["paragraph", "quote", "list"]
LIST_MARKERS = ("- ", "* ", "• ")


@dataclass(frozen=True)
class TextBlock:
    kind: Kind
    lines: tuple[str, ...]  # without their markers


def _kind(line: str) -> Kind:
    if line.startswith(">"):
        return "quote"
    if line.startswith(LIST_MARKERS):
        return "list"
    return "paragraph"


def _unmarked(line: str, kind: Kind) -> str:
    if kind == "quote":
        return line[1:].strip()
    if kind == "list":
        return line[2:].strip()
    return line.strip()


def text_blocks(text: str) -> tuple[TextBlock, ...]:
    """The paragraphs, quotes and lists of ``text``, in order."""
    blocks: list[TextBlock] = []
    for chunk in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n"):
        current: Kind | None = None
        lines: list[str] = []
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            kind = _kind(line)
            if current is not None and kind != current:
                blocks.append(TextBlock(current, tuple(lines)))
                lines = []
            current = kind
            lines.append(_unmarked(line, kind))
        if current is not None:
            blocks.append(TextBlock(current, tuple(lines)))
    return tuple(blocks)


def as_markdown(blocks: tuple[TextBlock, ...]) -> str:
    """The blocks as Markdown, a blank line between them."""
    parts = []
    for block in blocks:
        if block.kind == "quote":
            parts.append("\n".join(f"> {line}" for line in block.lines))
        elif block.kind == "list":
            parts.append("\n".join(f"- {line}" for line in block.lines))
        else:
            parts.append("\n".join(block.lines))
    return "\n\n".join(parts)


_OPENING_QUOTES = ("“", "«", '"', "„", "'")


def as_plain_paragraphs(blocks: tuple[TextBlock, ...]) -> list[str]:
    """The blocks as the paragraphs of the PDF and DOCX (``letters.render``'s layout)."""
    paragraphs = []
    for block in blocks:
        text = "\n".join(block.lines)
        if block.kind == "quote":
            paragraphs.append(text if text.startswith(_OPENING_QUOTES) else f"“{text}”")
        elif block.kind == "list":
            paragraphs.append("\n".join(f"– {line}" for line in block.lines))
        else:
            paragraphs.append(text)
    return paragraphs
