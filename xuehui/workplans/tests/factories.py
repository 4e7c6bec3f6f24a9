"""Factories for work-plan tests: a campaign with societies and engine results, plans, tasks."""

import datetime as dt
import itertools

from xuehui.accounts.choices import Role
from xuehui.campaigns.choices import CampaignStatus, State
from xuehui.campaigns.models import Campaign, CampaignEntry, CampaignItem, ExpertAssignment
from xuehui.rules.choices import Status
from xuehui.rules.models import FrameworkVersion
from xuehui.rules.services import framework_load
from xuehui.rules.tests.factories import tiny_framework
from xuehui.tests.factories import make_user
from xuehui.workplans.choices import PlanStatus
from xuehui.workplans.models import PlanStep, PlanTask, Problem, WorkPlan

_seq = itertools.count(1)

DEADLINES = {
    "plan_deadline": dt.date(2025, 3, 31),
    "self_assessment_deadline": dt.date(2025, 5, 31),
    "review_deadline": dt.date(2025, 7, 31),
    "rectification_deadline": dt.date(2025, 9, 30),
}


def framework_version() -> FrameworkVersion:
    """The tiny test framework (requirements “1” automatic and “2” by document), loaded once."""
    framework_load(data=tiny_framework())
    return FrameworkVersion.objects.get(framework__key="tiny", version=1)


def make_campaign(federation, *, status=CampaignStatus.OPEN, **fields) -> Campaign:
    n = next(_seq)
    defaults = {
        "name": f"2025年学会改革评估{n}",
        "facts_on": dt.date(2025, 1, 1),
        "assessment_year": 2024,
    }
    campaign = Campaign.objects.create(
        federation=federation, status=status, **(defaults | DEADLINES | fields)
    )
    campaign.frameworks.add(framework_version())
    return campaign


def make_entry(
    campaign, society, *, statuses=(Status.FAIL, Status.NEEDS_EVIDENCE), state=State.PENDING
):
    """A society in the campaign with one item per requirement, the engine's results given."""
    entry = CampaignEntry.objects.create(campaign=campaign, society=society, state=state)
    requirements = framework_version().requirements.order_by("position")
    for position, (requirement, status) in enumerate(zip(requirements, statuses, strict=False)):
        CampaignItem.objects.create(
            entry=entry,
            requirement=requirement,
            position=position,
            auto_status=status,
            auto_explanation="理事会一线科技工作者占60%，要求不低于3/4，还需增加3名"
            if status == Status.FAIL
            else "",
            evaluated_on=campaign.facts_on,
        )
    return entry


def make_plan(entry, *, status=PlanStatus.DRAFT, tasks: int = 0, **fields) -> WorkPlan:
    plan = WorkPlan.objects.create(entry=entry, status=status, **fields)
    Problem.objects.create(plan=plan, position=1, text="理事会一线科技工作者比例不足")
    for n in range(1, tasks + 1):
        make_task(plan, title=f"任务{n}")
    return plan


def make_task(plan, *, deadline=dt.date(2025, 6, 30), steps=("调研", "起草", "审议"), **fields):
    position = plan.tasks.count() + 1
    defaults = {
        "title": f"调整理事会构成{position}",
        "target_outcome": "理事会3/4以上为一线科技工作者",
        "responsible": "秘书长 张三",
    }
    task = PlanTask.objects.create(
        plan=plan, position=position, deadline=deadline, **(defaults | fields)
    )
    PlanStep.objects.bulk_create(
        PlanStep(task=task, position=n, text=text) for n, text in enumerate(steps, start=1)
    )
    return task


def assign_expert(campaign, expert, society=None) -> ExpertAssignment:
    return ExpertAssignment.objects.create(campaign=campaign, expert=expert, society=society)


def make_viewer(federation):
    return make_user(f"viewer{next(_seq)}", role=Role.FEDERATION_VIEWER, federation=federation)
