"""The self-assessment page of a whole framework (ux D15): how far the society has got, a filter
to what is still to do, a jump to a clause; a refused save keeps the choice; a saved but not
yet submitted item says so."""

import pytest
from django.urls import reverse

from xuehui.rules.tests.factories import load_library_framework

from .factories import launch
from .test_journey import CHROMIUM, _login, browser, fast_hashing  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]


def test_the_long_page_filters_counts_and_keeps_a_refused_choice(
    browser,  # noqa: F811
    live_server,
    federation,
    society_a,
    admin_user,
    secretary_a,
):
    version = load_library_framework("hubei-reform-2017").current_version
    campaign = launch(federation, [society_a], versions=[version], actor=admin_user)
    entry = campaign.entries.get()
    total = entry.items.count()
    assert total > 10
    page = _login(browser, live_server, secretary_a.username)
    page.goto(live_server.url + reverse("campaigns:entry", args=[entry.pk]))
    bar = page.locator("#item-filter")
    bar.locator(f"text=已自评 0 / {total} 项").wait_for()

    card = page.locator(".campaign-item").first
    card.get_by_label("未达标", exact=True).check()
    card.get_by_role("button", name="保存自评").click()
    card = page.locator(".campaign-item").first
    card.locator(".text-danger").wait_for()
    assert card.get_by_label("未达标", exact=True).is_checked()  # the choice survives the error

    card.locator("textarea[name=statement]").fill("尚未设立监事会")
    card.get_by_role("button", name="保存自评").click()
    card = page.locator(".campaign-item").first
    card.locator("text=已保存：未达标").wait_for()
    assert card.locator(".item-state").inner_text() == "已自评，待提交"
    bar.locator(f"text=已自评 1 / {total} 项").wait_for()

    bar.get_by_role("button", name="未自评").click()
    assert page.locator(".campaign-item:visible").count() == total - 1
    assert not page.locator(".campaign-item").first.is_visible()
    bar.get_by_role("button", name="全部").click()
    assert page.locator(".campaign-item:visible").count() == total

    options = page.locator("[data-jump] option")
    assert options.count() > 2  # the framework's top-level clauses
