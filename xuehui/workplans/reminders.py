"""Deadline reminders: what is due on a day, and sending it once.

For every open campaign, its four deadlines (work plan, self-assessment, expert review,
rectification) and, for approved plans, every unfinished task's deadline. A deadline is
"near" 7 days and 1 day before (the nearest stage only, so a late first run does not send
both) and "passed" from the day after. Each reminder goes only to those who still owe the
work — the society's secretaries, the assigned experts — and, once a deadline has passed,
one summary to the 科协 administrators of the campaign's federation. Every reminder has a
dedupe key naming the object, the deadline date and the stage, so running this every hour
sends each one once, and moving a deadline sends fresh reminders for the new date.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.urls import reverse

from xuehui.access import require_administers
from xuehui.accounts.selectors import secretaries_of
from xuehui.audit.services import audit_record
from xuehui.campaigns.choices import OWED_UNTIL, CampaignStatus
from xuehui.campaigns.models import Campaign, CampaignEntry, ExpertAssignment
from xuehui.campaigns.todos import rectify_key, review_campaign_key, self_assess_key
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.services import notification_send

from .choices import EDITABLE_STATUSES
from .models import PlanTask, WorkPlan
from .selectors import federation_admins, tasks_due_by
from .todos import plan_submit_key, task_key

NEAR_DAYS = (1, 7)  # ascending: the nearest stage that applies is the one sent
PASSED = "passed"


def stage_of(deadline: dt.date, day: dt.date) -> str | None:
    """ "passed", "near1", "near7" or None (nothing due on `day` for this deadline)."""
    days_left = (deadline - day).days
    if days_left < 0:
        return PASSED
    for threshold in NEAR_DAYS:
        if days_left <= threshold:
            return f"near{threshold}"
    return None


def _when(deadline: dt.date, day: dt.date) -> str:
    days_left = (deadline - day).days
    if days_left < 0:
        return f"已于{deadline:%Y-%m-%d}截止"
    if days_left == 0:
        return f"今天（{deadline:%Y-%m-%d}）截止"
    return f"将于{deadline:%Y-%m-%d}截止（还有{days_left}天）"


@dataclass(frozen=True)
class Reminder:
    """One notification to send, with the summary line it counts under."""

    category: str
    user: object
    kind: str
    title: str
    body: str
    url: str
    dedupe_key: str
    todo_key: str = ""


class Audience(StrEnum):
    """Who owes the work a deadline is for."""

    SECRETARIES = "secretaries"
    EXPERTS = "experts"


@dataclass(frozen=True)
class CampaignDeadline:
    """One of a campaign's deadlines: what is owed, by whom, and who has not done it yet."""

    key: str
    field: str
    label: str
    audience: Audience
    pending: Callable[[CampaignEntry], bool]
    page: str  # where a secretary does the work (a URL name taking the entry's pk)
    todo: Callable[[int], str] | None = None  # the to-do a reminder is about (by entry pk)


def _plan_pending(entry: CampaignEntry) -> bool:
    plan = getattr(entry, "work_plan", None)
    return plan is None or plan.status in EDITABLE_STATUSES


DEADLINES = (
    CampaignDeadline(
        "plan",
        "plan_deadline",
        "改革工作方案",
        Audience.SECRETARIES,
        _plan_pending,
        "workplans:plan",
        plan_submit_key,
    ),
    CampaignDeadline(
        "self_assessment",
        "self_assessment_deadline",
        "自评",
        Audience.SECRETARIES,
        lambda entry: entry.state in OWED_UNTIL["self_assessment_deadline"],
        "campaigns:entry",
        self_assess_key,
    ),
    CampaignDeadline(
        "review",
        "review_deadline",
        "专家评审",
        Audience.EXPERTS,
        lambda entry: entry.state in OWED_UNTIL["review_deadline"],
        "",  # experts are sent to their review queue
    ),
    CampaignDeadline(
        "rectification",
        "rectification_deadline",
        "整改",
        Audience.SECRETARIES,
        lambda entry: entry.state in OWED_UNTIL["rectification_deadline"],
        "campaigns:entry",
        rectify_key,
    ),
)


def _category(label: str, stage: str) -> str:
    return f"{label}{'已逾期' if stage == PASSED else '截止临近'}"


def _kind(stage: str) -> str:
    return NotificationKind.DEADLINE_PASSED if stage == PASSED else NotificationKind.DEADLINE_NEAR


class _Audience:
    """The people reminders go to, fetched once per run."""

    def __init__(self, campaigns: list[Campaign], entries: list[CampaignEntry]):
        self.secretaries = secretaries_of({entry.society_id for entry in entries})
        self.admins = federation_admins({campaign.federation_id for campaign in campaigns})
        self.experts: dict[int, list[tuple[object, int | None]]] = defaultdict(list)
        assignments = ExpertAssignment.objects.filter(
            campaign__in=campaigns, expert__is_active=True
        ).select_related("expert")
        for assignment in assignments.order_by("expert__username", "id"):
            self.experts[assignment.campaign_id].append((assignment.expert, assignment.society_id))

    def experts_for(self, entry: CampaignEntry) -> list:
        return [
            expert
            for expert, society_id in self.experts[entry.campaign_id]
            if society_id in (None, entry.society_id)
        ]


