"""Compare two drafts paragraph by paragraph, and word by word inside changed paragraphs.

List labels are left out of the comparison: a question inserted before others renumbers
them in Word, which is not a change of their wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

from allegation_letter.review.text import Line

SIMILAR = 0.5
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Words:
    """A run of words kept, deleted or inserted."""

    kind: Literal["equal", "delete", "insert"]
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    """One paragraph changed, added or removed (with its position on each side, 0-based)."""

    kind: Literal["changed", "added", "removed"]
    old: int | None
    new: int | None
    label: str
    words: tuple[Words, ...]


@dataclass(frozen=True, slots=True)
class DraftDiff:
    """Every change between two drafts."""

    changes: tuple[Change, ...]

    def count(self, kind: str) -> int:
        """How many paragraphs were changed, added or removed."""
        return sum(change.kind == kind for change in self.changes)

    def summary(self) -> str:
        """One line: '2 paragraphs changed, 1 added, 0 removed'."""
        changed = self.count("changed")
        noun = "paragraph" if changed == 1 else "paragraphs"
        return f"{changed} {noun} changed, {self.count('added')} added, {self.count('removed')} removed"


def align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index): same or reworded paragraphs, or one side only."""
    pairs: list[tuple[int | None, int | None]] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            pairs.extend(_pair_block(old, new, list(range(i1, i2)), list(range(j1, j2))))
    return pairs


def _pair_block(
    old: list[str], new: list[str], olds: list[int], news: list[int]
) -> list[tuple[int | None, int | None]]:
    """Inside a changed block, pair each new paragraph with the first similar old one, in order."""
    out: list[tuple[int | None, int | None]] = []
    next_old = 0
    for j in news:
        match = None
        for k in range(next_old, len(olds)):
            if SequenceMatcher(None, old[olds[k]], new[j], autojunk=False).ratio() >= SIMILAR:
                match = k
                break
        if match is None:
            out.append((None, j))
            continue
        out.extend((olds[k], None) for k in range(next_old, match))
        out.append((olds[match], j))
        next_old = match + 1
    out.extend((olds[k], None) for k in range(next_old, len(olds)))
    return out


def word_diff(old: str, new: str) -> tuple[Words, ...]:
    """The words kept, deleted and inserted to turn `old` into `new`."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[Words] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(Words("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Words("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Words("insert", "".join(b[j1:j2])))
    return tuple(out)


def compare_drafts(old: str, new: str, file: Path | None = None) -> tuple[tuple[str, str], DraftDiff]:
    """`letter diff`: read both drafts (files or git revisions) and compare their text."""
    from allegation_letter.review.sources import resolve
    from allegation_letter.review.text import draft_lines

    a, b = resolve(old, new, file)
    return (a.name, b.name), diff_drafts(draft_lines(a.data, a.name), draft_lines(b.data, b.name))


def diff_drafts(old: list[Line], new: list[Line]) -> DraftDiff:
    """Paragraph-level alignment, then word-level differences in paragraphs that changed."""
    changes: list[Change] = []
    for i, j in align([line.text for line in old], [line.text for line in new]):
        if i is not None and j is not None:
            if old[i].text != new[j].text:
                changes.append(Change("changed", i, j, new[j].label, word_diff(old[i].text, new[j].text)))
        elif j is not None:
            changes.append(Change("added", None, j, new[j].label, (Words("insert", new[j].text),)))
        elif i is not None:
            changes.append(Change("removed", i, None, old[i].label, (Words("delete", old[i].text),)))
    return DraftDiff(tuple(changes))
