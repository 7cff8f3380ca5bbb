"""What each kind of data file may contain: the schema of every YAML file in a project."""

from __future__ import annotations

from allegation_letter.data.model import ACTIONS, ADDRESSEE_KINDS, PHRASES
from allegation_letter.data.schema import (
    Field,
    boolean,
    choice,
    date,
    either,
    identifier,
    line_of_text,
    list_of,
    map_of,
    optional,
    partial_date,
    prose,
    record,
    text,
)
from allegation_letter.data.yamlfile import Mapping, Scalar

# Addressee codes become file names, so they are an allowlist: no dots, slashes or spaces.
ADDRESSEE_ID = r"[A-Z][A-Z0-9]{1,7}(-[A-Z0-9]{1,8})?"
INSTRUMENT_ID = r"[A-Z][A-Z0-9]{0,15}(-[A-Z0-9]{1,15}){0,3}"
NAME_ID = r"[a-z][a-z0-9]{0,30}(-[a-z0-9]{1,30}){0,5}"
FOOTNOTE_LABEL = r"[A-Za-z0-9][A-Za-z0-9_-]{0,40}"

addressee_id = identifier(ADDRESSEE_ID, "addressee code (such as VNM or MMR-AF)")
instrument_id = identifier(INSTRUMENT_ID, "instrument id (such as ICCPR or ILO-C029)")
mandate_id = identifier(INSTRUMENT_ID, "mandate id (such as SR-SLAVERY)")
name_id = identifier(NAME_ID, "name (lower case letters, digits and hyphens)")
footnote_label = identifier(FOOTNOTE_LABEL, "footnote label")
paragraph_ref = identifier(
    rf"{INSTRUMENT_ID}\.{NAME_ID}", "paragraph reference (INSTRUMENT.paragraph, such as UDHR.slavery)"
)
reference_number = identifier(r"[1-9][0-9]{0,3}", "reference number (such as 1)")

_CONDITION: dict[str, Field] = {
    "for": optional(list_of(addressee_id)),
    "except": optional(list_of(addressee_id)),
    "kinds": optional(list_of(choice(*ADDRESSEE_KINDS))),
    "party": optional(list_of(instrument_id)),
    "not_party": optional(list_of(instrument_id)),
    "note": optional(text),
}

PART = either(
    (Scalar, prose),
    (Mapping, record({"text": Field(prose), **_CONDITION})),
)

PASSAGE = either(
    (Scalar, prose),
    (
        Mapping,
        record(
            {
                "text": optional(prose),
                "parts": optional(list_of(PART)),
                "typography": optional(choice("straight", "curly")),
                **_CONDITION,
            }
        ),
    ),
)

PASSAGES = list_of(PASSAGE)
FOOTNOTES = map_of(footnote_label, prose)

TREATY_ACTION = record(
    {
        "action": Field(choice(*ACTIONS)),
        "date": optional(date),
        "source": Field(text),
        "as_of": Field(partial_date),
        "verified": Field(boolean),
        "note": optional(text),
    }
)

PHRASE_MAP = record({name: optional(line_of_text) for name in PHRASES})

ADDRESSEE = record(
    {
        "id": Field(addressee_id),
        "kind": Field(choice(*ADDRESSEE_KINDS)),
        "name": Field(line_of_text),
        "list_name": optional(line_of_text),
        "phrases": optional(PHRASE_MAP),
        "treaties": optional(map_of(instrument_id, list_of(TREATY_ACTION))),
        "note": optional(text),
    }
)

KIND_DEFAULTS = record(
    {
        kind: Field(
            record(
                {
                    "reference_code": Field(choice("own", "OTH")),
                    **{name: optional(line_of_text) for name in PHRASES},
                }
            )
        )
        for kind in ADDRESSEE_KINDS
    }
)

INSTRUMENT = record(
    {
        "id": Field(instrument_id),
        "title": Field(line_of_text),
        "short_title": optional(line_of_text),
        "kind": Field(choice("treaty", "declaration", "guidance", "general-comment", "report", "resolution")),
        "adopted": Field(date),
        "adopted_by": Field(line_of_text),
        "source": Field(text),
        "open_to": optional(choice("states", "asean-members", "ilo-members")),
        "mentioned_in": optional(list_of(paragraph_ref)),
        "paragraphs": optional(map_of(name_id, PASSAGE)),
        "footnotes": optional(FOOTNOTES),
        "note": optional(text),
    }
)

MANDATE = record(
    {
        "id": Field(mandate_id),
        "title": Field(line_of_text),
        "holder": Field(line_of_text),
        "resolution": Field(identifier(r"\d{1,3}/\d{1,3}", "resolution number (such as 51/15)")),
        "source": Field(text),
    }
)

RECIPIENT = either(
    (Scalar, addressee_id),
    (Mapping, record({"id": Field(addressee_id), "number": optional(reference_number)})),
)

COMMUNICATION = record(
    {
        "type": Field(choice("AL", "UA", "JAL", "JUA", "OL")),
        "date": Field(date),
        "title": Field(line_of_text),
        "mandates": Field(list_of(mandate_id)),
        "addressees": Field(list_of(RECIPIENT)),
        "treaty_wording": optional(choice("as-reference", "precise")),
        "typography": optional(choice("straight", "curly")),
        "letterhead": optional(identifier(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.docx", "path of a .docx inside the project")),
        "sections": optional(map_of(name_id, record(_CONDITION))),
    }
)

FACTS_ITEM = either(
    (
        Mapping,
        record(
            {
                "heading": optional(prose),
                "paragraphs": optional(PASSAGES),
                "section": optional(name_id),
            }
        ),
    ),
)

ANNEX_ITEM = either(
    (Scalar, paragraph_ref),
    (
        Mapping,
        record(
            {
                "section": optional(name_id),
                "paragraph": optional(paragraph_ref),
                "text": optional(prose),
                "parts": optional(list_of(PART)),
                "typography": optional(choice("straight", "curly")),
                **_CONDITION,
            }
        ),
    ),
)

BODY = record(
    {
        "intro": Field(PASSAGES),
        "facts": Field(list_of(FACTS_ITEM)),
        "concerns": Field(PASSAGES),
        "questions": Field(PASSAGES),
        "closing": Field(PASSAGES),
        "annex": Field(list_of(ANNEX_ITEM)),
        "footnotes": optional(FOOTNOTES),
    }
)

SOURCES_FILE = record({"sources": Field(map_of(line_of_text, text))})

SECTION = record(
    {
        "heading": optional(prose),
        "paragraphs": Field(PASSAGES),
    }
)

SECTIONS_FILE = record({"sections": Field(map_of(name_id, SECTION)), "footnotes": optional(FOOTNOTES)})

__all__ = ["ADDRESSEE", "BODY", "COMMUNICATION", "INSTRUMENT", "KIND_DEFAULTS", "MANDATE", "SECTIONS_FILE"]
