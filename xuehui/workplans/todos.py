"""The work plans' to-dos: a plan to write or revise, tasks to report on, plans to approve."""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse

from xuehui.access import federations_administered, scope_for, societies_filled_in
from xuehui.campaigns.choices import CampaignStatus
from xuehui.campaigns.models import CampaignEntry
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register

from .choices import EDITABLE_STATUSES, PlanStatus, TaskStatus
from .models import PlanTask, WorkPlan

TASK_AHEAD_DAYS = 14  # a task's progress is asked for from two weeks before its deadline


def plan_submit_key(entry_id: int) -> str:
    return f"plan-submit:{entry_id}"


def plan_review_key(plan_id: int) -> str:
    return f"plan-review:{plan_id}"


def task_key(task_id: int) -> str:
    return f"task:{task_id}"


def _secretary(user, day: dt.date) -> Iterator[Todo]:
    societies = societies_filled_in(user)
    owed = (
        CampaignEntry.objects.filter(society__in=societies, campaign__status=CampaignStatus.OPEN)
        .filter(Q(work_plan__isnull=True) | Q(work_plan__status__in=EDITABLE_STATUSES))
        .select_related("campaign", "society", "work_plan")
        .order_by("campaign__plan_deadline", "society__name")
    )
    for entry in owed:
        plan = getattr(entry, "work_plan", None)
        if plan is None:
            detail = "尚未编制改革工作方案"
        elif plan.status == PlanStatus.RETURNED:
            detail = "科协已退回，请按意见修改后重新提交"
        else:
            detail = "方案草稿未提交"
        yield Todo(
            key=plan_submit_key(entry.pk),
            kind=TodoKind.PLAN_SUBMIT,
            title=f"{entry.society.name} · {entry.campaign.name}",
            url=reverse("workplans:plan", args=[entry.pk]),
            due=entry.campaign.plan_deadline,
            detail=detail,
        )
    tasks = (
        PlanTask.objects.filter(
            plan__entry__society__in=societies,
            plan__status=PlanStatus.APPROVED,
            plan__entry__campaign__status=CampaignStatus.OPEN,
            deadline__lte=day + dt.timedelta(days=TASK_AHEAD_DAYS),
        )
        .exclude(status=TaskStatus.DONE)
        .select_related("plan__entry__society")
        .order_by("deadline", "pk")
    )
    for task in tasks:
        yield Todo(
            key=task_key(task.pk),
            kind=TodoKind.TASK_PROGRESS,
            title=task.title,
            url=reverse("workplans:progress", args=[task.pk]),
            due=task.deadline,
            detail=f"{task.plan.entry.society.name} · 责任人：{task.responsible} · "
            f"目前{task.get_status_display()} {task.percent}%",
        )


def _administrator(user) -> Iterator[Todo]:
    plans = (
        WorkPlan.objects.filter(
            status=PlanStatus.SUBMITTED,
            entry__campaign__federation__in=federations_administered(user),
        )
        .select_related("entry__society", "entry__campaign")
        .order_by("submitted_at", "pk")
    )
    for plan in plans:
        yield Todo(
            key=plan_review_key(plan.pk),
            kind=TodoKind.PLAN_REVIEW,
            title=plan.display_title,
            url=reverse("workplans:review", args=[plan.pk]),
            due=plan.entry.campaign.plan_deadline,
            detail=f"{plan.entry.campaign.name} · {plan.submitted_at:%Y-%m-%d}提交",
        )


@register(from_records=True)
def workplan_todos(user, day: dt.date) -> Iterator[Todo]:
    scope = scope_for(user)
    if scope.edits_societies:
        yield from _secretary(user, day)
    if scope.is_federation_staff:
        yield from _administrator(user)
