"""What a campaign exports: the whole campaign as xlsx (one row per society × requirement), and
one society's result as a Word document (公文 layout, the Windows Chinese fonts named) and as a
PDF (Chinese set in Noto CJK, which the server has)."""

import io

from django.utils import timezone
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor

from xuehui.lib import gongwen
from xuehui.lib.export import Exporter, new_workbook, save_workbook
from xuehui.lib.pdf import pdf_from_template

from .choices import SelfAssessment, State

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def content_disposition(filename: str) -> str:
    return content_disposition_header(True, filename)


def verdicts_text(item) -> str:
    return "；".join(
        f"{v.expert.display_name}：{v.get_verdict_display()}"
        + (f"（{v.comment}）" if v.comment else "")
        for v in item.verdicts.all()
    )


class CampaignExporter(Exporter):
    """Every society × requirement of a campaign with its statuses, verdicts and comments."""

    sheet_title = "评估检查结果"
    header = (
        "学会",
        "统一社会信用代码",
        "所属科协",
        "学会状态",
        "政策框架",
        "要求编号",
        "要求",
        "条款",
        "自动核验结果",
        "核验说明",
        "自评结论",
        "自评说明",
        "佐证材料数",
        "事项状态",
        "专家意见",
        "管理员裁定",
        "整改要求",
        "整改期限",
        "整改情况",
    )

    def __init__(self, objects, *, campaign):
        super().__init__(objects)
        self.campaign = campaign
        self.title = f"{campaign.name}（数据截止{campaign.facts_on:%Y-%m-%d}，导出于{timezone.localdate():%Y-%m-%d}）"

    def row(self, item):
        society = item.entry.society
        requirement = item.requirement
        resolution = ""
        if item.resolution:
            resolution = f"{item.get_resolution_display()}：{item.resolution_comment}"
        return (
            society.name,
            society.uscc,
            society.federation.name,
            item.entry.get_state_display(),
            requirement.version.framework.title,
            requirement.number,
            requirement.title,
            requirement.clause,
            item.get_auto_status_display(),
            item.auto_explanation,
            item.get_self_assessment_display() if item.self_assessment else "未自评",
            item.self_statement,
            item.evidence_count,
            item.get_state_display(),
            verdicts_text(item),
            resolution,
            item.rectification_request,
            item.rectification_deadline.isoformat() if item.rectification_deadline else "",
            item.rectification_answer,
        )


class CampaignSummaryExporter(Exporter):
    """The first sheet of the campaign export: one row per society, what a leader reads first."""

    sheet_title = "各学会汇总"
    header = (
        "学会",
        "统一社会信用代码",
        "所属科协",
        "状态",
        "要求项数",
        "已有结论（含自动核验）",
        "自动核验达标率",
        "待补佐证",
        "逾期事项",
    )

    def __init__(self, rows, *, campaign):
        super().__init__(rows)
        self.title = f"{campaign.name}：各学会汇总（数据截止{campaign.facts_on:%Y-%m-%d}）"

    def row(self, row):
        entry, stats = row["entry"], row["stats"]
        percent = lambda value: "—" if value is None else f"{value}%"  # noqa: E731
        return (
            entry.society.name,
            entry.society.uscc,
            entry.society.federation.name,
            entry.get_state_display(),
            stats["total"],
            percent(stats["percent_decided"]),
            percent(stats["pass_rate"]),
            stats["outstanding"],
            stats["overdue"],
        )


def campaign_workbook(campaign, progress_rows, items) -> bytes:
    """The campaign as xlsx: the per-society summary first, then every society × requirement."""
    book = new_workbook()
    CampaignSummaryExporter(progress_rows, campaign=campaign).fill_sheet(book.create_sheet())
    CampaignExporter(items, campaign=campaign).fill_sheet(book.create_sheet())
    return save_workbook(book)


# ---- Word -----------------------------------------------------------------------------------


def _cell(cell, text: str, *, bold: bool = False) -> None:
    gongwen.font(cell.paragraphs[0].add_run(text or ""), gongwen.HEITI if bold else gongwen.FANGSONG,
                 gongwen.TABLE, bold)  # fmt: skip


def entry_docx(entry, rows) -> bytes:
    """One society's result in 公文 layout (A4 landscape for the wide table): summary, then a
    table of requirements with every judgement, then the rectifications."""
    document = Document()
    gongwen.setup(document, landscape=True)
    gongwen.paragraph(
        document,
        f"{entry.society.name}\n{entry.campaign.name}结果",
        face=gongwen.SONG,
        size=gongwen.TITLE,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    for line in _summary_lines(entry, rows):
        gongwen.paragraph(document, line, size=gongwen.SMALL)
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    gongwen.repeat_header(table.rows[0])
    for cell, text in zip(
        table.rows[0].cells, ("编号", "要求", "自动核验", "自评", "专家意见", "状态"), strict=True
    ):
        _cell(cell, text, bold=True)
    for row in rows:
        item = row.item
        cells = table.add_row().cells
        values = (
            item.requirement.number,
            item.requirement.title,
            f"{item.get_auto_status_display()}：{item.auto_explanation}",
            _self_text(item),
            verdicts_text(item) or row.decision.label,
            item.get_state_display(),
        )
        for cell, text in zip(cells, values, strict=True):
            _cell(cell, text)
    rectifications = [r.item for r in rows if r.item.rectification_request]
    if rectifications:
        gongwen.paragraph(document, "整改情况", face=gongwen.HEITI, size=gongwen.TEXT)
        for item in rectifications:
            paragraph = document.add_paragraph()
            gongwen.font(
                paragraph.add_run(f"{item.requirement.number} {item.requirement.title}\n"),
                gongwen.HEITI, gongwen.SMALL, True,
            )  # fmt: skip
            deadline = (
                f"{item.rectification_deadline:%Y-%m-%d}" if item.rectification_deadline else "—"
            )
            for line in (f"整改要求：{item.rectification_request}\n", f"整改期限：{deadline}\n"):
                gongwen.font(paragraph.add_run(line), gongwen.FANGSONG, gongwen.SMALL)
            run = paragraph.add_run(f"整改情况：{item.rectification_answer or '尚未提交'}")
            gongwen.font(run, gongwen.FANGSONG, gongwen.SMALL)
            if not item.rectification_answer:
                run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _self_text(item) -> str:
    if not item.self_assessment:
        return "未自评"
    label = SelfAssessment(item.self_assessment).label
    return f"{label}：{item.self_statement}" if item.self_statement else label


def _summary_lines(entry, rows) -> list[str]:
    states = {}
    for row in rows:
        states[row.item.state] = states.get(row.item.state, 0) + 1
    counts = "、".join(f"{State(s).label}{n}项" for s, n in states.items())
    return [
        f"统一社会信用代码：{entry.society.uscc}　所属科协：{entry.society.federation.name}",
        f"数据截止日期：{entry.campaign.facts_on:%Y年%m月%d日}　当前状态：{entry.get_state_display()}",
        f"共{len(rows)}项要求：{counts or '无'}。",
        f"生成日期：{timezone.localdate():%Y年%m月%d日}",
    ]


# ---- PDF ------------------------------------------------------------------------------------


def entry_pdf(entry, rows) -> bytes:
    """The same result as a PDF through WeasyPrint; fonts are the system's Noto CJK."""
    return pdf_from_template(
        "campaigns/entry_result_pdf.html",
        {
            "entry": entry,
            "rows": rows,
            "summary": _summary_lines(entry, rows),
            "rectifications": [r.item for r in rows if r.item.rectification_request],
        },
    )
