"""The acceptance inspection: the panel (three at least, none from the society's host
institution, each declaring), the record, scores within each standard's points, the verdict
by the batch's marks, the re-inspection, 公示 with objections, the opinion."""

import datetime as dt
import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.pilots import services
from xuehui.pilots.choices import AcceptanceVerdict as V
from xuehui.pilots.selectors import points_of
from xuehui.tests import factories as f

HELD = dt.date(2018, 10, 25)


@pytest.fixture
def membership(hubei_2h, batch, society_a):
    society_a.host_institution = "武汉大学"
    society_a.save()
    membership = services.pilot_membership_add(
        programme=hubei_2h, society=society_a, since=dt.date(2017, 10, 1), batch=batch,
        actor=SYSTEM,
    )  # fmt: skip
    _report(membership)
    return membership


def _report(membership):
    parts = dict.fromkeys(services.SUMMARY_PARTS, "已填写")
    report = services.summary_save(membership=membership, actor=SYSTEM, **parts)
    services.summary_submit(report=report, actor=SYSTEM)


@pytest.fixture
def experts(db):
    return [f.make_user(f"panel{n}", role=Role.EXPERT) for n in range(5)]


def _panel(experts, count=3):
    return [(user, f"华中科技大学{n}", n == 0) for n, user in enumerate(experts[:count])]


def _schedule(membership, experts, count=3, **extra):
    return services.inspection_schedule(
        membership=membership, scheduled_on=HELD, place="学会秘书处", experts=_panel(experts, count),
        actor=SYSTEM, **extra,
    )  # fmt: skip


def _held(inspection):
    return services.inspection_record(
        inspection=inspection, held_on=HELD, materials="章程、财务制度、聘用合同",
        people_met="理事长、秘书长", present={m.pk for m in inspection.panel.all()}, actor=SYSTEM,
    )  # fmt: skip


def _score(inspection, totals):
    """Each panel member declares and scores so their total is the given number."""
    points = points_of(inspection.membership.batch)
    for member, total in zip(inspection.panel.order_by("id"), totals, strict=True):
        services.declaration_record(member=member, no_conflict=True, actor=member.expert)
        share = D(total) / D(100)
        scores = {key: ((value * share).quantize(D("0.01")), "") for key, value in points.items()}
        drift = D(total) - sum(p for p, _ in scores.values())
        last = list(scores)[-1]
        scores[last] = (scores[last][0] + drift, "")
        services.scores_save(member=member, scores=scores, actor=member.expert)


def test_the_summary_report_comes_before_the_inspection(membership, experts):
    membership.summary.delete()
    with pytest.raises(ValidationError, match="尚未报送试点工作总结报告"):
        _schedule(membership, experts)
    _report(membership)
    assert _schedule(membership, experts).round == 1


def test_a_panel_needs_three_experts(membership, experts):
    with pytest.raises(ValidationError, match="至少3人"):
        _schedule(membership, experts, count=2)


def test_an_expert_from_the_host_institution_is_refused(membership, experts):
    panel = _panel(experts)
    panel[1] = (experts[1], " 武汉 大学 ", False)
    with pytest.raises(ValidationError, match="应当回避"):
        services.inspection_schedule(
            membership=membership, scheduled_on=HELD, place="秘书处", experts=panel, actor=SYSTEM
        )
    assert not membership.inspections.exists()


def test_an_expert_from_the_society_itself_is_refused(membership, experts):
    panel = _panel(experts)
    panel[2] = (experts[2], membership.society.name, False)
    with pytest.raises(ValidationError, match="本会"):
        services.inspection_schedule(
            membership=membership, scheduled_on=HELD, place="秘书处", experts=panel, actor=SYSTEM
        )


def test_only_experts_sit_on_a_panel(membership, experts, secretary_a):
    panel = _panel(experts)
    panel[0] = (secretary_a, "某单位", True)
    with pytest.raises(ValidationError, match="不是本科协的评审专家"):
        services.inspection_schedule(
            membership=membership, scheduled_on=HELD, place="秘书处", experts=panel, actor=SYSTEM
        )


