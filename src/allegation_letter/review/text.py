"""A draft as stable plain text: one paragraph per line, for git's textconv and for diffs.

Format: each paragraph on one line, its list label first ("1.", "(a)") as Word shows it;
a hard line break inside a paragraph is " ⏎ "; a footnote reference is "[n]" and the
note follows its paragraph as "[^n]: text"; a page break (the annex) is the line
"--- page break ---". Empty paragraphs are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from allegation_letter.document.docx_text import DocxReadError, read_docx_text
from allegation_letter.document.model import note_numbers, plain_inlines, plain_paragraph
from allegation_letter.document.reader import MarkdownError, read_markdown
from allegation_letter.errors import DataError, Location

PAGE_BREAK = "--- page break ---"
LINE_BREAK = " \u23ce "


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a draft's text: a list label (or none) and the words."""

    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text


def docx_lines(data: bytes, label: str = "document") -> list[Line]:
    """The text lines of a .docx (any Word document, not only ours)."""
    try:
        text = read_docx_text(data)
    except DocxReadError as err:
        raise DataError.at(Location(label), str(err)) from None
    lines: list[Line] = []
    for para in text.paragraphs:
        if para.page_break_before:
            lines.append(Line("", PAGE_BREAK))
        words = para.text.replace("\n", LINE_BREAK)
        if words.strip() or para.label:
            lines.append(Line(para.label, words))
        if para.page_break_inside:
            lines.append(Line("", PAGE_BREAK))
        lines.extend(Line(f"[^{n}]:", text.footnotes.get(n, "")) for n in para.notes)
    return lines


def markdown_lines(markdown: str, label: str = "document") -> list[Line]:
    """The same lines for a Markdown draft, from the tree the Word writer writes."""
    try:
        doc = read_markdown(markdown)
    except MarkdownError as err:
        raise DataError.at(Location(label, err.line), str(err)) from None
    notes = {note.number: note for note in doc.footnotes}
    lines: list[Line] = []
    for para in doc.paragraphs:
        if para.style == "heading1":
            lines.append(Line("", PAGE_BREAK))
        words = plain_inlines(para.inlines).replace("\n", LINE_BREAK)
        shown = plain_paragraph(doc, para)
        list_label = shown[: len(shown) - len(plain_inlines(para.inlines))].strip()
        if words.strip() or list_label:
            lines.append(Line(list_label, words))
        for number in note_numbers(para.inlines):
            note = notes[number]
            lines.append(Line(f"[^{number}]:", " ".join(plain_inlines(p.inlines) for p in note.paragraphs)))
    return lines


def draft_lines(data: bytes, name: str) -> list[Line]:
    """Text lines of a draft, by its file name: .docx or Markdown."""
    if name.lower().endswith(".docx"):
        return docx_lines(data, name)
    try:
        markdown = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError.at(Location(name), "not a .docx and not UTF-8 text") from None
    return markdown_lines(markdown, name)


def textconv(path: Path) -> str:
    """What `letter textconv FILE` prints."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataError.at(Location(str(path)), f"cannot read: {err.strerror}") from None
    return "".join(f"{line}\n" for line in draft_lines(data, path.name))
