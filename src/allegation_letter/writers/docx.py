"""Write a Document as a .docx built on the reference document, byte for byte reproducible.

python-docx opens the reference (house style, letterhead, page set-up) and manages
the package: parts, relationships, content types and document properties. The body,
the numbering of each list and the footnotes come from `wordml`. python-docx stamps
every zip entry with the clock (python-docx #1042), so the saved package is
re-zipped with fixed times, a fixed entry order and fixed attributes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allegation_letter.document.model import Document
from allegation_letter.errors import DataError, Location
from allegation_letter.writers.wordml import R_NS, W_NS, fill_links, word_parts

if TYPE_CHECKING:
    import docx.document

FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
HYPERLINK_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
)
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference document: its bytes and its styles (casefolded name -> style id)."""

    label: str
    data: bytes
    style_ids: dict[str, str]


@dataclass(frozen=True, slots=True)
class DocxMeta:
    """What the package says about itself."""

    title: str
    subject: str
    created: dt.datetime
    zip_time: dt.datetime


def load_reference(path: Path, label: str) -> Reference:
    """Read a reference .docx once per process; a file that is no Word document is an error."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataError.at(Location(label), f"cannot read the reference document: {err.strerror}") from None
    return _parse_reference(label, data)


@cache
def _parse_reference(label: str, data: bytes) -> Reference:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several kinds for a broken package
        raise DataError.at(Location(label), f"not a usable Word document ({type(err).__name__})") from None
    ids = {style.name.casefold(): style.style_id for style in document.styles if style.name}
    return Reference(label, data, ids)


def missing_styles(reference: Reference, names: Iterable[str]) -> list[str]:
    """The style names a document needs that the reference lacks."""
    return sorted({n for n in names if n.casefold() not in reference.style_ids})


def write_docx(doc: Document, reference: Reference, meta: DocxMeta) -> bytes:
    """The .docx of one letter, as bytes."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(reference.data))
    numbering = document.part.numbering_part.element
    parts = word_parts(
        doc,
        reference.style_ids,
        first_num_id=_next_id(numbering, "w:num", "w:numId"),
        first_abstract_id=_next_id(numbering, "w:abstractNum", "w:abstractNumId"),
    )
    _add_numbering(numbering, parse_xml(_wrap("numbering", parts.numbering)))
    rel_ids = [document.part.relate_to(href, HYPERLINK_RT, is_external=True) for href in parts.links]
    body_xml = fill_links(parts.body, lambda n: rel_ids[n - 1])
    _replace_body(document, parse_xml(_wrap("body", body_xml)))
    _set_footnotes(document, parts.footnotes)
    _set_title_fields(document, meta.title)
    _set_properties(document, meta)
    return package_zip(document, meta.zip_time)


class _Entries:
    """Collects what python-docx's package writer would put in the zip."""

    def __init__(self) -> None:
        self.items: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.items[pack_uri.membername] = blob


def package_zip(document: docx.document.Document, when: dt.datetime) -> bytes:
    """Serialise the package as python-docx does, but compress each part once, reproducibly."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    entries: Any = _Entries()  # stands in for the zip writer python-docx would open
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return zip_entries(entries.items, when)


def _wrap(tag: str, inner: str) -> str:
    return f'<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{inner}</w:{tag}>'


def _qn(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{W_NS}}}{local}"


def _next_id(numbering: Any, tag: str, attr: str) -> int:
    values = [int(el.get(_qn(attr))) for el in numbering.iter(_qn(tag))]
    return max(values, default=0) + 1


def _add_numbering(numbering: Any, new: Any) -> None:
    abstracts = [el for el in new if el.tag == _qn("w:abstractNum")]
    nums = [el for el in new if el.tag == _qn("w:num")]
    existing = list(numbering.iter(_qn("w:abstractNum")))
    anchor = existing[-1] if existing else None
    for el in abstracts:
        if anchor is None:
            numbering.insert(0, el)
        else:
            anchor.addnext(el)
        anchor = el
    for el in nums:
        numbering.append(el)


def _replace_body(document: docx.document.Document, new_body: Any) -> None:
    body = document.element.body
    sect = body.find(_qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    for child in list(new_body):
        if sect is not None:
            sect.addprevious(child)
        else:
            body.append(child)


def _set_footnotes(document: docx.document.Document, notes_xml: str) -> None:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == FOOTNOTES_RT), None)
    if part is None:
        if not notes_xml:
            return
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, b"", document.part.package)
        document.part.relate_to(part, FOOTNOTES_RT)
    from docx.oxml import parse_xml

    root = parse_xml(part.blob) if part.blob else parse_xml(_wrap("footnotes", ""))
    for note in list(root):
        if note.get(_qn("w:type")) not in ("separator", "continuationSeparator"):
            root.remove(note)
    if not len(root):
        for sep in parse_xml(_wrap("footnotes", _SEPARATORS)):
            root.append(sep)
    for note in parse_xml(_wrap("footnotes", notes_xml)):
        root.append(note)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_title_fields(document: docx.document.Document, title: str) -> None:
    """Give every TITLE field in headers and footers the letter's reference as its result."""
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None or not part.partname.startswith(("/word/footer", "/word/header")):
            continue
        _fill_field(element, "TITLE", title)


def _fill_field(element: Any, name: str, value: str) -> None:
    runs = list(element.iter(_qn("w:r")))
    for i, run in enumerate(runs):
        instr = run.find(_qn("w:instrText"))
        if instr is None or (instr.text or "").split()[:1] != [name]:
            continue
        for later in runs[i + 1 :]:
            char = later.find(_qn("w:fldChar"))
            if char is not None and char.get(_qn("w:fldCharType")) == "end":
                break
            text = later.find(_qn("w:t"))
            if text is not None:
                text.text = value
                value = ""


def _set_properties(document: docx.document.Document, meta: DocxMeta) -> None:
    props = document.core_properties
    props.title = meta.title
    props.subject = meta.subject
    props.author = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = meta.created.replace(tzinfo=None)
    props.modified = meta.created.replace(tzinfo=None)


def zip_entries(entries: dict[str, bytes], when: dt.datetime) -> bytes:
    """A zip with fixed entry times, a fixed order ([Content_Types].xml first) and attributes."""
    stamp = max(when.astimezone(dt.UTC), ZIP_EPOCH).timetuple()[:6]
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()
