"""A society page's tabs are the pages the reader may open: an expert reviewing the society is
not shown the tabs its own secretariat and 科协 read (经费补贴, 信用档案, 年度工作报告,
统计数据), and every
tab any reader is shown answers 200."""

import re

import pytest
from django.urls import reverse

from xuehui.accounts.tests.factories import assign_expert, make_campaign

ONLY_OWN = ("subsidies:society", "credit:society", "reports:society", "stats:society")


def _tabs(client, society) -> list[str]:
    page = client.get(reverse("societies:detail", args=[society.pk])).content.decode()
    tabs = page.split('class="nav nav-tabs mb-3 society-tabs"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="([^"]+)"', tabs)


@pytest.fixture
def reviewed(expert_user, federation, society_a):
    campaign = make_campaign(federation=federation, societies=[society_a])
    assign_expert(campaign, expert_user, society_a)
    return society_a


def test_the_expert_is_not_shown_the_tabs_of_the_society_and_its_federation(
    expert_client, reviewed
):
    tabs = _tabs(expert_client, reviewed)
    assert reverse("societies:detail", args=[reviewed.pk]) in tabs
    for name in ONLY_OWN:
        assert reverse(name, args=[reviewed.pk]) not in tabs
    for url in tabs:
        assert expert_client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["secretary_a_client", "admin_client"])
def test_the_secretariat_and_the_federation_are_shown_every_tab(request, who, society_a):
    client = request.getfixturevalue(who)
    tabs = _tabs(client, society_a)
    for name in ONLY_OWN:
        assert reverse(name, args=[society_a.pk]) in tabs
    for url in tabs:
        assert client.get(url).status_code == 200, url
