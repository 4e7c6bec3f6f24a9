"""The README's 正式部署的第一步, walked as a new 科协 would on an empty database (ux item 3): the
commands in their order, then the first administrator signs in and finds the registry, grants a
secretary an account and adopts a framework — in a real browser."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from xuehui.accounts.models import User
from xuehui.campaigns.tests.test_journey import CHROMIUM, browser  # noqa: F401
from xuehui.rules.models import FrameworkAdoption
from xuehui.societies.models import Federation, Society
from xuehui.tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]
PASSWORD = "Hubei#Xuehui2027"


@pytest.fixture(autouse=True)
def quick(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _registry(path):
    book = Workbook()
    book.active.append(["学会名录"])
    book.active.append(["学会名称", "统一社会信用代码", "学科类别", "所属科协"])
    book.active.append(["湖北省测试数学学会", f.make_uscc(901), "理科", "湖北省科学技术协会"])
    book.active.append(["武汉市测试医学会", f.make_uscc(902), "医科", "wuhan"])
    book.save(path)


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_the_first_steps_from_an_empty_database(
    browser,  # noqa: F811
    live_server,
    tmp_path,
    monkeypatch,
):
    assert not Federation.objects.exists() and not User.objects.exists()
    # 1–4 as the README says, in its order
    _run("add_federation", "湖北省科学技术协会", "--code", "hubei", "--level", "provincial")
    _run("add_federation", "武汉市科学技术协会", "--code", "wuhan", "--level", "municipal",
         "--parent", "hubei")  # fmt: skip
    monkeypatch.setenv("XUEHUI_PASSWORD", PASSWORD)
    _run("add_user", "hb_admin", "--role", "federation_admin", "--federation", "hubei",
         "--name", "张三")  # fmt: skip
    _run("load_frameworks")
    registry = tmp_path / "学会名录.xlsx"
    _registry(registry)
    _run("import_societies", str(registry), "--federation", "hubei", "--dry-run")
    assert not Society.objects.exists()  # the dry run writes nothing
    _run("import_societies", str(registry), "--federation", "hubei")
    assert Society.objects.get(name="武汉市测试医学会").federation.code == "wuhan"

    # the first administrator signs in and carries on in the browser
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(45000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "hb_admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))
    page.get_by_role("link", name="学会名录").first.click()
    page.locator("text=湖北省测试数学学会").first.wait_for()
    assert "武汉市测试医学会" in page.content()

    page.goto(live_server.url + reverse("accounts:user_create"))
    page.fill("input[name=username]", "sx_secretary")
    page.fill("input[name=full_name]", "李四")
    page.select_option("select[name=role]", "society_editor")
    society = Society.objects.get(name="湖北省测试数学学会")
    page.select_option("select[name=society]", str(society.pk))
    page.get_by_role("button", name=re.compile("创建|保存")).first.click()
    page.locator("text=sx_secretary").first.wait_for()
    assert User.objects.get(username="sx_secretary").role_assignments.get().society == society

    page.goto(live_server.url + reverse("rules:framework", args=["hubei-reform-2017"]))
    row = page.get_by_role("listitem").filter(has_text="湖北省科学技术协会")
    row.get_by_label("约束性").check()
    row.get_by_role("button", name="保存").click()
    page.get_by_text("现为：约束性", exact=True).wait_for()  # Wuhan inherits it below
    adoption = FrameworkAdoption.objects.get(framework__key="hubei-reform-2017")
    assert adoption.binding and adoption.federation.code == "hubei"
