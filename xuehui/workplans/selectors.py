"""Reads of work plans: one plan with everything its pages show, a campaign's plans with counts,
the people a plan's events concern, and the tasks whose deadlines come near or pass."""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet

from xuehui.accounts.choices import Role
from xuehui.accounts.models import RoleAssignment
from xuehui.campaigns.choices import CampaignStatus
from xuehui.campaigns.models import CampaignEntry, CampaignItem
from xuehui.files.models import StoredFile
from xuehui.rules.choices import Status

from .choices import PlanStatus, TaskStatus
from .models import PlanTask, Problem, ProgressUpdate, WorkPlan


def failing_items(entry: CampaignEntry) -> list[CampaignItem]:
    """The entry's requirements the engine found failing, without a group whose part also failed.

    A failing group and its failing leaf would otherwise be the same problem twice.
    """
    items = list(
        entry.items.filter(auto_status=Status.FAIL)
        .select_related("requirement")
        .order_by("position", "id")
    )
    parents = {item.requirement.parent_key for item in items}
    return [item for item in items if item.requirement.key not in parents]


def entry_items(entry: CampaignEntry) -> QuerySet[CampaignItem]:
    """The requirements of an entry a task may address, in the framework's order."""
    return entry.items.select_related("requirement").order_by("position", "id")


def _tasks_prefetch(*, with_updates: bool) -> Prefetch:
    tasks = PlanTask.objects.order_by("position", "id").prefetch_related(
        "steps", Prefetch("items", queryset=CampaignItem.objects.select_related("requirement"))
    )
    if with_updates:
        updates = ProgressUpdate.objects.select_related("recorded_by").prefetch_related(
            Prefetch("evidence", queryset=StoredFile.objects.order_by("id"))
        )
        tasks = tasks.prefetch_related(Prefetch("updates", queryset=updates))
    return Prefetch("tasks", queryset=tasks)


def plans_detailed(*, with_updates: bool = False) -> QuerySet[WorkPlan]:
    """Plans with their campaign, society, problems, tasks, steps and addressed requirements
    (fetch one through `xuehui.access.plan_for`, which answers 404 / 403)."""
    problems = Problem.objects.select_related("item__requirement").order_by("position", "id")
    return WorkPlan.objects.select_related(
        "entry__campaign__federation", "entry__society__federation"
    ).prefetch_related(
        Prefetch("problems", queryset=problems), _tasks_prefetch(with_updates=with_updates)
    )


def plan_detail(pk, *, with_updates: bool = False) -> WorkPlan:
    """One plan, loaded as `plans_detailed` does (raises WorkPlan.DoesNotExist)."""
    return plans_detailed(with_updates=with_updates).get(pk=pk)


def campaign_plan_rows(campaign, *, today: dt.date) -> QuerySet[CampaignEntry]:
    """Every society of a campaign with its plan (or none) and its plan's task counts."""
    tasks = "work_plan__tasks"
    not_done = ~Q(**{f"{tasks}__status": TaskStatus.DONE})
    return (
        CampaignEntry.objects.filter(campaign=campaign)
        .select_related("society", "work_plan")
        .annotate(
            task_count=Count(tasks, distinct=True),
            done_count=Count(
                tasks, filter=Q(**{f"{tasks}__status": TaskStatus.DONE}), distinct=True
            ),
            overdue_count=Count(
                tasks, filter=Q(**{f"{tasks}__deadline__lt": today}) & not_done, distinct=True
            ),
        )
        .order_by("society__name", "id")
    )


def plan_status_counts(rows) -> dict[str, int]:
    """How many societies of the rows have no plan yet, and how many have one in each status."""
    counts = {"none": 0} | {status.value: 0 for status in PlanStatus}
    for row in rows:
        plan = getattr(row, "work_plan", None)
        counts[plan.status if plan else "none"] += 1
    return counts


def federation_admins(federation_ids) -> dict[int | None, list]:
    """The active 科协管理员 of each federation (those named for it, not its parents)."""
    found: dict[int | None, list] = defaultdict(list)
    assignments = (
        RoleAssignment.objects.filter(
            role=Role.FEDERATION_ADMIN,
            federation_id__in=list(federation_ids),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__username")
    )
    for assignment in assignments:
        found[assignment.federation_id].append(assignment.user)
    return found


def tasks_due_by(last: dt.date) -> QuerySet[PlanTask]:
    """Unfinished tasks of approved plans in open campaigns due on or before `last`."""
    return (
        PlanTask.objects.filter(
            plan__status=PlanStatus.APPROVED,
            plan__entry__campaign__status=CampaignStatus.OPEN,
            deadline__lte=last,
        )
        .exclude(status=TaskStatus.DONE)
        .select_related("plan__entry__society", "plan__entry__campaign")
        .order_by("deadline", "id")
    )


def problem_text(item) -> str:
    """A failing requirement as a problem: its title and the engine's explanation."""
    explanation = item.auto_explanation.strip()
    return f"{item.requirement.title}：{explanation}" if explanation else item.requirement.title
