"""Checks across files: every reference resolves, every treaty fact is coherent and sourced.

Runs after each file passed its own schema; returns problems (errors and warnings)
instead of raising, so that one run reports everything at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from allegation_letter.data.model import (
    PHRASES,
    Addressee,
    Communication,
    Condition,
    Passage,
    Project,
    Prose,
    TreatyAction,
)
from allegation_letter.errors import Location, Problem
from allegation_letter.letter import fields

_NOTE_REF = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9_-]*)\]")
# A line can open a Markdown block only if it starts with one of these (or is indented).
_BLOCK_STARTS = frozenset("#>-*+0123456789:[<=_`~| \t")


@dataclass
class _Checker:
    project: Project
    problems: list[Problem] = field(default_factory=list)
    used_instruments: set[str] = field(default_factory=set)

    def error(self, loc: Location, path: str, message: str) -> None:
        self.problems.append(Problem(loc, path, message))

    def warn(self, loc: Location, path: str, message: str) -> None:
        self.problems.append(Problem(loc, path, message, "warning"))


def validate_project(project: Project) -> list[Problem]:
    """Every cross-file problem of a loaded project, errors and warnings."""
    check = _Checker(project)
    if not project.complete:
        return check.problems  # phase 2 runs only when every file passed its own schema
    if not project.kinds:
        check.error(Location("templates/addressee-kinds.yaml"), "", "the addressee kinds are missing")
    for addressee in project.addressees.values():
        _check_addressee(check, addressee)
    for instrument in project.instruments.values():
        for ref in instrument.mentioned_in:
            _check_paragraph_ref(check, ref, instrument.loc, "mentioned_in")
        for name, para in instrument.paragraphs.items():
            _check_passage(check, para, f"paragraphs.{name}")
        _check_footnote_texts(check, instrument.footnotes)
    for comm in project.communications.values():
        _check_communication(check, comm)
    if not project.communications:
        check.error(
            Location("communications"),
            "",
            "no communication found (expected communications/<name>/communication.yaml); is --root the project folder?",
        )
    for instrument in project.instruments.values():
        if instrument.id not in check.used_instruments and not instrument.mentioned_in:
            check.warn(instrument.loc, "id", f"{instrument.id} is not cited by any communication")
    return check.problems


# -- addressees and treaty facts ---------------------------------------------------------
def _check_addressee(check: _Checker, who: Addressee) -> None:
    for name in PHRASES:
        if name not in who.phrases:
            check.error(
                who.loc,
                f"phrases.{name}",
                f"no '{name}' phrase for this {who.kind.replace('_', '-')} addressee; give it under 'phrases:'",
            )
    if who.kind != "state" and who.treaties:
        check.error(who.loc, "treaties", "only States ratify treaties; remove 'treaties' here")
    for instrument, acts in who.treaties.items():
        _check_actions(check, instrument, acts)


def _check_actions(check: _Checker, instrument: str, acts: tuple[TreatyAction, ...]) -> None:
    known = check.project.instruments.get(instrument)
    first = acts[0].loc
    if known is None:
        check.error(
            first,
            f"treaties.{instrument}",
            f"unknown instrument '{instrument}' (no instruments/{instrument}.yaml)",
        )
        return
    check.used_instruments.add(instrument)
    if not known.ratifiable:
        check.error(
            first,
            f"treaties.{instrument}",
            f"{instrument} is a {known.kind}, not a treaty; nobody ratifies it",
        )
    kinds = [a.action for a in acts]
    if sum(a.binding for a in acts) > 1 or kinds.count("signature") > 1:
        check.error(first, f"treaties.{instrument}", "more than one act of the same kind; keep one")
    if "not_party" in kinds and len(kinds) > 1 and any(a.binding for a in acts):
        check.error(first, f"treaties.{instrument}", "'not_party' contradicts a ratification or accession")
    for act in acts:
        _check_action(check, act, known.adopted)


def _check_action(check: _Checker, act: TreatyAction, adopted: dt.date) -> None:
    path = f"treaties.{act.instrument}"
    if act.action == "not_party":
        if act.date is not None:
            check.error(act.loc, f"{path}.date", "'not_party' takes no date")
        return
    if act.date is None:
        if act.verified:
            check.error(act.loc, f"{path}.verified", "a fact without a date cannot be verified: true")
        return
    if act.date < adopted:
        check.error(act.loc, f"{path}.date", f"{act.date} is before the instrument was adopted ({adopted})")
    if act.date > _as_of_end(act):
        check.error(act.loc, f"{path}.date", f"{act.date} is after the source's date ({act.as_of_text})")
    sources = check.project.sources
    if sources and not any(key in act.source for key in sources):
        check.warn(act.loc, f"{path}.source", "names no source listed in sources/treaties.yaml")


def _as_of_end(act: TreatyAction) -> dt.date:
    """The last day a partial 'as of' (a year, or a month) can mean."""
    parts = act.as_of_text.split("-")
    if len(parts) == 1:
        return dt.date(act.as_of.year, 12, 31)
    if len(parts) == 2:
        nxt = dt.date(act.as_of.year + act.as_of.month // 12, act.as_of.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return act.as_of


# -- communications ------------------------------------------------------------------------
def _check_communication(check: _Checker, comm: Communication) -> None:
    for mandate in comm.mandates:
        if mandate not in check.project.mandates:
            loc = getattr(mandate, "loc", comm.loc)
            check.error(loc, "mandates", f"unknown mandate '{mandate}' (no mandates/{mandate}.yaml)")
    _check_recipients(check, comm)
    declared = set(comm.expected_sections)
    for name, cond in comm.expected_sections.items():
        _check_condition(check, cond, f"sections.{name}")
    _check_sections(check, comm, declared)
    _check_body(check, comm, declared)
    _check_annex(check, comm, declared)
    _check_footnotes(check, comm)


def _check_sections(check: _Checker, comm: Communication, declared: set[str]) -> None:
    for addressee, sections in comm.sections.items():
        loc = Location(f"{comm.folder}/sections/{addressee}.yaml")
        if comm.recipient(addressee) is None:
            check.error(loc, "", f"'{addressee}' is not an addressee of this communication")
        for name, section in sections.items():
            if name not in declared:
                check.error(
                    section.loc,
                    f"sections.{name}",
                    f"'{name}' is not declared under 'sections' in communication.yaml",
                )
            if section.heading is not None:
                _check_heading(check, section.heading, f"sections.{name}.heading")
            for i, para in enumerate(section.paragraphs):
                _check_passage(check, para, f"sections.{name}.paragraphs[{i}]")


def _check_body(check: _Checker, comm: Communication, declared: set[str]) -> None:
    for i, item in enumerate(comm.facts):
        if item.section is not None and item.section not in declared:
            check.error(item.loc, f"facts[{i}].section", f"'{item.section}' is not declared under 'sections'")
        if item.heading is not None:
            _check_heading(check, item.heading, f"facts[{i}].heading")
        for j, para in enumerate(item.paragraphs):
            _check_passage(check, para, f"facts[{i}].paragraphs[{j}]")
    for name, group in (
        ("intro", comm.intro),
        ("concerns", comm.concerns),
        ("questions", comm.questions),
        ("closing", comm.closing),
    ):
        for i, para in enumerate(group):
            _check_passage(check, para, f"{name}[{i}]")


def _check_recipients(check: _Checker, comm: Communication) -> None:
    seen: dict[str, Location] = {}
    numbers: dict[tuple[str, str], str] = {}
    for rec in comm.recipients:
        who = check.project.addressees.get(rec.addressee)
        if who is None:
            check.error(
                rec.loc,
                "addressees",
                f"unknown addressee '{rec.addressee}' "
                f"(no states/{rec.addressee}.yaml or addressees/{rec.addressee}.yaml)",
            )
            continue
        if rec.addressee in seen:
            check.error(rec.loc, "addressees", f"'{rec.addressee}' is listed twice")
        seen[rec.addressee] = rec.loc
        if rec.number is not None:
            key = (who.reference_code, rec.number)
            if key in numbers:
                check.error(
                    rec.loc,
                    "addressees",
                    f"reference {who.reference_code} {rec.number} is also given to {numbers[key]}",
                )
            numbers[key] = rec.addressee


def _check_annex(check: _Checker, comm: Communication, declared: set[str]) -> None:
    for i, item in enumerate(comm.annex):
        path = f"annex[{i}]"
        _check_condition(check, item.when, path)
        if item.section is not None and item.section not in declared:
            check.error(item.loc, path, f"'{item.section}' is not declared under 'sections'")
        if item.instrument is not None:
            _check_paragraph_ref(check, f"{item.instrument}.{item.paragraph}", item.loc, path)
        if item.passage is not None:
            _check_passage(check, item.passage, path)


def _check_paragraph_ref(check: _Checker, ref: str, loc: Location, path: str) -> None:
    instrument_id, name = ref.split(".", 1)
    loc = getattr(ref, "loc", loc)
    instrument = check.project.instruments.get(instrument_id)
    if instrument is None:
        check.error(loc, path, f"unknown instrument '{instrument_id}' (no instruments/{instrument_id}.yaml)")
    elif name not in instrument.paragraphs:
        known = ", ".join(instrument.paragraphs) or "none"
        check.error(loc, path, f"{instrument_id} has no paragraph '{name}' (it has: {known})")
    else:
        check.used_instruments.add(instrument_id)


# -- passages, fields and Markdown ---------------------------------------------------------
def _check_condition(check: _Checker, cond: Condition, path: str) -> None:
    for code in cond.addressees | cond.excluded:
        if code not in check.project.addressees:
            check.error(cond.loc, path, f"unknown addressee '{code}'")
    if cond.addressees and cond.excluded:
        check.error(cond.loc, path, "give 'for' or 'except', not both")
    for instrument in (*cond.party, *cond.not_party):
        if instrument not in check.project.instruments:
            check.error(cond.loc, path, f"unknown instrument '{instrument}'")
        else:
            check.used_instruments.add(instrument)


def _check_passage(check: _Checker, passage: Passage, path: str) -> None:
    _check_condition(check, passage.when, path)
    if passage.text is not None:
        _check_prose(check, passage.text, path)
    for i, part in enumerate(passage.parts):
        _check_condition(check, part.when, f"{path}.parts[{i}]")
        if part.text is not None:
            _check_prose(check, part.text, f"{path}.parts[{i}]")


def _check_prose(check: _Checker, text: Prose, path: str) -> None:
    instruments = check.project.instruments.keys()
    for use in fields.find_fields(text):
        message = fields.field_problem(use, set(instruments))
        if message:
            check.error(fields.location_in(text, use.start), path, message)
        elif use.arg:
            check.used_instruments.add(use.arg)
    for line, message in markdown_problems(text):
        loc = text.loc
        check.error(Location(loc.file, loc.line + line, loc.column), path, message)


def _check_heading(check: _Checker, heading: Prose, path: str) -> None:
    if "\n" in heading.strip():
        check.error(heading.loc, path, "a heading must be on one line")
    _check_prose(check, heading, path)


def markdown_problems(text: str) -> list[tuple[int, str]]:
    """Block constructs a data paragraph may not use, as (line offset, message)."""
    if all(not line or line[0] not in _BLOCK_STARTS for line in text.split("\n")):
        return []  # plain prose lines cannot open a block: skip the parser
    from allegation_letter.document.reader import parse_tokens

    found: list[tuple[int, str]] = []
    for token in parse_tokens(text):
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            found.append(
                (
                    line,
                    "a Markdown heading ('#') cannot stand in a paragraph; use a 'heading' key or escape it as \\#",
                )
            )
        elif token.type.startswith("container_") and token.type.endswith("_open"):
            found.append((line, "':::' blocks belong to the templates, not to data"))
        elif token.type == "footnote_block_open":
            found.append((line, "footnote text goes under 'footnotes:', not in a paragraph"))
    return found


def _check_footnote_texts(check: _Checker, notes: Mapping[str, Prose]) -> None:
    for label, text in notes.items():
        for use in fields.find_fields(text):
            check.error(
                fields.location_in(text, use.start),
                f"footnotes.{label}",
                "fields are not filled in footnotes; write the text out",
            )
        for line, message in markdown_problems(text):
            check.error(Location(text.loc.file, text.loc.line + line), f"footnotes.{label}", message)


def _check_footnotes(check: _Checker, comm: Communication) -> None:
    available: dict[str, Location] = {}
    for instrument in check.project.instruments.values():
        for label, text in instrument.footnotes.items():
            available[label] = text.loc
    for label, text in comm.footnotes.items():
        if label in available:
            check.error(text.loc, f"footnotes.{label}", f"footnote label also defined at {available[label]}")
        available[label] = text.loc
    _check_footnote_texts(check, comm.footnotes)
    used: set[str] = set()
    for text in _all_prose(comm, check.project):
        for match in _NOTE_REF.finditer(text):
            label = match.group(1)
            used.add(label)
            if label not in available:
                check.error(
                    fields.location_in(text, match.start()),
                    "",
                    f"footnote [^{label}] has no text under 'footnotes:'",
                )
    for label, text in comm.footnotes.items():
        if label not in used:
            check.warn(text.loc, f"footnotes.{label}", "footnote is never referenced")


def _all_prose(comm: Communication, project: Project) -> Iterator[Prose]:
    for passage in _all_passages(comm, project):
        if passage.text is not None:
            yield passage.text
        yield from (part.text for part in passage.parts if part.text is not None)
    yield from (item.heading for item in comm.facts if item.heading is not None)


def _all_passages(comm: Communication, project: Project) -> Iterator[Passage]:
    yield from (*comm.intro, *comm.concerns, *comm.questions, *comm.closing)
    for facts in comm.facts:
        yield from facts.paragraphs
    for item in comm.annex:
        if item.passage is not None:
            yield item.passage
        elif item.instrument is not None and item.instrument in project.instruments and item.paragraph:
            para = project.instruments[item.instrument].paragraphs.get(item.paragraph)
            if para is not None:
                yield para
    for sections in comm.sections.values():
        for section in sections.values():
            yield from section.paragraphs
