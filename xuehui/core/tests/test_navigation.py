"""The sidebar highlights the section a page belongs to (ux D21)."""

import pytest
from django.urls import resolve, reverse

from xuehui.core.navigation import section_of


@pytest.mark.parametrize(
    ("name", "kwargs", "section"),
    [
        ("dashboard:home", {}, "dashboard"),
        ("todos:list", {}, "dashboard"),
        ("societies:list", {}, "societies"),
        ("members:individuals", {"society_pk": 1}, "societies"),
        ("meetings:edit", {"pk": 1}, "societies"),
        ("finances:edit", {"pk": 1}, "societies"),
        ("rules:society", {"society_pk": 1}, "societies"),  # the society's 合规核验 tab
        ("pilots:society", {"society_pk": 1}, "societies"),
        ("pilots:membership", {"pk": 1}, "societies"),
        ("rules:frameworks", {}, "frameworks"),
        ("rules:overview", {}, "overview"),
        ("rules:precheck", {}, "precheck"),
        ("pilots:list", {}, "pilots"),
        ("pilots:batch", {"pk": 1}, "pilots"),
        ("campaigns:list", {}, "campaigns"),
        ("workplans:campaign", {"campaign_pk": 1}, "campaigns"),
        ("campaigns:queue", {}, "queue"),  # 我的评审任务, not 评估检查
        ("campaigns:review", {"pk": 1}, "queue"),
        ("governance:shared_people", {}, "shared_people"),
        ("societies:federations", {}, "federations"),
        ("societies:import", {}, "imports"),
        ("accounts:user_list", {}, "accounts"),
    ],
)
def test_each_page_lights_its_section(name, kwargs, section):
    assert section_of(resolve(reverse(name, kwargs=kwargs))) == section


def test_the_sidebar_marks_the_societys_tab_pages_as_the_registry(secretary_a_client, society_a):
    page = secretary_a_client.get(reverse("members:individuals", args=[society_a.pk]))
    html = page.content.decode()
    active = html[html.index('id="app-sidebar"') :].split("nav-link active", 1)[1][:200]
    assert "学会名录" in active
