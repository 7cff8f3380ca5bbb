"""Nine letters, each saying only what is true of its addressee."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from allegation_letter.build import check_project
from allegation_letter.letter.wording import MONTHS
from conftest import COMM, ROOT, output_files
from helpers import build_in_memory, markdown_of, plain_paragraphs, run_cli

ALL = ["MMR-AF", "ASEAN", "KHM", "CHN", "LAO", "MYS", "PHL", "THA", "VNM"]
# How the letters name each instrument, checked independently of the templates.
NAMES = [
    ("International Covenant on Economic, Social and Cultural Rights", "ICESCR"),
    ("ICESCR", "ICESCR"),
    ("International Covenant on Civil and Political Rights", "ICCPR"),
    ("ICCPR", "ICCPR"),
    ("Convention against Torture", "CAT"),
    ("Discrimination against Women", "CEDAW"),
    ("Convention on the Rights of the Child", "CRC"),
    ("Racial Discrimination", "ICERD"),
    ("Forced Labour Convention", "ILO-C029"),
    ("Palermo Protocol", "PALERMO"),
    ("ASEAN Convention", "ACTIP"),
]
CLAIM = re.compile(
    r"(ratified|acceded to|succeeded to|signed) by (?:your Excellency['’]s Government|the [A-Z][^,]+?) on "
    r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})"
)


@pytest.fixture(scope="module")
def letters() -> dict[str, str]:
    return {code: markdown_of(files) for code, files in build_in_memory(ROOT, *ALL, formats=("md",)).items()}


def _claims(markdown: str) -> list[tuple[str, str, dt.date]]:
    """(instrument, verb, date) for every treaty action a letter states."""
    found = []
    for paragraph in plain_paragraphs(markdown):
        for match in CLAIM.finditer(paragraph):
            before = paragraph[: match.start()]
            named = max(((before.rfind(name), iid) for name, iid in NAMES), default=(-1, ""))
            assert named[0] >= 0, f"a treaty action with no instrument named before it: {match.group(0)}"
            day = dt.date(int(match.group(4)), MONTHS.index(match.group(3)) + 1, int(match.group(2)))
            found.append((named[1], match.group(1), day))
    return found


def test_every_letter_is_built(letters: dict[str, str]) -> None:
    assert sorted(letters) == sorted(ALL)


@pytest.mark.parametrize("code", ALL)
def test_every_cited_treaty_date_equals_the_data(letters: dict[str, str], code: str) -> None:
    who = check_project(ROOT).project.addressees[code]
    for instrument, verb, day in _claims(letters[code]):
        acts = who.treaties.get(instrument, ())
        if verb == "signed":
            signature = [a for a in acts if a.action == "signature"]
            assert signature and signature[0].date == day, (code, instrument, day)
        else:
            binding = [a for a in acts if a.binding]
            assert binding, f"{code} is told it ratified {instrument}, which the data does not say"
            assert binding[0].date == day, (code, instrument, day)


@pytest.mark.parametrize("code", [c for c in ALL if c not in ("MMR-AF", "ASEAN")])
def test_states_are_told_about_their_treaties(letters: dict[str, str], code: str) -> None:
    assert _claims(letters[code]), f"the letter to {code} states no treaty action at all"


@pytest.mark.parametrize("code", ["MMR-AF", "ASEAN"])
def test_non_state_letters_have_no_excellency_and_no_ratification(letters: dict[str, str], code: str) -> None:
    text = letters[code]
    assert "excellency" not in text.lower()
    assert _claims(text) == []
    assert not re.search(r"\b(ratified|acceded to|succeeded to) by\b", text)


def test_viet_nam_keeps_its_excellency(letters: dict[str, str]) -> None:
    assert letters["VNM"].count("Excellency") >= 10


@pytest.mark.parametrize("code", ALL)
def test_also_sent_to_lists_the_others_in_order_never_itself(letters: dict[str, str], code: str) -> None:
    project = check_project(ROOT).project
    sentence = next(p for p in plain_paragraphs(letters[code]) if "have also been sent to" in p)
    names = [project.addressees[c].list_name for c in ALL if c != code]
    expected = ", ".join(names[:-1]) + ", and " + names[-1] + "."
    assert sentence.endswith(expected)
    assert project.addressees[code].list_name not in sentence.split("sent to", 1)[1].replace(expected, "")


def test_only_viet_nam_gets_its_own_sections(letters: dict[str, str]) -> None:
    for code, text in letters.items():
        has = "CERD/C/VNM/CO/15-17" in text or "Viet Nam's involvement" in text
        assert has == (code == "VNM")


def test_states_not_party_are_not_told_they_ratified(letters: dict[str, str]) -> None:
    # Malaysia is not party to the ICCPR, ICESCR or CAT; China only signed the ICCPR.
    assert not any(i in ("ICCPR", "ICESCR", "CAT") for i, _v, _d in _claims(letters["MYS"]))
    assert {(i, v) for i, v, _d in _claims(letters["CHN"]) if i == "ICCPR"} == {("ICCPR", "signed")}


def test_build_all_writes_eighteen_files_and_warns(project: Path) -> None:
    run = run_cli("build", "--all", "--root", str(project))
    assert run.exit_code == 0, run.stderr
    files = output_files(project / "drafts")
    assert len([f for f in files if f.endswith(".md")]) == 9 and len([f for f in files if f.endswith(".docx")]) == 9
    assert "not verified" in run.stderr and "no 'involvement' section for THA" in run.stderr


def test_final_refuses_and_says_why_for_each_addressee(project: Path) -> None:
    run = run_cli("build", "--all", "--final", "--root", str(project))
    assert run.exit_code == 3
    for code in ALL:
        assert f"{code}: " in run.stderr
    assert "VNM: 3 warning(s)" in run.stderr and "not verified" in run.stderr
    assert output_files(project / "drafts") == {}


def test_final_builds_once_every_cited_fact_is_verified(project: Path) -> None:
    state = project / "states" / "VNM.yaml"
    text = state.read_text(encoding="utf-8")
    text = text.replace(
        "      as_of: 2007-03-05\n      verified: false", "      as_of: 2007-03-05\n      verified: true"
    )
    text = text.replace(
        "      as_of: 2015-11-21\n      verified: false", "      as_of: 2015-11-21\n      verified: true"
    )
    state.write_text(text, encoding="utf-8")
    body = project / COMM / "body.yaml"
    body.write_text(body.read_text(encoding="utf-8").replace("{signature:ACTIP}", "{status:ACTIP}"), encoding="utf-8")
    run = run_cli("build", "VNM", "--final", "--root", str(project))
    assert run.exit_code == 0, run.stderr
    assert (
        "ratified by your Excellency's Government on 5 January 2017"
        in (project / "drafts" / "AL-VNM-1-2025.md").read_text()
    )


def test_a_failing_letter_stops_the_whole_batch(project: Path) -> None:
    (project / COMM / "sections" / "THA.yaml").write_text(
        "sections:\n  upr:\n    paragraphs:\n      - Cites {status:ICCPR} on a date after the letter.\n",
        encoding="utf-8",
    )
    state = project / "states" / "THA.yaml"
    text = re.sub(
        r"date: 1996-10-29\n(.*\n)      as_of: 2020-09-16",
        r"date: 2025-06-01\n\1      as_of: 2025-06-01",
        state.read_text(encoding="utf-8"),
    )
    state.write_text(text, encoding="utf-8")
    run = run_cli("build", "--all", "--root", str(project))
    assert run.exit_code == 3
    assert "[THA]" in run.stderr and "after the letter" in run.stderr
    assert output_files(project / "drafts") == {}


def test_show_state_lists_sources_and_verification(project: Path) -> None:
    run = run_cli("show-state", "THA", "--root", str(project))
    assert run.exit_code == 0
    assert "MFA-TH-2013" in run.stdout and "NO" in run.stdout and "ICCPR" in run.stdout


def test_show_state_unknown_code_is_a_usage_error(project: Path) -> None:
    run = run_cli("show-state", "XX", "--root", str(project))
    assert run.exit_code == 2 and "unknown addressee 'XX'" in run.stderr
