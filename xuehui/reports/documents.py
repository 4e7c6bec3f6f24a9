"""The 年度工作报告 as Word (公文 layout, lib.gongwen) and PDF (WeasyPrint, Noto CJK): the
figures of the four sections (frozen once accepted), the society's narrative and the review."""

import io

from django.utils import timezone
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from xuehui.lib import gongwen
from xuehui.lib.pdf import pdf_from_template

from . import selectors
from .models import AnnualReport

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"docx": DOCX, "pdf": "application/pdf"}
NARRATIVE = (
    ("work_summary", "五、年度工作总结"),
    ("governance_note", "六、内部治理情况说明"),
    ("finance_note", "七、财务情况说明"),
    ("next_year_plan", "八、下一年度工作计划"),
)


def attachment(filename: str) -> str:
    return content_disposition_header(True, filename) or "attachment"


def value_text(figure: dict) -> str:
    value = figure["value"]
    if value is None or value == "":
        return "未填报"
    if isinstance(value, list):
        return "；".join(value) if value else "无"
    return f"{value}{figure['unit']}" if figure["unit"] else str(value)


def context(society, year: int) -> dict:
    report: AnnualReport | None = selectors.report_of(society, year)
    data = selectors.report_figures(report, society, year)
    sections = [
        {
            "title": s["title"],
            "rows": [
                {"label": f["label"], "value": value_text(f), "note": f["note"]}
                for f in s["figures"]
            ],
        }
        for s in data["sections"]
    ]
    narrative = [(title, getattr(report, name, "") if report else "") for name, title in NARRATIVE]
    today = timezone.localdate()
    return {
        "society": society,
        "year": year,
        "report": report,
        "sections": sections,
        "narrative": narrative,
        "status": report.get_status_display() if report else "未填报",
        "frozen_on": data.get("frozen_on", ""),
        "dated": f"{today.year}年{today.month}月{today.day}日",
    }


def _cell(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    face = gongwen.HEITI if bold else gongwen.FANGSONG
    gongwen.font(paragraph.add_run(text), face, gongwen.TABLE, bold)


def report_docx(society, year: int) -> bytes:
    c = context(society, year)
    document = Document()
    gongwen.setup(document)
    document.core_properties.title = f"{society.name}{year}年度工作报告"
    gongwen.paragraph(
        document, f"{society.name}\n{year}年度工作报告", face=gongwen.SONG, size=gongwen.TITLE,
        bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
    )  # fmt: skip
    gongwen.paragraph(
        document,
        f"状态：{c['status']}" + (f"（数据于{c['frozen_on']}锁定）" if c["frozen_on"] else ""),
        face=gongwen.KAITI, size=gongwen.SMALL, align=WD_ALIGN_PARAGRAPH.CENTER,
    )  # fmt: skip
    for section in c["sections"]:
        gongwen.paragraph(document, section["title"], face=gongwen.HEITI)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        gongwen.repeat_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, ("项目", "情况", "说明"), strict=True):
            _cell(cell, text, bold=True)
        for row in section["rows"]:
            cells = table.add_row().cells
            for cell, text in zip(cells, (row["label"], row["value"], row["note"]), strict=True):
                _cell(cell, text)
    for title, text in c["narrative"]:
        gongwen.paragraph(document, title, face=gongwen.HEITI)
        for line in (text or "（未填写）").splitlines() or ["（未填写）"]:
            gongwen.paragraph(document, line, indent=2)
    gongwen.paragraph(document, "", size=gongwen.TEXT)
    gongwen.paragraph(document, f"{society.name}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    gongwen.paragraph(document, c["dated"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_pdf(society, year: int) -> bytes:
    return pdf_from_template("reports/report_pdf.html", context(society, year))


def render(society, year: int, fmt: str) -> tuple[bytes, str, str]:
    """The document's bytes, content type and file name."""
    content = report_docx(society, year) if fmt == "docx" else report_pdf(society, year)
    return content, FORMATS[fmt], f"{society.name}{year}年度工作报告.{fmt}"
