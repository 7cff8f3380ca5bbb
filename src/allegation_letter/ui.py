"""Terminal output for the CLI (rich): tables, progress and problem lists."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from allegation_letter.errors import Problem

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from allegation_letter.build import BuildResult
    from allegation_letter.check import CheckReport
    from allegation_letter.data.model import Addressee, Project
    from allegation_letter.review.diff import DraftDiff


@cache
def _console(err: bool) -> Console:
    from rich.console import Console

    return Console(stderr=err, highlight=False, soft_wrap=True)


def _table(columns: tuple[str, ...], title: str | None = None) -> Table:
    from rich.table import Table

    table = Table(title=title, show_edge=False)
    for column in columns:
        table.add_column(column)
    return table


@contextlib.contextmanager
def progress() -> Iterator[Callable[[str, int], None]]:
    """A progress bar on a terminal; silence when output goes to a file or pipe."""
    if not sys.stderr.isatty():
        yield lambda _code, _total: None
        return
    from rich.progress import Progress

    with Progress(console=_console(True), transient=True) as bar:
        task = None

        def advance(code: str, total: int) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("Building", total=total)
            bar.update(task, advance=1, description=f"Building {code}")

        yield advance


def print_problems(problems: list[Problem] | tuple[Problem, ...]) -> None:
    """One line per problem on stderr, sorted by file and line."""
    ordered = sorted(problems, key=Problem.sort_key)
    if not sys.stderr.isatty():  # plain lines for logs and pipes: no colour, and fast
        sys.stderr.write("".join(f"{problem}\n" for problem in ordered))
        return
    for problem in ordered:
        style = "yellow" if problem.severity == "warning" else "red"
        _console(True).print(str(problem), style=style, markup=False)


def print_build_result(result: BuildResult) -> None:
    """Warnings, then a summary table of the letters and what was written."""
    letter_problems = [p for letter in result.letters for p in letter.problems]
    print_problems([*result.warnings, *dict.fromkeys(letter_problems)])
    rows = [
        (letter.addressee, letter.reference, _files(list(letter.files)), str(len(letter.problems)))
        for letter in result.letters
    ]
    print_rows(("addressee", "reference", "files", "warnings"), rows)
    summary = f"{len(result.written)} file(s) written, {len(result.unchanged)} unchanged"
    if result.backups:
        summary += f", {len(result.backups)} backup(s) kept: " + ", ".join(p.name for p in result.backups)
    sys.stdout.write(summary + "\n")


def print_rows(columns: tuple[str, ...], rows: Sequence[tuple[str, ...]], title: str | None = None) -> None:
    """A table: drawn by rich on a terminal, plain aligned columns in a pipe or a log."""
    if sys.stdout.isatty():
        table = _table(columns, title)
        for row in rows:
            table.add_row(*row)
        _console(False).print(table)
        return
    if title:
        sys.stdout.write(f"{title}\n")
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [columns, *rows]]
    sys.stdout.write("\n".join(lines) + "\n")


def _files(names: list[str]) -> str:
    """'AL-VNM-1-2025.{md,docx}' for files that share a stem."""
    stems = {name.rsplit(".", 1)[0] for name in names}
    if len(stems) == 1 and len(names) > 1:
        return f"{stems.pop()}.{{{','.join(n.rsplit('.', 1)[1] for n in names)}}}"
    return ", ".join(names)


def print_check_report(report: CheckReport) -> None:
    """Every problem, then a one-line count."""
    print_problems(report.problems)
    sys.stdout.write(
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s); {report.letters} letter(s) rendered\n"
    )


def print_project(project: Project) -> None:
    """Addressees, instruments and mandates as three tables."""
    addressees = []
    for a in sorted(project.addressees.values(), key=lambda a: a.id):
        acts = [x for xs in a.treaties.values() for x in xs]
        addressees.append((a.id, a.kind, a.name, str(len(acts)), str(sum(not x.verified for x in acts))))
    print_rows(("code", "kind", "name", "treaty facts", "unverified"), addressees, "Addressees")
    instruments = [
        (i.id, i.kind, i.adopted.isoformat(), i.title) for i in sorted(project.instruments.values(), key=lambda i: i.id)
    ]
    print_rows(("id", "kind", "adopted", "title"), instruments, "Instruments")
    mandates = [(m.id, m.holder, m.resolution, m.title) for m in sorted(project.mandates.values(), key=lambda m: m.id)]
    print_rows(("id", "holder", "resolution", "title"), mandates, "Mandates")


def print_treaty_table(who: Addressee, project: Project) -> None:
    """An addressee's treaty actions with source, as-of date and verification."""
    rows = [
        (
            instrument,
            act.action,
            act.date.isoformat() if act.date else "-",
            act.as_of_text,
            "yes" if act.verified else "NO",
            act.source,
        )
        for instrument in project.instruments
        for act in who.treaties.get(instrument, ())
    ]
    columns = ("instrument", "action", "date", "as of", "verified", "source")
    print_rows(columns, rows, f"{who.name} ({who.id}): treaty actions")
    missing = [i for i, inst in project.instruments.items() if inst.ratifiable and i not in who.treaties]
    if who.kind != "state":
        sys.stdout.write(f"{who.id} is not a State: its letters cite no treaty action.\n")
    elif missing:
        sys.stdout.write(f"No data on: {', '.join(missing)}\n")


def _elide(text: str, keep: int = 60) -> str:
    """Long unchanged stretches shortened to their ends, so the change stands out."""
    if len(text) <= 2 * keep + 5:
        return text
    return f"{text[:keep]} … {text[-keep:]}"


def print_diff(old: str, new: str, result: DraftDiff) -> None:
    """Changed paragraphs with their words struck out and inserted, then a summary line."""
    from rich.text import Text

    color = _console(False).is_terminal
    _console(False).print(f"--- {old}\n+++ {new}", markup=False)
    for change in result.changes:
        where = f"¶{(change.new if change.new is not None else change.old or 0) + 1}"
        sign = {"changed": "~", "added": "+", "removed": "-"}[change.kind]
        line = Text(f"{sign} {where} " + (f"{change.label} " if change.label else ""))
        for words in change.words:
            if words.kind == "equal":
                line.append(_elide(words.text) if change.kind == "changed" else words.text)
            elif words.kind == "delete":
                line.append(words.text if color else f"[-{words.text}-]", style="red strike")
            else:
                line.append(words.text if color else f"{{+{words.text}+}}", style="green underline")
        _console(False).print(line)
    _console(False).print(result.summary(), markup=False)