def test_scoring_waits_for_the_declaration_and_the_record(membership, experts):
    inspection = _schedule(membership, experts)
    member = inspection.panel.first()
    scores = {key: (value, "") for key, value in points_of(membership.batch).items()}
    with pytest.raises(ValidationError, match="利益冲突"):
        services.scores_save(member=member, scores=scores, actor=member.expert)
    services.declaration_record(member=member, no_conflict=True, actor=member.expert)
    with pytest.raises(ValidationError, match="检查之后再评分"):
        services.scores_save(member=member, scores=scores, actor=member.expert)
    _held(inspection)
    member.refresh_from_db()
    too_many = dict(scores) | {"5.1.1": (D("9.10"), "")}
    with pytest.raises(ValidationError, match="0—9.09分之间"):
        services.scores_save(member=member, scores=too_many, actor=member.expert)
    three_places = dict(scores) | {"5.1.1": (D("9.085"), "")}
    with pytest.raises(ValidationError, match="两位小数"):
        services.scores_save(member=member, scores=three_places, actor=member.expert)
    missing = dict(list(scores.items())[1:])
    with pytest.raises(ValidationError, match="每一项标准"):
        services.scores_save(member=member, scores=missing, actor=member.expert)
    services.scores_save(member=member, scores=scores, actor=member.expert)
    assert member.scores.count() == 11


def test_a_declared_conflict_takes_the_expert_off_the_scoring(membership, experts):
    inspection = _schedule(membership, experts)
    member = inspection.panel.first()
    with pytest.raises(ValidationError):
        services.declaration_record(member=member, no_conflict=False, note="", actor=member.expert)
    services.declaration_record(
        member=member, no_conflict=False, note="三年内曾任该会副秘书长", actor=member.expert
    )
    _held(inspection)
    member.refresh_from_db()
    with pytest.raises(ValidationError, match="利益冲突"):
        services.scores_save(
            member=member, scores={k: (v, "") for k, v in points_of(membership.batch).items()},
            actor=member.expert,
        )  # fmt: skip


def test_fewer_than_three_scores_make_no_verdict(membership, experts):
    inspection = _held(_schedule(membership, experts, count=3))
    members = list(inspection.panel.order_by("id"))
    services.declaration_record(member=members[0], no_conflict=False, note="回避", actor=SYSTEM)
    points = points_of(membership.batch)
    for member in members[1:]:
        services.declaration_record(member=member, no_conflict=True, actor=SYSTEM)
        services.scores_save(
            member=member, scores={k: (v, "") for k, v in points.items()}, actor=SYSTEM
        )
    with pytest.raises(ValidationError, match="少于3人"):
        services.inspection_conclude(inspection=inspection, opinion="同意", actor=SYSTEM)


@pytest.mark.parametrize(
    ("totals", "score", "verdict"),
    [
        (("80", "80", "80"), D("80.00"), V.PASS),
        (("79.9", "79.9", "79.9"), D("79.90"), V.RECTIFY),
        (("70", "80", "90"), D("80.00"), V.PASS),
        # four experts: 100 and 60 dropped, (79 + 80) / 2 = 79.5
        (("100", "79", "80", "60"), D("79.50"), V.RECTIFY),
        (("59.99", "59.99", "59.99"), D("59.99"), V.FAIL),
    ],
)
def test_the_verdict_at_its_boundaries(membership, experts, totals, score, verdict):
    inspection = _held(_schedule(membership, experts, count=len(totals)))
    _score(inspection, totals)
    deadline = dt.date(2019, 1, 31) if verdict == V.RECTIFY else None
    services.inspection_conclude(
        inspection=inspection, opinion="专家组意见", rectification_deadline=deadline, actor=SYSTEM
    )
    inspection.refresh_from_db()
    assert (inspection.score, inspection.verdict) == (score, verdict)


