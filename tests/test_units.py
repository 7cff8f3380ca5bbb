"""Unit tests of the pure functions: wording, fields, the Markdown reader, Word numbering."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allegation_letter.data.model import Prose
from allegation_letter.document.model import letter_label, plain_inlines
from allegation_letter.document.reader import read_markdown
from allegation_letter.errors import Location
from allegation_letter.letter import fields
from allegation_letter.letter.wording import (
    action_verb,
    join_and,
    long_date,
    mandates_header,
    resolutions_phrase,
)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2025, 3, 10), "10 March 2025"),
        (dt.date(1982, 9, 24), "24 September 1982"),
        (dt.date(2015, 2, 5), "5 February 2015"),
    ],
)
def test_long_date(day: dt.date, text: str) -> None:
    assert long_date(day) == text


def test_join_and_with_and_without_oxford_comma() -> None:
    assert join_and(["a"]) == "a"
    assert join_and(["a", "b"]) == "a and b"
    assert join_and(["a", "b", "c"]) == "a, b and c"
    assert join_and(["a", "b", "c"], oxford=True) == "a, b, and c"


def test_mandates_header_and_resolutions() -> None:
    assert mandates_header(["X"]) == "Mandate of the X"
    assert mandates_header(["X", "Y"]) == "Mandates of the X and the Y"
    assert mandates_header(["X", "Y", "Z"]) == "Mandates of the X; the Y and the Z"
    assert resolutions_phrase(["51/15"]) == "resolution 51/15"
    assert resolutions_phrase(["51/15", "53/9"]) == "resolutions 51/15 and 53/9"


@pytest.mark.parametrize(
    ("action", "wording", "verb"),
    [
        ("accession", "as-reference", "ratified"),
        ("accession", "precise", "acceded to"),
        ("succession", "precise", "succeeded to"),
        ("ratification", "precise", "ratified"),
        ("signature", "as-reference", "signed"),
        ("signature", "precise", "signed"),
    ],
)
def test_action_verb(action: str, wording: str, verb: str) -> None:
    assert action_verb(action, wording) == verb


def test_fields_are_found_and_literal_braces_are_not() -> None:
    text = "a {government} b {status:ICCPR} c {{ 7*7 }} d \\{government} e {{government}}"
    assert [(u.name, u.arg) for u in fields.find_fields(text)] == [("government", None), ("status", "ICCPR")]


@pytest.mark.parametrize(
    ("field_text", "problem"),
    [
        ("{gvernment}", "unknown field {gvernment}"),
        ("{status}", "needs an instrument id"),
        ("{status:NOPE}", "unknown instrument 'NOPE'"),
        ("{government:ICCPR}", "takes no argument"),
    ],
)
def test_field_problems(field_text: str, problem: str) -> None:
    use = next(fields.find_fields(field_text))
    message = fields.field_problem(use, {"ICCPR"})
    assert message is not None and problem in message


def test_field_location_counts_lines_and_columns() -> None:
    text = Prose("first line\nsecond {gov}", Location("f.yaml", 10, 7))
    use = next(fields.find_fields(text))
    assert fields.location_in(text, use.start) == Location("f.yaml", 11, 14)


# What the YAML loader lets through: no control characters (they are errors at file:line).
LOADABLE_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"))


@given(LOADABLE_TEXT)
def test_markdown_literal_round_trips_through_the_parser(value: str) -> None:
    # A data value inserted into a letter must read back exactly as typed.
    line = " ".join(value.split())
    if not line:
        return
    doc = read_markdown("x " + fields.markdown_literal(line) + "\n")
    assert plain_inlines(doc.paragraphs[0].inlines) == "x " + line


def test_reader_styles_lists_footnotes_and_lettered_lists() -> None:
    doc = read_markdown(
        "::: date\n10 March 2025\n:::\n\nText[^n] **bold**.\n\n1. one\n2. two\n\n> - (a) x\n> - (b) y\n\n[^n]: Note.\n"
    )
    assert [p.style for p in doc.paragraphs] == [
        "date",
        "body",
        "list-number",
        "list-number",
        "list-letter",
        "list-letter",
    ]
    assert [info.kind for info in doc.lists] == ["decimal", "lower-letter"]
    assert [plain_inlines(p.inlines) for p in doc.paragraphs[-2:]] == ["x", "y"]
    assert doc.footnotes[0].label == "n" and plain_inlines(doc.footnotes[0].paragraphs[0].inlines) == "Note."


def test_bullets_not_in_letter_order_stay_bullets() -> None:
    doc = read_markdown("- (a) x\n- (c) y\n")
    assert doc.lists[0].kind == "bullet"


@pytest.mark.parametrize(("n", "label"), [(1, "a"), (5, "e"), (26, "z"), (27, "aa"), (28, "bb")])
def test_letter_label_counts_like_word(n: int, label: str) -> None:
    assert letter_label(n) == label


def _docx_with_lists(num_xml: str, paragraphs: list[str]) -> bytes:
    import io
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{n}"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
        for n in paragraphs
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
        zf.writestr("word/numbering.xml", f"<w:numbering {w}>{num_xml}</w:numbering>")
    return buffer.getvalue()


ABSTRACT = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
)


def test_word_continues_lists_that_share_a_definition_without_a_restart() -> None:
    from allegation_letter.document.docx_text import read_docx_text

    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
    )
    labels = [p.label for p in read_docx_text(_docx_with_lists(ABSTRACT + nums, ["1", "1", "2", "2"])).paragraphs]
    assert labels == ["1.", "2.", "3.", "4."]  # what Word shows: one counter per definition


def test_word_restarts_a_list_with_a_start_override() -> None:
    from allegation_letter.document.docx_text import read_docx_text

    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    labels = [p.label for p in read_docx_text(_docx_with_lists(ABSTRACT + nums, ["1", "1", "2", "2"])).paragraphs]
    assert labels == ["1.", "2.", "1.", "2."]
