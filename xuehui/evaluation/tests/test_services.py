"""A year's evaluation stored and published: computation, experts' scores, the override and its
audit, 公示 and the objection clock, confirmation and the star register, scoping, queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuehui.access import SYSTEM, result_for, results_visible
from xuehui.accounts.choices import Role
from xuehui.audit.models import AuditEntry
from xuehui.evaluation import selectors, services
from xuehui.evaluation.choices import Stage, Tier
from xuehui.evaluation.documents import certificate_pdf, notice_pdf
from xuehui.evaluation.models import EvaluationResult, ResultObjection, StarRating
from xuehui.evaluation.scheme import SchemeError, parse
from xuehui.evaluation.workbook import scheme_from_xlsx, scheme_to_xlsx
from xuehui.societies.models import Society
from xuehui.tests import factories as f

from .conftest import library_scheme, make_evaluated_society, small_scheme

ON = dt.date(2025, 12, 31)


@pytest.fixture
def evaluation(scheme_row, three, admin_user):
    return services.evaluation_open(scheme=scheme_row, facts_on=ON, actor=admin_user)


def results(evaluation) -> dict[str, EvaluationResult]:
    return {r.society.name: r for r in selectors.results_of(evaluation)}


def test_computing_stores_each_society_with_its_breakdown(evaluation, admin_user):
    assert services.evaluation_compute(evaluation=evaluation, actor=admin_user) == 3
    found = results(evaluation)
    first, second, third = found["甲学会"], found["乙学会"], found["丙学会"]
    assert (first.score, first.rank, first.tier, first.stars) == (20, 1, Tier.KEY_SUPPORT, 1)
    assert (second.score, second.rank, second.tier) == (15, 2, Tier.CULTIVATE)
    assert (third.score, third.tier, third.restructure_candidate) == (0, Tier.RESTRUCTURE, True)
    for result in found.values():
        assert sum(Decimal(str(line["score"])) for line in result.breakdown) == result.score
    assert "党支部" in first.breakdown[1]["basis"]
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.SCORED
    assert AuditEntry.objects.filter(action="evaluation_compute").exists()


def test_a_leader_cannot_compute(evaluation, federation):
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    with pytest.raises(PermissionDenied):
        services.evaluation_compute(evaluation=evaluation, actor=leader)


def test_experts_marks_count_with_extremes_dropped_above_three(evaluation, three, admin_user):
    experts = [f.make_user(f"expert{n}", role=Role.EXPERT) for n in range(4)]
    evaluation.experts.set(experts)
    first = three[0]
    for expert, percent in zip(experts, (90, 60, 75, 100), strict=True):
        services.expert_score_save(
            evaluation=evaluation,
            society=first,
            indicator="3",
            percent=Decimal(percent),
            actor=expert,
        )
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    line = results(evaluation)["甲学会"].breakdown[2]
    assert line["score"] == 8.25  # (90 + 75) / 2 % of 10
    assert "去掉一个最高分100%和一个最低分60%" in line["basis"]


def test_an_expert_not_on_the_list_cannot_score(evaluation, three, expert_user):
    with pytest.raises(PermissionDenied):
        services.expert_score_save(
            evaluation=evaluation,
            society=three[0],
            indicator="3",
            percent=Decimal(80),
            actor=expert_user,
        )


@pytest.mark.parametrize(
    ("indicator", "percent", "false", "comment", "message"),
    [
        ("1", Decimal(80), False, "", "不是专家打分指标"),
        ("9", Decimal(80), False, "", "不是本指标体系的末级指标"),
        ("3", Decimal(101), False, "", "0到100"),
        ("1", None, True, "", "写明理由"),
    ],
)
def test_expert_scores_are_checked(
    evaluation, three, expert_user, indicator, percent, false, comment, message
):
    evaluation.experts.add(expert_user)
    with pytest.raises(ValidationError, match=message):
        services.expert_score_save(
            evaluation=evaluation, society=three[0], indicator=indicator, percent=percent,
            false_answer=false, comment=comment, actor=expert_user,
        )  # fmt: skip


def test_a_false_answer_zeroes_the_item(evaluation, three, expert_user, admin_user):
    evaluation.experts.add(expert_user)
    services.expert_score_save(
        evaluation=evaluation, society=three[0], indicator="1", percent=None, false_answer=True,
        comment="名册与会员数不符", actor=expert_user,
    )  # fmt: skip
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    first = results(evaluation)["甲学会"]
    assert first.score == 10 and first.breakdown[0]["score"] == 0
    assert "虚假" in first.breakdown[0]["basis"]


def test_an_override_needs_a_reason_is_audited_and_survives_recomputation(evaluation, admin_user):
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    second = results(evaluation)["乙学会"]
    with pytest.raises(ValidationError, match="理由"):
        services.result_override(result=second, tier=Tier.KEY_SUPPORT, reason=" ", actor=admin_user)
    services.result_override(
        result=second, tier=Tier.KEY_SUPPORT, reason="承担省重点学术活动", actor=admin_user
    )
    entry = AuditEntry.objects.get(action="evaluation_override")
    assert entry.detail == {
        "before": "cultivate",
        "after": "key_support",
        "reason": "承担省重点学术活动",
    }
    assert entry.actor == admin_user and entry.society_id == second.society_id
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    second = results(evaluation)["乙学会"]
    assert (second.tier, second.computed_tier) == (Tier.KEY_SUPPORT, Tier.CULTIVATE)
    assert second.override_reason == "承担省重点学术活动"


def test_publicity_objections_and_confirmation(evaluation, three, admin_user, federation):
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    second = results(evaluation)["乙学会"]
    secretary = f.make_user("sec", role=Role.SOCIETY_EDITOR, society=three[1])
    with pytest.raises(ValidationError, match="公示期内"):
        services.objection_raise(result=second, society=three[1], reasons="漏计", actor=secretary)
    services.publicity_start(evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    evaluation.refresh_from_db()
    assert evaluation.publicity_ends_on == dt.date(2026, 1, 11)
    objection = services.objection_raise(
        result=second, society=three[1], reasons="学术活动漏计", indicator="3",
        on=dt.date(2026, 1, 11), actor=secretary,
    )  # fmt: skip
    assert objection.due_on == dt.date(2026, 1, 26)  # 15 days, 民政's 评估办法
    with pytest.raises(ValidationError, match="公示期内"):
        services.objection_raise(
            result=second,
            society=three[1],
            reasons="再议",
            on=dt.date(2026, 1, 12),
            actor=secretary,
        )
    first = results(evaluation)["甲学会"]
    with pytest.raises(PermissionDenied, match="其他学会"):
        services.objection_raise(
            result=first,
            society=three[1],
            reasons="甲会员数有误",
            on=dt.date(2026, 1, 6),
            actor=secretary,
        )
    with pytest.raises(ValidationError, match="公示期满"):
        services.evaluation_confirm(
            evaluation=evaluation, on=dt.date(2026, 1, 11), actor=admin_user
        )
    with pytest.raises(ValidationError, match="未答复的异议"):
        services.evaluation_confirm(
            evaluation=evaluation, on=dt.date(2026, 1, 12), actor=admin_user
        )
    services.objection_answer(
        objection=objection, outcome="rejected", answer="学术活动已按登记计入", actor=admin_user
    )
    services.evaluation_confirm(evaluation=evaluation, on=dt.date(2026, 1, 12), actor=admin_user)
    ratings = {r.society.name: r for r in StarRating.objects.select_related("society")}
    assert set(ratings) == {"甲学会", "乙学会"}  # 丙 has no party organisation
    assert ratings["甲学会"].valid_until == dt.date(2029, 1, 11)  # three years
    assert selectors.current_stars(federation.pk, dt.date(2027, 6, 1)) == {
        three[0].pk: 1,
        three[1].pk: 1,
    }
    standing = selectors.standing(federation.pk, 2025, dt.date(2026, 2, 1))
    assert standing[three[0].pk].tier == Tier.KEY_SUPPORT and standing[three[0].pk].stars == 1
    with pytest.raises(ValidationError, match="确认发布"):
        services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    assert notice_pdf(first).startswith(b"%PDF")
    assert certificate_pdf(first).startswith(b"%PDF")
    with pytest.raises(ValueError, match="未获星级"):
        certificate_pdf(results(evaluation)["丙学会"])


def test_a_secretary_sees_no_score_before_publication_and_only_its_own_after(
    evaluation, three, admin_user
):
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    secretary = f.make_user("sec", role=Role.SOCIETY_EDITOR, society=three[1])
    found = results(evaluation)
    assert not results_visible(secretary, evaluation).exists()
    with pytest.raises(Exception, match="未找到"):
        result_for(secretary, found["乙学会"].pk)
    services.publicity_start(evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    evaluation.refresh_from_db()
    assert list(results_visible(secretary, evaluation)) == [found["乙学会"]]
    assert result_for(secretary, found["乙学会"].pk) == found["乙学会"]
    with pytest.raises(Exception, match="未找到"):
        result_for(secretary, found["甲学会"].pk)


def test_star_applications_when_only_applicants_are_rated(scheme_row, three, admin_user):
    data = small_scheme()
    data["stars"]["rate"] = "applicants"
    services.scheme_save(federation=scheme_row.federation, data=data, actor=admin_user)
    evaluation = services.evaluation_open(scheme=scheme_row, facts_on=ON, actor=admin_user)
    secretary = f.make_user("sec", role=Role.SOCIETY_EDITOR, society=three[1])
    services.star_apply(evaluation=evaluation, society=three[1], statement="申请", actor=secretary)
    with pytest.raises(ValidationError, match="已申请"):
        services.star_apply(evaluation=evaluation, society=three[1], actor=secretary)
    with pytest.raises(PermissionDenied):
        services.star_apply(evaluation=evaluation, society=three[0], actor=secretary)
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    found = results(evaluation)
    assert found["甲学会"].stars is None and found["甲学会"].star_note == "未申请星级评估"
    assert found["乙学会"].stars == 1


def test_a_published_scheme_is_frozen_and_the_next_year_starts_as_a_copy(evaluation, admin_user):
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    services.publicity_start(evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    scheme_row = evaluation.scheme
    with pytest.raises(ValidationError, match="已公示"):
        services.scheme_save(
            federation=scheme_row.federation, data=small_scheme(), actor=admin_user
        )
    copy = services.scheme_copy(scheme=scheme_row, year=2026, actor=admin_user)
    assert (copy.year, copy.name) == (2026, "小型考评指标体系（2026年度）")
    assert copy.definition["indicators"] == scheme_row.definition["indicators"]
    with pytest.raises(ValidationError, match="已存在"):
        services.scheme_copy(scheme=scheme_row, year=2026, actor=admin_user)


def test_a_scheme_is_refused_whole_with_every_problem(hubei_reform, federation, admin_user):
    data = small_scheme()
    data["indicators"][1]["rule"] = "hubei-reform-2017:9.9"
    data["indicators"][0]["points"] = -1
    with pytest.raises(ValidationError) as error:
        services.scheme_save(federation=federation, data=data, actor=admin_user)
    text = " ".join(error.value.messages)
    assert "“9.9”不在政策框架" in text and "不能为负数" in text
    with pytest.raises(ValidationError, match="属于科协"):
        services.scheme_save(
            federation=federation, data=small_scheme(federation="jiangxi"), actor=admin_user
        )


def test_the_shipped_scheme_loads_and_its_workbook_reads_back(hubei_reform, federation, admin_user):
    row = services.scheme_save(federation=federation, data=library_scheme(), actor=admin_user)
    scheme = selectors.scheme_of(row)
    assert scheme.total_points == 100
    assert all(node.clause for node in scheme.walk())
    back = parse(scheme_from_xlsx(scheme_to_xlsx(row)))
    assert [(n.code, n.points, n.method, n.ref, n.fact, n.bands, n.steps) for n in back.walk()] == [
        (n.code, n.points, n.method, n.ref, n.fact, n.bands, n.steps) for n in scheme.walk()
    ]
    assert back.classification == scheme.classification and back.stars == scheme.stars


def test_a_workbook_with_a_bad_layout_says_where(hubei_reform, federation, admin_user):
    import io

    from openpyxl import load_workbook

    row = services.scheme_save(federation=federation, data=library_scheme(), actor=admin_user)
    book = load_workbook(io.BytesIO(scheme_to_xlsx(row)))
    book["指标"]["G3"] = "很多:10"
    book["指标"]["E4"] = "拍脑袋"
    book["指标"]["B5"] = "9"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SchemeError) as error:
        scheme_from_xlsx(buffer.getvalue())
    text = " ".join(error.value.problems)
    assert "第3行的分档" in text and "第4行的计分方式" in text and "第5行的上级编号“9”" in text
    with pytest.raises(SchemeError, match="缺少工作表"):
        from openpyxl import Workbook

        empty = io.BytesIO()
        Workbook().save(empty)
        scheme_from_xlsx(empty.getvalue())


def _queries(scheme_row, federation, n: int) -> int:
    Society.objects.filter(federation=federation).delete()
    for i in range(n):
        make_evaluated_society(federation, members=100 * i, party=i % 2 == 0)
    with CaptureQueriesContext(connection) as run:
        outcomes = selectors.score(scheme_row, on=ON)
    assert len(outcomes) == n
    return len(run.captured_queries)


def test_the_queries_of_a_run_do_not_grow_with_the_societies(scheme_row, federation):
    assert _queries(scheme_row, federation, 30) == _queries(scheme_row, federation, 300)


def test_the_federation_corrects_an_indicator_after_an_objection(evaluation, three, admin_user):
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    second = results(evaluation)["乙学会"]
    for score, reason, message in (
        (Decimal(11), "超分", "0到该指标分值10"),
        (Decimal(8), " ", "理由"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.score_adjust(
                result=second, indicator="3", score=score, reason=reason, actor=admin_user
            )
    services.score_adjust(
        result=second,
        indicator="3",
        score=Decimal("7.5"),
        reason="复核学术年会材料",
        actor=admin_user,
    )
    found = results(evaluation)
    assert found["乙学会"].score == Decimal("22.50") and found["乙学会"].rank == 1
    line = found["乙学会"].breakdown[2]
    assert line["score"] == 7.5 and line["basis"].startswith(
        "复核调整为7.5分，理由：复核学术年会材料"
    )
    entry = AuditEntry.objects.get(action="evaluation_adjust")
    assert entry.detail == {"indicator": "3", "before": 0.0, "after": "7.5"}
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    assert results(evaluation)["乙学会"].score == Decimal("22.50")  # stands through recomputation


def test_recomputing_keeps_each_result_and_its_objections(evaluation, three, admin_user):
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    services.publicity_start(evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    second = results(evaluation)["乙学会"]
    secretary = f.make_user("sec", role=Role.SOCIETY_EDITOR, society=three[1])
    objection = services.objection_raise(
        result=second, society=three[1], reasons="漏计", on=dt.date(2026, 1, 6), actor=secretary
    )
    services.score_adjust(
        result=second, indicator="3", score=Decimal(5), reason="异议成立", objection=objection,
        actor=admin_user,
    )  # fmt: skip
    assert results(evaluation)["乙学会"].pk == second.pk
    objection.refresh_from_db()
    assert objection.adjustments.get().score == 5
    make_evaluated_society(evaluation.scheme.federation, members=2000, name="丁学会")
    three[2].status = "deregistered"
    three[2].save()
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    assert set(results(evaluation)) == {"甲学会", "乙学会", "丁学会"}
    assert results(evaluation)["丁学会"].rank == 1


def test_each_refusal_says_why_and_changes_nothing(evaluation, three, admin_user, society_b):
    from xuehui.campaigns.models import Campaign

    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    first, second = results(evaluation)["甲学会"], results(evaluation)["乙学会"]
    secretary = f.make_user("sec", role=Role.SOCIETY_EDITOR, society=three[1])
    refusals = [
        (lambda: services.result_override(result=first, tier="best", reason="x", actor=admin_user), "分类不正确"),
        (lambda: services.publicity_start(evaluation=evaluation, starts_on=ON, days=-1, actor=admin_user), "至少1天"),
        (lambda: services.score_adjust(result=first, indicator="9", score=Decimal(1), reason="x", actor=admin_user), "末级指标"),
        (lambda: services.star_apply(evaluation=evaluation, society=society_b, actor=SYSTEM), "不在本年度考评范围"),
        (lambda: services.evaluation_open(scheme=evaluation.scheme, facts_on=dt.date(2024, 12, 31), actor=admin_user), "应在2025年或之后"),
        (lambda: services.evaluation_open(scheme=evaluation.scheme, facts_on=dt.date(2099, 1, 1), actor=admin_user), "不能晚于今天"),
        (lambda: services.scheme_save(federation=evaluation.scheme.federation, data=small_scheme(year=None), actor=admin_user), "缺少考核年度"),
    ]  # fmt: skip
    campaign = Campaign(federation=society_b.federation, name="江西评估")
    refusals.append(
        (lambda: services.evaluation_open(scheme=evaluation.scheme, campaign=campaign, actor=admin_user), "本科协发起")
    )  # fmt: skip
    for call, message in refusals:
        with pytest.raises((ValidationError, PermissionDenied), match=message):
            call()
    services.publicity_start(evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    on = dt.date(2026, 1, 6)
    objection = services.objection_raise(
        result=second, society=three[1], reasons="漏计", on=on, actor=secretary
    )
    more = [
        (lambda: services.objection_raise(result=second, society=three[1], reasons=" ", on=on, actor=secretary), "异议理由"),
        (lambda: services.objection_raise(result=second, society=three[1], reasons="x", indicator="9", on=on, actor=secretary), "不在本指标体系"),
        (lambda: services.objection_answer(objection=objection, outcome="maybe", answer="x", actor=admin_user), "复核结论"),
        (lambda: services.objection_answer(objection=objection, outcome="rejected", answer=" ", actor=admin_user), "答复意见"),
        (lambda: services.score_adjust(result=first, indicator="3", score=Decimal(1), reason="x", objection=objection, actor=admin_user), "不是对该学会结果"),
        (lambda: services.evaluation_open(scheme=evaluation.scheme, actor=admin_user), "已公示"),
        (lambda: services.star_apply(evaluation=evaluation, society=three[1], actor=secretary), "已公示"),
    ]  # fmt: skip
    for call, message in more:
        with pytest.raises(ValidationError, match=message):
            call()
    services.objection_answer(
        objection=objection, outcome="upheld", answer="已更正", actor=admin_user
    )
    with pytest.raises(ValidationError, match="已答复"):
        services.objection_answer(
            objection=objection, outcome="upheld", answer="再答", actor=admin_user
        )
    services.evaluation_confirm(evaluation=evaluation, on=dt.date(2026, 1, 12), actor=admin_user)
    for call, message in [
        (lambda: services.result_override(result=first, tier="", reason="x", actor=admin_user), "已确认发布"),
        (lambda: services.score_adjust(result=first, indicator="3", score=Decimal(1), reason="x", actor=admin_user), "已确认发布"),
    ]:  # fmt: skip
        with pytest.raises(ValidationError, match=message):
            call()
    assert (
        ResultObjection.objects.count() == 1
        and not AuditEntry.objects.filter(action="evaluation_adjust").exists()
    )


def test_setting_the_computed_class_again_clears_the_override(evaluation, admin_user):
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    second = results(evaluation)["乙学会"]
    services.result_override(result=second, tier=Tier.KEY_SUPPORT, reason="调整", actor=admin_user)
    services.result_override(
        result=second, tier=Tier.CULTIVATE, reason="恢复计算分类", actor=admin_user
    )
    second.refresh_from_db()
    assert (
        second.tier == Tier.CULTIVATE and second.override_reason == "" and not second.is_overridden
    )


def test_a_liaison_alone_is_no_party_organisation(scheme_row, federation, admin_user):
    from xuehui.party.choices import PartyOrganisationForm
    from xuehui.party.models import PartyOrganisation

    society = make_evaluated_society(federation, members=1200, party=False, name="联络员学会")
    PartyOrganisation.objects.create(
        society=society, form=PartyOrganisationForm.LIAISON, established_on=dt.date(2020, 1, 1)
    )
    (outcome,) = selectors.score(scheme_row, on=ON)
    assert outcome.restructure_candidate and "党组织缺失" in outcome.vetoes[0]
    assert outcome.tier != Tier.KEY_SUPPORT


def test_a_date_in_the_definition_is_kept_as_text(hubei_reform, federation, admin_user):
    data = small_scheme(source=dt.date(2017, 10, 10))
    data["indicators"][0]["note"] = dt.date(2025, 1, 1)
    row = services.scheme_save(federation=federation, data=data, actor=admin_user)
    assert row.definition["source"] == "2017-10-10"
    assert row.definition["indicators"][0]["note"] == "2025-01-01"
