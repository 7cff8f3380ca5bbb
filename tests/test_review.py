"""Reviewing drafts: textconv, git diff, `letter diff` and Word redlines."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from allegation_letter.review.diff import diff_drafts
from allegation_letter.review.redline import Revision, redline, resolve_changes
from allegation_letter.review.text import PAGE_BREAK, docx_lines, markdown_lines
from conftest import COMM, ROOT
from helpers import build_in_memory, docx_of, markdown_of, run_cli, soffice_convert

ALL = ["MMR-AF", "ASEAN", "KHM", "CHN", "LAO", "MYS", "PHL", "THA", "VNM"]
SOFFICE = shutil.which("soffice")
SYSTEM_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    if not SOFFICE or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
needs_uno = pytest.mark.skipif(not _has_uno(), reason="LibreOffice with Python UNO (python3-uno) is not installed")
git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def nine() -> dict[str, dict[str, bytes]]:
    return build_in_memory(ROOT, *ALL)


def _strings(lines) -> list[str]:
    return [str(line) for line in lines]


# -- textconv -----------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ALL)
def test_textconv_of_our_docx_equals_the_markdown_text(nine: dict[str, dict[str, bytes]], code: str) -> None:
    files = nine[code]
    assert _strings(docx_lines(docx_of(files))) == _strings(markdown_lines(markdown_of(files)))


def test_textconv_marks_the_annex_lists_and_footnotes(project: Path) -> None:
    body = project / COMM / "body.yaml"
    body.write_text(
        body.read_text(encoding="utf-8").replace("mainly through the internet.", "mainly through the internet.[^n]", 1)
        + "footnotes:\n  n: A note.\n",
        encoding="utf-8",
    )
    lines = _strings(docx_lines(docx_of(build_in_memory(project, "VNM")["VNM"])))
    assert lines[lines.index(PAGE_BREAK) + 1] == "Annex"
    assert any(line.startswith("9. Please highlight") for line in lines)
    assert any(line.startswith("(e) Guarantee the protection") for line in lines)
    note = next(i for i, line in enumerate(lines) if "internet.[1]" in line)
    assert lines[note + 1] == "[^1]: A note."


@needs_soffice
def test_textconv_reads_a_docx_saved_by_libreoffice(tmp_path: Path, nine: dict[str, dict[str, bytes]]) -> None:
    source = tmp_path / "ours.docx"
    source.write_bytes(docx_of(nine["VNM"]))
    converted = tmp_path / "lo"
    result = soffice_convert(source, "docx:MS Word 2007 XML", converted, tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    resaved = (converted / "ours.docx").read_bytes()
    assert resaved != source.read_bytes()
    assert _strings(docx_lines(resaved)) == _strings(docx_lines(source.read_bytes()))


def test_textconv_cli_success_and_failure(tmp_path: Path, nine: dict[str, dict[str, bytes]]) -> None:
    path = tmp_path / "AL-VNM-1-2025.docx"
    path.write_bytes(docx_of(nine["VNM"]))
    run = run_cli("textconv", str(path))
    assert run.exit_code == 0 and run.stdout.splitlines()[2] == "10 March 2025"
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    run = run_cli("textconv", str(bad))
    assert run.exit_code == 3 and "broken.docx" in run.stderr and "Traceback" not in run.stderr


# -- git ------------------------------------------------------------------------------------------
def _git(repo: Path, *args: str) -> str:
    env_args = ["-c", "user.name=Drafter", "-c", "user.email=drafter@example.org"]
    return subprocess.run(["git", *env_args, "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@git
def test_git_diff_shows_the_changed_sentence_after_a_rebuild(project: Path) -> None:
    _git(project, "init", "-q")
    assert run_cli("init-git", "--root", str(project)).exit_code == 0
    assert "*.docx diff=letter" in (project / ".gitattributes").read_text(encoding="utf-8")
    assert run_cli("build", "VNM", "--format", "docx", "--root", str(project)).exit_code == 0
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "first draft")
    state = project / "states" / "VNM.yaml"
    state.write_text(state.read_text(encoding="utf-8").replace("2012-06-08", "2012-06-09"), encoding="utf-8")
    assert run_cli("build", "VNM", "--format", "docx", "--root", str(project)).exit_code == 0
    shown = _git(project, "diff", "--", "drafts/AL-VNM-1-2025.docx")
    removed = [line for line in shown.splitlines() if line.startswith("-") and "8 June 2012" in line]
    added = [line for line in shown.splitlines() if line.startswith("+") and "9 June 2012" in line]
    assert len(removed) == len(added) == 1
    assert "Palermo Protocol, ratified by your Excellency’s Government on 9 June 2012" in added[0]


def test_init_git_outside_a_repository_fails_cleanly(tmp_path: Path) -> None:
    run = run_cli("init-git", "--root", str(tmp_path))
    assert run.exit_code == 2 and "not the top folder of a git repository" in run.stderr


@git
def test_letter_diff_against_a_git_revision(project: Path) -> None:
    _git(project, "init", "-q")
    assert run_cli("build", "VNM", "--format", "md", "--root", str(project)).exit_code == 0
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "first draft")
    draft = project / "drafts" / "AL-VNM-1-2025.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("trafficking hotspot", "major trafficking hotspot"))
    run = run_cli("diff", "HEAD", str(draft))
    assert run.exit_code == 0, run.stderr
    assert "{+major +}" in run.stdout or "{+ major+}" in run.stdout
    assert run.stdout.strip().endswith("1 paragraph changed, 0 added, 0 removed")


def test_letter_diff_of_two_files_and_a_missing_one(tmp_path: Path, nine: dict[str, dict[str, bytes]]) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    text = markdown_of(nine["VNM"])
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("According to the information received:\n\n", "", 1), encoding="utf-8")
    run = run_cli("diff", str(old), str(new))
    assert run.exit_code == 0 and "0 paragraphs changed, 0 added, 1 removed" in run.stdout
    run = run_cli("diff", str(tmp_path / "nope.md"), str(tmp_path / "nada.md"))
    assert run.exit_code == 2 and "is a file" in run.stderr


# -- redline --------------------------------------------------------------------------------------
def _edit_word(project: Path) -> None:
    body = project / COMM / "body.yaml"
    body.write_text(
        body.read_text(encoding="utf-8").replace("mainly through the internet", "mostly through the internet")
    )


def _add_paragraph(project: Path) -> None:
    body = project / COMM / "body.yaml"
    body.write_text(
        body.read_text(encoding="utf-8").replace(
            "concerns:\n",
            "concerns:\n  - We are further concerned about the reported role of **online platforms**.\n",
            1,
        )
    )


def _remove_paragraph(project: Path) -> None:
    body = project / COMM / "body.yaml"
    text = body.read_text(encoding="utf-8")
    start = text.index("  - |\n    We are also concerned that there may be a failure")
    end = text.index("questions:\n")
    body.write_text(text[:start] + text[end:])


def _insert_question(project: Path) -> None:
    body = project / COMM / "body.yaml"
    body.write_text(
        body.read_text(encoding="utf-8").replace(
            "questions:\n", "questions:\n  - Please indicate the number of victims identified since 2023.\n", 1
        )
    )


EDITS = {
    "word-changed": _edit_word,
    "paragraph-added": _add_paragraph,
    "paragraph-removed": _remove_paragraph,
    "question-inserted": _insert_question,
}


@pytest.fixture(params=list(EDITS), ids=list(EDITS))
def drafts(request: pytest.FixtureRequest, project: Path) -> tuple[bytes, bytes]:
    old = docx_of(build_in_memory(project, "VNM", formats=("docx",))["VNM"])
    EDITS[request.param](project)
    new = docx_of(build_in_memory(project, "VNM", formats=("docx",))["VNM"])
    return old, new


REVISION = Revision(
    "Reviewer", __import__("datetime").datetime(2025, 3, 12, tzinfo=__import__("datetime").timezone.utc)
)


def test_redline_accepted_gives_new_rejected_gives_old(drafts: tuple[bytes, bytes]) -> None:
    old, new = drafts
    changes = redline(old, new, REVISION)
    xml = __import__("zipfile").ZipFile(__import__("io").BytesIO(changes)).read("word/document.xml")
    assert b"<w:ins " in xml or b"<w:del " in xml
    assert _strings(docx_lines(resolve_changes(changes, accept=True))) == _strings(docx_lines(new))
    assert _strings(docx_lines(resolve_changes(changes, accept=False))) == _strings(docx_lines(old))


def test_redline_changes_carry_author_and_date(drafts: tuple[bytes, bytes]) -> None:
    import io
    import re
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(redline(*drafts, REVISION))).read("word/document.xml").decode()
    marks = re.findall(r"<w:(?:ins|del) [^>]*>", xml)
    assert marks and all('w:author="Reviewer"' in m and 'w:date="2025-03-12T00:00:00Z"' in m for m in marks)


def test_a_word_change_is_a_word_level_change(project: Path) -> None:
    old = docx_of(build_in_memory(project, "VNM", formats=("docx",))["VNM"])
    _edit_word(project)
    new = docx_of(build_in_memory(project, "VNM", formats=("docx",))["VNM"])
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(redline(old, new, REVISION))).read("word/document.xml").decode()
    assert xml.count("<w:del ") == 1 and xml.count("<w:ins ") == 1
    assert ">mainly</w:delText>" in xml and ">mostly</w:t>" in xml
    assert diff_drafts(docx_lines(old), docx_lines(new)).summary() == "1 paragraph changed, 0 added, 0 removed"


def test_inserted_question_keeps_word_numbering(project: Path) -> None:
    old = docx_of(build_in_memory(project, "VNM", formats=("docx",))["VNM"])
    _insert_question(project)
    new = docx_of(build_in_memory(project, "VNM", formats=("docx",))["VNM"])
    accepted = _strings(docx_lines(resolve_changes(redline(old, new, REVISION), accept=True)))
    assert "1. Please indicate the number of victims identified since 2023." in accepted
    assert any(line.startswith("10. Please highlight") for line in accepted)
    assert diff_drafts(docx_lines(old), docx_lines(new)).summary() == "0 paragraphs changed, 1 added, 0 removed"


@needs_uno
def test_libreoffice_accepts_and_rejects_the_redline(drafts: tuple[bytes, bytes], tmp_path: Path) -> None:
    old, new = drafts
    path = tmp_path / "changes.docx"
    path.write_bytes(redline(old, new, REVISION))
    for mode, expected in (("accept", new), ("reject", old)):
        result = subprocess.run(
            [SYSTEM_PYTHON, str(Path(__file__).parent / "lo_tracked.py"), str(path), mode, str(tmp_path / f"p-{mode}")],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        shown = [line for line in result.stdout.splitlines()]
        want = [str(line) for line in docx_lines(expected) if str(line) != PAGE_BREAK]
        assert shown == want, mode


def test_redline_cli_success_and_failure(tmp_path: Path, nine: dict[str, dict[str, bytes]], project: Path) -> None:
    old = tmp_path / "old.docx"
    old.write_bytes(docx_of(nine["VNM"]))
    _edit_word(project)
    new = tmp_path / "new.docx"
    new.write_bytes(docx_of(build_in_memory(project, "VNM", formats=("docx",))["VNM"]))
    out = tmp_path / "out" / "changes.docx"
    run = run_cli("redline", str(old), str(new), "-o", str(out), "--author", "A. Reviewer", "--date", "2025-03-12")
    assert run.exit_code == 0, run.stderr
    assert out.is_file() and b"A. Reviewer" in __import__("zipfile").ZipFile(out).read("word/document.xml")
    md = tmp_path / "new.md"
    md.write_text("text", encoding="utf-8")
    run = run_cli("redline", str(old), str(md), "-o", str(tmp_path / "x.docx"))
    assert run.exit_code == 2 and "is not a .docx" in run.stderr


def test_redline_is_byte_identical_for_the_same_inputs(drafts: tuple[bytes, bytes]) -> None:
    assert redline(*drafts, REVISION) == redline(*drafts, REVISION)


def test_module_runs_as_textconv_for_git(nine: dict[str, dict[str, bytes]], tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(docx_of(nine["THA"]))
    out = subprocess.run(
        [sys.executable, "-m", "allegation_letter", "textconv", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "AL THA [PENDING: number]/2025" in out
