"""A batch's settings and the smaller pilot records, each refused with a Chinese message and
nothing stored when wrong: phase dates, the acceptance marks, the points per standard,
candidacies, guidance, the 成效评估, typical cases and the exchange meeting."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from xuehui.access import SYSTEM
from xuehui.pilots import services
from xuehui.pilots.choices import AcceptanceVerdict, Decision, Willingness
from xuehui.pilots.models import Candidacy, Inspection, TypicalCase
from xuehui.pilots.selectors import points_of
from xuehui.tests import factories as f


def _messages(response) -> str:
    return "；".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def experts(db):
    return [f.make_user(f"zj-s{n}", role="expert") for n in range(3)]


@pytest.fixture
def membership(batch, society_a):
    return services.pilot_membership_add(
        programme=batch.programme, society=society_a, since=dt.date(2017, 10, 1), batch=batch,
        actor=SYSTEM,
    )  # fmt: skip


def _phase_data(batch, **changes):
    data = {}
    for phase in batch.phases.order_by("position"):
        data[f"starts_{phase.pk}"] = phase.starts_on.isoformat()
        data[f"ends_{phase.pk}"] = phase.ends_on.isoformat()
        data[f"done_{phase.pk}"] = ""
    return data | changes


def test_phase_dates_are_moved_and_a_wrong_order_is_refused(admin_client, batch):
    url = reverse("pilots:batch_phases", args=[batch.pk])
    first, second = batch.phases.order_by("position")[:2]
    bad = _phase_data(batch, **{f"ends_{first.pk}": "2017-07-01"})  # before its start
    response = admin_client.post(url, bad)
    assert "结束日期不能早于开始日期" in _messages(response)
    early = _phase_data(batch, **{f"starts_{second.pk}": "2017-07-01"})
    assert "不能早于" in _messages(admin_client.post(url, early))
    first.refresh_from_db()
    assert first.ends_on == dt.date(2017, 9, 30)  # nothing stored
    done = _phase_data(batch, **{f"done_{first.pk}": "2017-09-28"})
    admin_client.post(url, done)
    first.refresh_from_db()
    assert (
        first.completed_on == dt.date(2017, 9, 28)
        and first.state_on(dt.date(2030, 1, 1)) == "已完成"
    )


def test_the_marks_must_be_in_order_and_are_frozen_by_a_verdict(admin_client, batch, membership):
    url = reverse("pilots:batch_rules", args=[batch.pk])
    response = admin_client.post(url, {"pass_mark": "70", "fail_mark": "75", "publicity_days": "5"})
    assert "不通过分数线不能高于通过分数线" in _messages(response)
    admin_client.post(url, {"pass_mark": "85", "fail_mark": "60", "publicity_days": "10"})
    batch.refresh_from_db()
    assert (batch.pass_mark, batch.publicity_days) == (D(85), 10)
    Inspection.objects.create(
        membership=membership, scheduled_on=dt.date(2018, 10, 25), place="秘书处",
        verdict=AcceptanceVerdict.PASS, score=D(90),
    )  # fmt: skip
    response = admin_client.post(url, {"pass_mark": "80", "fail_mark": "60", "publicity_days": "7"})
    assert "已有验收结论" in _messages(response)
    batch.refresh_from_db()
    assert batch.pass_mark == D(85)


def test_points_per_standard_add_up_to_a_hundred(admin_client, batch):
    url = reverse("pilots:batch_points", args=[batch.pk])
    keys = list(points_of(batch))
    uneven = dict.fromkeys(keys, "10")  # 110 in all
    assert "合计应为100分，现为110分" in _messages(admin_client.post(url, uneven))
    assert batch.points == {}
    chosen = dict.fromkeys(keys, "5") | {keys[0]: "50"}  # 50 + 10 × 5
    admin_client.post(url, chosen)
    batch.refresh_from_db()
    assert points_of(batch)[keys[0]] == D(50) and sum(points_of(batch).values()) == 100
    with pytest.raises(ValidationError, match="每一项"):
        services.points_set(batch=batch, points={keys[0]: D(100)}, actor=SYSTEM)


def test_asking_takes_only_candidates_and_deciding_needs_a_reason(
    admin_client, batch, society_a, society_b, membership
):
    other = f.make_society(federation=society_a.federation, name="湖北省候选学会")
    url = reverse("pilots:candidates", args=[batch.pk])
    # a member already, and another 科协's society: nothing to ask
    response = admin_client.post(url, {"society": [society_a.pk, society_b.pk, "x"]})
    assert "没有可征求意见的学会" in _messages(response)
    with pytest.raises(ValidationError, match="不是本试点的候选学会"):
        services.candidacies_open(batch=batch, societies=[society_b], actor=SYSTEM)
    admin_client.post(url, {"society": [other.pk]})
    candidacy = Candidacy.objects.get(society=other)
    services.candidacy_answer(candidacy=candidacy, willingness=Willingness.UNWILLING, actor=SYSTEM)
    with pytest.raises(ValidationError, match="暂不参加"):
        services.candidacy_decide(
            candidacy=candidacy, decision=Decision.CHOSEN, reason="条件好", actor=SYSTEM
        )
    services.candidacy_decide(
        candidacy=candidacy, decision=Decision.DECLINED, reason="学会暂不参加", actor=SYSTEM
    )
    with pytest.raises(ValidationError, match="已作出决定"):
        services.candidacy_answer(
            candidacy=candidacy, willingness=Willingness.WILLING, actor=SYSTEM
        )
    assert not other.pilot_memberships.exists()


def test_guidance_and_the_assessment_need_their_text_and_a_date_after_the_start(
    admin_client, membership
):
    response = admin_client.post(
        reverse("pilots:guidance_add", args=[membership.pk]), {"text": " ", "respond_by": ""}
    )
    assert "指导意见" in _messages(response) and not membership.guidance.exists()
    response = admin_client.post(
        reverse("pilots:midterm_add", args=[membership.pk]),
        {"on": "2017-01-01", "comment": "过早"},
    )
    assert "不能早于试点起点2017-10-01" in _messages(response)
    assert not membership.midterms.exists()


def test_cases_belong_to_the_batchs_societies_and_only_published_ones_are_public(
    admin_client, client, batch, membership, society_b
):
    with pytest.raises(ValidationError, match="不是本批次的试点学会"):
        services.case_save(
            batch=batch, society=society_b, title="外会做法", practice="做法", results="成效",
            actor=SYSTEM,
        )  # fmt: skip
    response = admin_client.post(
        reverse("pilots:case_new", args=[batch.pk]),
        {"society": membership.society_id, "title": "专职秘书长公开招聘", "practice": "理事会公开招聘",
         "results": "秘书长专职到岗"},
    )  # fmt: skip
    case = TypicalCase.objects.get()
    public = reverse("pilots:public_cases")
    assert "专职秘书长公开招聘" not in client.get(public).content.decode()
    admin_client.post(reverse("pilots:case_publish", args=[case.pk]))
    assert "专职秘书长公开招聘" in client.get(public).content.decode()
    admin_client.post(reverse("pilots:case_publish", args=[case.pk]))  # withdrawn again
    assert "专职秘书长公开招聘" not in client.get(public).content.decode()
    assert response.status_code == 302


def test_an_exchange_meeting_presents_only_the_batchs_cases(batch, membership, hubei_2h):
    own = services.case_save(
        batch=batch, society=membership.society, title="做法一", practice="做法", results="成效",
        actor=SYSTEM,
    )  # fmt: skip
    other_batch = services.batch_create(programme=hubei_2h, year=2019, actor=SYSTEM)
    foreign = TypicalCase.objects.create(
        batch=other_batch, society=membership.society, title="别批", practice="做法", results="成效"
    )
    with pytest.raises(ValidationError):
        services.meeting_save(
            batch=batch, title="交流会", held_on=dt.date(2018, 12, 20), place="武汉",
            attendance=50, summary="", cases=[own, foreign], actor=SYSTEM,
        )  # fmt: skip
    meeting = services.meeting_save(
        batch=batch, title="交流会", held_on=dt.date(2018, 12, 20), place="武汉", attendance=50,
        summary="交流", cases=[own], actor=SYSTEM,
    )  # fmt: skip
    assert list(meeting.cases.all()) == [own]


def test_the_programme_pages_refuse_a_used_code_and_save_an_edit(
    admin_client, hubei_2h, federation
):
    framework = hubei_2h.framework
    data = {"key": "hubei-2h", "name": "重复", "federation": federation.pk,
            "framework": framework.pk, "standards_key": "", "description": ""}  # fmt: skip
    response = admin_client.post(reverse("pilots:programme_new"), data)
    assert response.status_code == 200 and "已被使用" in response.content.decode()
    edit = data | {"name": "湖北省学会两化试点", "standards_key": "5"}
    admin_client.post(reverse("pilots:programme_edit", args=["hubei-2h"]), edit)
    hubei_2h.refresh_from_db()
    assert hubei_2h.name == "湖北省学会两化试点" and hubei_2h.key == "hubei-2h"
    wrong = edit | {"standards_key": "9.9"}
    response = admin_client.post(reverse("pilots:programme_edit", args=["hubei-2h"]), wrong)
    assert "没有编号为“9.9”的条目" in response.content.decode()


def test_a_wrong_date_on_the_ranking_falls_back_to_today(admin_client, batch):
    response = admin_client.get(reverse("pilots:candidates", args=[batch.pk]), {"on": "2026-02-30"})
    assert response.status_code == 200 and response.context["day"] == dt.date.today()


def test_a_submitted_summary_and_an_open_inspection_are_not_changed_or_printed(
    secretary_a_client, admin_client, membership, experts
):
    parts = dict.fromkeys(services.SUMMARY_PARTS, "已填写")
    report = services.summary_save(membership=membership, actor=SYSTEM, **parts)
    services.summary_submit(report=report, actor=SYSTEM)
    url = reverse("pilots:summary", args=[membership.pk])
    assert secretary_a_client.post(url, parts).status_code == 403
    inspection = services.inspection_schedule(
        membership=membership, scheduled_on=dt.date(2018, 10, 25), place="秘书处",
        experts=[(e, f"某大学{n}", n == 0) for n, e in enumerate(experts)], actor=SYSTEM,
    )  # fmt: skip
    opinion = admin_client.get(reverse("pilots:opinion", args=[inspection.pk, "pdf"]))
    assert opinion.status_code == 403  # no verdict yet


def test_an_exchange_meeting_is_recorded_from_the_batch_page(admin_client, batch, membership):
    response = admin_client.post(
        reverse("pilots:meeting_new", args=[batch.pk]),
        {"title": "两化试点经验交流会", "held_on": "2018-12-20", "place": "湖北省科技会堂",
         "attendance": "80", "summary": "交流"},
    )  # fmt: skip
    assert "已记录经验交流会" in _messages(response)
    page = admin_client.get(reverse("pilots:batch", args=[batch.pk])).content.decode()
    assert "两化试点经验交流会" in page


def test_a_membership_end_date_before_its_start_is_refused(admin_client, membership):
    response = admin_client.post(
        reverse("pilots:membership_end", args=[membership.pk]), {"until": "2017-01-01"}
    )
    assert "退出日期应晚于加入日期" in _messages(response)
    membership.refresh_from_db()
    assert membership.until is None
