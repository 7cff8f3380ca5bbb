"""Fields in data prose: `{government}`, `{status:ICCPR}` and the like.

Data is never compiled as a Jinja template. Prose may instead name a small, closed
set of fields, which the composer fills in for each addressee. Anything else in
braces is text, so `{{ 7*7 }}` in data stays `{{ 7*7 }}`; a brace that looks like a
field but names none is an error, so a typo cannot vanish from a letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from allegation_letter.data.model import Prose
from allegation_letter.errors import Location

# A field: not after a backslash or another brace, not before a closing brace.
FIELD = re.compile(r"(?<![\\{])\{([A-Za-z][A-Za-z_]*)(?::([^{}\s]*))?\}(?!\})")

ADDRESSEE_FIELDS = frozenset({"government", "Government", "your", "Your", "name"})
LETTER_FIELDS = frozenset({"other_addressees"})
INSTRUMENT_FIELDS = frozenset({"status", "signature", "adopted"})
# A passage citing one of these is left out of letters to addressees without that act.
ACTION_FIELDS = frozenset({"status", "signature"})
KNOWN = ADDRESSEE_FIELDS | LETTER_FIELDS | INSTRUMENT_FIELDS

HELP = (
    "fields are {government}, {Government}, {your}, {Your}, {name}, {other_addressees}, "
    "{status:ID}, {signature:ID}, {adopted:ID}; write \\{ for a literal brace"
)


@dataclass(frozen=True, slots=True)
class FieldUse:
    """One field written in a text: name, argument and where it stands."""

    name: str
    arg: str | None
    start: int
    end: int


def find_fields(text: str) -> Iterator[FieldUse]:
    """Every field-shaped brace in `text`, known or not."""
    for m in FIELD.finditer(text):
        yield FieldUse(m.group(1), m.group(2), m.start(), m.end())


def field_problem(use: FieldUse, instruments: frozenset[str] | set[str]) -> str | None:
    """Why a field use is wrong, or None when it is fine."""
    if use.name not in KNOWN:
        return f"unknown field {{{use.name}}}; {HELP}"
    if use.name in INSTRUMENT_FIELDS:
        if not use.arg:
            return f"{{{use.name}}} needs an instrument id, as in {{{use.name}:ICCPR}}"
        if use.arg not in instruments:
            return f"{{{use.name}:{use.arg}}} names an unknown instrument '{use.arg}'"
    elif use.arg is not None:
        return f"{{{use.name}}} takes no argument"
    return None


def location_in(prose: Prose, offset: int) -> Location:
    """The file:line:column of character `offset` of a text from a data file."""
    line = prose.count("\n", 0, offset)
    column = offset - (prose.rfind("\n", 0, offset) + 1)
    loc = prose.loc
    return Location(loc.file, loc.line + line, loc.column + column)


def cited_actions(text: str) -> list[tuple[str, str]]:
    """The (field, instrument) pairs of the treaty actions a text states."""
    return [(u.name, u.arg or "") for u in find_fields(text) if u.name in ACTION_FIELDS]


def expand(text: str, resolve: Callable[[str, str | None], str]) -> str:
    """Replace every field with `resolve(name, arg)`."""
    return FIELD.sub(lambda m: resolve(m.group(1), m.group(2)), text)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&])")


def markdown_literal(value: str) -> str:
    """Escape a data value so Markdown shows it as typed (names, titles)."""
    return _MD_SPECIAL.sub(r"\\\1", value)