def _secretary_reminders(deadline_kind, stage, deadline, day, entries, audience):
    for entry in entries:
        campaign, society = entry.campaign, entry.society
        title = f"{deadline_kind.label}{_when(deadline, day)}：{campaign.name}"
        body = f"{society.name}在“{campaign.name}”中的{deadline_kind.label}{_when(deadline, day)}，请尽快完成。"
        for user in audience.secretaries.get(entry.society_id, []):
            yield Reminder(
                _category(deadline_kind.label, stage),
                user,
                _kind(stage),
                title,
                body,
                reverse(deadline_kind.page, args=[entry.pk]),
                f"campaign-{deadline_kind.key}-{stage}:{entry.pk}:{deadline:%Y-%m-%d}",
                deadline_kind.todo(entry.pk) if deadline_kind.todo else "",
            )


def _expert_reminders(deadline_kind, stage, deadline, day, entries, audience):
    owed: dict = defaultdict(list)
    for entry in entries:
        for expert in audience.experts_for(entry):
            owed[expert].append(entry)
    for expert, expert_entries in owed.items():
        campaign = expert_entries[0].campaign
        names = "、".join(entry.society.name for entry in expert_entries[:5])
        more = f"等{len(expert_entries)}个学会" if len(expert_entries) > 5 else ""
        yield Reminder(
            _category(deadline_kind.label, stage),
            expert,
            _kind(stage),
            f"专家评审{_when(deadline, day)}：{campaign.name}",
            f"您负责评审的{names}{more}尚未完成评审，“{campaign.name}”的专家评审{_when(deadline, day)}。",
            reverse("campaigns:queue"),
            f"campaign-review-{stage}:{campaign.pk}:{expert.pk}:{deadline:%Y-%m-%d}",
            review_campaign_key(campaign.pk),
        )


def _admin_summary(deadline_kind, deadline, campaign, entries, audience):
    names = "、".join(entry.society.name for entry in entries[:10])
    more = f"等{len(entries)}个学会" if len(entries) > 10 else f"共{len(entries)}个学会"
    for user in audience.admins.get(campaign.federation_id, []):
        yield Reminder(
            "逾期汇总（科协）",
            user,
            NotificationKind.DEADLINE_PASSED,
            f"{deadline_kind.label}已逾期：{campaign.name}",
            f"“{campaign.name}”的{deadline_kind.label}已于{deadline:%Y-%m-%d}截止，"
            f"{names}{more}尚未完成。",
            reverse("campaigns:detail", args=[campaign.pk]),
            f"campaign-{deadline_kind.key}-overdue-summary:{campaign.pk}:{deadline:%Y-%m-%d}",
        )


def _open_entries(only: Campaign | None = None) -> tuple[list[Campaign], list[CampaignEntry]]:
    """The open campaigns (or `only` that one) and their entries, each with its plan."""
    open_ = Campaign.objects.filter(status=CampaignStatus.OPEN).select_related("federation")
    campaigns = list(open_.filter(pk=only.pk) if only is not None else open_)
    entries = list(
        CampaignEntry.objects.filter(campaign__in=campaigns)
        .select_related("campaign", "society")
        .order_by("campaign_id", "society__name", "id")
    )
    plans = {plan.entry_id: plan for plan in WorkPlan.objects.filter(entry__in=entries)}
    for entry in entries:
        # The reverse one-to-one, filled from one query rather than one per entry.
        entry._state.fields_cache["work_plan"] = plans.get(entry.pk)
    return campaigns, entries


def _campaign_reminders(day: dt.date, campaigns, entries, audience) -> Iterator[Reminder]:
    by_campaign = defaultdict(list)
    for entry in entries:
        by_campaign[entry.campaign_id].append(entry)
    for campaign in campaigns:
        for deadline_kind in DEADLINES:
            deadline = getattr(campaign, deadline_kind.field)
            stage = stage_of(deadline, day)
            pending = [e for e in by_campaign[campaign.pk] if deadline_kind.pending(e)]
            if stage is None or not pending:
                continue
            send = (
                _expert_reminders
                if deadline_kind.audience == Audience.EXPERTS
                else _secretary_reminders
            )
            yield from send(deadline_kind, stage, deadline, day, pending, audience)
            if stage == PASSED:
                yield from _admin_summary(deadline_kind, deadline, campaign, pending, audience)


