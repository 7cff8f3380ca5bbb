"""The pipeline: load -> validate -> compose -> render -> write. Only `write_outputs` touches disk.

Everything is gathered and checked for every requested letter before the first
byte is written, so a batch is all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from allegation_letter.data.model import Addressee, Communication, Project
from allegation_letter.data.project import load_project
from allegation_letter.data.validate import validate_project
from allegation_letter.errors import DataError, FinalCheckError, Location, Problem, UsageError
from allegation_letter.letter.compose import compose_letter
from allegation_letter.letter.templating import render_letter

FORMATS = ("md", "docx")
DEFAULT_REFERENCE = "templates/reference.docx"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build and how; the CLI fills it from its arguments and the environment."""

    root: Path
    addressees: tuple[str, ...] = ()  # empty: every addressee of the communication
    out: Path | None = None  # default: <root>/drafts
    formats: tuple[str, ...] = FORMATS
    communication: str | None = None
    final: bool = False
    strict: bool = False
    force: bool = False
    reference: Path | None = None
    source_date_epoch: int | None = None


@dataclass(frozen=True, slots=True)
class Letter:
    """One built letter: its files (name -> bytes) and what the drafter must still check."""

    addressee: str
    reference: str
    files: dict[str, bytes]
    problems: tuple[Problem, ...]
    placeholders: int

    def report(self) -> LetterReport:
        """The letter without its bytes, once they are staged for writing."""
        return LetterReport(self.addressee, self.reference, tuple(self.files), self.problems, self.placeholders)


@dataclass(frozen=True, slots=True)
class LetterReport:
    """What a build says about one letter: file names, warnings, placeholders."""

    addressee: str
    reference: str
    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    placeholders: int


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The letters built, the files written, and the warnings of the run."""

    letters: tuple[LetterReport, ...]
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    backups: tuple[Path, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Checked:
    """A project that passed validation, with its warnings."""

    project: Project
    warnings: tuple[Problem, ...]


def check_project(root: Path, *, strict: bool = False) -> Checked:
    """Load and validate the project; raise DataError listing every problem."""
    project = load_project(root)
    problems = [*project.warnings, *validate_project(project)]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
    if strict and problems:
        raise DataError([as_error(p) for p in problems])
    return Checked(project, tuple(problems))


def as_error(problem: Problem) -> Problem:
    """A warning promoted by --strict."""
    return Problem(problem.location, problem.field, problem.message, "error")


def addressee_facts(root: Path, code: str) -> tuple[Addressee, Project]:
    """An addressee of the (valid) project, for `letter show-state`."""
    project = check_project(root).project
    who = project.addressees.get(code.strip().upper())
    if who is None:
        raise UsageError(f"unknown addressee '{code}' (known: {', '.join(sorted(project.addressees))})")
    return who, project


def pick_communication(project: Project, name: str | None) -> Communication:
    """The communication named, or the only one there is."""
    if name is not None:
        if name not in project.communications:
            known = ", ".join(sorted(project.communications)) or "none"
            raise UsageError(f"unknown communication '{name}' (known: {known})")
        return project.communications[name]
    if len(project.communications) == 1:
        return next(iter(project.communications.values()))
    known = ", ".join(sorted(project.communications))
    raise UsageError(f"several communications ({known}); choose one with --communication")


def pick_addressees(comm: Communication, project: Project, wanted: Sequence[str]) -> list[str]:
    """Codes to build, in the communication's order; unknown codes are a usage error."""
    order = [r.addressee for r in comm.recipients]
    if not wanted:
        return order
    chosen = []
    for raw in wanted:
        code = raw.strip().upper()
        if code not in order:
            hint = f"'{code}' is not an addressee of {comm.id} (addressees: {', '.join(order)})"
            if code in project.addressees:
                hint = f"'{code}' is known but not an addressee of {comm.id} (addressees: {', '.join(order)})"
            raise UsageError(hint)
        if code not in chosen:
            chosen.append(code)
    return [c for c in order if c in chosen]


def build_letters(options: BuildOptions, on_letter: Callable[[str, int], None] | None = None) -> BuildResult:
    """Compose, render and write the requested letters (the `letter build` command).

    Each letter's files are staged in the output folder as soon as they are made (memory
    stays flat in the number of letters) and renamed into place only once every letter
    succeeded and passed --final or --strict; otherwise nothing is created or changed.
    """
    from allegation_letter.output import Staging

    checked = check_project(options.root, strict=options.strict)
    out = options.out or options.root / "drafts"
    reports: list[LetterReport] = []
    with Staging(out, force=options.force) as stage:
        for letter in iter_letters(checked.project, options, on_letter):
            for name, data in letter.files.items():
                stage.add(name, data)
            reports.append(letter.report())
        if options.final:
            refuse_unfinished(reports, checked.warnings)
        elif options.strict:
            problems = [as_error(p) for letter in reports for p in letter.problems]
            if problems:
                raise DataError(problems)
        report = stage.commit()
    return BuildResult(tuple(reports), report.written, report.unchanged, report.backups, checked.warnings)


