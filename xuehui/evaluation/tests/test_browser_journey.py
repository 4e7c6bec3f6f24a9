"""The year's 学会考评 in a real browser: the 科协 creates the indicator system from the shipped
library file, opens and computes the year, sees the ranked and classified results, starts a 公示
that has already run its course and confirms; opens one society's breakdown with its 分类结果通知书;
then that society's secretary sees its own published result and the not-found page for a society
of another 科协."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from xuehui.access import SYSTEM
from xuehui.accounts.choices import Role
from xuehui.campaigns.tests.test_journey import CHROMIUM, _login, _shot, browser, fast_hashing  # noqa: F401
from xuehui.evaluation import services
from xuehui.evaluation.choices import Stage
from xuehui.evaluation.models import Evaluation, EvaluationResult, EvaluationScheme
from xuehui.rules.tests.factories import load_library_framework, make_member_stat
from xuehui.tests import factories as f

from .conftest import library_scheme, make_evaluated_society

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]

YEAR = 2026  # the shipped hubei-evaluation's 考核年度
TIERS = ("重点支持", "培育扶持", "重组淘汰", "不分类")


def _message(page, text: str) -> None:
    page.get_by_text(text).first.wait_for()


def test_a_years_evaluation_through_the_screens(
    browser,  # noqa: F811
    live_server,
    federation,
    admin_user,
    society_b,
):
    load_library_framework("hubei-reform-2017")
    jia = make_evaluated_society(federation, members=1200, year=YEAR, name="湖北省甲学会")
    yi = make_evaluated_society(federation, members=500, year=YEAR, name="湖北省乙学会")
    bing = make_evaluated_society(
        federation, members=100, party=False, year=YEAR, name="湖北省丙学会"
    )
    secretary = f.make_user("sec_jia", role=Role.SOCIETY_EDITOR, society=jia)
    # another 科协's year, computed, so that its society has a result the secretary may not see
    f.make_term(society_b, start_on=dt.date(2023, 6, 1))
    make_member_stat(society_b, year=YEAR, individual=800)
    elsewhere = services.scheme_save(
        federation=society_b.federation, data=library_scheme(), actor=SYSTEM
    )
    other_evaluation = services.evaluation_open(scheme=elsewhere, actor=SYSTEM)
    services.evaluation_compute(evaluation=other_evaluation, actor=SYSTEM)
    foreign = EvaluationResult.objects.get(society=society_b)
    today = timezone.localdate()
    url = live_server.url

    # the 科协: a new indicator system from the platform's example
    admin = _login(browser, live_server, admin_user.username)
    admin.goto(url + reverse("evaluation:index"))
    admin.get_by_text("尚无可查看的考评指标体系").wait_for()
    admin.get_by_role("link", name="新建指标体系").click()
    admin.wait_for_url(re.compile(r"/evaluation/new/$"))
    admin.get_by_label("平台提供的示例").check()
    admin.get_by_label("示例指标体系").select_option("hubei-evaluation")
    admin.get_by_role("button", name="新建", exact=True).click()
    admin.wait_for_url(re.compile(r"/evaluation/scheme/\d+/$"))
    _message(admin, "已新建")
    row = EvaluationScheme.objects.get(federation=federation)
    assert (row.key, row.year) == ("hubei-evaluation", YEAR)
    admin.get_by_role("heading", name="湖北省科协所属学会工作考评指标体系（2026年度）").wait_for()
    admin.get_by_role("cell", name="内部管理规范", exact=True).wait_for()

    # the year's evaluation: the data cut-off date, no experts
    admin.locator("summary", has_text=f"建立{YEAR}年度考评").click()
    admin.get_by_label("数据截止日期").fill(today.isoformat())
    admin.get_by_role("button", name="保存考评设置").click()
    admin.wait_for_url(re.compile(r"/evaluation/\d+/$"))
    _message(admin, f"已保存{YEAR}年度考评的设置")
    evaluation = Evaluation.objects.get(scheme=row)
    assert evaluation.facts_on == today and not evaluation.experts.exists()
    admin.get_by_text("尚未计算考评结果。").wait_for()
    assert "评分专家：未设定" in admin.content()

    # 计算: the results table, ranked and classified
    admin.get_by_role("button", name="计算考评结果").click()
    _message(admin, "已计算3个学会的考评结果")
    results = list(evaluation.results.select_related("society").order_by("rank", "society__uscc"))
    assert {r.society for r in results} == {jia, yi, bing}
    table = admin.locator("table").filter(has=admin.get_by_role("columnheader", name="名次"))
    body_rows = table.locator("tbody tr")
    assert body_rows.count() == 3
    for n, result in enumerate(results):
        cells = body_rows.nth(n).locator("td")
        assert cells.nth(0).inner_text().strip() == str(result.rank)
        assert cells.nth(1).inner_text().strip() == result.society.name
        assert cells.nth(2).inner_text().strip() == str(result.score)
        tier = cells.nth(3).inner_text().strip()
        assert tier.startswith(result.get_tier_display() or "不分类"), tier
        assert tier.split()[0] in TIERS
    assert results[0].society == jia  # the most members, a party organisation
    assert results[-1].society == bing  # the fewest, no party organisation
    assert results[0].score > results[-1].score
    _shot(admin, "evaluation-results")

    # 公示 from the form, started far enough back that it has already ended
    starts = today - dt.timedelta(days=10)  # the scheme's 7 days end four days ago
    admin.get_by_label("公示开始日期").fill(starts.isoformat())
    admin.get_by_role("button", name="开始公示").click()
    _message(admin, "已开始公示，学会可查看本学会的考评结果")
    ends = starts + dt.timedelta(days=6)
    admin.get_by_text(f"公示{starts:%Y-%m-%d}至{ends:%Y-%m-%d}").wait_for()
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.PUBLICITY and evaluation.publicity_ends_on == ends

    # 确认发布: no objections, the period over
    admin.get_by_role("button", name="确认发布").click()
    _message(admin, "已确认发布考评结果；本年度没有学会获得星级")
    evaluation.refresh_from_db()
    assert evaluation.stage == Stage.CONFIRMED and evaluation.confirmed_by == admin_user
    assert admin.get_by_role("button", name="确认发布").count() == 0
    assert admin.get_by_role("button", name=re.compile("计算")).count() == 0

    # one society's result: its breakdown and its 分类结果通知书
    top = results[0]
    admin.get_by_role("link", name=jia.name, exact=True).click()
    admin.wait_for_url(re.compile(rf"/evaluation/result/{top.pk}/$"))
    admin.get_by_role("heading", name=f"{jia.name} · {YEAR}年度考评结果").wait_for()
    admin.get_by_role("heading", name="得分明细").wait_for()
    breakdown = admin.locator("table").filter(has=admin.get_by_role("columnheader", name="依据"))
    for group in ("内部管理规范", "发展能力强"):
        breakdown.get_by_role("cell", name=group, exact=True).wait_for()
    members = breakdown.locator("tr", has=admin.get_by_role("cell", name="个人会员数", exact=True))
    assert members.locator("td").nth(3).inner_text().strip() == "10"  # 1200 ≥ 1000
    notice = admin.get_by_role("link", name="分类结果通知书")
    href = notice.get_attribute("href")
    assert href == reverse("evaluation:notice", args=[top.pk])
    pdf = admin.request.get(url + href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    _shot(admin, "evaluation-result")

    # the secretary: its own published result, and nothing of another 科协's society
    page = _login(browser, live_server, secretary.username)
    page.goto(url + reverse("evaluation:index"))
    own = page.locator("table").filter(has_text=jia.name)
    own.get_by_role("link", name=f"{YEAR}年度").click()
    page.wait_for_url(re.compile(rf"/evaluation/result/{top.pk}/$"))
    page.get_by_role("heading", name=f"{jia.name} · {YEAR}年度考评结果").wait_for()
    page.get_by_role("heading", name="得分明细").wait_for()
    assert page.get_by_role("link", name="分类结果通知书").count() == 1
    assert page.locator("summary", has_text="调整分类").count() == 0  # the 科协's, not its own
    response = page.goto(url + reverse("evaluation:result", args=[foreign.pk]))
    assert response.status == 404
    page.get_by_text("未找到该页面或记录").wait_for()
    assert society_b.name not in page.content()
