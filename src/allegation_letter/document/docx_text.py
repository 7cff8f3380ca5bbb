"""Read the text of any .docx as Word shows it: list numbers, footnotes, page breaks.

Works on files this tool wrote and on files edited in Word or LibreOffice. List
labels are computed the way Word counts: one counter per abstract numbering
definition, shared by every list that points at it, restarted only by a
`startOverride` the first time its list is used.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from allegation_letter.document.model import letter_label

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True, slots=True)
class DocxParagraph:
    """A paragraph's visible text with its list label, style and page break."""

    text: str
    label: str
    style: str
    page_break_before: bool
    notes: tuple[int, ...] = ()
    page_break_inside: bool = False

    @property
    def shown(self) -> str:
        """Label and text, as a reader sees the line."""
        return f"{self.label} {self.text}" if self.label else self.text


@dataclass(frozen=True, slots=True)
class DocxText:
    """A document's paragraphs and its footnotes (number -> text)."""

    paragraphs: tuple[DocxParagraph, ...]
    footnotes: dict[int, str] = field(default_factory=dict)


class DocxReadError(ValueError):
    """The file is not a readable Word document."""


def read_docx_text(data: bytes) -> DocxText:
    """Read the body and footnotes of a .docx."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        document = ET.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as err:
        raise DocxReadError(f"not a readable Word document: {err}") from None
    styles = _Styles(_part(archive, "word/styles.xml"))
    numbering = _Numbering(_part(archive, "word/numbering.xml"))
    notes_xml = _part(archive, "word/footnotes.xml")
    note_bodies = _footnote_bodies(notes_xml) if notes_xml is not None else {}
    reader = _BodyReader(styles, numbering)
    paragraphs = reader.read(document)
    footnotes = {
        number: " ".join(paragraph_text(p, {})[0].strip() for p in note_bodies.get(note_id, []))
        for number, note_id in reader.note_numbers.items()
    }
    return DocxText(tuple(paragraphs), footnotes)


def _part(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        return ET.fromstring(archive.read(name))
    except KeyError:
        return None


class _Styles:
    """Paragraph styles: names, basedOn chains, numbering and page breaks."""

    def __init__(self, root: ET.Element | None) -> None:
        self.names: dict[str, str] = {}
        self.based: dict[str, str] = {}
        self.num: dict[str, tuple[str, int]] = {}
        self.breaks: set[str] = set()
        self.default = ""
        for style in [] if root is None else root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            name = style.find(f"{W}name")
            self.names[sid] = name.get(f"{W}val", sid) if name is not None else sid
            based = style.find(f"{W}basedOn")
            if based is not None:
                self.based[sid] = based.get(f"{W}val", "")
            if style.get(f"{W}default") in ("1", "true") and style.get(f"{W}type") == "paragraph":
                self.default = sid
            ppr = style.find(f"{W}pPr")
            if ppr is not None:
                numpr = _numpr(ppr)
                if numpr is not None:
                    self.num[sid] = numpr
                if _on(ppr.find(f"{W}pageBreakBefore")):
                    self.breaks.add(sid)

    def chain(self, sid: str) -> list[str]:
        out = []
        while sid and sid not in out:
            out.append(sid)
            sid = self.based.get(sid, "")
        return out

    def numbering(self, sid: str) -> tuple[str, int] | None:
        return next((self.num[s] for s in self.chain(sid) if s in self.num), None)

    def page_break(self, sid: str) -> bool:
        return any(s in self.breaks for s in self.chain(sid))


def _on(el: ET.Element | None) -> bool:
    return el is not None and el.get(f"{W}val", "true") not in ("0", "false", "off")


def _numpr(ppr: ET.Element) -> tuple[str, int] | None:
    numpr = ppr.find(f"{W}numPr")
    if numpr is None:
        return None
    num = numpr.find(f"{W}numId")
    lvl = numpr.find(f"{W}ilvl")
    if num is None:
        return None
    return num.get(f"{W}val", "0"), int(lvl.get(f"{W}val", "0")) if lvl is not None else 0


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


class _Numbering:
    """Numbering definitions and Word's counters."""

    def __init__(self, root: ET.Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.num_abstract: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        if root is None:
            return
        for abstract in root.iter(f"{W}abstractNum"):
            self.abstract[abstract.get(f"{W}abstractNumId", "")] = {
                int(lvl.get(f"{W}ilvl", "0")): _level(lvl) for lvl in abstract.iter(f"{W}lvl")
            }
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            ref = num.find(f"{W}abstractNumId")
            self.num_abstract[num_id] = ref.get(f"{W}val", "") if ref is not None else ""
            self.overrides[num_id] = {}
            for override in num.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                if start is not None:
                    self.overrides[num_id][int(override.get(f"{W}ilvl", "0"))] = int(start.get(f"{W}val", "1"))

    def label(self, num_id: str, ilvl: int) -> str:
        abstract_id = self.num_abstract.get(num_id)
        if num_id == "0" or abstract_id is None or abstract_id not in self.abstract:
            return ""
        levels = self.abstract[abstract_id]
        counters = self.counters.setdefault(abstract_id, {})
        start = self.overrides[num_id].get(ilvl)
        if start is not None and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = start
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = levels.get(ilvl, _Level()).start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return _format_label(levels, counters, ilvl)


def _level(lvl: ET.Element) -> _Level:
    def val(tag: str, default: str) -> str:
        el = lvl.find(f"{W}{tag}")
        return el.get(f"{W}val", default) if el is not None else default

    return _Level(val("numFmt", "decimal"), val("lvlText", "%1."), int(val("start", "1")))


def _format_label(levels: dict[int, _Level], counters: dict[int, int], ilvl: int) -> str:
    level = levels.get(ilvl, _Level())
    if level.fmt == "bullet":
        return level.text
    if level.fmt == "none":
        return ""
    text = level.text
    for i in range(9):
        if f"%{i + 1}" in text:
            fmt = levels.get(i, _Level()).fmt
            text = text.replace(f"%{i + 1}", _format_number(counters.get(i, levels.get(i, _Level()).start), fmt))
    return text


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letter_label(n)
    if fmt == "upperLetter":
        return letter_label(n).upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass
class _BodyReader:
    styles: _Styles
    numbering: _Numbering
    note_numbers: dict[int, str] = field(default_factory=dict)

    def read(self, document: ET.Element) -> list[DocxParagraph]:
        body = document.find(f"{W}body")
        return [self.paragraph(para) for para in ([] if body is None else body.iter(f"{W}p"))]

    def paragraph(self, para: ET.Element) -> DocxParagraph:
        ppr = para.find(f"{W}pPr")
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        sid = style_el.get(f"{W}val", "") if style_el is not None else self.styles.default
        numpr = (_numpr(ppr) if ppr is not None else None) or self.styles.numbering(sid)
        label = self.numbering.label(*numpr) if numpr is not None else ""
        text, refs = paragraph_text(para, self.note_numbers)
        page = self.styles.page_break(sid) or (ppr is not None and _on(ppr.find(f"{W}pageBreakBefore")))
        inside = any(br.get(f"{W}type") == "page" for br in para.iter(f"{W}br"))
        return DocxParagraph(text, label, self.styles.names.get(sid, sid), page, tuple(refs), inside)


def paragraph_text(para: ET.Element, note_numbers: dict[int, str]) -> tuple[str, list[int]]:
    """Visible text: runs, tabs, breaks and field results; deleted text left out."""
    out: list[str] = []
    refs: list[int] = []
    in_instr = 0
    for el in para.iter():
        tag = el.tag
        if tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            in_instr = in_instr + 1 if kind == "begin" else (in_instr - 1 if kind == "separate" else in_instr)
        elif tag in (f"{W}t", f"{W}delText") and not in_instr:
            # Deleted text is visible until the change is accepted, as Word shows it.
            out.append(el.text or "")
        elif tag == f"{W}tab" and not in_instr and el is not None and _is_run_child(el):
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr") and el.get(f"{W}type") != "page":
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("\u2011")
        elif tag == f"{W}footnoteReference":
            number = len(note_numbers) + 1
            note_numbers[number] = el.get(f"{W}id", "")
            refs.append(number)
            out.append(f"[{number}]")
    return "".join(out), refs


def _is_run_child(el: ET.Element) -> bool:
    # w:tab also appears as a tab-stop definition inside w:tabs; those have w:pos.
    return el.get(f"{W}pos") is None


def _footnote_bodies(root: ET.Element) -> dict[str, list[ET.Element]]:
    bodies: dict[str, list[ET.Element]] = {}
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        bodies[note.get(f"{W}id", "")] = list(note.iter(f"{W}p"))
    return bodies
