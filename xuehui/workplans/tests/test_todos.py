"""The work plans' to-dos: write or revise a plan, approve it, report on tasks near their end."""

import datetime as dt

import pytest

from xuehui.notifications.models import Notification
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import todos_for
from xuehui.todos.selectors import worklist
from xuehui.workplans import services
from xuehui.workplans.choices import PlanStatus

from .factories import make_campaign, make_entry, make_plan, make_task

DAY = dt.date(2025, 3, 1)


@pytest.fixture
def entry(federation, society_a):
    return make_entry(make_campaign(federation), society_a)


def keys(user, day=DAY, kind=None) -> dict:
    return {t.key: t for t in todos_for(user, day) if kind is None or t.kind == kind}


def test_a_plan_is_owed_until_submitted_and_again_when_returned(
    entry, secretary_a, admin_user, secretary_b
):
    key = f"plan-submit:{entry.pk}"
    assert keys(secretary_a)[key].detail == "尚未编制改革工作方案"
    assert keys(secretary_a)[key].due == entry.campaign.plan_deadline
    assert key not in keys(secretary_b)
    plan = make_plan(entry, tasks=1)
    assert keys(secretary_a)[key].detail == "方案草稿未提交"
    services.plan_submit(plan=plan, actor=secretary_a)
    assert key not in keys(secretary_a)

    review = keys(admin_user, kind=TodoKind.PLAN_REVIEW)
    assert list(review) == [f"plan-review:{plan.pk}"]
    notice = Notification.objects.get(user=admin_user, todo_key=f"plan-review:{plan.pk}")

    services.plan_return(plan=plan, actor=admin_user, comment="任务不够具体")
    assert "退回" in keys(secretary_a)[key].detail
    assert not keys(admin_user, kind=TodoKind.PLAN_REVIEW)
    worklist(admin_user, DAY)
    notice.refresh_from_db()
    assert notice.read_at is not None  # the plan the notice asked about is no longer waiting
    returned = Notification.objects.get(user=secretary_a, todo_key=key)
    services.plan_submit(plan=plan, actor=secretary_a)
    worklist(secretary_a, DAY)
    returned.refresh_from_db()
    assert returned.read_at is not None


def test_an_approved_plans_tasks_ask_for_progress_near_their_deadline(entry, secretary_a):
    plan = make_plan(entry, status=PlanStatus.APPROVED)
    near = make_task(plan, deadline=DAY + dt.timedelta(days=10), title="修订章程")
    make_task(plan, deadline=DAY + dt.timedelta(days=60), title="发展会员")
    found = keys(secretary_a, kind=TodoKind.TASK_PROGRESS)
    assert list(found) == [f"task:{near.pk}"]
    assert found[f"task:{near.pk}"].title == "修订章程"
    services.progress_record(
        task=near, actor=secretary_a, status="done", percent=100, note="已完成"
    )
    assert not keys(secretary_a, kind=TodoKind.TASK_PROGRESS)
