"""The CLI: one success and the failures of issue 2, each one line, no traceback, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import COMM, output_files
from helpers import run_cli


@pytest.fixture
def in_project(project: Path) -> Path:
    cwd = Path.cwd()
    os.chdir(project)
    yield project
    os.chdir(cwd)


def test_build_vnm_writes_markdown_and_docx(project: Path) -> None:
    run = run_cli("build", "VNM", "--root", str(project))
    assert run.exit_code == 0, run.stderr
    assert sorted(output_files(project / "drafts")) == [
        ".letter-manifest.json",
        "AL-VNM-1-2025.docx",
        "AL-VNM-1-2025.md",
    ]
    assert "AL VNM 1/2025" in run.stdout


def test_build_uses_the_current_folder_as_root(in_project: Path) -> None:
    run = run_cli("build", "VNM", "--format", "md")
    assert run.exit_code == 0, run.stderr
    assert (in_project / "drafts" / "AL-VNM-1-2025.md").is_file()


def _break_yaml(project: Path) -> None:
    (project / "states" / "VNM.yaml").write_text("id: VNM\nkind: [state\n", encoding="utf-8")


def _undefined_variable(project: Path) -> None:
    path = project / "templates" / "annex.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "{{ letter.no_such_thing }}\n", encoding="utf-8")


def _missing_file(project: Path) -> None:
    (project / COMM / "body.yaml").unlink()


@pytest.mark.parametrize(
    ("args", "damage", "code", "where"),
    [
        (["build", "XYZ"], None, 2, "'XYZ' is not an addressee"),
        (["build", "VNM"], _missing_file, 3, f"{COMM}/body.yaml: file not found"),
        (["build", "VNM"], _break_yaml, 3, "states/VNM.yaml:3:1:"),
        (["build", "VNM"], _undefined_variable, 3, "templates/annex.md.j2:"),
    ],
    ids=["unknown-state", "missing-file", "invalid-yaml", "undefined-template-variable"],
)
def test_build_failures_are_one_clear_line(project: Path, args: list[str], damage, code: int, where: str) -> None:
    if damage:
        damage(project)
    run = run_cli(*args, "--root", str(project))
    assert run.exit_code == code
    assert where in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert output_files(project / "drafts") == {}


def test_undefined_variable_names_the_variable(project: Path) -> None:
    _undefined_variable(project)
    run = run_cli("build", "VNM", "--root", str(project))
    assert "no_such_thing" in run.stderr


def test_list_shows_tables(project: Path) -> None:
    run = run_cli("list", "--root", str(project))
    assert run.exit_code == 0
    for word in ("Addressees", "Instruments", "Mandates", "VNM", "ICCPR", "SR-SLAVERY"):
        assert word in run.stdout


def test_list_fails_cleanly_on_broken_data(project: Path) -> None:
    _break_yaml(project)
    run = run_cli("list", "--root", str(project))
    assert run.exit_code == 3 and "states/VNM.yaml:3:1" in run.stderr and "Traceback" not in run.stderr


def test_help_is_light_and_exits_zero() -> None:
    run = run_cli("--help")
    assert run.exit_code == 0 and "build" in run.stdout
