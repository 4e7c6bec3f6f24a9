"""Every kind of public page, in the system Chromium, checked by axe-core (the npm package,
node_modules/axe-core): no serious or critical violation. The pages need no script of their
own; axe is injected by the test (past the Content Security Policy, which keeps inline
scripts out of the real pages)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from xuehui.campaigns.tests.test_journey import CHROMIUM, _shot

from .factories import seeded_world

AXE = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
    pytest.mark.skipif(not AXE.exists(), reason="未安装 axe-core（npm ci）"),
]


@pytest.fixture
def chromium(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


def _serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(found)


@pytest.mark.django_db(transaction=True)
def test_every_public_page_passes_axe_without_serious_violations(chromium, live_server, federation):
    world = seeded_world(federation)
    code, pk = federation.code, world.society.pk
    urls = {
        "portal-directory": reverse("public:index"),
        "portal-directory-search": reverse("public:directory", args=[code]) + "?q=hb",
        "portal-society": reverse("public:society", args=[code, pk]),
        "portal-notices": reverse("public:notices", args=[code]),
        "portal-results": reverse("public:results", args=[code]),
        "portal-cases": reverse("public:cases", args=[code]),
        "portal-feedback": reverse("public:feedback", args=[code, pk]),
        "portal-thanks": reverse("public:feedback_thanks", args=[code, pk]),
    }
    context = chromium.new_context(locale="zh-CN", bypass_csp=True, java_script_enabled=True)
    context.set_default_timeout(45000)
    page = context.new_page()
    problems = {}
    for name, url in urls.items():
        page.goto(live_server.url + url)
        _shot(page, name)
        found = _serious(page)
        if found:
            problems[url] = found
    assert not problems, problems


@pytest.mark.django_db(transaction=True)
def test_the_portal_works_without_javascript(chromium, live_server, federation, settings):
    settings.XUEHUI_FEEDBACK_MIN_SECONDS = 0
    world = seeded_world(federation)
    context = chromium.new_context(locale="zh-CN", java_script_enabled=False)
    context.set_default_timeout(45000)
    page = context.new_page()
    page.goto(live_server.url + reverse("public:directory", args=[federation.code]))
    page.fill("#q", "qixiang")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name=world.other.name).click()
    page.get_by_role("link", name="就本学会留言或投诉举报").click()
    page.get_by_label("内容").fill("希望学会多组织科普活动。")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已收到您的留言").wait_for()
    assert world.other.feedback.count() == 1
