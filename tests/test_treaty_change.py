"""One ratification date in the data changes exactly the sentences that cite it."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import build_in_memory, markdown_of


def _sentences(markdown: str) -> list[str]:
    return [s for line in markdown.splitlines() for s in re.split(r"(?<=[.;:])\s+", line) if s]


def test_changing_the_iccpr_date_changes_only_the_sentences_citing_it(project: Path) -> None:
    before = _sentences(markdown_of(build_in_memory(project, "VNM")["VNM"]))
    state = project / "states" / "VNM.yaml"
    text = state.read_text(encoding="utf-8")
    assert text.count("date: 1982-09-24") == 2  # ICCPR and ICESCR share the date
    state.write_text(text.replace("date: 1982-09-24", "date: 1982-09-25", 1), encoding="utf-8")
    after = _sentences(markdown_of(build_in_memory(project, "VNM")["VNM"]))

    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(changed) == 3  # articles 8, 19 and 6 of the ICCPR
    for old, new in changed:
        assert "International Covenant on Civil and Political Rights" in old or "ICCPR" in old
        assert old.replace("24 September 1982", "25 September 1982") == new
    assert sum("24 September 1982" in s for s in after) == 1  # the ICESCR keeps its date
