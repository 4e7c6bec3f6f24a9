"""The expert's scoring page: every society with the expert's own progress; on a society's
form, the data's results beside each indicator but never the other experts' marks."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.evaluation import services
from xuehui.tests import factories as f


def test_the_list_shows_progress_and_the_form_hides_the_other_experts(
    client, scheme_row, three, admin_user
):
    me, other = f.make_user("me", role=Role.EXPERT), f.make_user("other", role=Role.EXPERT)
    evaluation = services.evaluation_open(
        scheme=scheme_row, facts_on=dt.date(2025, 12, 31), experts=[me, other], actor=admin_user
    )
    for expert, percent in ((me, 80), (other, 37)):
        services.expert_score_save(
            evaluation=evaluation,
            society=three[0],
            indicator="3",
            percent=Decimal(percent),
            actor=expert,
        )
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    client.force_login(me)
    url = reverse("evaluation:score", args=[evaluation.pk])
    listing = client.get(url).content.decode()
    assert listing.count("已评完") == 1 and listing.count("0 / 1") == 2
    form = client.get(f"{url}?society={three[0].pk}").content.decode()
    assert "37%" not in form and "37.00" not in form and "other 37" not in form
    assert "不显示其他专家的评分" in form and "个人会员数：1200" in form
