"""Reads for the 工作台: a federation's overview, its campaigns' progress and a secretary's own
societies."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from xuehui.access import campaigns_visible, scope_for, societies_filled_in, societies_visible
from xuehui.campaigns.choices import FINAL_STATES, CampaignStatus, State
from xuehui.campaigns.models import Campaign, CampaignEntry
from xuehui.governance.models import Position
from xuehui.governance.selectors import term_figures
from xuehui.societies.choices import DisciplineCategory, SocietyStatus
from xuehui.societies.selectors import overdue_q, with_current_term
from xuehui.workplans.choices import PlanStatus
from xuehui.workplans.models import WorkPlan

ATTENTION_LIMIT = 10  # societies listed per warning; the rest are one click away in the list


@dataclass
class CategoryRow:
    label: str
    category: str
    by_status: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.by_status)


@dataclass
class Overview:
    """What a federation's administrator or leader sees first."""

    total: int
    rows: list[CategoryRow]
    status_totals: list
    overdue: list
    overdue_count: int
    missing: list
    missing_count: int
    synthetic: bool  # some of the societies are the demo's invented data


def _category_rows(grouped: list) -> tuple[list[CategoryRow], list]:
    counts = {(row["category"], row["status"]): row["n"] for row in grouped}
    categories = [*DisciplineCategory.choices, ("", "未分类")]
    rows = []
    for value, label in categories:
        row = CategoryRow(label=label, category=value)
        row.by_status = [(status, counts.get((value, status), 0)) for status in SocietyStatus]
        if value or row.total:  # 未分类 only when some society lacks a category
            rows.append(row)
    totals = [
        (status.value, status.label, sum(n for (_, s), n in counts.items() if s == status))
        for status in SocietyStatus
    ]
    return rows, totals


def federation_overview(user, day: dt.date) -> Overview:
    """Counts by category and status, overdue terms and societies with no current term, in
    three queries (the counts of both lists and of demo societies ride on the grouping)."""
    annotated = with_current_term(societies_visible(user).select_related("federation"), day)
    no_term = Q(current_term_id__isnull=True)
    grouped = list(
        annotated.order_by()
        .values("category", "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=overdue_q(day)),
            missing=Count("pk", filter=no_term),
            synthetic=Count("pk", filter=Q(is_synthetic=True)),
        )
    )
    rows, totals = _category_rows(grouped)
    overdue = annotated.filter(overdue_q(day)).order_by("current_term_end", "name", "pk")
    missing = annotated.filter(no_term).order_by("name", "pk")
    return Overview(
        total=sum(n for _, _, n in totals),
        rows=rows,
        status_totals=totals,
        overdue=list(overdue[:ATTENTION_LIMIT]),
        overdue_count=sum(row["overdue"] for row in grouped),
        missing=list(missing[:ATTENTION_LIMIT]),
        missing_count=sum(row["missing"] for row in grouped),
        synthetic=any(row["synthetic"] for row in grouped),
    )


def own_societies(user, day: dt.date) -> list:
    """The societies a 学会填报员 fills in for, with their current term and its council's
    figures (`society.figures`, None without a current term), in two queries."""
    if not scope_for(user).edits_societies:
        return []
    societies = societies_filled_in(user)
    found = list(with_current_term(societies.select_related("federation"), day).order_by("name"))
    term_ids = [s.current_term_id for s in found if s.current_term_id]
    by_term: dict = {term_id: [] for term_id in term_ids}
    for position in Position.objects.filter(term_id__in=term_ids).select_related("person", "term"):
        by_term[position.term_id].append(position)
    for society in found:
        posts = by_term.get(society.current_term_id)
        # An attribute for the template, not a model field: set by name so mypy knows it is
        # deliberate (Society declares no `figures`).
        figures = term_figures(posts[0].term, posts, day) if posts else None
        setattr(society, "figures", figures)  # noqa: B010 -- not a declared attribute
    return found


CAMPAIGNS_SHOWN = 6  # the open campaigns and this year's closed ones, newest first


@dataclass
class CampaignSummary:
    """One campaign's progress for the 工作台: societies by state, decided, passed, plans."""

    campaign: Campaign
    by_state: dict
    plans: dict

    @property
    def societies(self) -> int:
        return sum(self.by_state.values())

    @property
    def final(self) -> int:
        return sum(self.by_state.get(state, 0) for state in FINAL_STATES)

    @property
    def passed(self) -> int:
        return self.by_state.get(State.PASSED, 0)

    @property
    def pass_rate(self) -> int | None:
        """Of the societies with a conclusion, the share that passed (None before any)."""
        return round(100 * self.passed / self.final) if self.final else None

    @property
    def percent_final(self) -> int:
        return round(100 * self.final / self.societies) if self.societies else 0

    @property
    def plans_approved(self) -> int:
        return self.plans.get(PlanStatus.APPROVED, 0)


def campaign_summaries(user, day: dt.date) -> list[CampaignSummary]:
    """The open campaigns the user can see and those closed this year, in three queries."""
    campaigns = list(
        campaigns_visible(user)
        .filter(
            Q(status=CampaignStatus.OPEN)
            | Q(status=CampaignStatus.CLOSED, closed_at__year=day.year)
        )
        .order_by("-launched_at", "-pk")[:CAMPAIGNS_SHOWN]
    )
    by_state = _counts_by_campaign(
        CampaignEntry.objects.filter(campaign__in=campaigns), "campaign_id", "state"
    )
    plans = _counts_by_campaign(
        WorkPlan.objects.filter(entry__campaign__in=campaigns), "entry__campaign_id", "status"
    )
    return [CampaignSummary(c, by_state[c.pk], plans[c.pk]) for c in campaigns]


def _counts_by_campaign(rows: QuerySet, campaign: str, value: str) -> dict[int, dict]:
    """{campaign id: {value: count}} in one grouped query."""
    found: dict[int, dict] = defaultdict(dict)
    grouped = rows.values_list(campaign, value).annotate(n=Count("pk")).order_by()
    for campaign_id, key, n in grouped:
        found[campaign_id][key] = n
    return found


def campaign_chart(summaries: list[CampaignSummary]) -> dict:
    """The stacked bar of societies by state per campaign, for ECharts."""
    return {
        "campaigns": [s.campaign.name for s in summaries],
        "series": [
            {"label": state.label, "data": [s.by_state.get(state.value, 0) for s in summaries]}
            for state in State
        ],
    }


def shows_demo_data(user) -> bool:
    """Whether any society the user can open is the demo's invented data (the banner says so)."""
    return societies_visible(user).filter(is_synthetic=True).exists()
