"""Write templates/reference.docx: the house style letters are built on.

Run `python tools/make_reference_docx.py` after changing the style definitions below;
the output is byte-identical for the same script. The file can also be edited in
Word: the writer only needs the named styles (see README, "Your own letterhead").
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FONT = "Times New Roman"

LETTERHEAD = "PALAIS DES NATIONS \u2022 1211 GENEVA 10, SWITZERLAND"


def _para_style(sid: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal", nxt: str = "") -> str:
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    next_xml = f'<w:next w:val="{nxt}"/>' if nxt else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="{0 if sid in _BUILTIN else 1}" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/>{based_xml}{next_xml}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _char_style(sid: str, name: str, rpr: str) -> str:
    custom = 0 if sid in _BUILTIN else 1
    return (
        f'<w:style w:type="character" w:customStyle="{custom}" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/>'
        f"<w:rPr>{rpr}</w:rPr></w:style>"
    )


_BUILTIN = {
    "Normal",
    "BodyText",
    "Heading1",
    "Heading2",
    "Heading3",
    "Subtitle",
    "Quote",
    "Salutation",
    "Signature",
    "ListNumber",
    "ListBullet",
    "FootnoteText",
    "FootnoteReference",
    "Strong",
    "Emphasis",
    "Hyperlink",
    "Header",
    "Footer",
    "DefaultParagraphFont",
}
AFTER = '<w:spacing w:before="0" w:after="240"/>'
JUSTIFY = '<w:jc w:val="both"/>'


def styles_xml() -> str:
    """The style sheet: every style the writer uses, and nothing else."""
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts}"
        '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        _para_style("BodyText", "Body Text", AFTER + JUSTIFY),
        _para_style(
            "LetterMandates",
            "Letter Mandates",
            '<w:keepNext/><w:spacing w:before="0" w:after="480"/><w:jc w:val="center"/>',
            "<w:b/><w:bCs/>",
            nxt="LetterReference",
        ),
        _para_style("LetterReference", "Letter Reference", AFTER, nxt="LetterDate"),
        _para_style("LetterDate", "Letter Date", AFTER + '<w:jc w:val="right"/>', nxt="Salutation"),
        _para_style("Salutation", "Salutation", AFTER, nxt="BodyText"),
        _para_style(
            "Heading1",
            "heading 1",
            "<w:keepNext/><w:pageBreakBefore/>" + AFTER + '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            "<w:b/><w:bCs/>",
            nxt="Subtitle",
        ),
        _para_style(
            "Subtitle",
            "Subtitle",
            "<w:keepNext/>" + AFTER + '<w:jc w:val="center"/>',
            "<w:b/><w:bCs/>",
            nxt="BodyText",
        ),
        _para_style(
            "Heading2",
            "heading 2",
            "<w:keepNext/>" + AFTER + '<w:outlineLvl w:val="1"/>',
            "<w:b/><w:bCs/>",
            nxt="BodyText",
        ),
        _para_style(
            "Heading3",
            "heading 3",
            "<w:keepNext/>" + AFTER + '<w:outlineLvl w:val="2"/>',
            "<w:b/><w:bCs/><w:i/><w:iCs/>",
            nxt="BodyText",
        ),
        _para_style("Quote", "Quote", AFTER + '<w:ind w:left="720" w:right="720"/>' + JUSTIFY, based="BodyText"),
        _para_style(
            "ListNumber",
            "List Number",
            '<w:spacing w:before="0" w:after="120"/><w:ind w:left="720" w:hanging="360"/>' + JUSTIFY,
            based="BodyText",
        ),
        _para_style(
            "ListLetter",
            "List Letter",
            '<w:spacing w:before="0" w:after="120"/><w:ind w:left="1440" w:right="720" w:hanging="540"/>' + JUSTIFY,
            based="BodyText",
        ),
        _para_style(
            "ListBullet",
            "List Bullet",
            '<w:spacing w:before="0" w:after="120"/><w:ind w:left="720" w:hanging="360"/>' + JUSTIFY,
            based="BodyText",
        ),
        _para_style("Signature", "Signature", "<w:keepLines/><w:keepNext/>" + AFTER, nxt="Signature"),
        _para_style(
            "FootnoteText",
            "footnote text",
            '<w:spacing w:after="60"/>' + JUSTIFY,
            '<w:sz w:val="20"/><w:szCs w:val="20"/>',
        ),
        _para_style(
            "Header",
            "header",
            '<w:jc w:val="center"/>',
            '<w:smallCaps/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _para_style(
            "Footer",
            "footer",
            '<w:tabs><w:tab w:val="right" w:pos="9026"/></w:tabs>',
            '<w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _char_style("Strong", "Strong", "<w:b/><w:bCs/>"),
        _char_style("Emphasis", "Emphasis", "<w:i/><w:iCs/>"),
        _char_style("Hyperlink", "Hyperlink", '<w:color w:val="0563C1"/><w:u w:val="single"/>'),
        _char_style("FootnoteReference", "footnote reference", '<w:vertAlign w:val="superscript"/>'),
        _char_style(
            "Placeholder",
            "Placeholder",
            '<w:b/><w:bCs/><w:highlight w:val="yellow"/><w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/>',
        ),
    ]
    return f'{HEAD}<w:styles xmlns:w="{W}">{defaults}{"".join(styles)}</w:styles>'


def _field(instr: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def footer_xml() -> str:
    """Reference (the TITLE property, set to the letter's reference) and page number."""
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        + _field("TITLE", "Reference")
        + "<w:r><w:tab/></w:r>"
        + _field("PAGE", "1")
        + "</w:p>"
    )
    return f'{HEAD}<w:ftr xmlns:w="{W}" xmlns:r="{R}">{body}</w:ftr>'


