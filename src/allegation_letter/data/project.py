"""Load a project folder: read every data file, check it against its schema, build the model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from allegation_letter.data import specs
from allegation_letter.data.model import (
    PHRASES,
    Addressee,
    AddresseeSection,
    AnnexItem,
    Communication,
    Condition,
    FactsItem,
    Instrument,
    Mandate,
    Passage,
    Project,
    Prose,
    Recipient,
    TreatyAction,
)
from allegation_letter.data.schema import INVALID, Record, Spec
from allegation_letter.data.yamlfile import load_yaml
from allegation_letter.errors import DataError, Location, Problem

KINDS_FILE = "templates/addressee-kinds.yaml"
SOURCES_FILE = "sources/treaties.yaml"
ADDRESSEE_FOLDERS = ("states", "addressees")


class ProjectReader:
    """Reads the files of one project folder, collecting every problem on the way."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def read(self, rel: str, spec: Spec) -> Any:
        """Parse and check one file; INVALID (with problems recorded) if it is unusable."""
        try:
            data = (self.root / rel).read_bytes()
        except FileNotFoundError:
            self.problems.append(Problem(Location(rel), "", "file not found"))
            return INVALID
        except OSError as err:
            self.problems.append(Problem(Location(rel), "", f"cannot read the file: {err.strerror}"))
            return INVALID
        try:
            loaded = load_yaml(data, rel)
        except DataError as err:
            self.problems.extend(err.problems)
            return INVALID
        self.problems.extend(loaded.warnings)
        return spec(loaded.root, "", self.problems)

    def files(self, folder: str) -> list[str]:
        """The YAML files of a folder, sorted, as paths relative to the root."""
        path = self.root / folder
        if not path.is_dir():
            return []
        names = sorted(p.name for p in path.iterdir() if p.is_file())
        for name in names:
            if name.endswith(".yml"):
                self.problems.append(
                    Problem(Location(f"{folder}/{name}"), "", "ignored: rename it to .yaml", "warning")
                )
        return [f"{folder}/{n}" for n in names if n.endswith(".yaml") and not n.startswith(".")]


def load_project(root: Path) -> Project:
    """Read every data file under `root` into a Project; problems are kept, not raised."""
    reader = ProjectReader(root)
    kinds = _load_kinds(reader)
    addressees = _load_all(reader, ADDRESSEE_FOLDERS, specs.ADDRESSEE, lambda r, f: _addressee(r, f, kinds))
    instruments = _load_all(reader, ("instruments",), specs.INSTRUMENT, _instrument)
    mandates = _load_all(reader, ("mandates",), specs.MANDATE, _mandate)
    communications = _load_communications(reader)
    sources = _load_sources(reader)
    return Project(
        root=root,
        kinds=kinds,
        addressees=addressees,
        instruments=instruments,
        mandates=mandates,
        communications=communications,
        sources=sources,
        warnings=tuple(reader.problems),
    )


def _load_sources(reader: ProjectReader) -> dict[str, str]:
    if not (reader.root / SOURCES_FILE).is_file():
        return {}
    rec = reader.read(SOURCES_FILE, specs.SOURCES_FILE)
    if rec is INVALID:
        return {}
    return {key: value for key, (value, _loc) in rec["sources"].items()}


def _load_kinds(reader: ProjectReader) -> dict[str, dict[str, str]]:
    rec = reader.read(KINDS_FILE, specs.KIND_DEFAULTS)
    if rec is INVALID:
        return {}
    return {kind: dict(value.items()) for kind, value in rec.items()}


def _load_all(
    reader: ProjectReader,
    folders: Iterable[str],
    spec: Spec,
    build: Callable[[Record, str], Any],
) -> dict[str, Any]:
    """Load one kind of file from `folders`; ids must be unique across all of them."""
    found: dict[str, Any] = {}
    for folder in folders:
        for rel in reader.files(folder):
            rec = reader.read(rel, spec)
            if rec is INVALID:
                continue
            obj = build(rec, rel)
            if obj.id in found:
                reader.problems.append(
                    Problem(
                        rec.loc_of("id"),
                        "id",
                        f"'{obj.id}' is already defined in {found[obj.id].loc.file}; keep one of the two files",
                    )
                )
                continue
            found[obj.id] = obj
    return found


