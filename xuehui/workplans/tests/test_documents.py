import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from xuehui.workplans.choices import PlanStatus
from xuehui.workplans.documents import DOCX_CONTENT_TYPE, TABLE_HEADER, plan_document
from xuehui.workplans.models import Problem
from xuehui.workplans.selectors import plan_detail

from .factories import make_campaign, make_entry, make_plan, make_task


@pytest.fixture
def plan(federation, society_a):
    entry = make_entry(make_campaign(federation, name="2025年学会改革评估"), society_a)
    plan = make_plan(entry, status=PlanStatus.APPROVED)
    Problem.objects.create(plan=plan, position=2, text="未设立监事")
    first = make_task(
        plan,
        title="调整理事会构成",
        deadline=dt.date(2025, 6, 30),
        responsible="理事长 王五",
        steps=("摸清一线科技工作者人数", "换届时调整理事人选"),
    )
    first.items.add(entry.items.order_by("position").first())
    make_task(plan, title="设立监事", deadline=dt.date(2025, 12, 31), steps=())
    return plan


def _open(plan) -> Document:
    return Document(io.BytesIO(plan_document(plan_detail(plan.pk))))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def archive_text(plan, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(plan_document(plan_detail(plan.pk)))) as archive:
        return archive.read(name).decode()


def test_the_document_has_the_title_problems_and_tasks_headings(plan):
    texts = _texts(_open(plan))
    assert texts[0] == "湖北省环境科学学会改革工作方案"
    assert texts[1] == "（2025年学会改革评估）"
    problems = texts.index("一、存在问题")
    assert texts[problems + 1 : problems + 3] == [
        "1. 理事会一线科技工作者比例不足",
        "2. 未设立监事",
    ]
    assert "二、主要任务" in texts
    assert texts[-2:] == ["湖北省环境科学学会", texts[-1]]
    assert texts[-1].endswith("日") and "年" in texts[-1]


def test_the_tasks_table_has_the_expected_columns_and_rows(plan):
    (table,) = _open(plan).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert (
        tuple(rows[0])
        == TABLE_HEADER
        == ("序号", "任务", "目标成果", "工作步骤", "完成时限", "责任人")
    )
    number, task, outcome, steps, deadline, responsible = rows[1]
    assert number == "1"
    assert task.startswith("调整理事会构成") and "对应要求：附件第5项 理事会3/4以上为一线" in task
    assert outcome == "理事会3/4以上为一线科技工作者"
    assert steps == "1. 摸清一线科技工作者人数\n2. 换届时调整理事人选"
    assert (deadline, responsible) == ("2025年6月30日", "理事长 王五")
    assert rows[2][0] == "2" and rows[2][3] == "—" and rows[2][4] == "2025年12月31日"


def test_chinese_text_is_set_in_chinese_fonts_with_noto_fallbacks(plan):
    document = _open(plan)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title_run = document.paragraphs[0].runs[0]
    assert title_run.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert title_run.font.bold and title_run.font.size.pt == 22
    header_run = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    with zipfile.ZipFile(io.BytesIO(plan_document(plan_detail(plan.pk)))) as archive:
        fonts = archive.read("word/fontTable.xml").decode()
    assert 'w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"/>' in fonts
    assert "PAGE" in archive_text(plan, "word/footer1.xml")  # page numbers at the foot


def test_a_plan_not_yet_approved_says_so_under_the_title(plan):
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    assert _texts(_open(plan))[1] == "（2025年学会改革评估 · 报审稿）"


def test_the_download_is_a_word_file_named_after_the_plan(plan, secretary_a_client, admin_client):
    for client in (secretary_a_client, admin_client):
        response = client.get(reverse("workplans:export", args=[plan.pk]))
        assert response["Content-Type"] == DOCX_CONTENT_TYPE
        assert (
            "%E6%94%B9%E9%9D%A9%E5%B7%A5%E4%BD%9C%E6%96%B9%E6%A1%88.docx"
            in (response["Content-Disposition"])
        )
        document = Document(io.BytesIO(response.content))
        assert document.tables[0].rows[1].cells[1].text.startswith("调整理事会构成")
