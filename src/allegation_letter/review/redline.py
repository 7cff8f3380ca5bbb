"""A Word redline: the new draft with every change from the old one as a tracked change.

Paragraphs are aligned as in `letter diff`; a reworded paragraph keeps its runs'
formatting, and its changed words become `w:del`/`w:ins` runs; added paragraphs are
tracked insertions, removed ones tracked deletions taken from the old draft. Accepting
every change gives the new draft's text, rejecting every change the old one's.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from allegation_letter.document.docx_text import paragraph_text
from allegation_letter.errors import DataError, Location
from allegation_letter.review.diff import align

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
ZIP_DATE = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # resolved copies are for comparison only


@dataclass(frozen=True, slots=True)
class Revision:
    """Who made the changes and when: from options, never from the machine."""

    author: str
    date: dt.datetime

    def attrs(self, rid: int) -> dict[str, str]:
        """The attributes of one w:ins or w:del."""
        stamp = self.date.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {f"{W}id": str(rid), f"{W}author": self.author, f"{W}date": stamp}


def document_date(data: bytes) -> dt.datetime | None:
    """The draft's own modification date (docProps/core.xml), if it has one."""
    try:
        core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode("utf-8")
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    match = re.search(r"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>", core)
    if not match:
        return None
    try:
        return dt.datetime.fromisoformat(match.group(1).replace("Z", "+00:00"))
    except ValueError:
        return None


def redline(old: bytes, new: bytes, revision: Revision, labels: tuple[str, str] = ("old", "new")) -> bytes:
    """The new .docx with tracked changes from the old one."""
    old_doc = _document(_entries(old, labels[0]), labels[0])
    entries = _entries(new, labels[1])
    new_doc = _document(entries, labels[1])
    _Redliner(revision, _num_ids(entries)).apply(old_doc, new_doc)
    return _package(entries, new_doc, revision.date)


