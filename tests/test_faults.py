"""Faults around the disk and the process: no lost drafts, no leaks, one exit code per kind of failure."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from allegation_letter import output
from allegation_letter.errors import ExitCode
from conftest import output_files
from helpers import run_cli

VICTIM = "Nguyen Thi Secret-Witness"


def _build(project: Path, *extra: str):
    return run_cli("build", "VNM", "--root", str(project), *extra)


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")]


# -- overwrite protection -----------------------------------------------------------------
def test_rebuild_without_changes_touches_nothing(project: Path) -> None:
    assert _build(project).exit_code == 0
    drafts = project / "drafts"
    stamps = {p.name: p.stat().st_mtime_ns for p in drafts.iterdir()}
    run = _build(project)
    assert run.exit_code == 0 and "0 file(s) written, 2 unchanged" in run.stdout
    assert {p.name: p.stat().st_mtime_ns for p in drafts.iterdir() if p.name != ".letter-manifest.json"} == {
        k: v for k, v in stamps.items() if k != ".letter-manifest.json"
    }


def test_hand_edited_draft_is_not_overwritten(project: Path) -> None:
    assert _build(project).exit_code == 0
    draft = project / "drafts" / "AL-VNM-1-2025.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nMy notes of three weeks.\n", encoding="utf-8")
    edited = draft.read_bytes()
    word = (project / "drafts" / "AL-VNM-1-2025.docx").read_bytes()
    (project / "states" / "VNM.yaml").write_text(
        (project / "states" / "VNM.yaml").read_text(encoding="utf-8").replace("1982-09-24", "1982-09-25", 1),
        encoding="utf-8",
    )
    run = _build(project)
    assert run.exit_code == ExitCode.REFUSED == 4
    assert "AL-VNM-1-2025.md" in run.stderr and "--force" in run.stderr
    assert draft.read_bytes() == edited
    assert (project / "drafts" / "AL-VNM-1-2025.docx").read_bytes() == word  # the batch stopped whole


def test_force_keeps_a_backup_then_replaces(project: Path) -> None:
    assert _build(project).exit_code == 0
    draft = project / "drafts" / "AL-VNM-1-2025.md"
    draft.write_text("hand edited\n", encoding="utf-8")
    run = _build(project, "--force")
    assert run.exit_code == 0, run.stderr
    backups = list((project / "drafts").glob("AL-VNM-1-2025.md.bak-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "hand edited\n"
    assert draft.read_text(encoding="utf-8").startswith("::: mandates")


def test_missing_manifest_protects_every_existing_draft(project: Path) -> None:
    assert _build(project).exit_code == 0
    (project / "drafts" / ".letter-manifest.json").unlink()
    (project / "drafts" / "AL-VNM-1-2025.md").write_text("from somewhere else\n", encoding="utf-8")
    run = _build(project)
    assert run.exit_code == 4


def test_corrupt_manifest_protects_every_existing_draft(project: Path) -> None:
    assert _build(project).exit_code == 0
    (project / "drafts" / ".letter-manifest.json").write_text("{not json", encoding="utf-8")
    (project / "drafts" / "AL-VNM-1-2025.md").write_text("changed\n", encoding="utf-8")
    assert _build(project).exit_code == 4


# -- atomic, all-or-nothing writes ----------------------------------------------------------
@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 5, "disk full"),
        (PermissionError(errno.EACCES, "Permission denied"), 5, "permission denied"),
        (KeyboardInterrupt(), 1, "Aborted!"),
    ],
    ids=["disk-full", "permission-denied", "ctrl-c"],
)
def test_failure_mid_write_leaves_previous_files_and_no_temporaries(
    project: Path, monkeypatch: pytest.MonkeyPatch, fault: BaseException, code: int, message: str
) -> None:
    assert _build(project).exit_code == 0
    drafts = project / "drafts"
    before = output_files(drafts)
    (project / "states" / "VNM.yaml").write_text(
        (project / "states" / "VNM.yaml").read_text(encoding="utf-8").replace("1982-09-24", "1982-09-25", 1),
        encoding="utf-8",
    )
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the first file is staged, the second fails
            raise fault
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    run = _build(project)
    assert run.exit_code == code
    assert message in run.stderr and "Traceback" not in run.stderr
    assert output_files(drafts) == before
    assert _temp_files(drafts) == []


def test_output_folder_that_is_a_file(project: Path) -> None:
    (project / "drafts").write_text("not a folder", encoding="utf-8")
    run = _build(project)
    assert run.exit_code == 5 and "is a file, not a folder" in run.stderr


def test_output_folder_that_is_a_symlink_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "drafts").symlink_to(elsewhere, target_is_directory=True)
    run = _build(project)
    assert run.exit_code == 4 and "symbolic link" in run.stderr
    assert list(elsewhere.iterdir()) == []


def test_draft_open_in_word_is_reported(project: Path) -> None:
    assert _build(project).exit_code == 0
    (project / "drafts" / "~$-VNM-1-2025.docx").write_bytes(b"lock")
    (project / "states" / "VNM.yaml").write_text(
        (project / "states" / "VNM.yaml").read_text(encoding="utf-8").replace("1982-09-24", "1982-09-25", 1),
        encoding="utf-8",
    )
    run = _build(project)
    assert run.exit_code == 5 and "open in another program (Word?)" in run.stderr


# -- one build at a time ----------------------------------------------------------------------
def test_a_second_build_into_the_same_folder_refuses(project: Path) -> None:
    drafts = project / "drafts"
    drafts.mkdir()
    (drafts / output.LOCK).write_text(str(os.getpid()), encoding="ascii")  # held by a live process
    run = _build(project)
    assert run.exit_code == 4 and "another build is writing" in run.stderr
    assert sorted(p.name for p in drafts.iterdir()) == [output.LOCK]


def test_a_lock_left_by_a_dead_process_does_not_block(project: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    drafts = project / "drafts"
    drafts.mkdir()
    (drafts / output.LOCK).write_text(dead.stdout.strip(), encoding="ascii")
    assert _build(project).exit_code == 0
    assert not (drafts / output.LOCK).exists()


@pytest.mark.parametrize(
    "name",
    [
        "../x.md",
        "/etc/passwd",
        "a/b.md",
        "..",
        "CON",
        "nul.md",
        "LPT1.docx",
        "x.",
        "x ",
        "a:b",
        "a\x00b",
        "x" * 300,
        "",
    ],
)
def test_unsafe_file_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(output.RefusedError):
        output.write_outputs(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# -- internal errors never leak case text ----------------------------------------------------
@pytest.mark.parametrize("verbose", [False, True])
def test_internal_error_shows_no_case_text(project: Path, monkeypatch: pytest.MonkeyPatch, verbose: bool) -> None:
    from allegation_letter.letter import compose

    def broken(self, passage):  # noqa: ANN001 - mirrors the real signature
        witness = VICTIM  # a local variable holding case text
        raise ValueError(f"cannot place {witness}")

    monkeypatch.setattr(compose._Composer, "_passage", broken)
    monkeypatch.setenv("TYPER_STANDARD_TRACEBACK", "1")
    args = ["--verbose"] if verbose else []
    run = run_cli(*args, "build", "VNM", "--root", str(project))
    assert run.exit_code == 1
    assert "internal error (ValueError)" in run.stderr
    assert VICTIM not in run.stderr + run.stdout
    assert ("compose.py" in run.stderr) == verbose  # where it happened, but never what it held


# -- the exit codes, one by one --------------------------------------------------------------
def test_exit_codes_are_documented_and_distinct() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} |" in readme, f"exit code {int(code)} is not in the README"
    assert len({int(c) for c in ExitCode}) == 6


def test_exit_code_usage_for_unknown_option(project: Path) -> None:
    run = run_cli("build", "VNM", "--root", str(project), "--no-such-option")
    assert run.exit_code == 2


def test_check_on_the_shipped_data_passes_with_warnings(project: Path) -> None:
    run = run_cli("check", "--root", str(project))
    assert run.exit_code == 0, run.stderr
    assert "0 error(s)" in run.stdout and "9 letter(s) rendered" in run.stdout
    assert "warning:" in run.stderr


def test_check_strict_fails_on_warnings(project: Path) -> None:
    run = run_cli("check", "--strict", "--root", str(project))
    assert run.exit_code == 3


def test_a_console_that_cannot_encode_the_message_gets_escapes(project: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "allegation_letter", "build", "ĐÀI", "--root", str(project)],
        capture_output=True,
        env=env,
        text=False,
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert b"\\u0110" in result.stderr  # the code, escaped rather than a crash
