"""The leader's 工作台 shows how many societies hold each class against the period's targets."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.evaluation import services
from xuehui.evaluation.selectors import tier_standings
from xuehui.tests import factories as f

from .conftest import make_evaluated_society, small_scheme


def test_class_counts_against_the_targets(client, scheme_row, three, admin_user, federation):
    data = small_scheme(classification=small_scheme()["classification"] | {"targets": {
        "period": "“十三五”期间", "key_support": 30, "cultivate": 50}})  # fmt: skip
    services.scheme_save(federation=federation, data=data, actor=admin_user)
    evaluation = services.evaluation_open(
        scheme=scheme_row, facts_on=dt.date(2025, 12, 31), actor=admin_user
    )
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    assert tier_standings([federation.pk], dt.date(2026, 1, 1)) == []  # not yet published
    services.publicity_start(evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    (standing,) = tier_standings([federation.pk], dt.date(2026, 1, 6))
    assert standing.rows == [
        ("key_support", "重点支持", 1, 30),
        ("cultivate", "培育扶持", 1, 50),
        ("restructure", "重组淘汰", 1, None),
    ]
    assert standing.period == "“十三五”期间" and standing.starred == 0
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "分类管理与星级学会" in page and "1 / 30" in page


def test_the_standings_cost_the_same_for_many_societies(scheme_row, three, admin_user, federation):
    evaluation = services.evaluation_open(
        scheme=scheme_row, facts_on=dt.date(2025, 12, 31), actor=admin_user
    )

    def queries() -> int:
        services.evaluation_compute(evaluation=evaluation, actor=admin_user)
        evaluation.refresh_from_db()
        if evaluation.stage == "scored":
            services.publicity_start(
                evaluation=evaluation, starts_on=dt.date(2026, 1, 5), actor=admin_user
            )
        with CaptureQueriesContext(connection) as captured:
            tier_standings([federation.pk], dt.date(2026, 1, 6))
        return len(captured)

    few = queries()
    for n in range(10):
        make_evaluated_society(federation, members=100 * n)
    assert queries() == few
