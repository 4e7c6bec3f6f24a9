"""The review loop in a real browser (Playwright on the system Chromium), with the fixed cast:
the administrator launches a campaign and assigns the expert → the secretary writes the work
plan, self-assesses and uploads evidence → the expert asks for rectification → the secretary
rectifies → the expert approves → the administrator sees the campaign complete."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from xuehui.campaigns.choices import State
from xuehui.campaigns.models import Campaign
from xuehui.files.tests.factories import pdf_bytes

from .factories import load_version

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "pass-测试-123"  # xuehui.tests.factories.make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="未安装 playwright（pip install -e .[dev]）"
    )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between page actions are plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Before the cast is created: Argon2 takes most of a second per sign-in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _login(browser, live_server, username: str):
    context = browser.new_context(locale="zh-CN")
    # Generous: a loaded CI machine runs another test worker beside the browser and server.
    context.set_default_timeout(45000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm and hx-confirm
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))
    return page


def _shot(page, name: str) -> None:
    """With XUEHUI_SCREENSHOTS=<dir>, keep a full-page picture of each stage for a person to look at."""
    folder = os.environ.get("XUEHUI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


# The pages name a requirement by the document's numbering (its clause), never by its key.
CLAUSES = {
    "1": "第一条",
    "2": "第二条",
    "3.1": "第三条（一）",
    "3.2": "第三条（二）",
    "3.3": "第三条（三）",
}


def _item(page, key: str):
    """The card of requirement `key` on the society's or the expert's page."""
    return page.locator(".campaign-item, .review-item").filter(
        has=page.locator(f"strong:text-is('{CLAUSES[key]}')")
    )


def _assess(page, key: str, label: str, statement: str = "") -> None:
    card = _item(page, key)
    card.get_by_label(label, exact=True).check()
    if statement:
        card.locator("textarea[name=statement]").fill(statement)
    card.get_by_role("button", name="保存自评").click()
    _item(page, key).locator(f"text=已保存：{label}").wait_for()


def test_the_review_loop_from_launch_to_a_complete_campaign(
    browser, live_server, federation, society_a, admin_user, secretary_a, expert_user, tmp_path
):
    load_version()

    # 1. The administrator launches the campaign for all the federation's societies and
    #    assigns the expert.
    admin = _login(browser, live_server, admin_user.username)
    admin.goto(live_server.url + reverse("campaigns:launch"))
    admin.fill("#id_name", "2025年学会改革评估")
    admin.get_by_label("评估测试框架（第1版）").check()
    for field, day in (
        ("plan_deadline", "2099-01-31"),
        ("self_assessment_deadline", "2099-03-31"),
        ("review_deadline", "2099-05-31"),
        ("rectification_deadline", "2099-07-31"),
    ):
        admin.fill(f"#id_{field}", day)
    admin.click("#launch")
    admin.locator("#launch-confirm").get_by_text("将向1个学会发起").wait_for()
    admin.click("#launch-confirmed")
    admin.locator("#progress").get_by_text(society_a.name).wait_for()
    _shot(admin, "1-launched")
    campaign = Campaign.objects.get(name="2025年学会改革评估")
    admin.goto(live_server.url + reverse("campaigns:assignments", args=[campaign.pk]))
    admin.select_option("#id_expert", str(expert_user.pk))
    admin.locator("#assign-form button").click()
    admin.locator("#assignments").get_by_text(expert_user.display_name).wait_for()

    # 2. The secretary writes the work plan …
    secretary = _login(browser, live_server, secretary_a.username)
    secretary.goto(live_server.url + reverse("campaigns:list"))
    secretary.locator("#my-entries").get_by_role("link", name="2025年学会改革评估").click()
    secretary.click("#work-plan")
    secretary.get_by_role("button", name="创建改革工作方案").click()
    secretary.get_by_role("link", name="新增任务").click()
    secretary.fill("input[name=title]", "每年至少开展一次学术活动")
    secretary.fill("textarea[name=target_outcome]", "年内主办一次学术年会")
    secretary.fill("input[name=deadline]", "2098-12-31")
    secretary.fill("input[name=responsible]", "秘书长")
    secretary.get_by_role("button", name="保存任务").click()
    secretary.locator("#plan-tasks").get_by_text("每年至少开展一次学术活动").wait_for()
    secretary.get_by_role("button", name="提交科协审核").click()
    secretary.wait_for_load_state()
    entry = campaign.entries.get(society=society_a)
    assert entry.work_plan.status == "submitted"

    # … self-assesses and uploads evidence, then submits.
    secretary.goto(live_server.url + reverse("campaigns:entry", args=[entry.pk]))
    secretary.click("#accept-automatic")
    secretary.locator("text=已将2项自动核验结果").wait_for()
    _assess(secretary, "2", "未达标", "本年度活动正在筹备")
    _assess(secretary, "3.2", "达标")
    _assess(secretary, "3.3", "未达标", "会议制度正在起草")
    _assess(secretary, "3.1", "达标")
    evidence = tmp_path / "秘书处设置文件.pdf"
    evidence.write_bytes(pdf_bytes("secretariat"))
    _item(secretary, "3.1").get_by_role("button", name="添加佐证材料").click()
    _item(secretary, "3.1").locator("input[type=file]").set_input_files(str(evidence))
    _item(secretary, "3.1").get_by_role("button", name="添加", exact=True).click()
    _item(secretary, "3.1").get_by_role("link", name="秘书处设置文件.pdf").wait_for()
    secretary.reload()
    _shot(secretary, "2-self-assessment")
    secretary.click("#submit-entry")
    secretary.locator("#entry-state", has_text="已提交").wait_for()

    # 3. The expert reviews: the PDF inline beside the explanation, verdicts by keyboard,
    #    and asks for rectification of 3.1.
    expert = _login(browser, live_server, expert_user.username)
    expert.goto(live_server.url + reverse("campaigns:queue"))
    expert.locator("#queue").get_by_role("link", name="评审").click()
    expert.click("#start-review")
    frame = _item(expert, "3.1").locator("iframe.evidence-pdf")
    assert expert.request.get(live_server.url + frame.get_attribute("src")).status == 200
    _item(expert, "3.1").locator("text=需上传佐证材料：秘书处设置文件。").wait_for()
    # The PDF frame loads lazily and the browser's viewer grabs the keyboard focus when it does;
    # the page gives it back, so verdicts typed while it loads still land on their items.
    frame.scroll_into_view_if_needed()
    _item(expert, "2").focus()
    frame.element_handle().content_frame().wait_for_load_state()
    # As the viewer does on load (headless Chromium's may not): the frame's window takes focus.
    expert.evaluate("document.querySelector('iframe.evidence-pdf').contentWindow.focus()")
    expert.wait_for_timeout(200)
    assert expert.evaluate("document.activeElement.closest('.review-item')?.id") == (
        _item(expert, "2").get_attribute("id")
    ), "the PDF viewer kept the keyboard focus"
    for key in ("2", "3.2", "3.3"):
        _item(expert, key).press("1")
        _item(expert, key).locator("text=我的意见：通过").wait_for()
    _item(expert, "3.1").press("2")  # 需整改: the cursor goes to the comment
    comment = _item(expert, "3.1").locator("textarea")
    comment.fill("请上传理事会关于设立秘书处的决议")
    comment.press("Control+Enter")
    _item(expert, "3.1").locator("text=我的意见：需整改").wait_for()
    expert.reload()
    _shot(expert, "3-review")
    expert.fill("#id_deadline", "2099-06-30")
    expert.get_by_role("button", name="要求整改").click()
    expert.wait_for_url(re.compile(r"/campaigns/review/$"))

    # 4. The secretary rectifies.
    secretary.reload()
    secretary.locator("#rectify-panel").wait_for()
    card = _item(secretary, "3.1")
    card.locator(".rectification", has_text="请上传理事会关于设立秘书处的决议").wait_for()
    card.locator("textarea[name=answer]").fill("已上传理事会决议")
    card.get_by_role("button", name="提交整改情况").click()
    secretary.locator("#entry-state", has_text="已整改待复核").wait_for()

    # 5. The expert approves.
    expert.goto(live_server.url + reverse("campaigns:review", args=[entry.pk]))
    _item(expert, "3.1").locator("text=整改情况：").wait_for()
    assert "已上传理事会决议" in _item(expert, "3.1").inner_text()
    _item(expert, "3.1").press("1")
    _item(expert, "3.1").locator("text=我的意见：通过").wait_for()
    expert.reload()
    expert.get_by_role("button", name="评审通过").click()
    expert.wait_for_url(re.compile(r"/campaigns/review/$"))

    # 6. The administrator sees the campaign complete.
    admin.goto(live_server.url + reverse("campaigns:detail", args=[campaign.pk]))
    admin.locator("#campaign-complete").wait_for()
    admin.locator("#chart-states canvas").wait_for()
    _shot(admin, "6-complete")
    entry.refresh_from_db()
    assert entry.state == State.PASSED
