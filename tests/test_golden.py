"""The Viet Nam letter reproduces the letter of 10 March 2025, paragraph by paragraph."""

from __future__ import annotations

from pathlib import Path

from allegation_letter.document.docx_text import read_docx_text
from allegation_letter.document.reader import read_markdown
from conftest import ROOT
from helpers import build_in_memory, markdown_of, plain_paragraphs, rejoin_page_breaks

REFERENCE = Path(__file__).parent / "reference" / "letter-AL-VNM-1-2025.txt"
GOLDEN = Path(__file__).parent / "golden"


def _vnm() -> dict[str, bytes]:
    return build_in_memory(ROOT, "VNM")["VNM"]


def test_vnm_letter_text_equals_the_reference_letter_paragraph_by_paragraph() -> None:
    reference = plain_paragraphs(rejoin_page_breaks(REFERENCE.read_text(encoding="utf-8")))
    ours = plain_paragraphs(markdown_of(_vnm()))
    assert len(reference) == 70
    for number, (want, got) in enumerate(zip(reference, ours, strict=True), start=1):
        assert got == want, f"paragraph {number} differs"


def test_rejoining_only_undoes_page_breaks() -> None:
    # The reference has six page-break splits; every one resumes in lower case.
    raw = REFERENCE.read_text(encoding="utf-8")
    assert len(plain_paragraphs(raw)) - len(plain_paragraphs(rejoin_page_breaks(raw))) == 6


def test_markdown_matches_golden_file(update_golden: bool) -> None:
    files = _vnm()
    for name in ("AL-VNM-1-2025.md",):
        golden = GOLDEN / name
        if update_golden:
            golden.write_bytes(files[name])
        assert files[name] == golden.read_bytes(), f"{name} differs from tests/golden (review, then --update-golden)"


def test_docx_text_matches_golden_dump(update_golden: bool) -> None:
    text = read_docx_text(_vnm()["AL-VNM-1-2025.docx"])
    lines = [f"[{p.style}]{' (new page)' if p.page_break_before else ''} {p.shown}" for p in text.paragraphs]
    dump = "\n".join(lines) + "\n"
    golden = GOLDEN / "AL-VNM-1-2025.docx.txt"
    if update_golden:
        golden.write_text(dump, encoding="utf-8")
    assert dump == golden.read_text(encoding="utf-8")


def test_markdown_is_one_paragraph_per_line() -> None:
    markdown = markdown_of(_vnm())
    doc = read_markdown(markdown)
    lines = [line for line in markdown.splitlines() if line and line != ">" and not line.startswith(":::")]
    # Hard line breaks (Ref. block, signatures) are the only paragraphs spread over lines.
    breaks = sum(line.endswith("\\") for line in lines)
    assert len(lines) - breaks == len(doc.paragraphs)
