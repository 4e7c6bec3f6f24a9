"""A batch in a real browser, each role at its own screens: the 科协 creates the programme and
the batch, sees the timeline, asks a candidate; the secretary answers from the society's pilot
page; the 科协 chooses and starts; the secretary writes the 实施方案's goals; the 科协 forms the
panel; an expert declares and scores from the 待办; the verdict is formed and shown."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from xuehui.accounts.choices import Role
from xuehui.campaigns.tests.test_journey import CHROMIUM, _login, _shot, browser, fast_hashing  # noqa: F401
from xuehui.pilots import services
from xuehui.pilots.models import Inspection, PilotBatch
from xuehui.pilots.selectors import points_of
from xuehui.rules.tests.factories import load_library_framework
from xuehui.tests import factories as f
from xuehui.workplans.models import WorkPlan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="系统 Chromium（/usr/bin/chromium）不存在"),
]


def test_a_batch_through_the_screens(
    browser,  # noqa: F811
    live_server,
    federation,
    society_a,
    admin_user,
    secretary_a,
):
    load_library_framework("hubei-2h-2017")
    experts = [f.make_user(f"zj{n}", role=Role.EXPERT) for n in range(3)]
    today = timezone.localdate()
    url = live_server.url

    # the 科协: programme, batch, timeline, candidates
    admin = _login(browser, live_server, admin_user.username)
    admin.goto(url + reverse("pilots:list"))
    admin.get_by_role("link", name="新建试点项目").click()
    admin.fill("input[name=key]", "hubei-2h")
    admin.fill("input[name=name]", "湖北两化试点")
    admin.select_option("select[name=federation]", str(federation.pk))
    admin.select_option("select[name=framework]", label="湖北两化试点")
    admin.fill("input[name=standards_key]", "5")
    admin.get_by_role("button", name="保存").click()
    admin.wait_for_url(re.compile(r"/pilots/programmes/hubei-2h/$"))
    admin.locator("summary", has_text="新建批次").click()
    admin.fill("input[name=year]", str(today.year))
    admin.get_by_role("button", name="新建批次").click()
    admin.wait_for_url(re.compile(r"/pilots/batch/\d+/$"))
    admin.locator("#batch-timeline canvas").wait_for()
    batch = PilotBatch.objects.get()
    _shot(admin, "pilot-batch")
    admin.get_by_role("link", name="确定试点学会").click()
    row = admin.locator("tr", has_text=society_a.name)
    row.locator("input[name=society]").check()
    admin.get_by_role("button", name="向所选学会征求意见").click()
    admin.locator("text=已向1个学会征求意见").wait_for()

    # the secretary answers from the society's pilot page, reached from the 工作台
    secretary = _login(browser, live_server, secretary_a.username)
    secretary.goto(url + reverse("dashboard:home"))
    secretary.locator('.todo-group[data-kind="pilot_answer"] a').first.click()
    secretary.wait_for_url(re.compile(rf"/pilots/society/{society_a.pk}/$"))
    secretary.get_by_label("愿意参加").check()
    secretary.fill("input[name=note]", "理事会已同意")
    secretary.get_by_role("button", name="答复").click()
    secretary.locator("text=已答复：愿意参加").wait_for()

    # the 科协 decides and starts the implementation
    admin.goto(url + reverse("pilots:candidates", args=[batch.pk]))
    decide = admin.locator("tr", has_text=society_a.name).first
    decide.locator("input[name=reason]").fill("条件成熟，学会愿意")
    decide.get_by_role("button", name="决定").click()
    admin.locator("text=确定为试点学会").first.wait_for()
    admin.goto(url + reverse("pilots:batch", args=[batch.pk]))
    admin.get_by_role("button", name=re.compile("启动实施")).click()
    admin.locator("text=已启动实施").wait_for()

    # the secretary writes the 实施方案
    membership = society_a.pilot_memberships.get()
    secretary.goto(url + reverse("pilots:membership", args=[membership.pk]))
    secretary.get_by_role("link", name="编写实施方案").click()
    secretary.get_by_role("button", name=re.compile("创建|编写|开始")).first.click()
    secretary.locator("text=试点目标与保障").wait_for()
    secretary.fill("textarea[name=goals]", "一年内实现秘书处实体化、秘书长专职化")
    secretary.fill("textarea[name=safeguards]", "理事会每季度听取试点进展")
    secretary.get_by_role("button", name="保存", exact=True).click()
    secretary.locator("text=已保存").wait_for()
    assert WorkPlan.objects.get().goals.startswith("一年内")

    # the 总结报告, its figures filled in by the platform, then submitted
    secretary.goto(url + reverse("pilots:summary", args=[membership.pk]))
    secretary.locator("text=专职工作人员（人）").wait_for()
    for name, text in (("overall", "按方案推进"), ("practices", "建立独立秘书处"),
                       ("problems", "经费来源单一"), ("suggestions", "加大支持")):  # fmt: skip
        secretary.fill(f"textarea[name={name}]", text)
    secretary.get_by_role("button", name="报送科协").click()
    secretary.locator("text=已报送总结报告").wait_for()

    # the panel, then an expert declares and scores from the 待办
    admin.goto(url + reverse("pilots:inspection_new", args=[membership.pk]))
    admin.fill("input[name=scheduled_on]", today.isoformat())
    admin.fill("input[name=place]", "学会秘书处")
    for n, expert in enumerate(experts, start=1):
        admin.select_option(f"select[name=expert_{n}]", str(expert.pk))
        admin.fill(f"input[name=institution_{n}]", f"华中农业大学{n}")
    admin.get_by_role("button", name="安排并通知专家").click()
    admin.wait_for_url(re.compile(r"/pilots/inspection/\d+/$"))
    inspection = Inspection.objects.get()
    admin.fill("textarea[name=materials]", "章程、财务制度、聘用合同")
    admin.get_by_role("button", name="保存记录").click()
    admin.locator("text=已保存现场检查记录").wait_for()

    expert = _login(browser, live_server, experts[0].username)
    expert.goto(url + reverse("dashboard:home"))
    expert.locator('.todo-group[data-kind="inspection"] a').first.click()
    expert.get_by_label(re.compile("无利益冲突")).check()
    expert.get_by_role("button", name="提交声明").click()
    expert.locator("text=已作利益冲突声明").wait_for()
    points = points_of(batch)
    for key, value in points.items():
        expert.fill(f"input[name='points_{key}']", str(value))
    expert.get_by_role("button", name="保存评分").click()
    expert.locator("text=已保存评分").wait_for()
    inspection.refresh_from_db()
    lower = dict(points)  # 70.00: 30 points taken from the last standards
    for key, taken in zip(reversed(list(points)), (9.10, 9.09, 9.09, 2.72), strict=False):
        lower[key] = points[key] - Decimal(str(taken))
    assert sum(lower.values()) == 70
    for other in experts[1:]:  # the other two score through the service
        seat = inspection.panel.get(expert=other)
        services.declaration_record(member=seat, no_conflict=True, actor=other)
        services.scores_save(
            member=seat, scores={k: (v, "") for k, v in lower.items()}, actor=other
        )

    # the verdict: (100 + 70 + 70) / 3 = 80.00, 通过
    admin.goto(url + reverse("pilots:inspection", args=[inspection.pk]))
    admin.locator("text=按目前的评分").wait_for()
    assert "结论为通过" in admin.locator("text=按目前的评分").inner_text()
    admin.fill("textarea[name=opinion]", "达到试点标准，同意通过验收。")
    admin.get_by_role("button", name="确定结论").click()
    admin.locator("text=验收结论：通过").wait_for()
    assert "80.00" in admin.content()
    _shot(admin, "pilot-verdict")
    inspection.refresh_from_db()
    assert inspection.score == Decimal("80.00") and inspection.held_on == today
