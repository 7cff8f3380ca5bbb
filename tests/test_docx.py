"""The DOCX says what the Markdown says, numbers its questions and starts the annex on a new page."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from allegation_letter.document.docx_text import read_docx_text
from allegation_letter.document.model import plain_paragraph
from allegation_letter.document.reader import read_markdown
from conftest import ROOT
from helpers import build_in_memory, docx_of, markdown_of


@pytest.fixture(scope="module")
def vnm() -> dict[str, bytes]:
    return build_in_memory(ROOT, "VNM")["VNM"]


def test_docx_text_equals_markdown_text(vnm: dict[str, bytes]) -> None:
    doc = read_markdown(markdown_of(vnm))
    text = read_docx_text(docx_of(vnm))
    assert [p.shown for p in text.paragraphs] == [plain_paragraph(doc, p) for p in doc.paragraphs]


def test_questions_are_numbered_one_to_nine_by_word_numbering(vnm: dict[str, bytes]) -> None:
    text = read_docx_text(docx_of(vnm))
    questions = [p for p in text.paragraphs if p.style == "List Number"]
    assert [p.label for p in questions] == [f"{n}." for n in range(1, 10)]
    assert all(not p.text[:1].isdigit() for p in questions), "numbers come from numbering, not from typed text"


def test_annex_starts_on_a_new_page(vnm: dict[str, bytes]) -> None:
    text = read_docx_text(docx_of(vnm))
    breaks = [p.text for p in text.paragraphs if p.page_break_before]
    assert breaks == ["Annex"]


def test_docx_opens_in_python_docx_with_named_styles_and_a4(vnm: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(docx_of(vnm)))
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (7560310, 10692130)  # A4 in EMU
    styles = {p.style.name for p in document.paragraphs}
    assert {"Body Text", "List Number", "Heading 1", "Letter Mandates", "Quote"} <= styles
    body = document.styles["Body Text"]
    assert body.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY


def test_paragraphs_carry_no_direct_formatting(vnm: dict[str, bytes]) -> None:
    xml = zipfile.ZipFile(io.BytesIO(docx_of(vnm))).read("word/document.xml").decode()
    for direct in ("<w:rFonts", "<w:sz ", "<w:jc ", "<w:ind ", "<w:spacing", "<w:color"):
        assert direct not in xml
