"""The validated project: frozen objects that templates and writers read, never raw YAML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from allegation_letter.errors import Location, Problem

AddresseeKind = Literal["state", "non_state", "organisation"]
ADDRESSEE_KINDS: tuple[AddresseeKind, ...] = ("state", "non_state", "organisation")

ACTIONS = (
    "ratification",
    "accession",
    "succession",
    "ratification_or_accession",  # party, but the source does not say which
    "signature",
    "not_party",
    "denunciation",
)
BINDING_ACTIONS = frozenset({"ratification", "accession", "succession", "ratification_or_accession"})
PHRASES = ("salutation", "government", "your", "closing")


class Located(str):
    """A string from a data file that remembers where it is written."""

    __slots__ = ("loc",)
    loc: Location

    def __new__(cls, value: str, loc: Location) -> Located:
        """Make text that knows its file:line."""
        self = super().__new__(cls, value)
        self.loc = loc
        return self


class Prose(Located):
    """Markdown text from a data file (a paragraph, heading or footnote)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class TreatyAction:
    """One act of an addressee towards an instrument, with its source."""

    instrument: str
    action: str
    date: dt.date | None
    source: str
    as_of: dt.date  # the earliest day the source's "as of" can mean
    as_of_text: str
    verified: bool
    note: str
    loc: Location

    @property
    def binding(self) -> bool:
        """True for ratification, accession or succession (or one of them, unverified)."""
        return self.action in BINDING_ACTIONS


@dataclass(frozen=True, slots=True)
class Addressee:
    """A State, non-State actor or organisation that letters are sent to."""

    id: str
    kind: AddresseeKind
    name: str
    list_name: str
    reference_code: str
    phrases: Mapping[str, str]
    treaties: Mapping[str, tuple[TreatyAction, ...]]
    loc: Location

    def binding_action(self, instrument: str) -> TreatyAction | None:
        """The ratification, accession or succession of `instrument`, if any."""
        for act in self.treaties.get(instrument, ()):
            if act.binding:
                return act
        return None

    def signature(self, instrument: str) -> TreatyAction | None:
        """The signature of `instrument`, if any."""
        for act in self.treaties.get(instrument, ()):
            if act.action == "signature":
                return act
        return None

    def has_data_on(self, instrument: str) -> bool:
        """Whether the data says anything about this addressee and `instrument`."""
        return instrument in self.treaties


@dataclass(frozen=True, slots=True)
class Condition:
    """When a passage applies; an empty condition always holds."""

    addressees: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    party: tuple[str, ...] = ()
    not_party: tuple[str, ...] = ()
    loc: Location = Location("")


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph of Markdown, or a paragraph built of parts, each with a condition."""

    text: Prose | None
    parts: tuple[Passage, ...]
    when: Condition
    typography: str | None
    loc: Location


@dataclass(frozen=True, slots=True)
class Instrument:
    """A treaty, declaration or other standard the annex may cite."""

    id: str
    title: str
    short_title: str | None
    kind: str
    adopted: dt.date
    adopted_by: str
    source: str
    open_to: str | None
    mentioned_in: tuple[str, ...]
    paragraphs: Mapping[str, Passage]
    footnotes: Mapping[str, Prose]
    loc: Location

    @property
    def ratifiable(self) -> bool:
        """Whether States can become party to it (a treaty), rather than only cite it."""
        return self.kind == "treaty"


@dataclass(frozen=True, slots=True)
class Mandate:
    """A Special Procedures mandate: title, holder and Human Rights Council resolution."""

    id: str
    title: str
    holder: str
    resolution: str
    source: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Recipient:
    """An addressee of a communication with its reference number, if assigned."""

    addressee: str
    number: str | None
    loc: Location


@dataclass(frozen=True, slots=True)
class FactsItem:
    """A run of facts under an optional sub-heading, or the slot of an addressee section."""

    heading: Prose | None
    paragraphs: tuple[Passage, ...]
    section: str | None
    loc: Location


@dataclass(frozen=True, slots=True)
class AnnexItem:
    """An instrument paragraph, an inline paragraph or an addressee section in the annex."""

    instrument: str | None
    paragraph: str | None
    passage: Passage | None
    section: str | None
    when: Condition
    loc: Location


@dataclass(frozen=True, slots=True)
class AddresseeSection:
    """Text written for one addressee only, such as treaty-body observations."""

    name: str
    heading: Prose | None
    paragraphs: tuple[Passage, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Communication:
    """One joint communication: who writes, to whom, and what it says."""

    id: str
    type: str
    date: dt.date
    title: str
    mandates: tuple[str, ...]
    recipients: tuple[Recipient, ...]
    treaty_wording: str
    typography: str
    letterhead: str | None
    expected_sections: Mapping[str, Condition]
    intro: tuple[Passage, ...]
    facts: tuple[FactsItem, ...]
    concerns: tuple[Passage, ...]
    questions: tuple[Passage, ...]
    closing: tuple[Passage, ...]
    annex: tuple[AnnexItem, ...]
    footnotes: Mapping[str, Prose]
    sections: Mapping[str, Mapping[str, AddresseeSection]]
    loc: Location
    folder: str

    def recipient(self, addressee: str) -> Recipient | None:
        """The recipient entry for `addressee`, if it is one."""
        for rec in self.recipients:
            if rec.addressee == addressee:
                return rec
        return None


@dataclass(frozen=True)
class Project:
    """Everything loaded from a project folder, validated and cross-referenced."""

    root: Path
    kinds: Mapping[str, Mapping[str, str]]
    addressees: Mapping[str, Addressee]
    instruments: Mapping[str, Instrument]
    mandates: Mapping[str, Mandate]
    communications: Mapping[str, Communication]
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """False when a file could not be read: checks across files would mislead."""
        return not any(p.severity == "error" for p in self.warnings)
