"""Compose one letter: choose what applies to an addressee and fill in every field.

Pure: it reads the validated Project and returns the template context with the
warnings the letter raises (unverified facts, missing sections, placeholders).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from allegation_letter.data.model import (
    Addressee,
    AddresseeSection,
    Communication,
    Condition,
    Passage,
    Project,
    Prose,
    TreatyAction,
)
from allegation_letter.errors import Location, Problem
from allegation_letter.letter import fields
from allegation_letter.letter.wording import (
    action_verb,
    capitalised,
    curly,
    join_and,
    join_semicolons,
    long_date,
    mandates_header,
    placeholder,
    resolutions_phrase,
)

STALE_AFTER_DAYS = 365
_NOTE_REF = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9_-]*)\]")


@dataclass(frozen=True, slots=True)
class Signatory:
    """A mandate holder as the signature block shows them."""

    holder: str
    title: str


@dataclass(frozen=True, slots=True)
class FactsSection:
    """A sub-heading (or none) and its paragraphs, as Markdown."""

    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FootnoteText:
    """A footnote the letter references."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class LetterContext:
    """Everything the templates may use; every value is final Markdown text."""

    addressee: str
    kind: str
    header: str
    reference: str
    date: str
    salutation: str
    single_mandate: bool
    capacities: str
    resolutions: str
    intro: tuple[str, ...]
    facts: tuple[FactsSection, ...]
    concerns: tuple[str, ...]
    questions: tuple[str, ...]
    closing: tuple[str, ...]
    courtesy: str
    signatories: tuple[Signatory, ...]
    annex: tuple[str, ...]
    footnotes: tuple[FootnoteText, ...]


@dataclass(frozen=True, slots=True)
class ComposedLetter:
    """A letter ready to render, with what the drafter must still look at."""

    addressee: str
    reference: str
    stem: str
    context: LetterContext
    problems: tuple[Problem, ...]
    placeholders: int


def compose_letter(project: Project, comm: Communication, addressee_id: str) -> ComposedLetter:
    """Build the template context of the letter from `comm` to `addressee_id`."""
    return _Composer(project, comm, project.addressees[addressee_id]).compose()