def _treaty_actions(rec: Record) -> dict[str, tuple[TreatyAction, ...]]:
    result: dict[str, tuple[TreatyAction, ...]] = {}
    for instrument, (actions, _loc) in (rec.get("treaties") or {}).items():
        result[instrument] = tuple(
            TreatyAction(
                instrument=instrument,
                action=a["action"],
                date=a.get("date"),
                source=a["source"].strip(),
                as_of=a["as_of"][0],
                as_of_text=a["as_of"][1],
                verified=a["verified"],
                note=(a.get("note") or "").strip(),
                loc=a.loc,
            )
            for a in actions
        )
    return result


def _addressee(rec: Record, rel: str, kinds: dict[str, dict[str, str]]) -> Addressee:
    kind = rec["kind"]
    defaults = kinds.get(kind, {})
    own = rec.get("phrases")
    phrases = {name: (own.get(name) if own is not None and name in own else defaults.get(name)) for name in PHRASES}
    code = defaults.get("reference_code", "OTH")
    return Addressee(
        id=rec["id"],
        kind=kind,
        name=rec["name"],
        list_name=rec.get("list_name") or rec["name"],
        reference_code=rec["id"] if code == "own" else code,
        phrases={k: v for k, v in phrases.items() if v is not None},
        treaties=_treaty_actions(rec),
        loc=Location(rel),
    )


def _condition(rec: Record | Prose) -> Condition:
    if not isinstance(rec, Record):
        return Condition(loc=rec.loc)
    return Condition(
        addressees=frozenset(rec.get("for") or ()),
        excluded=frozenset(rec.get("except") or ()),
        kinds=frozenset(rec.get("kinds") or ()),
        party=tuple(rec.get("party") or ()),
        not_party=tuple(rec.get("not_party") or ()),
        loc=rec.loc,
    )


def passage(value: Prose | Record, problems: list[Problem]) -> Passage:
    """Build a Passage from a text or a mapping with `text` or `parts`."""
    if not isinstance(value, Record):
        return Passage(value, (), Condition(loc=value.loc), None, value.loc)
    has_text, has_parts = "text" in value, "parts" in value
    if has_text == has_parts:
        problems.append(Problem(value.loc, value.path, "give either 'text' or 'parts' (exactly one of them)"))
    parts = tuple(passage(p, problems) for p in value.get("parts") or ())
    return Passage(value.get("text"), parts, _condition(value), value.get("typography"), value.loc)


def _instrument(rec: Record, rel: str) -> Instrument:
    problems: list[Problem] = []
    paragraphs = {name: passage(value, problems) for name, (value, _loc) in (rec.get("paragraphs") or {}).items()}
    return Instrument(
        id=rec["id"],
        title=rec["title"],
        short_title=rec.get("short_title"),
        kind=rec["kind"],
        adopted=rec["adopted"],
        adopted_by=rec["adopted_by"],
        source=rec["source"].strip(),
        open_to=rec.get("open_to"),
        mentioned_in=tuple(rec.get("mentioned_in") or ()),
        paragraphs=paragraphs,
        footnotes=_footnotes(rec),
        loc=Location(rel),
    )


def _footnotes(rec: Record) -> dict[str, Prose]:
    return {label: text for label, (text, _loc) in (rec.get("footnotes") or {}).items()}


def _mandate(rec: Record, rel: str) -> Mandate:
    return Mandate(
        id=rec["id"],
        title=rec["title"],
        holder=rec["holder"],
        resolution=rec["resolution"],
        source=rec["source"].strip(),
        loc=Location(rel),
    )


def _load_communications(reader: ProjectReader) -> dict[str, Communication]:
    found: dict[str, Communication] = {}
    folder = reader.root / "communications"
    if not folder.is_dir():
        return found
    for sub in sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        comm = _communication(reader, f"communications/{sub}", sub)
        if comm is not None:
            found[comm.id] = comm
    return found


