"""Pilot documents: the 专家组现场检查验收意见 as Word (公文 layout) and PDF, and a batch at a
glance as xlsx."""

import datetime as dt
import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from xuehui.lib import gongwen
from xuehui.lib.export import Exporter
from xuehui.lib.pdf import pdf_from_template
from xuehui.workplans.documents import chinese_date

from . import selectors
from .scoring import mark_text, panel_score, verdict_reason


def opinion_context(inspection) -> dict:
    """What the opinion says: the inspection, each standard with the panel's mean points, each
    expert's total, the score explained, the verdict and its reason, the signature blocks."""
    membership = inspection.membership
    batch = membership.batch
    nodes = selectors.standards(membership.programme)
    points = selectors.points_of(batch)
    sheet = selectors.score_sheet(inspection, nodes, points, show_all=True)
    totals = selectors.expert_totals(inspection)
    panel = [m for m in inspection.panel.select_related("expert") if m.pk in totals]
    rows = []
    for row in sheet:
        given = [row["scores"][m.pk].points for m in panel if m.pk in row["scores"]]
        mean = sum(given) / len(given) if given else None
        comments = [row["scores"][m.pk].comment for m in panel if m.pk in row["scores"]]
        rows.append(
            {
                "label": f"{row['node'].clause} {row['node'].title}",
                "points": row["points"],
                "mean": mean,
                "comments": "；".join(c for c in comments if c),
            }
        )
    result = panel_score(totals.values())
    return {
        "inspection": inspection,
        "society": membership.society,
        "programme": membership.programme,
        "batch": batch,
        "rows": rows,
        "panel": [(m, totals[m.pk]) for m in panel],
        "result": result,
        "reason": verdict_reason(
            inspection.score,
            inspection.verdict,
            pass_mark=batch.pass_mark,
            fail_mark=batch.fail_mark,
        ),  # fmt: skip
        "held": chinese_date(inspection.held_on or inspection.scheduled_on),
        "dated": chinese_date(timezone.localdate(inspection.concluded_at)),
    }


