"""Reads of pilot programmes for the pages: programmes, batches, readiness of candidates."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from xuehui.access import federation_subtrees, societies_visible
from xuehui.access import programmes_visible as access_programmes
from xuehui.accounts.choices import Role
from xuehui.accounts.models import User
from xuehui.campaigns.models import CampaignEntry
from xuehui.rules.choices import NOT_COUNTED, Addressee, Status
from xuehui.rules.engine import Result, evaluate
from xuehui.rules.facts import gather
from xuehui.rules.selectors import evaluate_societies, spec_of
from xuehui.rules.spec import FrameworkSpec, Requirement
from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Society
from xuehui.workplans.choices import TaskStatus
from xuehui.workplans.models import WorkPlan

from .choices import PANEL_MINIMUM, AcceptanceVerdict
from .models import PilotBatch, PilotMembership, PilotProgramme, StandardScore, SummaryReport
from .scoring import equal_shares, panel_score, verdict_for, verdict_reason


def programmes_visible(user):
    """The programmes of the 科协 the user sees, and those a society the user sees (their own,
    for a secretary) takes part in or is asked to join, with their current member counts."""
    today = timezone.localdate()
    current = Q(memberships__since__lte=today) & (
        Q(memberships__until__isnull=True) | Q(memberships__until__gt=today)
    )
    return (
        PilotProgramme.objects.filter(pk__in=access_programmes(user).values("pk"))
        .select_related("federation", "framework")
        .annotate(member_count=Count("memberships", filter=current, distinct=True))
        .order_by("key")
    )


def memberships_visible(user, programme):
    return (
        PilotMembership.objects.filter(programme=programme, society__in=societies_visible(user))
        .select_related("society__federation", "batch")
        .order_by("society__name", "since")
    )


def memberships_of(society):
    return (
        PilotMembership.objects.filter(society=society)
        .select_related("programme__framework", "batch")
        .order_by("-since")
    )


def programmes_open_to(society):
    """Programmes of the society's 科协 or of a 科协 above it."""
    ids, federation = [], society.federation
    while federation is not None:
        ids.append(federation.pk)
        federation = federation.parent
    return PilotProgramme.objects.filter(federation_id__in=ids).order_by("key")


# ---- standards and readiness ------------------------------------------------------------------


def programme_spec(programme) -> FrameworkSpec:
    return spec_of(programme.framework.current_version)


def standards(programme, spec: FrameworkSpec | None = None) -> list[Requirement]:
    """The pilot standards: the society's own requirements decided on their own, under the
    programme's standards entry (all of the framework's when it names none), document order."""
    spec = spec or programme_spec(programme)
    root = spec.find(programme.standards_key) if programme.standards_key else None
    return [
        node
        for node in (_subtree(root) if root is not None else spec.walk())
        if not node.is_group and node.decision is not None and node.addressee == Addressee.SOCIETY
    ]


def _subtree(root: Requirement):
    yield root
    for child in root.children:
        yield from _subtree(child)


def gap_text(result: Result) -> str:
    """The explanation without the note that a non-member's result is for comparison only
    (every candidate is a non-member)."""
    note = f"{result.binding_note}："
    return result.explanation.removeprefix(note) if result.binding_note else result.explanation


# The engine decided these on the data: met, or a gap the society would have to close.
DECIDED = frozenset({Status.PASS, Status.FAIL, Status.NOT_DONE})
GAPS = frozenset({Status.FAIL, Status.NOT_DONE})


@dataclass
class Readiness:
    """How ready a society is to join a programme on a day, by the pilot standards."""

    society: Society
    results: list[Result]
    members: int | None

    @property
    def met(self) -> int:
        return sum(r.status == Status.PASS for r in self.results)

    @property
    def decided(self) -> int:
        return sum(r.status in DECIDED for r in self.results)

    @property
    def gaps(self) -> list[Result]:
        return [r for r in self.results if r.status in GAPS]

    @property
    def undecided(self) -> int:
        return sum(r.status not in DECIDED | set(NOT_COUNTED) for r in self.results)

    def as_json(self) -> dict:
        return {
            "society": {"code": self.society.uscc, "name": self.society.name},
            "met": self.met,
            "decided": self.decided,
            "gaps": [
                {
                    "requirement": r.ref,
                    "title": r.requirement.title,
                    "explanation": gap_text(r),
                }
                for r in self.gaps
            ],
        }


def members_on(programme, day: dt.date):
    """Ids of the societies in the programme on `day`."""
    current = Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gt=day))
    return PilotMembership.objects.filter(current, programme=programme).values("society_id")


def candidates(programme, day: dt.date):
    """The societies of the programme's 科协 and those below it, in operation, not in the
    programme on `day`."""
    return (
        Society.objects.filter(federation_id__in=federation_subtrees([programme.federation_id]))
        .exclude(status=SocietyStatus.DEREGISTERED)
        .exclude(pk__in=members_on(programme, day))
        .select_related("federation")
    )