def _task_reminders(day: dt.date, audience) -> Iterator[Reminder]:
    """Unfinished tasks of approved plans: near to their secretaries, passed also to the 科协."""
    tasks = list(tasks_due_by(day + dt.timedelta(days=max(NEAR_DAYS))))
    overdue_by_deadline: dict = defaultdict(list)
    secretaries = secretaries_of({task.plan.entry.society_id for task in tasks})
    for task in tasks:
        stage = stage_of(task.deadline, day)
        if stage is None:
            continue
        yield from _task_reminders_of(task, stage, day, secretaries)
        if stage == PASSED:
            overdue_by_deadline[(task.plan.entry.campaign, task.deadline)].append(task)
    for (campaign, deadline), late in overdue_by_deadline.items():
        yield from _task_summary(campaign, deadline, late, audience)


def _task_reminders_of(task: PlanTask, stage: str, day: dt.date, secretaries):
    entry = task.plan.entry
    for user in secretaries.get(entry.society_id, []):
        yield Reminder(
            "工作方案任务已逾期" if stage == PASSED else "工作方案任务到期临近",
            user,
            _kind(stage),
            f"任务{_when(task.deadline, day)}：{task.title}",
            f"{entry.society.name}改革工作方案中的任务“{task.title}”（责任人：{task.responsible}）"
            f"{_when(task.deadline, day)}，目前进展：{task.get_status_display()} {task.percent}%。",
            reverse("workplans:progress", args=[task.pk]),
            f"plan-task-{stage}:{task.pk}:{task.deadline:%Y-%m-%d}",
            task_key(task.pk),
        )


def _task_summary(campaign, deadline, tasks, audience):
    lines = "；".join(f"{t.plan.entry.society.name}：{t.title}" for t in tasks[:10])
    more = f"等{len(tasks)}项" if len(tasks) > 10 else f"共{len(tasks)}项"
    for user in audience.admins.get(campaign.federation_id, []):
        yield Reminder(
            "逾期汇总（科协）",
            user,
            NotificationKind.DEADLINE_PASSED,
            f"改革工作方案任务逾期：{campaign.name}",
            f"以下任务已于{deadline:%Y-%m-%d}到期仍未完成（{more}）：{lines}",
            reverse("workplans:campaign", args=[campaign.pk]),
            f"plan-tasks-overdue-summary:{campaign.pk}:{deadline:%Y-%m-%d}",
        )


def reminders_due(day: dt.date) -> list[Reminder]:
    """Every reminder due on `day` (whether or not it was sent before)."""
    campaigns, entries = _open_entries()
    audience = _Audience(campaigns, entries)
    return [
        *_campaign_reminders(day, campaigns, entries, audience),
        *_task_reminders(day, audience),
    ]


def reminders_send(*, day: dt.date) -> Counter:
    """Send what is due on `day` and not sent before; the count of new ones per category."""
    return _send(reminders_due(day))


def _send(reminders: list[Reminder]) -> Counter:
    sent: Counter = Counter()
    for reminder in reminders:
        notification = notification_send(
            user=reminder.user,
            kind=reminder.kind,
            title=reminder.title[:200],
            body=reminder.body,
            url=reminder.url,
            dedupe_key=reminder.dedupe_key[:200],
            todo_key=reminder.todo_key,
        )
        if notification is not None:
            sent[reminder.category] += 1
    return sent


def urgings_due(campaign: Campaign, day: dt.date) -> list[Reminder]:
    """催办: for each of the campaign's deadlines, everyone who still owes its work (whatever
    the day: before the deadline, on it or after), once per day and deadline."""
    entries = _open_entries(campaign)[1]
    audience = _Audience([campaign], entries)
    urgings = []
    for deadline_kind in DEADLINES:
        deadline = getattr(campaign, deadline_kind.field)
        pending = [e for e in entries if deadline_kind.pending(e)]
        if not pending:
            continue
        stage = PASSED if deadline < day else "near"
        send = (
            _expert_reminders
            if deadline_kind.audience == Audience.EXPERTS
            else _secretary_reminders
        )
        for reminder in send(deadline_kind, stage, deadline, day, pending, audience):
            urgings.append(
                replace(
                    reminder,
                    category=f"催办：{deadline_kind.label}",
                    title=f"【催办】{reminder.title}",
                    dedupe_key=f"urge:{day:%Y-%m-%d}:{reminder.dedupe_key}",
                )
            )
    return urgings


def urgings_send(*, campaign: Campaign, day: dt.date, actor) -> Counter:
    """Send the 催办 of `campaign` to those who owe work; once per person, deadline and day."""
    require_administers(actor, campaign.federation_id)
    if not campaign.is_open:
        raise ValidationError("本次工作不在进行中，不能催办。")
    sent = _send(urgings_due(campaign, day))
    audit_record(
        actor=actor,
        action="campaign_urge",
        target=campaign,
        summary=f"催办「{campaign.name}」：发送{sum(sent.values())}条",
        detail=dict(sent),
    )
    return sent


__all__ = [
    "DEADLINES",
    "NEAR_DAYS",
    "Reminder",
    "reminders_due",
    "reminders_send",
    "stage_of",
    "urgings_due",
    "urgings_send",
]
