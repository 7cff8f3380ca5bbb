"""The parsed letter: a flat run of styled paragraphs with inline content, lists and notes.

Both writers read this one tree, so the DOCX cannot say anything the Markdown does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ListKind = Literal["decimal", "lower-letter", "bullet"]


@dataclass(frozen=True, slots=True)
class Text:
    """Plain characters."""

    text: str


@dataclass(frozen=True, slots=True)
class Styled:
    """Emphasis or strong emphasis around other inlines."""

    style: Literal["emphasis", "strong"]
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A reference to footnote number `number` (1-based, in order of first reference)."""

    number: int


Inline = Text | Styled | Link | LineBreak | NoteRef


@dataclass(frozen=True, slots=True)
class ListInfo:
    """One list in the document: its kind and the number of its first item."""

    kind: ListKind
    start: int = 1


@dataclass(frozen=True, slots=True)
class ListItemRef:
    """Where a paragraph sits in a list: which list, how deep, which item."""

    list_index: int
    level: int
    item: int  # 0-based position among the list's items
    first_paragraph: bool = True  # later paragraphs of an item carry no number


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph with a style key (see STYLE_KEYS) and, in a list, its place in it."""

    style: str
    inlines: tuple[Inline, ...]
    list_item: ListItemRef | None = None
    quote_depth: int = 0


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote's paragraphs, in the order the notes are first referenced."""

    number: int
    label: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """The whole letter, ready for a writer."""

    paragraphs: tuple[Paragraph, ...]
    lists: tuple[ListInfo, ...] = ()
    footnotes: tuple[Footnote, ...] = field(default=())


# Paragraph style keys the reader produces; writers map them to their own style names.
STYLE_KEYS = (
    "body",
    "mandates",
    "reference",
    "date",
    "salutation",
    "signature",
    "subtitle",
    "heading1",
    "heading2",
    "heading3",
    "quote",
    "list-number",
    "list-letter",
    "list-bullet",
    "footnote",
)
CONTAINER_STYLES = ("mandates", "reference", "date", "salutation", "signature", "subtitle")


def list_label(info: ListInfo, item: int) -> str:
    """The label Word shows for item `item` (0-based) of a list: '1.', '(a)', '•'."""
    number = info.start + item
    if info.kind == "decimal":
        return f"{number}."
    if info.kind == "lower-letter":
        return f"({letter_label(number)})"
    return "•"


def letter_label(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa, as Word's lowerLetter numbering counts."""
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)


def note_numbers(inlines: tuple[Inline, ...]) -> list[int]:
    """The footnote numbers referenced in inlines, in order."""
    found: list[int] = []
    for node in inlines:
        if isinstance(node, NoteRef):
            found.append(node.number)
        elif isinstance(node, Styled | Link):
            found.extend(note_numbers(node.children))
    return found


def plain_inlines(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines as a reader sees it; footnote references as [n]."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Styled | Link):
            out.append(plain_inlines(node.children))
        elif isinstance(node, LineBreak):
            out.append("\n")
        else:
            out.append(f"[{node.number}]")
    return "".join(out)


def plain_paragraph(doc: Document, para: Paragraph) -> str:
    """A paragraph's text with its list label, as Word would show it."""
    text = plain_inlines(para.inlines)
    ref = para.list_item
    if ref is not None and ref.first_paragraph:
        text = f"{list_label(doc.lists[ref.list_index], ref.item)} {text}"
    return text
