"""`letter redline`: read two drafts, make the redline, write it safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from allegation_letter.errors import UsageError
from allegation_letter.output import write_outputs
from allegation_letter.review.redline import Revision, document_date, redline
from allegation_letter.review.sources import resolve


def write_redline(
    old: str, new: str, file: Path | None, out: Path, *, author: str, date: str | None, force: bool
) -> Path:
    """Compare two .docx drafts and write the tracked-changes document to `out`."""
    a, b = resolve(old, new, file)
    for draft in (a, b):
        if not draft.data.startswith(b"PK"):
            raise UsageError(f"{draft.name} is not a .docx; a redline compares two Word drafts")
    if not out.name.lower().endswith(".docx"):
        raise UsageError(f"the redline must be a .docx file, not {out.name}")
    revision = Revision(author, _when(date, b.data))
    data = redline(a.data, b.data, revision, (a.name, b.name))
    folder = out.parent if str(out.parent) else Path()
    write_outputs(folder, {out.name: data}, force=force)
    return out


def _when(date: str | None, new: bytes) -> dt.datetime:
    if date is not None:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise UsageError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    found = document_date(new)
    if found is None:
        raise UsageError("the new draft has no date of its own; give --date YYYY-MM-DD")
    return found
