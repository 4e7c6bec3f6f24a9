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
