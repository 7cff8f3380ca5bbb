"""Bad input: every case is one located message, no traceback, and no output created or changed.

Each row damages one file of a private copy of the project, then runs `letter build --all`.
Before the run, drafts/ holds a previous build (a file and its manifest), so a build
that wrongly went ahead would be seen changing it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import COMM, output_files
from helpers import run_cli

VNM = "states/VNM.yaml"
THA = "states/THA.yaml"
BODY = f"{COMM}/body.yaml"
META = f"{COMM}/communication.yaml"
UDHR = "instruments/UDHR.yaml"
MANDATE = "mandates/SR-SLAVERY.yaml"
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


@dataclass(frozen=True)
class Case:
    """One damaged file: how to damage it and where the message must point."""

    id: str
    file: str
    damage: Callable[[str], str] | bytes
    where: str  # a regex the first error line must match: file:line[:column]
    says: str = ""  # words the message must contain
    code: int = 3


def replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return apply


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


CASES = [
    # YAML: objects, aliases, duplicates, implicit types
    Case(
        "tag-python-apply",
        VNM,
        append('x: !!python/object/apply:os.system ["touch PWNED"]\n'),
        rf"{VNM}:\d+:4",
        "tags are not allowed",
    ),
    Case("tag-python-new", VNM, append("x: !!python/object/new:exit [5]\n"), rf"{VNM}:\d+:4", "tags are not allowed"),
    Case(
        "tag-io-fileio",
        VNM,
        append("x: !!python/object/apply:io.FileIO [/etc/passwd]\n"),
        rf"{VNM}:\d+:4",
        "tags are not allowed",
    ),
    Case("tag-custom", VNM, replace('name: "Viet Nam"', "name: !foo Viet Nam"), rf"{VNM}:8:7", "tags are not allowed"),
    Case("tag-str", VNM, replace('name: "Viet Nam"', "name: !!str Viet Nam"), rf"{VNM}:8:7", "tags are not allowed"),
    Case("billion-laughs", VNM, BILLION_LAUGHS.encode(), rf"{VNM}:1:4", "anchors (&a) are not allowed"),
    Case("alias", VNM, replace('name: "Viet Nam"', 'name: &n "Viet Nam"\nlist_name: *n'), rf"{VNM}:8:7", "anchors"),
    Case(
        "merge-key",
        VNM,
        append("base: {a: 1}\nmore:\n  <<: *base\n"),
        rf"{VNM}:\d+:7",
        "aliases (*base) are not allowed",
    ),
    Case("duplicate-top-key", VNM, append("kind: state\n"), rf"{VNM}:\d+:1", "duplicate key 'kind' (first at line 7)"),
    Case(
        "duplicate-nested-key",
        VNM,
        replace("      as_of: 2020-09-16\n", "      as_of: 2020-09-16\n      as_of: 2020-09-17\n"),
        rf"{VNM}:15:7",
        "duplicate key 'as_of' (first at line 14)",
    ),
    Case(
        "duplicate-quoted-key",
        VNM,
        replace("kind: state\n", 'kind: state\n"kind": state\n'),
        rf"{VNM}:8:1",
        "duplicate key 'kind'",
    ),
    Case(
        "yes-is-not-a-boolean",
        VNM,
        replace("      verified: true", "      verified: yes"),
        rf"{VNM}:15:17",
        "expected true or false, found 'yes'",
    ),
    Case("norway-no", VNM, replace("kind: state", "kind: NO"), rf"{VNM}:7:7", "'NO' is not one of"),
    Case(
        "off-is-text",
        MANDATE,
        replace("holder: Tomoya Obokata", "holder: off\nholder2: x"),
        rf"{MANDATE}:4:1",
        "unknown key",
    ),
    Case(
        "invalid-date-feb-30",
        VNM,
        replace("date: 1982-09-24", "date: 2015-02-30"),
        rf"{VNM}:12:13",
        "not a valid date: '2015-02-30'",
    ),
    Case(
        "invalid-date-zeros", VNM, replace("date: 1982-09-24", "date: 0000-00-00"), rf"{VNM}:12:13", "not a valid date"
    ),
    Case(
        "invalid-date-month-13",
        VNM,
        replace("date: 1982-09-24", "date: 2015-13-01"),
        rf"{VNM}:12:13",
        "not a valid date",
    ),
    Case(
        "octal-looking-number",
        META,
        replace("number: 1", "number: 02142"),
        rf"{META}:21:13",
        "'02142' is not a valid reference number",
    ),
    Case(
        "sexagesimal-looking",
        MANDATE,
        replace("resolution: 51/15", "resolution: 1:10"),
        rf"{MANDATE}:4:13",
        "'1:10' is not a valid resolution",
    ),
    # YAML: layout and encoding
    Case(
        "tab-indentation",
        VNM,
        replace("    - action: accession", "\t- action: accession"),
        rf"{VNM}:11:1",
        "tab character; indent with spaces",
    ),
    Case("utf16", VNM, "id: VNM\n".encode("utf-16"), rf"{VNM}:1:1", "file is UTF-16, not UTF-8"),
    Case("latin1", VNM, 'id: VNM\nname: "Côte"\n'.encode("latin-1"), rf"{VNM}:2:9", "not valid UTF-8 (byte 0xF4)"),
    Case(
        "control-character",
        VNM,
        replace('name: "Viet Nam"', 'name: "Viet\x0bNam"'),
        rf"{VNM}:8:12",
        "control character U+000B",
    ),
    Case(
        "escaped-nul",
        VNM,
        replace('name: "Viet Nam"', 'name: "Viet\\x00Nam"'),
        rf"{VNM}:8:7",
        "control character U+0000",
    ),
    Case("c1-control", VNM, replace('name: "Viet Nam"', 'name: "Viet\x85Nam"'), rf"{VNM}:8:12", "U+0085"),
    Case("too-large", VNM, b"id: VNM\n" + b"# padding\n" * 120_000, rf"{VNM}: file too large", "file too large"),
    Case(
        "nesting-too-deep",
        VNM,
        ("x:\n" + "".join("  " * i + "- \n" for i in range(1, 60))).encode(),
        rf"{VNM}:\d+:\d+",
        "nesting too deep",
    ),
    Case("empty-file", VNM, b"", rf"{VNM}:1:1", "file is empty"),
    Case("comments-only", VNM, b"# nothing here\n", rf"{VNM}:1:1", "file is empty"),
    Case("two-documents", VNM, b"id: VNM\n---\nid: VNM\n", rf"{VNM}:2:1", "only one YAML document per file"),
    Case("top-level-list", VNM, b"- id: VNM\n", rf"{VNM}:1:1", "expected a mapping of keys, found a list"),
    Case(
        "unquoted-colon",
        MANDATE,
        replace("holder: Tomoya Obokata", "holder: Tomoya: Obokata"),
        rf"{MANDATE}:3:15",
        "put the text in quotes",
    ),
    # Schema: keys, types, emptiness
    Case(
        "missing-required-key",
        MANDATE,
        replace("holder: Tomoya Obokata\n", ""),
        rf"{MANDATE}:1:1",
        "holder: missing required key",
    ),
    Case("misspelt-key", MANDATE, replace("holder:", "holdr:"), rf"{MANDATE}:3:1", "holdr: unknown key"),
    Case(
        "list-where-text",
        MANDATE,
        replace("holder: Tomoya Obokata", "holder: [Tomoya, Obokata]"),
        rf"{MANDATE}:3:9",
        "expected text, found a list",
    ),
    Case(
        "mapping-where-list",
        META,
        replace("mandates:\n  - SR-SLAVERY\n  - SR-TRAFFICKING", "mandates:\n  a: b"),
        rf"{META}:7:3",
        "expected a list, found a mapping",
    ),
    Case("empty-text", MANDATE, replace("holder: Tomoya Obokata", 'holder: ""'), rf"{MANDATE}:3:9", "is empty"),
    Case(
        "zero-width-only", MANDATE, replace("holder: Tomoya Obokata", 'holder: "\u200b"'), rf"{MANDATE}:3:9", "is empty"
    ),
    Case(
        "bad-addressee-code",
        META,
        replace("  - MMR-AF\n", "  - ../../etc\n"),
        rf"{META}:12:5",
        "not a valid addressee code",
    ),
    Case(
        "windows-path-code",
        META,
        replace("  - MMR-AF\n", "  - 'C:\\x'\n"),
        rf"{META}:12:5",
        "not a valid addressee code",
    ),
    # Across files
    Case(
        "unknown-annex-paragraph",
        BODY,
        replace("  - UDHR.expression\n", "  - UDHR.expresion\n"),
        rf"{BODY}:\d+:5",
        "UDHR has no paragraph 'expresion'",
    ),
    Case(
        "unknown-instrument",
        BODY,
        replace("  - ICESCR.work\n", "  - ICCPR-OP3.work\n"),
        rf"{BODY}:\d+:5",
        "unknown instrument 'ICCPR-OP3'",
    ),
    Case("unknown-addressee", META, replace("  - THA\n", "  - XYZ\n"), rf"{META}:19:5", "unknown addressee 'XYZ'"),
    Case(
        "unknown-mandate",
        META,
        replace("  - SR-TRAFFICKING", "  - SR-TORTURE"),
        rf"{META}:8:5",
        "unknown mandate 'SR-TORTURE'",
    ),
    Case("unknown-field", BODY, replace("{government}", "{gvernment}"), rf"{BODY}:7:70", "unknown field {gvernment}"),
    Case(
        "field-unknown-instrument",
        UDHR,
        replace("{status:ICCPR}", "{status:ICPR}"),
        rf"{UDHR}:16:\d+",
        "unknown instrument 'ICPR'",
    ),
    Case(
        "heading-in-paragraph",
        BODY,
        replace("    We wish to highlight the importance", "    # We wish to highlight the importance"),
        rf"{BODY}:57:\d+",
        "Markdown heading",
    ),
    Case(
        "container-in-data",
        BODY,
        replace("    We wish to highlight the importance", "    ::: mandates\n    We wish to highlight the importance"),
        rf"{BODY}:57:\d+",
        "':::' blocks belong to the templates",
    ),
    Case(
        "footnote-without-text",
        BODY,
        replace("mainly through the internet.", "mainly through the internet.[^nowhere]"),
        rf"{BODY}:\d+:\d+",
        "footnote [^nowhere] has no text",
    ),
    Case(
        "state-defined-twice",
        THA,
        replace("id: THA", "id: VNM"),
        rf"{VNM}:6:5",
        "'VNM' is already defined in states/THA.yaml",
    ),
    Case(
        "date-before-adoption",
        VNM,
        replace("date: 1982-09-24", "date: 1960-09-24"),
        rf"{VNM}:11:7",
        "before the instrument was adopted",
    ),
    Case(
        "date-after-source",
        VNM,
        replace("date: 1982-09-24", "date: 2021-09-24"),
        rf"{VNM}:11:7",
        "after the source's date",
    ),
    Case(
        "verified-without-date",
        VNM,
        replace("      date: 1982-09-24\n", "", 1),
        rf"{VNM}:11:7",
        "cannot be verified: true",
    ),
    Case(
        "not-party-with-date",
        VNM,
        replace("    - action: accession\n      date: 1982-09-24", "    - action: not_party\n      date: 1982-09-24"),
        rf"{VNM}:11:7",
        "'not_party' takes no date",
    ),
    Case(
        "non-state-with-treaties",
        "addressees/ASEAN.yaml",
        append(
            "treaties:\n  ACTIP:\n    - action: signature\n      date: 2015-11-21\n"
            "      source: x\n      as_of: 2015\n      verified: false\n"
        ),
        r"addressees/ASEAN.yaml",
        "only States ratify treaties",
    ),
    Case(
        "section-for-non-addressee",
        f"{COMM}/sections/VNM.yaml",
        None,
        rf"{COMM}/sections/MYS-X.yaml",
        "is not an addressee",
    ),
    Case(
        "undeclared-section",
        f"{COMM}/sections/VNM.yaml",
        replace("  upr:", "  uper:"),
        rf"{COMM}/sections/VNM.yaml:\d+:5",
        "'uper' is not declared",
    ),
    Case(
        "letterhead-outside",
        META,
        append("letterhead: ../../etc/x.docx\n"),
        rf"{META}:\d+:13",
        "not a valid path of a .docx inside the project",
    ),
    # Templates
    Case(
        "template-syntax-error",
        "templates/annex.md.j2",
        append("{% if letter.addressee %}\n"),
        r"templates/annex.md.j2:\d+",
        "Unexpected end of template",
    ),
    Case(
        "template-missing-include",
        "templates/letter.md.j2",
        replace('{% include "annex.md.j2" %}', '{% include "appendix.md.j2" %}'),
        r"templates/letter.md.j2:\d+",
        "template not found: appendix.md.j2",
    ),
    Case(
        "template-include-loop",
        "templates/annex.md.j2",
        append('{% include "letter.md.j2" %}\n'),
        r"templates/",
        "loop",
    ),
    Case(
        "template-undefined",
        "templates/questions.md.j2",
        replace("letter.questions", "letter.question"),
        r"templates/questions.md.j2:\d+",
        "question",
    ),
]


def _damage(project: Path, case: Case) -> None:
    path = project / case.file
    if case.id == "section-for-non-addressee":
        path = project / COMM / "sections" / "MYS-X.yaml"
        path.write_text("sections:\n  upr:\n    paragraphs: [text]\n", encoding="utf-8")
        return
    if isinstance(case.damage, bytes):
        path.write_bytes(case.damage)
    else:
        path.write_text(case.damage(path.read_text(encoding="utf-8")), encoding="utf-8")


def _previous_build(project: Path) -> dict[str, bytes]:
    drafts = project / "drafts"
    drafts.mkdir()
    (drafts / "AL-VNM-1-2025.md").write_text("an earlier draft\n", encoding="utf-8")
    digest = "0" * 64
    (drafts / ".letter-manifest.json").write_text(json.dumps({"version": 1, "files": {"AL-VNM-1-2025.md": digest}}))
    return output_files(drafts)


def test_the_table_has_at_least_forty_cases() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_reported_at_its_place(project: Path, case: Case) -> None:
    before = _previous_build(project)
    _damage(project, case)
    run = run_cli("build", "--all", "--root", str(project))
    assert run.exit_code == case.code, run.stderr
    first = run.stderr.splitlines()[0] if run.stderr else ""
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert any(re.match(rf"error: {case.where}", line) for line in errors), run.stderr
    assert case.says in run.stderr, run.stderr
    assert first.startswith("error: ")
    assert "Traceback" not in run.stderr + run.stdout
    assert output_files(project / "drafts") == before
    assert not (Path.cwd() / "PWNED").exists()


def test_check_reports_the_same_problems(project: Path) -> None:
    _damage(project, next(c for c in CASES if c.id == "unknown-annex-paragraph"))
    run = run_cli("check", "--root", str(project))
    assert run.exit_code == 3
    assert re.search(rf"{BODY}:\d+:5: annex\[\d+\]: UDHR has no paragraph 'expresion'", run.stderr)
    assert "1 error(s)" in run.stdout


def test_many_problems_are_all_reported_sorted(project: Path) -> None:
    path = project / MANDATE
    path.write_text(
        path.read_text(encoding="utf-8").replace("holder:", "holdr:").replace("title:", "titel:"), encoding="utf-8"
    )
    (project / VNM).write_text(
        (project / VNM).read_text(encoding="utf-8").replace("kind: state", "kind: sate"), encoding="utf-8"
    )
    run = run_cli("check", "--root", str(project))
    lines = [line for line in run.stderr.splitlines() if "warning:" not in line]
    assert run.exit_code == 3 and len(lines) == 5
    keys = [re.match(r"([^:]+):(\d+)", line).groups() for line in lines]
    assert keys == sorted(keys, key=lambda k: (k[0], int(k[1])))