def header_xml() -> str:
    """The first-page letterhead."""
    body = f'<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t>{LETTERHEAD}</w:t></w:r></w:p>'
    return f'{HEAD}<w:hdr xmlns:w="{W}" xmlns:r="{R}">{body}</w:hdr>'


def document_xml() -> str:
    """An empty body with the page set-up: A4, 2.54 cm margins, letterhead on page 1."""
    sect = (
        '<w:sectPr><w:headerReference w:type="first" r:id="rId6"/>'
        '<w:footerReference w:type="default" r:id="rId7"/><w:footerReference w:type="first" r:id="rId8"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="708" w:footer="708" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:titlePg/></w:sectPr>'
    )
    para = '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr></w:p>'
    return f'{HEAD}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{para}{sect}</w:body></w:document>'


def settings_xml() -> str:
    """Settings: tab stops, footnote separators, Word 2013+ compatibility."""
    return (
        f'{HEAD}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    )


def footnotes_xml() -> str:
    """Only the separators; the writer adds each letter's notes."""
    return (
        f'{HEAD}<w:footnotes xmlns:w="{W}" xmlns:r="{R}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0">'
        "<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )


def numbering_xml() -> str:
    """Empty: the writer gives every list its own numbering definition."""
    return f'{HEAD}<w:numbering xmlns:w="{W}"></w:numbering>'


def content_types() -> str:
    """[Content_Types].xml for the parts above."""
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {
        "/word/document.xml": f"{wml}.document.main+xml",
        "/word/styles.xml": f"{wml}.styles+xml",
        "/word/settings.xml": f"{wml}.settings+xml",
        "/word/numbering.xml": f"{wml}.numbering+xml",
        "/word/footnotes.xml": f"{wml}.footnotes+xml",
        "/word/header1.xml": f"{wml}.header+xml",
        "/word/footer1.xml": f"{wml}.footer+xml",
        "/word/footer2.xml": f"{wml}.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    items = "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{items}</Types>"
    )


def _rels(items: list[tuple[str, str, str]]) -> str:
    rows = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in items)
    return f'{HEAD}<Relationships xmlns="{PKG_RELS}">{rows}</Relationships>'


def package_rels() -> str:
    """_rels/.rels"""
    od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _rels(
        [
            ("rId1", f"{od}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{od}/extended-properties", "docProps/app.xml"),
        ]
    )


def document_rels() -> str:
    """word/_rels/document.xml.rels"""
    od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _rels(
        [
            ("rId1", f"{od}/styles", "styles.xml"),
            ("rId2", f"{od}/settings", "settings.xml"),
            ("rId3", f"{od}/numbering", "numbering.xml"),
            ("rId4", f"{od}/footnotes", "footnotes.xml"),
            ("rId6", f"{od}/header", "header1.xml"),
            ("rId7", f"{od}/footer", "footer1.xml"),
            ("rId8", f"{od}/footer", "footer2.xml"),
        ]
    )


def core_xml() -> str:
    """Neutral document properties; each letter sets its own."""
    return (
        f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Letter house style</dc:title><dc:creator></dc:creator><cp:revision>1</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_xml() -> str:
    """Extended properties naming the tool, not a user or a library."""
    return (
        f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>allegation-letter</Application></Properties>"
    )


def parts() -> list[tuple[str, str]]:
    """Every part of the package, in the order they are written."""
    return [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/app.xml", app_xml()),
        ("docProps/core.xml", core_xml()),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/document.xml", document_xml()),
        ("word/footer1.xml", footer_xml()),
        ("word/footer2.xml", footer_xml()),
        ("word/footnotes.xml", footnotes_xml()),
        ("word/header1.xml", header_xml()),
        ("word/numbering.xml", numbering_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/styles.xml", styles_xml()),
    ]


def main(target: Path) -> None:
    """Write the reference document to `target`."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            zf.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else root / "templates" / "reference.docx")
