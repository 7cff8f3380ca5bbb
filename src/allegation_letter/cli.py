"""The `letter` command: thin wrappers, each one call into the library.

Heavy libraries are imported inside the commands that use them, so that
`letter --help` stays light. Expected errors print one message per problem and exit
with a documented code; anything else is a bug, reported without local variables.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from allegation_letter.errors import ExitCode, LetterError, UsageError

app = typer.Typer(
    name="letter",
    help="Build allegation letters, their questions and their annex of international law from YAML data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

_state = {"verbose": False}
T = TypeVar("T")

RootOption = Annotated[
    Path, typer.Option("--root", help="Project folder (holds states/, instruments/, templates/...).")
]


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", help="On an internal error, show where it happened.")] = False,
) -> None:
    """Build allegation letters, their questions and their annex of international law from YAML data."""
    _state["verbose"] = verbose


def _run(action: Callable[[], T]) -> T:
    """Call into the library; turn expected errors into messages and exit codes."""
    try:
        return action()
    except LetterError as err:
        _print_error(str(err))
        raise typer.Exit(int(err.exit_code)) from None
    except KeyboardInterrupt:
        _print_error("Aborted!")
        raise typer.Exit(int(ExitCode.INTERNAL)) from None
    except typer.Exit:
        raise
    except Exception as err:  # a bug: never show locals or the message (it may hold case text)
        _print_error(
            f"internal error ({type(err).__name__}); please report it. Run with --verbose for where it happened."
        )
        if _state["verbose"]:
            frames = traceback.extract_tb(err.__traceback__)
            sys.stderr.write("".join(traceback.format_list(frames)))
            sys.stderr.write(f"{type(err).__name__} (message withheld: it may contain case text)\n")
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _print_error(message: str) -> None:
    for line in message.splitlines() or [message]:
        sys.stderr.write(f"error: {line}\n" if not line.startswith("  ") else f"{line}\n")
    sys.stderr.flush()


def _epoch() -> int | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return None
    if not raw.isdigit():
        raise UsageError("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (as `date +%s` prints)")
    return int(raw)


@app.command()
def build(
    addressees: Annotated[
        list[str] | None, typer.Argument(help="Addressee codes, such as VNM or MMR-AF. With none, use --all.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Build every addressee of the communication.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="md, docx or all.")] = "all",
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default: <root>/drafts).")] = None,
    root: RootOption = Path(),
    communication: Annotated[str | None, typer.Option(help="Communication folder name, if there are several.")] = None,
    reference: Annotated[
        Path | None, typer.Option(help="Your own letterhead .docx (default: templates/reference.docx).")
    ] = None,
    final: Annotated[
        bool, typer.Option("--final", help="Refuse while a placeholder, unverified fact or warning remains.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace drafts changed by hand (a backup is kept).")] = False,
) -> None:
    """Write the letters as Markdown and DOCX into the output folder.

    File names follow the reference: AL-VNM-1-2025.md and AL-VNM-1-2025.docx; a letter
    without a reference number yet is AL-THA-pending-2025.md; letters to addressees
    that are not States add their code: AL-OTH-pending-2025-MMR-AF.md.
    """
    from allegation_letter.build import FORMATS, BuildOptions, build_letters
    from allegation_letter.ui import print_build_result, progress

    if fmt not in ("md", "docx", "all"):
        raise typer.BadParameter("choose md, docx or all", param_hint="--format")
    codes = tuple(addressees or ())
    if not codes and not all_:
        raise typer.BadParameter("name addressees (such as VNM) or give --all", param_hint="ADDRESSEES")
    options = BuildOptions(
        root=root,
        addressees=() if all_ else codes,
        out=out,
        formats=FORMATS if fmt == "all" else (fmt,),
        communication=communication,
        final=final,
        strict=strict,
        force=force,
        reference=reference,
        source_date_epoch=_run(_epoch),
    )
    with progress() as advance:
        result = _run(lambda: build_letters(options, on_letter=advance))
    print_build_result(result)


@app.command()
def check(
    root: RootOption = Path(),
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    reference: Annotated[Path | None, typer.Option(help="Check against this letterhead .docx.")] = None,
) -> None:
    """Check every data file and render every letter, reporting all problems with file:line."""
    from allegation_letter.check import check_project_letters
    from allegation_letter.ui import print_check_report

    report = _run(lambda: check_project_letters(root, reference=reference))
    print_check_report(report)
    if report.errors or (strict and report.warnings):
        raise typer.Exit(int(ExitCode.INVALID))


@app.command("list")
def list_(root: RootOption = Path()) -> None:
    """Show the addressees, instruments and mandates of the project as tables."""
    from allegation_letter.build import check_project
    from allegation_letter.ui import print_project

    checked = _run(lambda: check_project(root))
    print_project(checked.project)


@app.command("show-state")
def show_state(
    code: Annotated[str, typer.Argument(help="Addressee code, such as THA.")],
    root: RootOption = Path(),
) -> None:
    """Show an addressee's treaty actions with their sources and verification status."""
    from allegation_letter.build import addressee_facts
    from allegation_letter.ui import print_treaty_table

    who, project = _run(lambda: addressee_facts(root, code))
    print_treaty_table(who, project)