def make_letters(
    project: Project, options: BuildOptions, on_letter: Callable[[str, int], None] | None = None
) -> list[Letter]:
    """Every requested letter in memory, or DataError naming the addressee that failed."""
    return list(iter_letters(project, options, on_letter))


def iter_letters(
    project: Project, options: BuildOptions, on_letter: Callable[[str, int], None] | None = None
) -> Iterator[Letter]:
    """The requested letters one by one; after the last, DataError if any letter failed."""
    comm = pick_communication(project, options.communication)
    codes = pick_addressees(comm, project, options.addressees)
    reference = _reference(project, comm, options) if "docx" in options.formats else None
    errors: list[Problem] = []
    for code in codes:
        if on_letter is not None:
            on_letter(code, len(codes))
        try:
            letter = _letter(project, comm, code, options, reference)
        except DataError as err:
            if any(p.location.file.startswith("templates/") for p in err.problems):
                raise  # a template fails the same way for every addressee
            errors.extend(_for_addressee(err.problems, code))
            continue
        if not errors:
            yield letter
    if errors:
        raise DataError(errors)


def _letter(project: Project, comm: Communication, code: str, options: BuildOptions, reference: object) -> Letter:
    composed = compose_letter(project, comm, code)
    errors = [p for p in composed.problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
    markdown = render_letter(options.root, composed.context)
    files: dict[str, bytes] = {}
    if "md" in options.formats:
        files[f"{composed.stem}.md"] = markdown.encode("utf-8")
    if reference is not None:
        files[f"{composed.stem}.docx"] = _docx(markdown, reference, composed.reference, comm, options)
    return Letter(code, composed.reference, files, composed.problems, composed.placeholders)


def _docx(markdown: str, reference: object, title: str, comm: Communication, options: BuildOptions) -> bytes:
    from allegation_letter.document.reader import MarkdownError, read_markdown
    from allegation_letter.writers.docx import DocxMeta, Reference, missing_styles, write_docx
    from allegation_letter.writers.wordml import styles_used

    assert isinstance(reference, Reference)
    try:
        document = read_markdown(markdown)
    except MarkdownError as err:
        raise DataError.at(Location("templates/letter.md.j2"), f"rendered letter line {err.line}: {err}") from None
    missing = missing_styles(reference, styles_used(document))
    if missing:
        raise DataError.at(
            Location(reference.label),
            f"the reference document lacks the styles {', '.join(missing)}; add them (see README, "
            "'Your own letterhead')",
        )
    created = dt.datetime.combine(comm.date, dt.time(), tzinfo=dt.UTC)
    stamp = created
    if options.source_date_epoch is not None:
        stamp = dt.datetime.fromtimestamp(options.source_date_epoch, tz=dt.UTC)
    meta = DocxMeta(title=title, subject=comm.title, created=created, zip_time=stamp)
    return write_docx(document, reference, meta)


def _reference(project: Project, comm: Communication, options: BuildOptions) -> object:
    """The letterhead: --reference, else the communication's `letterhead`, else the house style."""
    from allegation_letter.writers.docx import load_reference

    if options.reference is not None:
        return load_reference(options.reference, str(options.reference))
    label = comm.letterhead or DEFAULT_REFERENCE
    if ".." in label.split("/"):
        raise DataError.at(comm.loc, "letterhead must be a path inside the project", "letterhead")
    return load_reference(project.root / label, label)


def _for_addressee(problems: list[Problem], code: str) -> list[Problem]:
    return [Problem(p.location, p.field, f"[{code}] {p.message}", p.severity) for p in problems]


def refuse_unfinished(letters: Sequence[LetterReport], project_warnings: Sequence[Problem]) -> None:
    """`--final`: refuse while a letter holds a placeholder, an unverified fact or a warning."""
    lines = []
    for letter in letters:
        reasons = []
        if letter.placeholders:
            reasons.append(f"{letter.placeholders} placeholder(s)")
        if letter.problems:
            reasons.append(f"{len(letter.problems)} warning(s)")
        if reasons:
            lines.append(f"{letter.addressee}: {', '.join(reasons)}")
            lines.extend(f"  {p}" for p in letter.problems)
    if project_warnings:
        lines.append(f"project: {len(project_warnings)} warning(s)")
        lines.extend(f"  {p}" for p in project_warnings)
    if lines:
        raise FinalCheckError("--final refuses to build:\n" + "\n".join(lines))
