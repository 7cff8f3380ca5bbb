"""Properties over arbitrary input: a valid letter whose Word text equals its Markdown, or a located error."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allegation_letter.build import check_project
from allegation_letter.document.docx_text import read_docx_text
from allegation_letter.document.model import plain_paragraph
from allegation_letter.document.reader import read_markdown
from allegation_letter.errors import DataError
from conftest import COMM, copy_project
from helpers import build_in_memory, docx_of, markdown_of

PROPERTY = settings(
    max_examples=int(__import__("os").environ.get("PROPERTY_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def scratch() -> Path:
    with tempfile.TemporaryDirectory() as folder:
        yield copy_project(Path(folder) / "project")


def _same_text(files: dict[str, bytes]) -> None:
    doc = read_markdown(markdown_of(files))
    text = read_docx_text(docx_of(files))
    assert [p.shown for p in text.paragraphs] == [plain_paragraph(doc, p) for p in doc.paragraphs]
    assert list(text.footnotes.values()) == [
        " ".join(plain_paragraph(doc, p) for p in note.paragraphs) for note in doc.footnotes
    ]


def _located(err: DataError, file: str) -> None:
    assert err.problems
    for problem in err.problems:
        assert problem.location.file == file, str(problem)
        assert problem.location.line >= 1 or "file too large" in problem.message, str(problem)


@PROPERTY
@given(st.text(max_size=300))
def test_any_text_in_a_concern_gives_a_faithful_letter_or_a_located_error(scratch: Path, text: str) -> None:
    body = scratch / COMM / "body.yaml"
    original = body.read_text(encoding="utf-8")
    try:
        # JSON strings are YAML double-quoted scalars: every character arrives as typed.
        body.write_text(
            original.replace("concerns:\n", f"concerns:\n  - {json.dumps(text, ensure_ascii=False)}\n", 1),
            encoding="utf-8",
        )
        try:
            files = build_in_memory(scratch, "VNM")["VNM"]
        except DataError as err:
            _located(err, f"{COMM}/body.yaml")
            return
        _same_text(files)
        visible = " ".join(unicodedata.normalize("NFC", text).split())
        if visible and visible.isalnum():  # plain words reach the letter exactly
            assert visible in markdown_of(files)
    finally:
        body.write_text(original, encoding="utf-8")


@PROPERTY
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8"))))
def test_any_bytes_in_a_data_file_give_a_letter_or_a_located_error(scratch: Path, data: bytes) -> None:
    state = scratch / "states" / "VNM.yaml"
    original = state.read_bytes()
    try:
        state.write_bytes(data)
        try:
            check_project(scratch)
        except DataError as err:
            _located(err, "states/VNM.yaml")
            return
        _same_text(build_in_memory(scratch, "VNM")["VNM"])  # pragma: no cover - random bytes are never a State
    finally:
        state.write_bytes(original)


HAZARDS = [
    "Nguyễn Văn Đài, bệnh viện",
    "Siobhán Mullally, Seán Ó Súilleabháin, Éire",
    "“quoted” and ‘single’ and it’s",
    "non\u00a0breaking and em—dash and soft\u00adhyphen",
    'Côte d\'Ivoire & Others <b> "x"',
    "{{ 7*7 }} and {% for x in y %} and {# note #} and {{ cycler }}",
    "emoji 🙋 and astral 𝔘",
]


@pytest.mark.parametrize("hazard", HAZARDS)
def test_text_hazards_pass_through_unchanged(project: Path, hazard: str) -> None:
    body = project / COMM / "body.yaml"
    body.write_text(
        body.read_text(encoding="utf-8").replace(
            "concerns:\n", f"concerns:\n  - {json.dumps(hazard, ensure_ascii=False)}\n", 1
        ),
        encoding="utf-8",
    )
    files = build_in_memory(project, "VNM")["VNM"]
    assert hazard in markdown_of(files)
    assert any(p.text == hazard for p in read_docx_text(docx_of(files)).paragraphs)


def test_template_syntax_in_data_is_never_evaluated(project: Path) -> None:
    hazard = "{{ 7*7 }} {{ ''.__class__.__mro__ }}"
    body = project / COMM / "body.yaml"
    body.write_text(
        body.read_text(encoding="utf-8").replace("concerns:\n", f"concerns:\n  - {json.dumps(hazard)}\n", 1),
        encoding="utf-8",
    )
    files = build_in_memory(project, "VNM")["VNM"]
    assert hazard in markdown_of(files)
    words = " ".join(p.text for p in read_docx_text(docx_of(files)).paragraphs)
    assert "{{ 7*7 }}" in words and "49" not in words and "mro" in words  # underscores are Markdown emphasis


def test_nfd_input_gives_the_same_bytes_as_nfc(project: Path, tmp_path: Path) -> None:
    text = "Nguyễn Văn Đài and Siobhán"
    outputs = []
    for form in ("NFC", "NFD"):
        body = project / COMM / "body.yaml"
        original = body.read_text(encoding="utf-8")
        body.write_text(
            original.replace("concerns:\n", f'concerns:\n  - "{unicodedata.normalize(form, text)}"\n', 1),
            encoding="utf-8",
        )
        outputs.append(build_in_memory(project, "VNM")["VNM"])
        body.write_text(original, encoding="utf-8")
    assert outputs[0] == outputs[1]
    assert unicodedata.normalize("NFC", text) in markdown_of(outputs[0])