@dataclass
class _Composer:
    project: Project
    comm: Communication
    addressee: Addressee
    problems: list[Problem] = field(default_factory=list)
    placeholders: int = 0
    stale: dict[str, TreatyAction] = field(default_factory=dict)

    # -- the whole letter ---------------------------------------------------------------
    def compose(self) -> ComposedLetter:
        comm, who = self.comm, self.addressee
        mandates = [self.project.mandates[m] for m in comm.mandates]
        reference, stem = self._reference()
        sections = self._own_sections()
        context = LetterContext(
            addressee=who.id,
            kind=who.kind,
            header=mandates_header([m.title for m in mandates]),
            reference=reference,
            date=long_date(comm.date),
            salutation=self._phrase("salutation"),
            single_mandate=len(mandates) == 1,
            capacities=join_semicolons([m.title for m in mandates]),
            resolutions=resolutions_phrase([m.resolution for m in mandates]),
            intro=self._passages(comm.intro),
            facts=tuple(self._facts(sections)),
            concerns=self._passages(comm.concerns),
            questions=self._passages(comm.questions),
            closing=self._passages(comm.closing),
            courtesy=self._phrase("closing"),
            signatories=tuple(Signatory(m.holder, m.title) for m in mandates),
            annex=tuple(self._annex(sections)),
            footnotes=(),
        )
        context = _with_footnotes(context, comm.footnotes, self.project)
        self._report_stale()
        return ComposedLetter(who.id, reference, stem, context, tuple(self.problems), self.placeholders)

    def _reference(self) -> tuple[str, str]:
        comm, who = self.comm, self.addressee
        recipient = comm.recipient(who.id)
        year = comm.date.year
        code = who.reference_code
        suffix = "" if code == who.id else f"-{who.id}"
        if recipient is None or recipient.number is None:
            self._warn(
                recipient.loc if recipient else comm.loc,
                f"addressees.{who.id}",
                "no reference number yet; the draft shows a placeholder",
            )
            self.placeholders += 1
            return (
                f"{comm.type} {code} {placeholder('number')}/{year}",
                f"{comm.type}-{code}-pending-{year}{suffix}",
            )
        number = recipient.number
        return f"{comm.type} {code} {number}/{year}", f"{comm.type}-{code}-{number}-{year}{suffix}"

    def _own_sections(self) -> dict[str, AddresseeSection]:
        sections = dict(self.comm.sections.get(self.addressee.id, {}))
        for name, cond in self.comm.expected_sections.items():
            if name not in sections and self._applies(cond):
                self._warn(
                    cond.loc,
                    f"sections.{name}",
                    f"no '{name}' section for {self.addressee.id} (expected in "
                    f"{self.comm.folder}/sections/{self.addressee.id}.yaml); the letter leaves it out",
                )
        return sections

    def _facts(self, sections: dict[str, AddresseeSection]) -> list[FactsSection]:
        out: list[FactsSection] = []
        for item in self.comm.facts:
            if item.section is not None:
                own = sections.get(item.section)
                if own is not None:
                    out.append(FactsSection(self._heading(own.heading), self._passages(own.paragraphs)))
                continue
            out.append(FactsSection(self._heading(item.heading), self._passages(item.paragraphs)))
        return out

    def _annex(self, sections: dict[str, AddresseeSection]) -> list[str]:
        out: list[str] = []
        for item in self.comm.annex:
            if not self._applies(item.when):
                continue
            if item.section is not None:
                own = sections.get(item.section)
                if own is not None:
                    out.extend(self._passages(own.paragraphs))
                continue
            if item.passage is not None:
                out.extend(self._passages((item.passage,)))
                continue
            assert item.instrument is not None and item.paragraph is not None
            para = self.project.instruments[item.instrument].paragraphs[item.paragraph]
            out.extend(self._passages((para,)))
        return out

    # -- passages -----------------------------------------------------------------------
    def _passages(self, passages: tuple[Passage, ...]) -> tuple[str, ...]:
        out = (self._passage(p) for p in passages)
        return tuple(text for text in out if text)

    def _passage(self, passage: Passage) -> str | None:
        if not self._applies(passage.when):
            return None
        typography = passage.typography or self.comm.typography
        if passage.text is not None:
            return self._text(passage.text, typography)
        parts = [self._passage_part(p, typography) for p in passage.parts]
        return " ".join(p for p in parts if p) or None

    def _passage_part(self, part: Passage, typography: str) -> str | None:
        if not self._applies(part.when) or part.text is None:
            return None
        return self._text(part.text, typography)

    def _heading(self, heading: Prose | None) -> str | None:
        return None if heading is None else self._text(heading, self.comm.typography)

    def _applies(self, cond: Condition) -> bool:
        who = self.addressee
        if cond.addressees and who.id not in cond.addressees:
            return False
        if who.id in cond.excluded:
            return False
        if cond.kinds and who.kind not in cond.kinds:
            return False
        if any(self._party_act(i, cond.loc) is None for i in cond.party):
            return False
        return all(self._party_act(i, cond.loc) is None for i in cond.not_party)

    def _party_act(self, instrument: str, where: Location) -> TreatyAction | None:
        act = self.addressee.binding_action(instrument)
        if act is None:
            self._note_negative(instrument, where)
        return act

    def _text(self, text: Prose, typography: str) -> str | None:
        """Fill in a text's fields, or None when it states an act the addressee lacks."""
        for name, instrument in fields.cited_actions(text):
            if self._cited_act(name, instrument, text.loc) is None:
                return None
        return fields.expand(text, lambda name, arg: self._field(name, arg, typography, text.loc))

    # -- fields -------------------------------------------------------------------------
    def _field(self, name: str, arg: str | None, typography: str, where: Location) -> str:
        """The Markdown a field becomes: data escaped to read as typed, placeholders as they are."""
        if name in fields.ADDRESSEE_FIELDS:
            value = fields.markdown_literal(self._addressee_field(name))
        elif name == "other_addressees":
            value = fields.markdown_literal(join_and(self._other_names(), oxford=True))
        elif name == "adopted":
            value = long_date(self.project.instruments[str(arg)].adopted)
        else:
            value = self._action_phrase(name, str(arg), where)
        return curly(value) if typography == "curly" else value

    def _addressee_field(self, name: str) -> str:
        if name == "name":
            return self.addressee.name
        base = self._phrase(name.lower())
        return capitalised(base) if name[0].isupper() else base

    def _phrase(self, name: str) -> str:
        return self.addressee.phrases[name]

    def _other_names(self) -> list[str]:
        others = (r.addressee for r in self.comm.recipients if r.addressee != self.addressee.id)
        return [self.project.addressees[code].list_name for code in others]

    def _cited_act(self, name: str, instrument: str, where: Location) -> TreatyAction | None:
        act = self.addressee.binding_action(instrument) if name == "status" else None
        act = act or self.addressee.signature(instrument)
        if act is None or (name == "status" and act.action == "signature"):
            self._note_negative(instrument, where)
        return act

    def _action_phrase(self, name: str, instrument: str, where: Location) -> str:
        act = self._cited_act(name, instrument, where)
        assert act is not None  # passages citing a missing act were left out
        self._check_cited(act, name, instrument)
        verb = action_verb(act.action, self.comm.treaty_wording)
        if act.date is None:
            self.placeholders += 1
            when = placeholder(f"date of {act.action.replace('_', ' ')}")
        else:
            when = long_date(act.date)
        return f"{verb} by {fields.markdown_literal(self._phrase('government'))} on {when}"

    # -- warnings -----------------------------------------------------------------------
    def _check_cited(self, act: TreatyAction, name: str, instrument: str) -> None:
        path = f"treaties.{instrument}"
        who = self.addressee.id
        if act.date is not None and act.date > self.comm.date:
            self.problems.append(Problem(act.loc, path, f"dated {act.date}, after the letter of {self.comm.date}"))
        if not act.verified:
            self._warn(act.loc, path, f"the letter to {who} cites this {act.action}, which is not verified")
        elif act.date is None:
            self._warn(act.loc, path, f"the letter to {who} cites this {act.action}, which has no date")
        if self.comm.treaty_wording == "precise" and act.action == "ratification_or_accession":
            self._warn(act.loc, path, f"precise wording needs the type of act; '{act.action}' is unverified")
        later = self.addressee.binding_action(instrument)
        if name == "signature" and later is not None:
            self._warn(
                act.loc,
                path,
                f"the letter to {who} cites the signature, but the data has a {later.action}"
                f" of {later.date or 'unknown date'}",
            )

    def _note_negative(self, instrument: str, where: Location) -> None:
        """Remember that a passage was left out because of what the data does not say."""
        who = self.addressee
        if who.kind != "state":
            return
        if not who.has_data_on(instrument):
            self._warn(
                where,
                "",
                f"{who.id} has no data on {instrument}; text that depends on it is left out",
            )
            return
        latest = max(who.treaties[instrument], key=lambda a: a.as_of)
        if (self.comm.date - latest.as_of) > dt.timedelta(days=STALE_AFTER_DAYS):
            self.stale.setdefault(instrument, latest)

    def _report_stale(self) -> None:
        if not self.stale:
            return
        names = ", ".join(f"{i} (as of {self.stale[i].as_of_text})" for i in sorted(self.stale))
        self._warn(
            self.addressee.loc,
            "treaties",
            f"the letter to {self.addressee.id} leaves out or limits text because the data shows "
            f"no ratification of {names}; re-check before sending",
        )

    def _warn(self, loc: Location, path: str, message: str) -> None:
        problem = Problem(loc, path, message, "warning")
        if problem not in self.problems:
            self.problems.append(problem)


def _with_footnotes(context: LetterContext, comm_notes: Mapping[str, Prose], project: Project) -> LetterContext:
    """Attach the footnotes the letter's text references, in order of first reference."""
    texts = [
        *context.intro,
        *(h for s in context.facts for h in ((s.heading or ""), *s.paragraphs)),
        *context.concerns,
        *context.questions,
        *context.closing,
        *context.annex,
    ]
    labels: list[str] = []
    for text in texts:
        for label in _NOTE_REF.findall(text):
            if label not in labels:
                labels.append(label)
    if not labels:
        return context
    available: dict[str, str] = dict(comm_notes)
    for instrument in project.instruments.values():
        available.update(instrument.footnotes)
    notes = tuple(FootnoteText(label, available[label]) for label in labels if label in available)
    return dataclasses.replace(context, footnotes=notes)