def readiness(programme, day: dt.date, societies=None) -> list[Readiness]:
    """Every candidate ranked: standards met (most first), then fewest gaps, then the largest
    membership, then the name in pinyin order. The facts are gathered once for all of them."""
    spec = programme_spec(programme)
    wanted = {node.key for node in standards(programme, spec)}
    chosen = {s.pk: s for s in (candidates(programme, day) if societies is None else societies)}
    facts = gather(chosen, day, young_age=spec.young_age)
    results = evaluate(spec, facts, day)
    ranked = [
        Readiness(
            society=chosen[pk],
            results=[r for r in results[pk] if r.requirement.key in wanted],
            members=facts[pk].get("members.total"),
        )
        for pk in chosen
    ]
    ranked.sort(key=lambda r: (-r.met, len(r.gaps), -(r.members or 0), r.society.name_pinyin))
    return ranked


# ---- batches --------------------------------------------------------------------------------


def experts_for(programme):
    """Who may sit on an acceptance panel: active accounts with the 评审专家 role."""
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.EXPERT)
        .distinct()
        .order_by("full_name", "username")
    )


def points_of(batch) -> dict[str, Decimal]:
    """Each standard's points at acceptance: the batch's own, or equal shares of 100."""
    keys = [node.key for node in standards(batch.programme)]
    if batch.points and set(batch.points) == set(keys):
        return {key: Decimal(batch.points[key]) for key in keys}
    return equal_shares(keys)


def standard_label(inspection, key: str) -> str:
    node = programme_spec(inspection.membership.programme).find(key)
    return f"{node.clause} {node.title}" if node else key


def expert_totals(inspection) -> dict[int, Decimal]:
    """Panel member id → total points, for the experts present, declared free of conflict,
    who scored every standard."""
    wanted = len(points_of(inspection.membership.batch))
    rows = (
        StandardScore.objects.filter(
            member__inspection=inspection, member__present=True, member__no_conflict=True
        )
        .values("member_id")
        .annotate(total=Sum("points"), count=Count("id"))
    )
    return {row["member_id"]: row["total"] for row in rows if row["count"] == wanted}


def standards_compared(membership, start: dt.date, on: dt.date) -> list[dict]:
    """Each standard's result at the start and on `on` (for the 成效评估)."""
    programme = membership.programme
    spec = programme_spec(programme)
    nodes = standards(programme, spec)
    then = {
        r.requirement.key: r
        for r in evaluate_societies(spec, [membership.society_id], start)[membership.society_id]
    }
    now = {
        r.requirement.key: r
        for r in evaluate_societies(spec, [membership.society_id], on)[membership.society_id]
    }
    return [
        {
            "key": node.key,
            "label": f"{node.clause} {node.title}",
            "then": then[node.key].status,
            "now": now[node.key].status,
            "then_label": then[node.key].status_label,
            "now_label": now[node.key].status_label,
            "explanation": gap_text(now[node.key]),
        }
        for node in nodes
        if node.key in then and node.key in now
    ]


def batch_started_on(membership: PilotMembership) -> dt.date:
    """The day the society's pilot is measured from: the implementation's facts date, or the
    day it joined."""
    campaign = membership.batch.campaign if membership.batch is not None else None
    return max(campaign.facts_on, membership.since) if campaign is not None else membership.since


FIGURES = (
    ("staff.full_time", "专职工作人员（人）"),
    ("office.area_m2", "办公面积（平方米）"),
    ("party.organisation", "党组织"),
    ("officers.secretary_general", "秘书长"),
    ("finance.income_total", "上一年度收入合计（元）"),
    ("finance.income_sources", "上一年度收入来源"),
)


def figure_text(value) -> str:
    if value is None or value == [] or value == "":
        return "无"
    if isinstance(value, bool):
        return "有" if value else "无"
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    if isinstance(value, list):
        parts = []
        for entry in value:
            if isinstance(entry, dict) and "name" in entry:
                status = "专职" if entry.get("is_full_time") else "兼职"
                parts.append(f"{entry['name']}（{status}）")
            else:
                parts.append(str(entry))
        return "、".join(parts)
    if isinstance(value, dict) and "name" in value:
        return figure_text([value])
    return str(value)


def figures_compared(membership, on: dt.date) -> list[dict]:
    """The figures the 总结报告 opens with: each at the batch's start and on `on`."""
    start = batch_started_on(membership)
    facts = {
        day: gather([membership.society_id], day)[membership.society_id] for day in (start, on)
    }
    return [
        {
            "label": label,
            "then": figure_text(facts[start].get(name)),
            "now": figure_text(facts[on].get(name)),
        }
        for name, label in FIGURES
    ]


# ---- pages ----------------------------------------------------------------------------------


def batches_of(programme):
    today = timezone.localdate()
    current = Q(memberships__since__lte=today) & (
        Q(memberships__until__isnull=True) | Q(memberships__until__gt=today)
    )
    return (
        PilotBatch.objects.filter(programme=programme)
        .annotate(member_count=Count("memberships", filter=current, distinct=True))
        .prefetch_related("phases")
        .order_by("-year", "name")
    )


