"""Phones: the main pages fit 390 px without sideways scrolling (wide tables scroll inside their
own box, the page does not)."""

import pytest
from django.urls import reverse

from xuehui.campaigns import services

from .conftest import submitted
from .test_journey import CHROMIUM, PASSWORD, browser, fast_hashing  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]

# The elements wider than the window, for the failure message.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !e.closest(".table-responsive"))
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + [...e.classList].join("."));
}"""


def _phone(browser, live_server, username):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(45000)
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _overflowing(page, live_server, url) -> list:
    page.goto(live_server.url + url)
    page.wait_for_load_state("networkidle")
    return page.evaluate(OVERFLOW)


def test_the_main_pages_fit_a_phone(
    browser,  # noqa: F811
    live_server,
    campaign,
    entry,
    society_a,
    admin_user,
    secretary_a,
    expert_user,
):
    services.expert_assign(campaign=campaign, expert=expert_user, actor=admin_user)
    submitted(entry, secretary_a)
    pages = {
        admin_user.username: [
            reverse("dashboard:home"),
            reverse("todos:list"),
            reverse("societies:list"),
            reverse("rules:overview"),
            reverse("campaigns:detail", args=[campaign.pk]),
            reverse("meetings:list", args=[society_a.pk]),
        ],
        secretary_a.username: [
            reverse("dashboard:home"),
            reverse("meetings:list", args=[society_a.pk]),
            reverse("campaigns:entry", args=[entry.pk]),
        ],
        expert_user.username: [
            reverse("dashboard:home"),
            reverse("campaigns:queue"),
            reverse("campaigns:review", args=[entry.pk]),
        ],
    }
    wide = {}
    for username, urls in pages.items():
        page = _phone(browser, live_server, username)
        for url in urls:
            found = _overflowing(page, live_server, url)
            if found:
                wide[f"{username} {url}"] = found
        page.context.close()
    assert not wide, wide


def test_the_member_lists_row_actions_stay_in_view_on_a_laptop(
    browser,  # noqa: F811
    live_server,
    society_a,
    secretary_a,
):
    """ux D25: the register's last column (修改, 删除) was cut off at the right on a laptop; it
    stays in view while the wide table scrolls."""
    from xuehui.members.tests.factories import make_individual_member

    make_individual_member(
        society_a, employer="华中科技大学同济医学院附属协和医院心血管内科介入治疗中心",
        title="主任医师、教授、博士研究生导师、学科带头人", education="研究生（博士）",
        name="欧阳建国",
    )  # fmt: skip
    page = _phone(browser, live_server, secretary_a.username)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("members:individuals", args=[society_a.pk]))
    button = page.locator(".table-responsive").get_by_role("link", name="修改", exact=True).first
    box = button.bounding_box()
    frame = page.locator(".table-responsive").first.bounding_box()
    assert box is not None and frame is not None
    assert box["x"] + box["width"] <= frame["x"] + frame["width"]  # visible without scrolling