def _entries(data: bytes, label: str) -> dict[str, bytes]:
    """Every part of a package, read once."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return {name: archive.read(name) for name in archive.namelist()}
    except zipfile.BadZipFile:
        raise DataError.at(Location(label), "not a readable Word document") from None


def _document(entries: dict[str, bytes], label: str) -> Any:
    from lxml import etree

    try:
        return etree.fromstring(entries["word/document.xml"])
    except (KeyError, etree.XMLSyntaxError):
        raise DataError.at(Location(label), "not a readable Word document") from None


def _package(entries: dict[str, bytes], document: Any, when: dt.datetime) -> bytes:
    """The package with its main part replaced, zipped reproducibly."""
    from lxml import etree

    from allegation_letter.writers.docx import zip_entries

    xml = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_entries({**entries, "word/document.xml": xml}, when)


def _num_ids(entries: dict[str, bytes]) -> set[str]:
    xml = entries.get("word/numbering.xml", b"").decode("utf-8")
    return set(re.findall(r'<w:num w:numId="(\d+)"', xml))


def _text(para: Any) -> str:
    return paragraph_text(para, {})[0]


class _Redliner:
    def __init__(self, revision: Revision, num_ids: set[str]) -> None:
        self.revision = revision
        self.num_ids = num_ids
        self.next_id = 1

    def mark(self, tag: str) -> Any:
        from lxml import etree

        el = etree.Element(f"{W}{tag}", self.revision.attrs(self.next_id))
        self.next_id += 1
        return el

    def apply(self, old_doc: Any, new_doc: Any) -> None:
        old_body, new_body = old_doc.find(f"{W}body"), new_doc.find(f"{W}body")
        old_paras = [el for el in old_body if el.tag == f"{W}p"]
        new_paras = [el for el in new_body if el.tag == f"{W}p"]
        pending: list[Any] = []  # removed paragraphs, waiting for the next new one
        for i, j in align([_text(p) for p in old_paras], [_text(p) for p in new_paras]):
            if j is None:
                assert i is not None
                pending.append(self.deleted_paragraph(old_paras[i]))
                continue
            target = new_paras[j]
            for removed in pending:
                target.addprevious(removed)
            pending = []
            if i is None:
                self.mark_inserted(target)
            elif _text(old_paras[i]) != _text(target):
                self.reword(old_paras[i], target)
        anchor = new_body.find(f"{W}sectPr")
        for removed in pending:
            if anchor is not None:
                anchor.addprevious(removed)
            else:
                new_body.append(removed)

    # -- whole paragraphs ----------------------------------------------------------------
    def mark_inserted(self, para: Any) -> None:
        self._wrap_runs(para, "ins")
        self._mark_paragraph(para, "ins")

    def deleted_paragraph(self, old: Any) -> Any:
        para = copy.deepcopy(old)
        for hyperlink in list(para.iter(f"{W}hyperlink")):  # its target lives in the old package
            _unwrap(hyperlink)
        for ref in list(para.iter(f"{W}footnoteReference")):
            ref.getparent().getparent().remove(ref.getparent())
        for text in para.iter(f"{W}t"):
            text.tag = f"{W}delText"
        num = para.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None and num.get(f"{W}val") not in self.num_ids:
            numpr = num.getparent()
            numpr.getparent().remove(numpr)
        self._wrap_runs(para, "del")
        self._mark_paragraph(para, "del")
        return para

    def _wrap_runs(self, container: Any, tag: str) -> None:
        for child in list(container):
            if child.tag == f"{W}r":
                wrapper = self.mark(tag)
                child.addprevious(wrapper)
                wrapper.append(child)
            elif child.tag in (f"{W}hyperlink", f"{W}smartTag", f"{W}customXml"):
                self._wrap_runs(child, tag)

    def _mark_paragraph(self, para: Any, tag: str) -> None:
        from lxml import etree

        ppr = para.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.Element(f"{W}pPr")
            para.insert(0, ppr)
        rpr = ppr.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.Element(f"{W}rPr")
            tail = ppr.find(f"{W}sectPr")
            if tail is None:
                tail = ppr.find(f"{W}pPrChange")
            if tail is not None:
                tail.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.mark(tag))

    # -- reworded paragraphs ---------------------------------------------------------------
    def reword(self, old: Any, new: Any) -> None:
        old_atoms, new_atoms = _atoms(old), _atoms(new)
        keys = SequenceMatcher(None, [a.key for a in old_atoms], [a.key for a in new_atoms], autojunk=False)
        content: list[Any] = []
        for tag, i1, i2, j1, j2 in keys.get_opcodes():
            if tag == "equal":
                content.extend(_runs(new_atoms[j1:j2]))
                continue
            if i2 > i1:
                deleted = [a for a in old_atoms[i1:i2] if a.kind != "note"]
                if deleted:
                    wrapper = self.mark("del")
                    for run in _runs(deleted, deleted=True, links=False):
                        wrapper.append(run)
                    content.append(wrapper)
            if j2 > j1:
                content.extend(self._inserted(_runs(new_atoms[j1:j2])))
        for child in list(new):
            if child.tag != f"{W}pPr":
                new.remove(child)
        new.extend(content)

    def _inserted(self, runs: list[Any]) -> list[Any]:
        out = []
        for run in runs:
            if run.tag == f"{W}hyperlink":
                self._wrap_runs(run, "ins")
                out.append(run)
            else:
                wrapper = self.mark("ins")
                wrapper.append(run)
                out.append(wrapper)
        return out


@dataclass(frozen=True, slots=True)
class _Atom:
    """A word, space or special run content, with the run properties it carries."""

    key: str
    kind: str  # text | special | note
    rpr: Any
    element: Any  # for specials: the run child (tab, br, footnoteReference, ...)
    link: Any  # the w:hyperlink it sits in, if any


def _atoms(para: Any) -> list[_Atom]:
    out: list[_Atom] = []
    for run in para.iter(f"{W}r"):
        if run.getparent().tag in (f"{W}del", f"{W}moveFrom"):
            continue
        rpr = run.find(f"{W}rPr")
        link = run.getparent() if run.getparent().tag == f"{W}hyperlink" else None
        for child in run:
            if child.tag == f"{W}rPr":
                continue
            if child.tag == f"{W}t":
                out.extend(_Atom(tok, "text", rpr, None, link) for tok in _TOKEN.findall(child.text or ""))
            elif child.tag == f"{W}footnoteReference":
                out.append(_Atom(f"\x00note{child.get(f'{W}id')}", "note", rpr, child, link))
            else:
                out.append(_Atom(f"\x00{child.tag}{sorted(child.attrib.items())}", "special", rpr, child, link))
    return out


def _runs(atoms: list[_Atom], *, deleted: bool = False, links: bool = True) -> list[Any]:
    """Runs for atoms: neighbouring words with the same formatting share one run."""
    from lxml import etree

    out: list[Any] = []
    current: Any = None
    current_key: tuple[Any, Any] | None = None
    for atom in atoms:
        key = (atom.rpr, atom.link if links else None)
        if (
            atom.kind == "text"
            and current is not None
            and key == current_key
            and current[-1].tag
            in (
                f"{W}t",
                f"{W}delText",
            )
        ):
            current[-1].text += atom.key
            continue
        run = etree.Element(f"{W}r")
        if atom.rpr is not None:
            run.append(copy.deepcopy(atom.rpr))
        if atom.kind == "text":
            text = etree.SubElement(run, f"{W}delText" if deleted else f"{W}t")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            text.text = atom.key
        else:
            run.append(copy.deepcopy(atom.element))
        if links and atom.link is not None:
            holder = etree.Element(atom.link.tag, dict(atom.link.attrib))
            holder.append(run)
            out.append(holder)
            current, current_key = None, None
            continue
        out.append(run)
        current, current_key = run, key
    return out


def _unwrap(element: Any) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def resolve_changes(data: bytes, *, accept: bool) -> bytes:
    """Accept (or reject) every tracked change, as Word's 'Accept All' (or 'Reject All') does."""
    entries = _entries(data, "redline")
    doc = _document(entries, "redline")
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    body = doc.find(f"{W}body")
    for para in list(body.iter(f"{W}p")):
        mark = para.find(f"{W}pPr/{W}rPr/{drop}")
        if mark is not None:
            _merge_into_next(para)
    for el in list(doc.iter(drop)):
        if el.getparent() is not None and el.getparent().tag != f"{W}rPr":
            el.getparent().remove(el)
    for el in list(doc.iter(keep)):
        if el.getparent() is not None and el.getparent().tag == f"{W}rPr":
            el.getparent().remove(el)
        elif el.getparent() is not None:
            _unwrap(el)
    for el in doc.iter(f"{W}delText"):
        el.tag = f"{W}t"
    for el in list(doc.iter(f"{W}rPr")):
        if el.getparent() is not None and el.getparent().tag == f"{W}pPr" and not len(el):
            el.getparent().remove(el)
    return _package(entries, doc, ZIP_DATE)


def _merge_into_next(para: Any) -> None:
    """A removed paragraph mark joins the paragraph to the next one."""
    nxt = para.getnext()
    content = [c for c in para if c.tag != f"{W}pPr"]
    if nxt is not None and nxt.tag == f"{W}p":
        ppr = nxt.find(f"{W}pPr")
        index = 0 if ppr is None else nxt.index(ppr) + 1
        for offset, child in enumerate(content):
            nxt.insert(index + offset, child)
    para.getparent().remove(para)
