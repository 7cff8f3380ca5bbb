"""Word-grade output: footnotes, numbering, fields, a valid package and byte-identical rebuilds."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest
from docx2python import docx2python

from allegation_letter.document.docx_text import read_docx_text
from conftest import COMM, ROOT, output_files
from helpers import build_in_memory, docx_of, markdown_of, run_cli, soffice_convert

ALL = ["MMR-AF", "ASEAN", "KHM", "CHN", "LAO", "MYS", "PHL", "THA", "VNM"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are not installed; .ci/run installs them",
)


@pytest.fixture(scope="module")
def nine() -> dict[str, dict[str, bytes]]:
    return build_in_memory(ROOT, *ALL)


def _add_footnotes(project: Path) -> None:
    body = project / COMM / "body.yaml"
    text = body.read_text(encoding="utf-8")
    text = text.replace("mainly through the internet.", "mainly through the internet.[^recruitment]", 1)
    text = text.replace("held captive in prison-like conditions", "held captive[^captive] in prison-like conditions", 2)
    text += (
        "footnotes:\n"
        "  recruitment: Reports received by the mandates between 2023 and 2025.\n"
        "  captive: See also A/HRC/47/34, para. 57.\n"
    )
    body.write_text(text, encoding="utf-8")


def test_markdown_footnotes_become_word_footnotes(project: Path) -> None:
    _add_footnotes(project)
    files = build_in_memory(project, "VNM")["VNM"]
    markdown = markdown_of(files)
    assert "internet.[^recruitment]" in markdown
    assert "[^recruitment]: Reports received by the mandates between 2023 and 2025." in markdown
    package = zipfile.ZipFile(io.BytesIO(docx_of(files)))
    notes = ET.fromstring(package.read("word/footnotes.xml"))
    bodies = [n for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert len(bodies) == 2
    document = package.read("word/document.xml").decode()
    assert document.count("<w:footnoteReference ") == 2
    text = read_docx_text(docx_of(files))
    # Numbered in order of reference: "captive" comes first in the text, in the intro.
    assert text.footnotes == {
        1: "See also A/HRC/47/34, para. 57.",
        2: "Reports received by the mandates between 2023 and 2025.",
    }
    with docx2python(io.BytesIO(docx_of(files))) as independent:
        flat = repr(independent.footnotes)
    assert "Reports received by the mandates" in flat and "A/HRC/47/34, para. 57" in flat


@pytest.mark.parametrize("code", ALL)
def test_questions_restart_at_one_in_every_letter(nine: dict[str, dict[str, bytes]], code: str) -> None:
    text = read_docx_text(docx_of(nine[code]))
    labels = [p.label for p in text.paragraphs if p.style == "List Number"]
    assert labels == [f"{n}." for n in range(1, len(labels) + 1)]
    assert len(labels) == {"MMR-AF": 6, "ASEAN": 5}.get(code, 9)


def test_cerd_recommendations_are_a_real_lettered_list(nine: dict[str, dict[str, bytes]]) -> None:
    text = read_docx_text(docx_of(nine["VNM"]))
    lettered = [p for p in text.paragraphs if p.style == "List Letter"]
    assert [p.label for p in lettered] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    assert lettered[0].text.startswith("Address the factors")
    with docx2python(io.BytesIO(docx_of(nine["VNM"]))) as independent:
        assert "a)\tAddress the factors" in independent.text


def test_every_list_has_its_own_definition_and_restart(nine: dict[str, dict[str, bytes]]) -> None:
    numbering = ET.fromstring(zipfile.ZipFile(io.BytesIO(docx_of(nine["VNM"]))).read("word/numbering.xml"))
    nums = list(numbering.iter(f"{W}num"))
    abstract_ids = [n.find(f"{W}abstractNumId").get(f"{W}val") for n in nums]
    assert len(set(abstract_ids)) == len(nums) == 2  # Word cannot merge lists that share nothing
    assert all(n.find(f"{W}lvlOverride/{W}startOverride") is not None for n in nums)


def test_footer_has_page_field_and_the_reference(nine: dict[str, dict[str, bytes]]) -> None:
    package = zipfile.ZipFile(io.BytesIO(docx_of(nine["THA"])))
    footers = [n for n in package.namelist() if n.startswith("word/footer")]
    assert footers
    for name in footers:
        xml = package.read(name).decode()
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
        assert "AL THA [PENDING: number]/2025" in xml  # the TITLE field's result
    sect = ET.fromstring(package.read("word/document.xml")).find(f"{W}body/{W}sectPr")
    kinds = {ref.get(f"{W}type") for ref in sect.iter(f"{W}footerReference")}
    assert kinds == {"default", "first"}


@pytest.mark.parametrize("code", ALL)
def test_annex_starts_a_new_page(nine: dict[str, dict[str, bytes]], code: str) -> None:
    text = read_docx_text(docx_of(nine[code]))
    assert [p.text for p in text.paragraphs if p.page_break_before] == ["Annex"]


@pytest.mark.parametrize("code", ALL)
def test_package_is_valid(nine: dict[str, dict[str, bytes]], code: str) -> None:
    package = zipfile.ZipFile(io.BytesIO(docx_of(nine[code])))
    names = package.namelist()
    types = ET.fromstring(package.read("[Content_Types].xml"))
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{ns}Override")}
    defaults = {d.get("Extension") for d in types.iter(f"{ns}Default")}
    for name in names:
        ET.fromstring(package.read(name))  # every part is well-formed XML
        if name != "[Content_Types].xml":
            assert name in overrides or name.rsplit(".", 1)[1] in defaults, f"{name} has no content type"
    docx.Document(io.BytesIO(docx_of(nine[code])))


def test_core_properties_are_set_on_purpose(nine: dict[str, dict[str, bytes]]) -> None:
    package = zipfile.ZipFile(io.BytesIO(docx_of(nine["VNM"])))
    core = package.read("docProps/core.xml").decode()
    app = package.read("docProps/app.xml").decode()
    assert "<dc:title>AL VNM 1/2025</dc:title>" in core
    assert "2025-03-10T00:00:00Z" in core and core.count("W3CDTF") == 2
    for leak in ("python-docx", os.environ.get("USER", "root"), os.uname().nodename, "lastModifiedBy"):
        assert leak not in core + app
    assert all(info.date_time == (2025, 3, 10, 0, 0, 0) for info in package.infolist())


def _build_all(project: Path, out: Path, env: dict[str, str]) -> dict[str, str]:
    subprocess.run(
        [sys.executable, "-m", "allegation_letter", "build", "--all", "--root", str(project), "--out", str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    return {name: hashlib.sha256(data).hexdigest() for name, data in output_files(out).items()}


def test_two_builds_at_different_times_and_zones_are_byte_identical(project: Path, tmp_path: Path) -> None:
    first = _build_all(project, tmp_path / "a", {"TZ": "Asia/Ho_Chi_Minh", "LC_ALL": "C"})
    time.sleep(2.1)  # zip entry times have a two-second resolution
    second = _build_all(project, tmp_path / "b", {"TZ": "America/New_York", "LC_ALL": "C.UTF-8"})
    assert len([n for n in first if n.endswith((".md", ".docx"))]) == 18
    assert first == second


def test_source_date_epoch_sets_zip_times_but_not_the_letter_date(project: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(
        [sys.executable, "-m", "allegation_letter", "build", "VNM", "--root", str(project)],
        check=True,
        capture_output=True,
        env=env,
    )
    package = zipfile.ZipFile(project / "drafts" / "AL-VNM-1-2025.docx")
    assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert "2025-03-10T00:00:00Z" in package.read("docProps/core.xml").decode()


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", ""])
def test_malformed_source_date_epoch_is_a_usage_error(project: Path, value: str, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    run = run_cli("build", "VNM", "--root", str(project))
    assert run.exit_code == 2 and "SOURCE_DATE_EPOCH" in run.stderr
    assert output_files(project / "drafts") == {}


def _letterhead_without(project: Path, style: str) -> Path:
    document = docx.Document(str(project / "templates" / "reference.docx"))
    document.styles[style].name = "Renamed"
    path = project / "templates" / "our-letterhead.docx"
    document.save(str(path))
    return path


def test_letterhead_lacking_a_style_is_named_before_anything_is_written(project: Path) -> None:
    path = _letterhead_without(project, "Quote")
    run = run_cli("build", "VNM", "--root", str(project), "--reference", str(path))
    assert run.exit_code == 3
    assert "lacks the styles Quote" in run.stderr
    assert output_files(project / "drafts") == {}


def test_letterhead_from_the_communication_setting_is_used(project: Path) -> None:
    document = docx.Document(str(project / "templates" / "reference.docx"))
    document.styles["Body Text"].font.name = "Arial"
    document.save(str(project / "templates" / "arial.docx"))
    meta = project / COMM / "communication.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "letterhead: templates/arial.docx\n", encoding="utf-8")
    files = build_in_memory(project, "VNM", formats=("docx",))["VNM"]
    styles = zipfile.ZipFile(io.BytesIO(docx_of(files))).read("word/styles.xml").decode()
    assert 'w:ascii="Arial"' in styles


@needs_soffice
def test_libreoffice_converts_the_letter_and_starts_the_annex_on_its_own_page(tmp_path: Path) -> None:
    source = tmp_path / "AL-VNM-1-2025.docx"
    source.write_bytes(docx_of(build_in_memory(ROOT, "VNM", formats=("docx",))["VNM"]))
    result = soffice_convert(source, "pdf", tmp_path, tmp_path / "profile")
    pdf = tmp_path / "AL-VNM-1-2025.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages_list = pages.split("\f")
    text = " ".join(pages.split())
    assert "We have the honour to address you in our capacities as Special Rapporteur" in text
    assert "Siobhán Mullally" in text and "CERD/C/VNM/CO/15-17" in text
    assert len([p for p in pages_list if p.strip()]) > 1
    annex_pages = [p for p in pages_list if "without implying, in advance, a conclusion" in " ".join(p.split())]
    assert annex_pages and annex_pages[0].strip().startswith("Annex")
    before = pages_list[: pages_list.index(annex_pages[0])]
    assert "Siobhán Mullally" in before[-1]  # the letter ends on the page before the annex