@app.command()
def textconv(file: Annotated[Path, typer.Argument(help="A .docx (or .md) draft.")]) -> None:
    """Print a draft as stable text, one paragraph per line (git's textconv for .docx)."""
    from allegation_letter.review.text import textconv as to_text

    text = _run(lambda: to_text(file))
    sys.stdout.write(text)


@app.command("init-git")
def init_git(root: RootOption = Path()) -> None:
    """Make `git diff` show .docx drafts as text (.gitattributes and a textconv driver)."""
    import shlex

    from allegation_letter.review.gitsetup import init_git as setup

    command = f"{shlex.quote(sys.executable)} -m allegation_letter textconv"
    for line in _run(lambda: setup(root, command)):
        sys.stdout.write(line + "\n")


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The older draft, or a git revision (HEAD~1).")],
    new: Annotated[str, typer.Argument(help="The newer draft, or a git revision.")],
    file: Annotated[Path | None, typer.Argument(help="With two revisions: the draft to compare.")] = None,
) -> None:
    """Show what changed between two drafts, word by word, paragraph by paragraph."""
    from allegation_letter.review.diff import compare_drafts
    from allegation_letter.ui import print_diff

    names, result = _run(lambda: compare_drafts(old, new, file))
    print_diff(*names, result)


@app.command()
def redline(
    old: Annotated[str, typer.Argument(help="The older .docx, or a git revision (HEAD~1).")],
    new: Annotated[str, typer.Argument(help="The newer .docx, or a git revision.")],
    file: Annotated[Path | None, typer.Argument(help="With two revisions: the draft to compare.")] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="The redline to write (.docx).")] = Path("changes.docx"),
    author: Annotated[str, typer.Option(help="Author of the tracked changes.")] = "allegation-letter",
    date: Annotated[
        str | None, typer.Option(help="Date of the changes, YYYY-MM-DD (default: the new draft's date).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an output changed by hand (a backup is kept).")
    ] = False,
) -> None:
    """Write the new draft with every change from the old one as a Word tracked change."""
    from allegation_letter.review.tracked import write_redline

    written = _run(lambda: write_redline(old, new, file, out, author=author, date=date, force=force))
    sys.stdout.write(f"wrote {written}\n")


def _tolerant_streams() -> None:
    """A console that cannot show Vietnamese or Irish letters gets escapes, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def run() -> None:
    """Console-script entry point: run the command, then leave without tearing the interpreter down.

    Everything the command writes is complete and flushed by the time it returns (files are
    renamed into place only when whole), so freeing every module and object at exit is pure
    cost: about 120 ms on a 2-core machine (bench/README.md).
    """
    _tolerant_streams()
    try:
        app()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if isinstance(exit_.code, str):
            sys.stderr.write(exit_.code + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
