"""The pilots' to-dos: a society asked whether it will take part, guidance to follow up, the
总结报告 before acceptance; an expert's inspection to declare and score; for the 科协, phases
and pilot tasks overdue, inspections ready for a verdict, objections to answer."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse

from xuehui.access import federations_administered, scope_for, societies_filled_in
from xuehui.todos.choices import TodoKind
from xuehui.todos.registry import Todo, register
from xuehui.workplans.choices import TaskStatus
from xuehui.workplans.models import PlanTask

from .choices import PANEL_MINIMUM, Decision, PhaseKind, ReportStatus, Willingness
from .models import (
    Candidacy,
    GuidanceNote,
    Inspection,
    Objection,
    PanelMember,
    PilotMembership,
    PilotPhase,
)

SUMMARY_AHEAD_DAYS = 60  # the 总结报告 is asked for from two months before acceptance begins


def answer_key(candidacy) -> str:
    return f"pilot-answer:{candidacy.pk}"


def guidance_key(note) -> str:
    return f"guidance:{note.pk}"


def summary_key(membership) -> str:
    return f"pilot-summary:{membership.pk}"


def score_key(member) -> str:
    return f"inspection-score:{member.pk}"


def _secretary(user, day: dt.date) -> Iterator[Todo]:
    # One query when the user's societies have nothing to do with pilots (most of them).
    societies = list(
        societies_filled_in(user)
        .filter(Q(pilot_memberships__isnull=False) | Q(pilot_candidacies__isnull=False))
        .values_list("pk", flat=True)
        .distinct()
    )
    if not societies:
        return
    asked = Candidacy.objects.filter(
        society__in=societies, decision=Decision.PENDING, willingness=Willingness.UNASKED
    ).select_related("batch__programme", "society")
    for candidacy in asked:
        yield Todo(
            key=answer_key(candidacy),
            kind=TodoKind.PILOT_ANSWER,
            title=f"{candidacy.society.name} · 是否参加{candidacy.batch}",
            url=reverse("pilots:society", args=[candidacy.society_id]),
            detail="科协征求意见，请答复是否参加",
        )
    notes = GuidanceNote.objects.filter(
        membership__society__in=societies, responded_at__isnull=True
    ).select_related("membership__society", "membership__programme")
    for note in notes:
        yield Todo(
            key=guidance_key(note),
            kind=TodoKind.GUIDANCE,
            title=f"{note.membership.society.name} · {note.membership.programme.name}",
            url=reverse("pilots:membership", args=[note.membership_id]),
            due=note.respond_by,
            detail=note.text[:60],
        )
    accepting = {
        phase.batch_id: phase
        for phase in PilotPhase.objects.filter(
            kind=PhaseKind.ACCEPT,
            batch__memberships__society__in=societies,
            starts_on__lte=day + dt.timedelta(days=SUMMARY_AHEAD_DAYS),
            completed_on__isnull=True,
        )
    }
    owing = (
        PilotMembership.objects.filter(society__in=societies, batch_id__in=list(accepting))
        .filter(Q(until__isnull=True) | Q(until__gt=day))
        .exclude(summary__status=ReportStatus.SUBMITTED)
        .select_related("society", "programme")
    )
    for membership in owing:
        yield Todo(
            key=summary_key(membership),
            kind=TodoKind.PILOT_SUMMARY,
            title=f"{membership.society.name} · {membership.programme.name}",
            url=reverse("pilots:summary", args=[membership.pk]),
            due=accepting[membership.batch_id].starts_on,
            detail="检查验收前报送试点工作总结报告",
        )


def _expert(user) -> Iterator[Todo]:
    seats = (
        PanelMember.objects.filter(expert=user, inspection__verdict="")
        .filter(Q(no_conflict__isnull=True) | Q(no_conflict=True, present=True))
        .annotate(scored=Count("scores"))
        .filter(scored=0)
        .select_related("inspection__membership__society")
    )
    for seat in seats:
        inspection = seat.inspection
        yield Todo(
            key=score_key(seat),
            kind=TodoKind.INSPECTION,
            title=f"{inspection}",
            url=reverse("pilots:inspection", args=[inspection.pk]),
            due=inspection.scheduled_on,
            detail="请作利益冲突声明" if seat.no_conflict is None else "请逐项评分",
        )


def _administrator(user, day: dt.date) -> Iterator[Todo]:
    federations = list(
        federations_administered(user)
        .filter(pilot_programmes__batches__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    if not federations:  # one query for a 科协 that runs no pilot
        return
    late_phases = (
        PilotPhase.objects.filter(
            batch__programme__federation__in=federations,
            ends_on__lt=day,
            completed_on__isnull=True,
        )
        .select_related("batch__programme")
        .order_by("ends_on")
    )
    by_batch: dict[int, list] = {}
    for phase in late_phases:
        by_batch.setdefault(phase.batch_id, []).append(phase)
    late_tasks = Counter(
        PlanTask.objects.filter(
            plan__entry__campaign__pilot_batch__programme__federation__in=federations,
            deadline__lt=day,
        )
        .exclude(status=TaskStatus.DONE)
        .values_list("plan__entry__campaign__pilot_batch", flat=True)
    )
    for batch_id in sorted(set(by_batch) | set(late_tasks)):
        phases = by_batch.get(batch_id, [])
        parts = []
        if phases:
            parts.append(f"{len(phases)}个阶段逾期未完成（{'、'.join(p.name for p in phases)}）")
        if late_tasks.get(batch_id):
            parts.append(f"{late_tasks[batch_id]}项实施方案任务逾期")
        yield Todo(
            key=f"pilot-overdue:{batch_id}",
            kind=TodoKind.PILOT_OVERDUE,
            title=str(phases[0].batch) if phases else "试点批次",
            url=reverse("pilots:batch", args=[batch_id]),
            due=phases[0].ends_on if phases else None,
            count=len(phases) + late_tasks.get(batch_id, 0),
            detail="；".join(parts),
        )
    ready = (
        Inspection.objects.filter(
            membership__programme__federation__in=federations,
            verdict="",
            held_on__isnull=False,
        )
        .annotate(
            scored=Count(
                "panel",
                filter=Q(panel__present=True, panel__no_conflict=True, panel__scores__isnull=False),
                distinct=True,
            )
        )
        .filter(scored__gte=PANEL_MINIMUM)
        .select_related("membership__society")
    )
    for inspection in ready:
        yield Todo(
            key=f"acceptance:{inspection.pk}",
            kind=TodoKind.ACCEPTANCE,
            title=str(inspection),
            url=reverse("pilots:inspection", args=[inspection.pk]),
            detail=f"{inspection.scored}位专家已评分，可形成验收结论",
        )
    objections = Objection.objects.filter(
        inspection__membership__programme__federation__in=federations,
        answered_at__isnull=True,
    ).select_related("inspection__membership__society")
    for objection in objections:
        yield Todo(
            key=f"objection:{objection.pk}",
            kind=TodoKind.OBJECTION,
            title=str(objection.inspection),
            url=reverse("pilots:inspection", args=[objection.inspection_id]),
            due=objection.inspection.publicity_until,
            detail=objection.content[:60],
        )


@register(from_records=True)
def pilot_todos(user, day: dt.date) -> Iterator[Todo]:
    scope = scope_for(user)
    if scope.edits_societies:
        yield from _secretary(user, day)
    if scope.is_expert:
        yield from _expert(user)
    if scope.is_federation_staff:
        yield from _administrator(user, day)