def _cell(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    gongwen.font(paragraph.add_run(text), gongwen.HEITI if bold else gongwen.FANGSONG, 10.5, bold)


def opinion_docx(inspection) -> bytes:
    context = opinion_context(inspection)
    society, inspection = context["society"], context["inspection"]
    document = Document()
    gongwen.setup(document)
    document.core_properties.title = f"{society.name}{inspection.round_label}意见"
    gongwen.paragraph(
        document, f"{context['programme'].name}\n专家组{inspection.round_label}意见",
        face=gongwen.SONG, size=gongwen.TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
    )  # fmt: skip
    gongwen.paragraph(
        document,
        f"{context['held']}，专家组对{society.name}进行了{inspection.round_label}。"
        f"地点：{inspection.place}。",
        indent=2,
    )
    if inspection.materials:
        gongwen.paragraph(document, f"查阅材料：{inspection.materials}", indent=2)
    if inspection.people_met:
        gongwen.paragraph(document, f"座谈人员：{inspection.people_met}", indent=2)
    gongwen.paragraph(document, "一、逐项评分", face=gongwen.HEITI)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    gongwen.repeat_header(table.rows[0])
    for cell, text in zip(
        table.rows[0].cells, ("试点标准", "分值", "专家平均得分", "评语"), strict=True
    ):
        _cell(cell, text, bold=True)
    for row in context["rows"]:
        cells = table.add_row().cells
        mean = "—" if row["mean"] is None else f"{row['mean']:.2f}"
        for cell, text in zip(
            cells, (row["label"], mark_text(row["points"]), mean, row["comments"]), strict=True
        ):
            _cell(cell, text)
    gongwen.paragraph(document, "二、评分与结论", face=gongwen.HEITI)
    gongwen.paragraph(document, context["result"].explanation + "。", indent=2)
    gongwen.paragraph(
        document, f"验收结论：{inspection.get_verdict_display()}（{context['reason']}）。", indent=2
    )
    if inspection.rectification_deadline:
        gongwen.paragraph(
            document, f"整改期限：{chinese_date(inspection.rectification_deadline)}前完成整改，届时复验。",
            indent=2,
        )  # fmt: skip
    gongwen.paragraph(document, "三、专家组意见", face=gongwen.HEITI)
    gongwen.paragraph(document, inspection.opinion, indent=2)
    gongwen.paragraph(document, "专家组成员签字：", face=gongwen.HEITI)
    signatures = document.add_table(rows=1, cols=4)
    signatures.style = "Table Grid"
    for cell, text in zip(
        signatures.rows[0].cells, ("姓名", "工作单位", "评分", "签字"), strict=True
    ):
        _cell(cell, text, bold=True)
    for member, total in context["panel"]:
        cells = signatures.add_row().cells
        name = member.expert.display_name + ("（组长）" if member.is_leader else "")
        for cell, text in zip(cells, (name, member.institution, f"{total:.2f}", ""), strict=True):
            _cell(cell, text)
    gongwen.paragraph(document, "", size=gongwen.TEXT)
    gongwen.paragraph(document, context["dated"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def opinion_pdf(inspection) -> bytes:
    return pdf_from_template("pilots/opinion_pdf.html", opinion_context(inspection))


class BatchExporter(Exporter):
    sheet_title = "试点进展"
    header = (
        "学会", "统一社会信用代码", "当前阶段", "实施方案", "任务完成", "逾期任务",
        "最近成效评估", "总结报告", "验收", "验收得分", "验收结论", "公示",
    )  # fmt: skip

    def __init__(self, rows, *, batch, day: dt.date):
        super().__init__(rows)
        self.title = f"{batch}试点进展（{day:%Y-%m-%d}）"

    def row(self, row):
        plan, midterm, inspection = row["plan"], row["midterm"], row["inspection"]
        report = row["report"]
        publicity = ""
        if inspection and inspection.published_at:
            publicity = "已公布"
        elif inspection and inspection.publicity_from:
            publicity = f"公示至{inspection.publicity_until:%Y-%m-%d}"
        return (
            row["society"].name,
            row["society"].uscc,
            row["phase"],
            plan.get_status_display() if plan else "未编制",
            f"{plan.done_count}/{plan.task_count}" if plan else "",
            plan.late_count if plan else "",
            f"{midterm.on:%Y-%m-%d} 达标{midterm.met_at_start}→{midterm.met_now}/{midterm.standards}"
            if midterm
            else "",
            report.get_status_display() if report else "未填写",
            inspection.round_label if inspection else "未安排",
            f"{inspection.score:.2f}" if inspection and inspection.score is not None else "",
            inspection.get_verdict_display() if inspection and inspection.verdict else "",
            publicity,
        )


def batch_workbook(batch, rows, day: dt.date) -> bytes:
    return BatchExporter(rows, batch=batch, day=day).write_xlsx()


class ReadinessExporter(Exporter):
    sheet_title = "候选学会排序"
    header = ("排名", "学会", "统一社会信用代码", "所属科协", "学科类别", "会员数", "达标项数",
              "已判定项数", "标准项数", "须补齐的缺项")  # fmt: skip

    def __init__(self, ranked, *, programme, on: dt.date, total: int):
        super().__init__(list(enumerate(ranked, start=1)))
        self.total = total
        self.title = f"{programme.name}候选学会排序（按{on:%Y-%m-%d}的数据）"

    def row(self, numbered):
        rank, r = numbered
        gaps = "\n".join(
            f"{g.requirement.clause} {g.requirement.title}：{selectors.gap_text(g)}" for g in r.gaps
        )
        return (
            rank, r.society.name, r.society.uscc, r.society.federation.name,
            r.society.get_category_display(), r.members, r.met, r.decided, self.total, gaps,
        )  # fmt: skip