def test_rectification_then_reinspection(membership, experts, secretary_a):
    first = _held(_schedule(membership, experts))
    _score(first, ("75", "78", "79"))
    with pytest.raises(ValidationError, match="整改期限"):
        services.inspection_conclude(inspection=first, opinion="限期整改", actor=SYSTEM)
    services.inspection_conclude(
        inspection=first, opinion="限期整改", rectification_deadline=dt.date(2019, 1, 31),
        actor=SYSTEM,
    )  # fmt: skip
    notice = secretary_a.notifications.get()
    assert "限期整改后复验" in notice.title and "2019年01月31日前完成整改" in notice.body
    with pytest.raises(ValidationError, match="待复验后公示"):
        services.publicity_start(inspection=first, starts_on=dt.date(2018, 11, 1), actor=SYSTEM)
    second = _held(_schedule(membership, experts))
    assert second.round == 2
    _score(second, ("78", "79", "79.5"))
    services.inspection_conclude(inspection=second, opinion="复验", actor=SYSTEM)
    second.refresh_from_db()
    assert second.verdict == V.FAIL  # a re-inspection has no third round
    with pytest.raises(ValidationError, match="只有限期整改的学会才安排复验"):
        _schedule(membership, experts)


def test_publicity_objections_and_publication(membership, experts):
    inspection = _held(_schedule(membership, experts))
    _score(inspection, ("85", "90", "88"))
    services.inspection_conclude(inspection=inspection, opinion="通过", actor=SYSTEM)
    services.publicity_start(inspection=inspection, starts_on=dt.date(2018, 11, 1), actor=SYSTEM)
    inspection.refresh_from_db()
    assert inspection.publicity_until == dt.date(2018, 11, 7)  # seven days, the first included
    with pytest.raises(ValidationError, match="公示期内"):
        services.objection_add(
            inspection=inspection, raised_by="某会员", raised_on=dt.date(2018, 11, 8),
            content="评分偏高", actor=SYSTEM,
        )  # fmt: skip
    objection = services.objection_add(
        inspection=inspection, raised_by="某会员", raised_on=dt.date(2018, 11, 7),
        content="办公场所系租用", actor=SYSTEM,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="期满后"):
        services.result_publish(inspection=inspection, on=dt.date(2018, 11, 7), actor=SYSTEM)
    with pytest.raises(ValidationError, match="未答复"):
        services.result_publish(inspection=inspection, on=dt.date(2018, 11, 8), actor=SYSTEM)
    services.objection_answer(
        objection=objection, answer="经核实租赁合同有效，维持结论", actor=SYSTEM
    )
    services.result_publish(inspection=inspection, on=dt.date(2018, 11, 8), actor=SYSTEM)
    inspection.refresh_from_db()
    assert inspection.published_at is not None


def test_the_opinion_as_word_and_pdf(admin_client, membership, experts):
    inspection = _held(_schedule(membership, experts, count=4))
    _score(inspection, ("100", "79", "80", "60"))
    services.inspection_conclude(
        inspection=inspection, opinion="秘书长尚未专职。", rectification_deadline=dt.date(2019, 1, 31),
        actor=SYSTEM,
    )  # fmt: skip
    docx = admin_client.get(reverse("pilots:opinion", args=[inspection.pk, "docx"]))
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    for text in ("专家组现场检查验收意见", "79.50", "限期整改后复验", "去掉最高分100.00和最低分60.00",
                 "签字", "华中科技大学0", "2019年1月31日"):  # fmt: skip
        assert text in xml, text
    pdf = admin_client.get(reverse("pilots:opinion", args=[inspection.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        admin_client.get(reverse("pilots:opinion", args=[inspection.pk, "exe"])).status_code == 404
    )


def test_an_expert_sees_only_the_inspections_they_sit_on(client, membership, experts):
    inspection = _schedule(membership, experts)
    url = reverse("pilots:inspection", args=[inspection.pk])
    client.force_login(experts[0])
    assert client.get(url).status_code == 200
    client.force_login(experts[4])  # an expert, not on this panel
    assert client.get(url).status_code == 404
    assert client.get(reverse("pilots:opinion", args=[inspection.pk, "pdf"])).status_code == 404
