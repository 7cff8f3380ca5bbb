"""Shared fixtures: a copy of the project per test, the CLI runner, golden files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIRS = ("states", "addressees", "instruments", "mandates", "communications", "templates", "sources")
COMM = "communications/2025-03-scam-compounds"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_project(target: Path) -> Path:
    """A private copy of the shipped project data, safe to edit."""
    for name in DATA_DIRS:
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def output_files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (relative name -> bytes), for before/after comparisons."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
