"""Helpers shared by tests: run the CLI, build in memory, compare texts."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from allegation_letter.build import BuildOptions, check_project, make_letters
from allegation_letter.cli import app
from allegation_letter.document.model import plain_paragraph
from allegation_letter.document.reader import read_markdown


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Run:
    """Run `letter ARGS` in-process and capture both streams separately."""
    result = CliRunner().invoke(app, list(args))
    return Run(result.exit_code, result.stdout, result.stderr)


def build_in_memory(root: Path, *codes: str, formats: tuple[str, ...] = ("md", "docx")) -> dict[str, dict[str, bytes]]:
    """Addressee code -> {file name: bytes}, without touching the disk."""
    checked = check_project(root)
    letters = make_letters(checked.project, BuildOptions(root=root, addressees=codes, formats=formats))
    return {letter.addressee: letter.files for letter in letters}


def markdown_of(files: dict[str, bytes]) -> str:
    return next(data for name, data in files.items() if name.endswith(".md")).decode("utf-8")


def docx_of(files: dict[str, bytes]) -> bytes:
    return next(data for name, data in files.items() if name.endswith(".docx"))


def soffice_convert(source: Path, target: str, outdir: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    """Convert a document with LibreOffice headless, in a private profile."""
    return subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )


def rejoin_page_breaks(text: str) -> str:
    """Re-join paragraphs the original PDF split across pages (they resume in lower case)."""
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    joined: list[str] = []
    for block in blocks:
        if joined and block[:1].islower():
            joined[-1] += " " + block
        else:
            joined.append(block)
    return "\n\n".join(joined) + "\n"


def plain_paragraphs(markdown: str) -> list[str]:
    """What a reader sees, one string per paragraph, whitespace normalised."""
    doc = read_markdown(markdown)
    return [" ".join(plain_paragraph(doc, p).split()) for p in doc.paragraphs]
