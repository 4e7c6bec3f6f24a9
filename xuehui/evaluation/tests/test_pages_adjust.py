"""复核调整 on a result's page: the administrator corrects one indicator with a reason."""

import datetime as dt

from django.urls import reverse

from xuehui.accounts.choices import Role
from xuehui.evaluation import services
from xuehui.tests import factories as f


def test_an_administrator_adjusts_an_indicator_and_the_year_is_recomputed(
    client, scheme_row, three, admin_user, federation
):
    evaluation = services.evaluation_open(
        scheme=scheme_row, facts_on=dt.date(2025, 12, 31), actor=admin_user
    )
    services.evaluation_compute(evaluation=evaluation, actor=admin_user)
    result = evaluation.results.get(society=three[2])
    url = reverse("evaluation:score_adjust", args=[result.pk])
    client.force_login(admin_user)
    page = client.get(reverse("evaluation:result", args=[result.pk])).content.decode()
    assert "复核调整指标得分" in page
    refused = client.post(url, {"indicator": "3", "score": "12", "reason": "超分"})
    assert refused.status_code == 200 and "0到该指标分值10" in refused.content.decode()
    done = client.post(url, {"indicator": "3", "score": "9", "reason": "专家复核"}, follow=True)
    assert "已复核调整" in done.content.decode()
    result.refresh_from_db()
    assert result.score == 9 and "复核调整为9分" in result.breakdown[2]["basis"]
    leader = f.make_user("leader", role=Role.FEDERATION_VIEWER, federation=federation)
    client.force_login(leader)
    assert client.post(url, {"indicator": "3", "score": "1", "reason": "x"}).status_code == 403
