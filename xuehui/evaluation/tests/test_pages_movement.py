"""The year-on-year movement on the federation's evaluation page: each society's rank and
class against the last published year, and the classes by year as a chart."""

import datetime as dt

from django.urls import reverse

from xuehui.evaluation import selectors, services
from xuehui.rules.tests.factories import make_member_stat


def test_movement_against_the_last_published_year(client, scheme_row, three, admin_user):
    last = services.evaluation_open(
        scheme=scheme_row, facts_on=dt.date(2025, 12, 31), actor=admin_user
    )
    services.evaluation_compute(evaluation=last, actor=admin_user)
    services.publicity_start(evaluation=last, starts_on=dt.date(2026, 1, 5), actor=admin_user)
    # 乙 grows past 甲 in 2026
    make_member_stat(three[0], year=2026, individual=400)
    make_member_stat(three[1], year=2026, individual=1500)
    make_member_stat(three[2], year=2026, individual=100)
    row = services.scheme_copy(scheme=scheme_row, year=2026, actor=admin_user)
    this = services.evaluation_open(scheme=row, facts_on=dt.date(2026, 12, 1), actor=admin_user)
    services.evaluation_compute(evaluation=this, actor=admin_user)
    earlier = selectors.previous_results(this)
    assert {r.society.name: r.rank for r in earlier.values()} == {
        "甲学会": 1,
        "乙学会": 2,
        "丙学会": 3,
    }
    history = selectors.tier_history(scheme_row.federation_id)
    assert history["years"] == [2025]
    client.force_login(admin_user)
    page = client.get(reverse("evaluation:detail", args=[this.pk])).content.decode()
    assert "较2025年度" in page
    assert "↑2→1" in page and "↓1→2" in page and "名次不变" in page
    assert "重点支持→培育扶持" in page
