"""A work plan as a Word document in the layout a 科协 expects.

Title (××学会改革工作方案), 一、存在问题 (numbered), 二、主要任务 as a table with 序号, 任务,
目标成果, 工作步骤, 完成时限, 责任人, then the society and the date. Chinese text is set in
宋体 / 仿宋 / 黑体 through the East Asian font slot; the font table names Noto CJK as the
alternative, so a machine without the Windows fonts still shows every character.
"""

import datetime as dt
import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree

from .choices import PlanStatus

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SONG, FANGSONG, HEITI = "宋体", "仿宋", "黑体"
LATIN = "Times New Roman"
# Word and LibreOffice fall back to these where the Windows fonts are missing.
FALLBACKS = {SONG: "Noto Serif CJK SC", FANGSONG: "Noto Serif CJK SC", HEITI: "Noto Sans CJK SC"}

TABLE_HEADER = ("序号", "任务", "目标成果", "工作步骤", "完成时限", "责任人")
COLUMN_WIDTHS = (Cm(1.1), Cm(3.4), Cm(3.3), Cm(5.0), Cm(2.2), Cm(2.0))
CHINESE_NUMERALS = "一二三四五六七八九十"
# Under the title of a plan not yet approved, so a printed copy is not taken for the final one.
DRAFT_NOTES = {
    PlanStatus.DRAFT: "草稿",
    PlanStatus.SUBMITTED: "报审稿",
    PlanStatus.RETURNED: "退回修改稿",
}


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _font(target, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set the Latin and East Asian fonts of a run or a style (python-docx sets only Latin)."""
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


def _paragraph(container, text: str, *, font=FANGSONG, size=16, bold=False, align=None, indent=0):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * indent)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _declare_fallbacks(document) -> None:
    """Name the Noto CJK alternatives of the Chinese fonts in the document's font table."""
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = parse_xml(part.blob)
        known = {font.get(qn("w:name")) for font in root.findall(qn("w:font"))}
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


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    _font(document.styles["Normal"], FANGSONG, 16)
    _font(document.styles["Table Grid"], FANGSONG, 10.5)
    _declare_fallbacks(document)


def _cell(cell, lines, *, size=10.5, bold=False, center=False) -> None:
    first = cell.paragraphs[0]
    for n, line in enumerate(lines):
        paragraph = first if n == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(line), HEITI if bold else FANGSONG, size, bold)


def _repeat_header(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def _task_lines(task) -> list[str]:
    lines = [task.title]
    addressed = [f"{item.requirement.key} {item.requirement.title}" for item in task.items.all()]
    if addressed:
        lines.append("（对应要求：" + "；".join(addressed) + "）")
    return lines


def _tasks_table(document, tasks) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_HEADER))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
        _cell(cell, [label], bold=True, center=True)
    for number, task in enumerate(tasks, start=1):
        steps = [f"{n}. {step.text}" for n, step in enumerate(task.steps.all(), start=1)]
        cells = table.add_row().cells
        _cell(cells[0], [str(number)], center=True)
        _cell(cells[1], _task_lines(task))
        _cell(cells[2], [task.target_outcome])
        _cell(cells[3], steps or ["—"])
        _cell(cells[4], [chinese_date(task.deadline)], center=True)
        _cell(cells[5], [task.responsible], center=True)
    for row in table.rows:
        for cell, width in zip(row.cells, COLUMN_WIDTHS, strict=True):
            cell.width = width


def _closing_date(plan) -> dt.date:
    moment = plan.approved_at or plan.submitted_at
    return timezone.localdate(moment) if moment else timezone.localdate()


def plan_document(plan) -> bytes:
    """The .docx of `plan` (load it with selectors.plan_detail so nothing is fetched per task)."""
    document = Document()
    _setup(document)
    society, campaign = plan.entry.society, plan.entry.campaign
    document.core_properties.title = plan.display_title
    document.core_properties.author = society.name
    _paragraph(
        document, plan.display_title, font=SONG, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    stage = DRAFT_NOTES.get(plan.status)
    note = f"（{campaign.name} · {stage}）" if stage else f"（{campaign.name}）"
    _paragraph(document, note, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)

    _paragraph(document, f"{CHINESE_NUMERALS[0]}、存在问题", font=HEITI, size=16)
    problems = list(plan.problems.all())
    for number, problem in enumerate(problems, start=1):
        _paragraph(document, f"{number}. {problem.text}", indent=2)
    if not problems:
        _paragraph(document, "（未填写）", indent=2)

    _paragraph(document, f"{CHINESE_NUMERALS[1]}、主要任务", font=HEITI, size=16)
    _tasks_table(document, list(plan.tasks.all()))

    _paragraph(document, "", size=16)
    _paragraph(document, society.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, chinese_date(_closing_date(plan)), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