def federation_subtree_ids(programme) -> frozenset:
    return federation_subtrees([programme.federation_id])


def filter_ranked(ranked: list[Readiness], *, category="", federation=None, min_met=None):
    return [
        r
        for r in ranked
        if (not category or r.society.category == category)
        and (federation is None or r.society.federation_id == federation.pk)
        and (min_met is None or r.met >= min_met)
    ]


def batch_societies(batch):
    return Society.objects.filter(pk__in=batch.memberships.values("society_id")).order_by(
        "name_pinyin"
    )


def phase_rows(batch, day: dt.date) -> list[dict]:
    return [
        {"phase": phase, "state": phase.state_on(day), "overdue": phase.is_overdue_on(day)}
        for phase in batch.phases.order_by("position")
    ]


def timeline(batch, day: dt.date) -> dict:
    """The phases as ECharts data (a horizontal bar per phase, from its start to its end)."""
    phases = list(batch.phases.order_by("position"))
    return {
        "names": [p.name for p in phases],
        "starts": [p.starts_on.isoformat() for p in phases],
        "ends": [p.ends_on.isoformat() for p in phases],
        "states": [p.state_on(day) for p in phases],
        "today": day.isoformat(),
    }


def points_table(batch) -> list[tuple]:
    points = points_of(batch)
    return [(node, points[node.key]) for node in standards(batch.programme)]


def current_phase(batch, day: dt.date):
    phases = list(batch.phases.order_by("position"))
    running = [p for p in phases if p.starts_on <= day and not p.completed_on]
    return running[-1] if running else (phases[0] if phases else None)


def batch_rows(batch, user, day: dt.date) -> list[dict]:
    """Per pilot society the user sees: phase, plan status, tasks done, the latest 成效评估,
    the acceptance result (a fixed number of queries)."""
    memberships = list(
        batch.memberships.filter(society__in=societies_visible(user))
        .select_related("society")
        .prefetch_related("midterms", "inspections")
        .order_by("society__name_pinyin")
    )
    plans = {}
    if batch.campaign_id:
        for plan in (
            WorkPlan.objects.filter(entry__campaign_id=batch.campaign_id)
            .select_related("entry")
            .annotate(
                task_count=Count("tasks", distinct=True),
                done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE), distinct=True),
                late_count=Count(
                    "tasks",
                    filter=Q(tasks__deadline__lt=day) & ~Q(tasks__status=TaskStatus.DONE),
                    distinct=True,
                ),
            )
        ):
            plans[plan.entry.society_id] = plan
    reports = {r.membership_id: r for r in SummaryReport.objects.filter(membership__in=memberships)}
    phase = current_phase(batch, day)
    rows = []
    for membership in memberships:
        midterms = sorted(membership.midterms.all(), key=lambda m: (m.on, m.pk))
        inspections = sorted(membership.inspections.all(), key=lambda i: i.round)
        rows.append(
            {
                "membership": membership,
                "society": membership.society,
                "phase": phase.name if phase else "",
                "plan": plans.get(membership.society_id),
                "midterm": midterms[-1] if midterms else None,
                "report": reports.get(membership.pk),
                "inspection": inspections[-1] if inspections else None,
            }
        )
    return rows


def entry_of(membership):
    batch = membership.batch
    if batch is None or not batch.campaign_id:
        return None
    return CampaignEntry.objects.filter(
        campaign_id=batch.campaign_id, society_id=membership.society_id
    ).first()


def plan_of(membership):
    entry = entry_of(membership)
    return WorkPlan.objects.filter(entry=entry).first() if entry else None


def may_schedule(membership) -> bool:
    rounds = list(membership.inspections.order_by("round"))
    return not rounds or rounds[-1].verdict == AcceptanceVerdict.RECTIFY


def score_sheet(inspection, nodes, points, *, show_all: bool) -> list[dict]:
    """Per standard: its points and, when `show_all` (the 科协, or after the verdict), each
    scoring expert's points and comment."""
    scores: dict = {}
    if show_all:
        for score in StandardScore.objects.filter(member__inspection=inspection):
            scores.setdefault(score.requirement_key, {})[score.member_id] = score
    return [
        {"node": node, "points": points[node.key], "scores": scores.get(node.key, {})}
        for node in nodes
    ]


def panel_preview(inspection, totals: dict[int, Decimal] | None = None):
    """The score and verdict the panel's scores give now (None until three have scored);
    `totals`: the experts' totals when the caller has them already."""
    totals = expert_totals(inspection) if totals is None else totals
    if len(totals) < PANEL_MINIMUM:
        return None
    batch = inspection.membership.batch
    result = panel_score(totals.values())
    verdict = verdict_for(
        result.score, pass_mark=batch.pass_mark, fail_mark=batch.fail_mark, round=inspection.round
    )
    return {
        "result": result,
        "verdict": verdict,
        "verdict_label": AcceptanceVerdict(verdict).label,
        "reason": verdict_reason(
            result.score, verdict, pass_mark=batch.pass_mark, fail_mark=batch.fail_mark
        ),
    }
