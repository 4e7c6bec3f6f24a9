"""Word documents in 公文 layout (GB/T 9704): A4, the Chinese fonts a 科协's PCs have named by
name (仿宋_GB2312 for text, 黑体 for headings, 楷体_GB2312 for notes, 宋体 for titles), page numbers
“— N —” at the foot. The font table names Noto CJK as each font's alternative, so a machine
without the Windows fonts still shows every character. python-docx sets only the Latin font of
a run; `font` sets the East Asian one too."""

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree

SONG, FANGSONG, HEITI, KAITI = "宋体", "仿宋_GB2312", "黑体", "楷体_GB2312"
LATIN = "Times New Roman"
FALLBACKS = {
    SONG: "Noto Serif CJK SC",
    FANGSONG: "Noto Serif CJK SC",
    HEITI: "Noto Sans CJK SC",
    KAITI: "Noto Serif CJK SC",
}
# 公文 sizes in points: 二号 title, 三号 text, 四号 and 五号 for tables.
TITLE, TEXT, SMALL, TABLE = 22, 16, 14, 10.5


def font(target, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set the Latin and East Asian fonts of a run or a style."""
    target.font.name = LATIN
    if size is not None:
        target.font.size = Pt(size)
    if bold is not None:
        target.font.bold = bold
    r_pr = target.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), east_asia)


def paragraph(container, text: str, *, face=FANGSONG, size=TEXT, bold=False, align=None, indent=0):
    """A paragraph of one run; `indent` in characters (公文 text starts two characters in)."""
    added = container.add_paragraph()
    if align is not None:
        added.alignment = align
    if indent:
        added.paragraph_format.first_line_indent = Pt(size * indent)
    font(added.add_run(text), face, size, bold)
    return added


def setup(document, *, landscape: bool = False, table_size: float = TABLE) -> None:
    """A4 with 公文 margins, 仿宋 三号 text, table text at `table_size`, page numbers, fallbacks."""
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    else:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    font(document.styles["Normal"], FANGSONG, TEXT)
    font(document.styles["Table Grid"], FANGSONG, table_size)
    _page_numbers(section)
    _declare_fallbacks(document)


def repeat_header(row) -> None:
    """The table's first row is printed again on every page."""
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def _page_numbers(section) -> None:
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(footer.add_run("— "), LATIN, SMALL)
    run = footer.add_run()
    font(run, LATIN, SMALL)
    for xml in (
        f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>',
    ):
        run._r.append(parse_xml(xml))
    font(footer.add_run(" —"), LATIN, SMALL)


def _declare_fallbacks(document) -> None:
    """Name the Noto CJK alternatives of the Chinese fonts in the document's font table."""
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = parse_xml(part.blob)
        known = {entry.get(qn("w:name")) for entry in root.findall(qn("w:font"))}
        for name, alternative in FALLBACKS.items():
            if name in known:
                continue
            root.append(
                parse_xml(
                    f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                    '<w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
                )
            )
        # A plain Part keeps its bytes in _blob; python-docx has no font-table API.
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
