"""A work plan as a Word document in the layout a 科协 expects.

Title (××学会改革工作方案), 一、存在问题 (numbered), 二、主要任务 as a table with 序号, 任务,
目标成果, 工作步骤, 完成时限, 责任人, then the society and the date; 公文 layout from
xuehui.lib.gongwen.
"""

import datetime as dt
import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from xuehui.lib.gongwen import FANGSONG, HEITI, SONG, font, paragraph, repeat_header, setup

from .choices import PlanStatus
from .models import OUTLINE_FIELDS

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TABLE_HEADER = ("序号", "任务", "目标成果", "工作步骤", "完成时限", "责任人")
COLUMN_WIDTHS = (Cm(1.1), Cm(3.4), Cm(3.3), Cm(5.0), Cm(2.2), Cm(2.0))
CHINESE_NUMERALS = "一二三四五六七八九十"
# After the task list, in the order 002 五（二） names them.
OUTLINE_TITLES = (
    ("responsibilities", "责任分工"),
    ("yearly_breakdown", "年度任务分解"),
    ("outcomes", "目标成果"),
    ("schedule", "进度安排"),
    ("safeguards", "保障措施"),
)
# Under the title of a plan not yet approved, so a printed copy is not taken for the final one.
DRAFT_NOTES = {
    PlanStatus.DRAFT: "草稿",
    PlanStatus.SUBMITTED: "报审稿",
    PlanStatus.RETURNED: "退回修改稿",
}


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cell(cell, lines, *, size=10.5, bold=False, center=False) -> None:
    first = cell.paragraphs[0]
    for n, line in enumerate(lines):
        added = first if n == 0 else cell.add_paragraph()
        if center:
            added.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(added.add_run(line), HEITI if bold else FANGSONG, size, bold)


def _task_lines(task) -> list[str]:
    lines = [task.title]
    addressed = [f"{item.requirement.number} {item.requirement.title}" for item in task.items.all()]
    if addressed:
        lines.append("（对应要求：" + "；".join(addressed) + "）")
    return lines


def _tasks_table(document, tasks) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_HEADER))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    repeat_header(table.rows[0])
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
    setup(document)
    society, campaign = plan.entry.society, plan.entry.campaign
    document.core_properties.title = plan.display_title
    document.core_properties.author = society.name
    paragraph(
        document, plan.display_title, face=SONG, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    stage = DRAFT_NOTES.get(plan.status)
    note = f"（{campaign.name} · {stage}）" if stage else f"（{campaign.name}）"
    paragraph(document, note, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)

    pilot = plan.pilot_batch is not None
    outline = {name: getattr(plan, name).strip() for name in OUTLINE_FIELDS}
    headings = iter(CHINESE_NUMERALS)

    def section(title: str, text: str | None = None) -> None:
        paragraph(document, f"{next(headings)}、{title}", face=HEITI, size=16)
        if text is not None:
            for line in text.splitlines() or ["（未填写）"]:
                if line.strip():
                    paragraph(document, line.strip(), indent=2)

    if pilot or outline["goals"]:
        section("试点目标" if pilot else "目标", outline["goals"] or "（未填写）")
    section("存在问题")
    problems = list(plan.problems.all())
    for number, problem in enumerate(problems, start=1):
        paragraph(document, f"{number}. {problem.text}", indent=2)
    if not problems:
        paragraph(document, "（未填写）", indent=2)

    section("任务清单" if pilot else "主要任务")
    _tasks_table(document, list(plan.tasks.all()))
    for name, title in OUTLINE_TITLES:
        if pilot or outline[name]:
            section(title, outline[name] or "（未填写）")

    paragraph(document, "", size=16)
    paragraph(document, society.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, chinese_date(_closing_date(plan)), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