def _communication(reader: ProjectReader, folder: str, cid: str) -> Communication | None:
    meta = reader.read(f"{folder}/communication.yaml", specs.COMMUNICATION)
    body = reader.read(f"{folder}/body.yaml", specs.BODY)
    sections, section_notes = _load_sections(reader, folder)
    if meta is INVALID or body is INVALID:
        return None
    problems = reader.problems
    footnotes = _footnotes(body)
    for notes in section_notes:
        footnotes.update(notes)
    return Communication(
        id=cid,
        type=meta["type"],
        date=meta["date"],
        title=meta["title"],
        mandates=tuple(meta["mandates"]),
        recipients=tuple(_recipient(r, meta.loc_of("addressees")) for r in meta["addressees"]),
        treaty_wording=meta.get("treaty_wording") or "as-reference",
        typography=meta.get("typography") or "straight",
        letterhead=meta.get("letterhead"),
        expected_sections={name: _condition(cond) for name, (cond, _loc) in (meta.get("sections") or {}).items()},
        intro=tuple(passage(p, problems) for p in body["intro"]),
        facts=tuple(_facts_item(item, problems) for item in body["facts"]),
        concerns=tuple(passage(p, problems) for p in body["concerns"]),
        questions=tuple(passage(p, problems) for p in body["questions"]),
        closing=tuple(passage(p, problems) for p in body["closing"]),
        annex=tuple(_annex_item(item, problems) for item in body["annex"]),
        footnotes=footnotes,
        sections=sections,
        loc=meta.loc,
        folder=folder,
    )


def _load_sections(
    reader: ProjectReader, folder: str
) -> tuple[dict[str, dict[str, AddresseeSection]], list[dict[str, Prose]]]:
    sections: dict[str, dict[str, AddresseeSection]] = {}
    footnotes: list[dict[str, Prose]] = []
    for rel in reader.files(f"{folder}/sections"):
        addressee = rel.rsplit("/", 1)[1].removesuffix(".yaml")
        rec = reader.read(rel, specs.SECTIONS_FILE)
        if rec is INVALID:
            continue
        sections[addressee] = {
            name: AddresseeSection(
                name=name,
                heading=value.get("heading"),
                paragraphs=tuple(passage(p, reader.problems) for p in value["paragraphs"]),
                loc=value.loc,
            )
            for name, (value, _loc) in rec["sections"].items()
        }
        footnotes.append(_footnotes(rec))
    return sections, footnotes


def _recipient(value: str | Record, loc: Location) -> Recipient:
    if isinstance(value, Record):
        return Recipient(value["id"], value.get("number"), value.loc)
    return Recipient(value, None, getattr(value, "loc", loc))


def _facts_item(rec: Record, problems: list[Problem]) -> FactsItem:
    section = rec.get("section")
    paragraphs = tuple(passage(p, problems) for p in rec.get("paragraphs") or ())
    if section is not None and ("heading" in rec or paragraphs):
        problems.append(Problem(rec.loc, rec.path, "an item is either a 'section' slot or a heading with paragraphs"))
    if section is None and not paragraphs:
        problems.append(Problem(rec.loc, rec.path, "give 'paragraphs' (or a 'section' slot)"))
    return FactsItem(rec.get("heading"), paragraphs, section, rec.loc)


def _annex_item(value: str | Record, problems: list[Problem]) -> AnnexItem:
    if not isinstance(value, Record):
        instrument, paragraph = value.split(".", 1)
        loc = getattr(value, "loc", Location(""))
        return AnnexItem(instrument, paragraph, None, None, Condition(loc=loc), loc)
    kinds = [k for k in ("section", "paragraph", "text", "parts") if k in value]
    if len(kinds) != 1 and kinds != ["text", "parts"]:
        problems.append(Problem(value.loc, value.path, "give one of 'section', 'paragraph', 'text' or 'parts'"))
    if "section" in value:
        return AnnexItem(None, None, None, value["section"], _condition(value), value.loc)
    if "paragraph" in value:
        instrument, paragraph = value["paragraph"].split(".", 1)
        return AnnexItem(instrument, paragraph, None, None, _condition(value), value.loc)
    return AnnexItem(None, None, passage(value, problems), None, Condition(loc=value.loc), value.loc)
