"""Each role's 工作台 in a real browser: the to-do is there with its count in the bell, the work
is done, and the to-do is gone from the page and the bell."""

import re

import pytest
from django.urls import reverse

from xuehui.campaigns import services
from xuehui.workplans import services as plans

from .conftest import assess_all, judge, submitted
from .test_journey import CHROMIUM, _login, browser, fast_hashing  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]


def _bell(page) -> int:
    """The bell's count once htmx has loaded it, and the page's other requests have ended: the
    tests write from their own thread next, and the test database (SQLite in memory, its cache
    shared with the live server's thread) refuses a write while a request is reading."""
    bell = page.locator("#todo-bell[data-todos]")
    bell.wait_for()
    page.wait_for_load_state("networkidle")
    return int(bell.get_attribute("data-todos"))


def _home(page, live_server):
    page.goto(live_server.url + reverse("dashboard:home"))
    return page.locator("#todos")


def test_the_secretary_submits_and_the_self_assessment_to_do_is_gone(
    browser,  # noqa: F811
    live_server,
    campaign,
    entry,
    secretary_a,
):
    page = _login(browser, live_server, secretary_a.username)
    todos = _home(page, live_server)
    group = todos.locator('.todo-group[data-kind="self_assess"]')
    assert entry.society.name in group.inner_text()
    before = _bell(page)
    assert before >= 2  # the self-assessment and the work plan at least
    # submitting settles the self-assessment and any evidence still asked for with it
    settled = todos.locator(
        '.todo-group[data-kind="self_assess"] .todo-item, .todo-group[data-kind="evidence"] .todo-item'
    ).count()

    assess_all(entry, secretary_a)
    group.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/campaigns/societies/{entry.pk}/"))
    page.click("#submit-entry")
    page.wait_for_url(re.compile(rf"/campaigns/societies/{entry.pk}/"))

    todos = _home(page, live_server)
    assert todos.locator('.todo-group[data-kind="self_assess"]').count() == 0
    assert todos.locator('.todo-group[data-kind="evidence"]').count() == 0
    assert _bell(page) == before - settled


def test_the_expert_sees_their_reviews_until_they_have_judged(
    browser,  # noqa: F811
    live_server,
    campaign,
    entry,
    secretary_a,
    expert_user,
    admin_user,
):
    services.expert_assign(campaign=campaign, expert=expert_user, actor=admin_user)
    submitted(entry, secretary_a)
    page = _login(browser, live_server, expert_user.username)
    group = _home(page, live_server).locator('.todo-group[data-kind="review"]')
    assert "4 项待评审" in group.inner_text()
    assert "暂未分配可查看的学会" not in page.content()
    assert _bell(page) == 1

    services.review_start(entry=entry, actor=expert_user)
    judge(entry, expert_user)
    todos = _home(page, live_server)
    assert todos.locator('.todo-group[data-kind="review"]').count() == 0
    assert _bell(page) == 0
    assert "暂无待办事项" in todos.inner_text()


def test_the_administrator_approves_a_plan_and_its_to_do_and_notice_close(
    browser,  # noqa: F811
    live_server,
    campaign,
    entry,
    secretary_a,
    admin_user,
):
    plan = plans.plan_create(entry=entry, actor=secretary_a)
    plans.task_save(
        plan=plan,
        actor=secretary_a,
        title="修订学会章程",
        target_outcome="新章程通过",
        deadline=campaign.rectification_deadline,
        responsible="秘书长",
        steps=["起草"],
    )
    plans.plan_submit(plan=plan, actor=secretary_a)
    page = _login(browser, live_server, admin_user.username)
    group = _home(page, live_server).locator('.todo-group[data-kind="plan_review"]')
    assert plan.display_title in group.inner_text()
    before = _bell(page)

    plans.plan_approve(plan=plan, actor=admin_user)
    todos = _home(page, live_server)
    assert todos.locator('.todo-group[data-kind="plan_review"]').count() == 0
    assert _bell(page) == before - 1
    page.goto(live_server.url + reverse("notifications:list") + "?unread=1")
    assert f"待审核：{plan.display_title}" not in page.locator("main").inner_text()
