"""Small pure functions that turn data into the words of a letter."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
PLACEHOLDER_PREFIX = "[PENDING: "


def long_date(day: dt.date) -> str:
    """A date as UN letters write it: '10 March 2025' (no locale involved)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def join_and(items: list[str], *, oxford: bool = False) -> str:
    """'a', 'a and b', 'a, b and c' (or 'a, b, and c' with the Oxford comma)."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    comma = "," if oxford else ""
    return f"{', '.join(items[:-1])}{comma} and {items[-1]}"


def join_semicolons(items: list[str]) -> str:
    """'a and b' for two, 'a; b and c' for more: long mandate titles hold commas."""
    if len(items) <= 2:
        return join_and(items)
    return f"{'; '.join(items[:-1])} and {items[-1]}"


def mandates_header(titles: list[str]) -> str:
    """'Mandates of the A and the B', from the mandates' full titles."""
    noun = "Mandate" if len(titles) == 1 else "Mandates"
    return f"{noun} of " + join_semicolons([f"the {t}" for t in titles])


def resolutions_phrase(numbers: list[str]) -> str:
    """'resolution 51/15' or 'resolutions 51/15 and 53/9'."""
    noun = "resolution" if len(numbers) == 1 else "resolutions"
    return f"{noun} {join_and(numbers)}"


def placeholder(what: str) -> str:
    """A visible gap in a draft; `--final` refuses to build while one remains."""
    return f"{PLACEHOLDER_PREFIX}{what}]"


def curly(text: str) -> str:
    """Typographic apostrophes, for paragraphs written with them."""
    return text.replace("'", "\u2019")


def capitalised(text: str) -> str:
    """The text with its first letter in upper case, for the start of a sentence."""
    return text[:1].upper() + text[1:]


ACTION_VERBS = {
    "ratification": "ratified",
    "accession": "acceded to",
    "succession": "succeeded to",
    "ratification_or_accession": "ratified",
}


def action_verb(action: str, wording: str) -> str:
    """The verb a letter uses for a treaty action.

    `as-reference` writes 'ratified' for every way of becoming party, as the 10 March
    2025 letter does; `precise` writes 'acceded to' or 'succeeded to' where the data
    says so. A signature is always 'signed', never 'ratified'.
    """
    if action == "signature":
        return "signed"
    if wording == "precise":
        return ACTION_VERBS[action]
    return "ratified"
