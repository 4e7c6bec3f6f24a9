"""One batch from start to end through the pages, each step by the role that takes it: the 科协
creates the programme and the batch, asks and chooses; the society answers, writes its
实施方案 (a work plan whose tasks address the standards), follows up guidance and reports; the
科协 assesses midway, forms a panel; three experts declare and score; the verdict calls for
rectification; the re-inspection passes; 公示, an objection answered, the result published.
Each role's 待办 shows its step and loses it when done."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.pilots.choices import AcceptanceVerdict as V
from xuehui.pilots.choices import Decision, ReportStatus
from xuehui.pilots.models import Candidacy, Inspection, PilotBatch, PilotProgramme
from xuehui.pilots.selectors import points_of, standards
from xuehui.rules.tests.factories import load_library_framework
from xuehui.tests import factories as f
from xuehui.todos.registry import todos_for
from xuehui.workplans import services as plans
from xuehui.workplans.choices import PlanStatus, TaskStatus
from xuehui.workplans.models import WorkPlan


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _kinds(user) -> set[str]:
    return {todo.kind for todo in todos_for(user, timezone.localdate())}


def _ok(response, status=302):
    assert response.status_code == status, response.content.decode()[:2000]
    return response


@pytest.fixture
def people(federation, society_a, society_b, admin_user, secretary_a, secretary_b):
    load_library_framework("hubei-2h-2017")
    society_a.host_institution = "湖北大学"
    society_a.save()
    experts = [f.make_user(f"zj{n}", role=Role.EXPERT) for n in range(4)]
    return {"admin": admin_user, "secretary": secretary_a, "other": secretary_b, "experts": experts}


def test_one_batch_from_choosing_to_publication(people, society_a, society_b, federation):
    today = timezone.localdate()
    admin = _client(people["admin"])
    secretary = _client(people["secretary"])

    # 科协: the programme and its batch
    _ok(admin.post(reverse("pilots:programme_new"), {
        "key": "hubei-2h", "name": "湖北两化试点", "federation": federation.pk,
        "framework": PilotProgramme._meta.get_field("framework").related_model.objects.get(
            key="hubei-2h-2017").pk,
        "standards_key": "5", "description": "秘书处实体化、秘书长专职化",
    }))  # fmt: skip
    programme = PilotProgramme.objects.get(key="hubei-2h")
    _ok(admin.post(reverse("pilots:programme", args=["hubei-2h"]), {
        "year": today.year, "name": "", "pass_mark": "80", "fail_mark": "60", "publicity_days": "7",
    }))  # fmt: skip
    batch = PilotBatch.objects.get(programme=programme)
    assert [p.kind for p in batch.phases.order_by("position")] == [
        "choose",
        "plan",
        "implement",
        "accept",
        "spread",
    ]
    page = admin.get(reverse("pilots:batch", args=[batch.pk])).content.decode()
    assert "试点工作准备" in page and "检查验收" in page

    # choosing: the ranking, 征求意见, the society's answer, the decision
    page = admin.get(reverse("pilots:candidates", args=[batch.pk])).content.decode()
    assert society_a.name in page and society_b.name not in page  # another 科协's society
    _ok(admin.post(reverse("pilots:candidates", args=[batch.pk]), {"society": [society_a.pk]}))
    assert "pilot_answer" in _kinds(people["secretary"])
    candidacy = Candidacy.objects.get(batch=batch, society=society_a)
    _ok(admin.post(reverse("pilots:candidacy_decide", args=[candidacy.pk]),
                   {"decision": "chosen", "reason": ""}))  # fmt: skip
    candidacy.refresh_from_db()
    assert candidacy.decision == Decision.PENDING  # no reason, no decision
    _ok(secretary.post(reverse("pilots:candidacy_answer", args=[candidacy.pk]),
                       {"willingness": "willing", "note": "理事会同意"}))  # fmt: skip
    assert "pilot_answer" not in _kinds(people["secretary"])
    _ok(admin.post(reverse("pilots:candidacy_decide", args=[candidacy.pk]), {
        "decision": "chosen", "reason": "有专职人员和独立办公场所", "since": today.isoformat(),
    }))  # fmt: skip
    membership = society_a.pilot_memberships.get(batch=batch)

    # implementation: the batch's campaign; the society's 实施方案
    _ok(admin.post(reverse("pilots:batch_start", args=[batch.pk])))
    batch.refresh_from_db()
    entry = batch.campaign.entries.get(society=society_a)
    assert secretary.get(reverse("pilots:membership", args=[membership.pk])).status_code == 200
    # the campaign's plans page is the 科协's: the secretary reads its name, the staff follow it
    plans_page = reverse("workplans:campaign", args=[batch.campaign_id])
    assert secretary.get(plans_page).status_code == 404
    batch_page = reverse("pilots:batch", args=[batch.pk])
    page = secretary.get(batch_page).content.decode()
    assert batch.campaign.name in page and plans_page not in page
    assert plans_page in admin.get(batch_page).content.decode()
    _ok(secretary.post(reverse("workplans:create", args=[entry.pk])))
    plan = WorkPlan.objects.get(entry=entry)
    assert plan.display_title == f"{society_a.name}湖北两化试点实施方案"
    _ok(secretary.post(reverse("workplans:outline", args=[plan.pk]), {
        "goals": "一年内实现秘书处实体化", "responsibilities": "秘书长负责", "yearly_breakdown": "当年完成",
        "outcomes": "专职秘书长到岗", "schedule": "按季度推进", "safeguards": "理事会保障经费",
    }))  # fmt: skip
    office = entry.items.get(requirement__key="5.1.3")
    task = plans.task_save(
        plan=plan, actor=people["secretary"], title="落实25平方米以上办公场所",
        target_outcome="签订租赁合同", deadline=today + dt.timedelta(days=60), responsible="秘书长",
        items=[office],
    )  # fmt: skip
    _ok(secretary.post(reverse("workplans:submit", args=[plan.pk])))
    _ok(admin.post(reverse("workplans:approve", args=[plan.pk]), {"comment": "同意"}))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    word = secretary.get(reverse("workplans:export", args=[plan.pk]))
    xml = zipfile.ZipFile(io.BytesIO(word.content)).read("word/document.xml").decode()
    for part in ("试点目标", "任务清单", "责任分工", "年度任务分解", "目标成果", "进度安排", "保障措施",
                 "五、（一）3"):  # fmt: skip
        assert part in xml, part
    plans.progress_record(task=task, actor=people["secretary"], percent=100, status=TaskStatus.DONE)

    # guidance and its follow-up; the mid-term assessment
    _ok(admin.post(reverse("pilots:guidance_add", args=[membership.pk]),
                   {"text": "尽快明确秘书长薪酬标准", "respond_by": ""}))  # fmt: skip
    assert "guidance" in _kinds(people["secretary"])
    note = membership.guidance.get()
    _ok(secretary.post(reverse("pilots:guidance_respond", args=[note.pk]),
                       {"response": "理事会已审议通过薪酬方案"}))  # fmt: skip
    assert "guidance" not in _kinds(people["secretary"])
    _ok(admin.post(reverse("pilots:midterm_add", args=[membership.pk]),
                   {"on": today.isoformat(), "comment": "进展顺利"}))  # fmt: skip
    assert membership.midterms.get().standards == 11

    # the 总结报告: refused while parts are empty, then submitted
    url = reverse("pilots:summary", args=[membership.pk])
    response = secretary.post(url, {"overall": "总体良好", "submit": "1"})
    assert response.status_code == 200 and "请先填写" in response.content.decode()
    _ok(secretary.post(url, {"overall": "总体良好", "practices": "建立专职秘书处",
                             "problems": "经费来源单一", "suggestions": "加大支持", "submit": "1"}))  # fmt: skip
    assert membership.summary.status == ReportStatus.SUBMITTED
    assert "专职工作人员" in secretary.get(url).content.decode()

    # acceptance, round 1: a panel with one expert from the host institution is refused
    experts = people["experts"]
    form = {"scheduled_on": today.isoformat(), "place": "学会秘书处", "leader": "1"}
    panel = (
        form
        | {f"expert_{n + 1}": e.pk for n, e in enumerate(experts[:3])}
        | {f"institution_{n + 1}": f"华中师范大学{n}" for n in range(3)}
    )
    refused = admin.post(reverse("pilots:inspection_new", args=[membership.pk]),
                         panel | {"institution_2": "湖北大学"})  # fmt: skip
    assert refused.status_code == 200 and "应当回避" in refused.content.decode()
    assert not Inspection.objects.exists()
    _ok(admin.post(reverse("pilots:inspection_new", args=[membership.pk]), panel))
    first = Inspection.objects.get()
    _inspect_and_score(admin, first, experts[:3], ("70", "75", "78"), standards(programme),
                       points_of(batch))  # fmt: skip
    response = admin.post(reverse("pilots:inspection_conclude", args=[first.pk]),
                          {"opinion": "秘书长尚未专职", "rectification_deadline": ""})  # fmt: skip
    assert response.status_code == 200 and "整改期限" in response.content.decode()
    _ok(admin.post(reverse("pilots:inspection_conclude", args=[first.pk]), {
        "opinion": "秘书长尚未专职，限期整改", "rectification_deadline": (today + dt.timedelta(days=30)).isoformat(),
    }))  # fmt: skip
    first.refresh_from_db()
    assert first.verdict == V.RECTIFY and str(first.score) == "74.33"

    # round 2, four experts: the highest and lowest dropped
    panel = (
        form
        | {f"expert_{n + 1}": e.pk for n, e in enumerate(experts)}
        | {f"institution_{n + 1}": f"武汉理工大学{n}" for n in range(4)}
    )
    _ok(admin.post(reverse("pilots:inspection_new", args=[membership.pk]), panel))
    second = Inspection.objects.get(round=2)
    _inspect_and_score(admin, second, experts, ("100", "80", "82", "60"), standards(programme),
                       points_of(batch))  # fmt: skip
    _ok(admin.post(reverse("pilots:inspection_conclude", args=[second.pk]),
                   {"opinion": "整改到位，同意通过"}))  # fmt: skip
    second.refresh_from_db()
    assert second.verdict == V.PASS and str(second.score) == "81.00"

    # 公示, an objection, its answer, publication
    start = today - dt.timedelta(days=10)
    _ok(admin.post(reverse("pilots:inspection_publicity", args=[second.pk]),
                   {"starts_on": start.isoformat()}))  # fmt: skip
    _ok(admin.post(reverse("pilots:objection_add", args=[second.pk]), {
        "raised_by": "会员张某", "raised_on": (start + dt.timedelta(days=1)).isoformat(),
        "content": "专职人员社保未缴足",
    }))  # fmt: skip
    _ok(admin.post(reverse("pilots:inspection_publish", args=[second.pk])))
    second.refresh_from_db()
    assert second.published_at is None  # the objection is not answered yet
    objection = second.objections.get()
    _ok(admin.post(reverse("pilots:objection_answer", args=[objection.pk]),
                   {"answer": "经核实已补缴，维持结论"}))  # fmt: skip
    _ok(admin.post(reverse("pilots:inspection_publish", args=[second.pk])))
    second.refresh_from_db()
    assert second.published_at is not None

    # the opinion, the batch at a glance
    docx = admin.get(reverse("pilots:opinion", args=[second.pk, "docx"]))
    assert "81.00" in zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    book = openpyxl.load_workbook(io.BytesIO(admin.get(
        reverse("pilots:batch", args=[batch.pk]), {"format": "xlsx"}).content))  # fmt: skip
    row = [c.value for c in book.active[3]]
    assert row[0] == society_a.name and "81.00" in row and "通过" in row and "已公布" in row

    # scoping: another society's secretary, an expert off the panel
    other = _client(people["other"])
    assert other.get(reverse("pilots:membership", args=[membership.pk])).status_code == 404
    assert other.get(reverse("pilots:inspection", args=[second.pk])).status_code == 404
    outsider = _client(f.make_user("zj-out", role=Role.EXPERT))
    assert outsider.get(reverse("pilots:inspection", args=[second.pk])).status_code == 404
    assert outsider.get(reverse("pilots:opinion", args=[second.pk, "docx"])).status_code == 404


def _inspect_and_score(admin, inspection, experts, shares, standards_, points):
    for expert in experts:
        assert "inspection" in _kinds(expert)
        _ok(_client(expert).post(reverse("pilots:inspection_declare", args=[inspection.pk]),
                                 {"no_conflict": "1", "declaration": ""}))  # fmt: skip
    _ok(admin.post(reverse("pilots:inspection_record", args=[inspection.pk]), {
        "held_on": timezone.localdate().isoformat(), "materials": "章程、财务制度、聘用合同",
        "people_met": "秘书长", "present": [m.pk for m in inspection.panel.all()],
    }))  # fmt: skip
    for expert, share in zip(experts, shares, strict=True):
        # every standard at `share` per cent of its points, the last absorbing the rounding
        data, total = {}, Decimal(0)
        keys = [n.key for n in standards_]
        for key in keys[:-1]:
            value = (points[key] * Decimal(share) / 100).quantize(Decimal("0.01"))
            data[f"points_{key}"], data[f"comment_{key}"] = str(value), "基本达到"
            total += value
        data[f"points_{keys[-1]}"], data[f"comment_{keys[-1]}"] = str(Decimal(share) - total), ""
        _ok(_client(expert).post(reverse("pilots:inspection_score", args=[inspection.pk]), data))
        assert "inspection" not in _kinds(expert)
