"""`letter check`: every problem in the project, before anything is rendered or written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from allegation_letter.build import BuildOptions, make_letters
from allegation_letter.data.model import Project
from allegation_letter.data.project import load_project
from allegation_letter.data.validate import validate_project
from allegation_letter.errors import DataError, Location, Problem
from allegation_letter.letter.compose import LetterContext, compose_letter
from allegation_letter.letter.templating import render_letter

TEMPLATE_MARKS = ("{{", "}}", "{%", "%}", "{#", "#}")


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Errors and warnings, sorted by file and line."""

    problems: tuple[Problem, ...]
    letters: int

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems a drafter should look at."""
        return [p for p in self.problems if p.severity == "warning"]


def check_project_letters(root: Path, *, reference: Path | None = None) -> CheckReport:
    """Validate all data, then render every letter of every communication in memory."""
    project = load_project(root)
    problems = [*project.warnings, *validate_project(project)]
    letters = 0
    if not any(p.severity == "error" for p in problems):
        for comm in project.communications.values():
            options = BuildOptions(root=root, communication=comm.id, reference=reference)
            try:
                built = make_letters(project, options)
            except DataError as err:
                problems.extend(err.problems)
                continue
            letters += len(built)
            for letter in built:
                problems.extend(letter.problems)
            for rec in comm.recipients:
                problems.extend(_leftover_syntax(project, comm.id, rec.addressee, root))
    unique = list(dict.fromkeys(problems))
    return CheckReport(tuple(sorted(unique, key=Problem.sort_key)), letters)


def _leftover_syntax(project: Project, comm_id: str, code: str, root: Path) -> list[Problem]:
    """Template syntax in the output that did not come from the data is a template bug."""
    composed = compose_letter(project, project.communications[comm_id], code)
    markdown = render_letter(root, composed.context)
    from_data = _strings(composed.context)
    leftover = [m for m in TEMPLATE_MARKS if markdown.count(m) > sum(s.count(m) for s in from_data)]
    return [
        Problem(
            Location("templates/letter.md.j2"),
            "",
            f"the letter to {code} contains template syntax '{mark}' that the data does not; "
            "a template has an unclosed or escaped tag",
        )
        for mark in leftover
    ]


def _strings(context: LetterContext) -> list[str]:
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(context)
    return out
