"""学会考评 in the 待办 and the notices: experts' scoring, objections to answer within their days,
a year to confirm once 公示 has ended; the societies told of 公示 and of the answer."""

import datetime as dt
from decimal import Decimal

from xuehui.accounts.choices import Role
from xuehui.evaluation import services
from xuehui.notifications.models import Notification
from xuehui.tests import factories as f
from xuehui.todos.registry import todos_for

ON = dt.date(2025, 12, 31)


def kinds(user, day) -> dict:
    return {t.kind: t for t in todos_for(user, day)}


def test_an_expert_is_asked_to_score_until_every_society_is_scored(scheme_row, three, admin_user):
    expert = f.make_user("expert1", role=Role.EXPERT)
    evaluation = services.evaluation_open(
        scheme=scheme_row, facts_on=ON, experts=[expert], actor=admin_user
    )
    todo = kinds(expert, ON)["evaluation_scoring"]
    assert todo.count == 3 and "3项" in todo.detail
    for society in three:
        services.expert_score_save(
            evaluation=evaluation, society=society, indicator="3", percent=Decimal(80), actor=expert
        )
    assert "evaluation_scoring" not in kinds(expert, ON)


def test_objections_and_a_year_to_confirm_for_the_federation(scheme_row, three, admin_user):
    evaluation = services.evaluation_open(scheme=scheme_row, facts_on=ON, actor=admin_user)
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    secretary = f.make_user("sec", role=Role.SOCIETY_EDITOR, society=three[1])
    services.publicity_start(evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    told = Notification.objects.get(user=secretary)
    assert "结果公示" in told.title and "2026年1月11日" in told.body
    result = evaluation.results.get(society=three[1])
    objection = services.objection_raise(
        result=result, society=three[1], reasons="漏计", on=dt.date(2026, 1, 6), actor=secretary
    )
    todo = kinds(admin_user, dt.date(2026, 1, 12))["objection"]
    assert todo.due == dt.date(2026, 1, 21) and "漏计" in todo.detail
    assert kinds(admin_user, dt.date(2026, 1, 12))["evaluation_confirm"].due == dt.date(2026, 1, 11)
    assert "evaluation_confirm" not in kinds(admin_user, dt.date(2026, 1, 11))
    services.objection_answer(
        objection=objection, outcome="rejected", answer="已核", actor=admin_user
    )
    assert "objection" not in kinds(admin_user, dt.date(2026, 1, 12))
    answered = Notification.objects.filter(user=secretary).order_by("-pk").first()
    assert "异议不成立" in answered.title and answered.body == "已核"
