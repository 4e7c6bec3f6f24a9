"""Reads of the public portal. Everything here is what an anonymous visitor may see: each
function filters by the 科协's disclosure policy and by publication (an evaluation in 公示 or
confirmed, an acceptance result in 公示 or published, a published typical case), and returns
plain values (names and posts, never a person's record). Query counts do not grow with the
number of societies."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from xuehui.evaluation.choices import Stage
from xuehui.evaluation.models import Evaluation, EvaluationResult, StarRating
from xuehui.lib.meta import field_label
from xuehui.pilots.choices import AcceptanceVerdict
from xuehui.pilots.models import Inspection, TypicalCase
from xuehui.reports.choices import ReportStatus
from xuehui.reports.models import AnnualReport
from xuehui.societies.choices import DisciplineCategory, SocietyStatus
from xuehui.societies.models import Federation, Society

from .choices import DisclosureItem
from .models import DisclosurePolicy, Feedback

PUBLISHED_STAGES = (Stage.PUBLICITY, Stage.CONFIRMED)
PUBLIC_VERDICTS = (AcceptanceVerdict.PASS, AcceptanceVerdict.FAIL)


# ---------------------------------------------------------------- the policy


def policy_of(federation: Federation) -> DisclosurePolicy:
    """The 科协's policy, or the documented defaults when none is saved: the portal open with
    every item public (issue 15 §2's defaults; personal data is never an item)."""
    found = DisclosurePolicy.objects.filter(federation=federation).first()
    return found or DisclosurePolicy(federation=federation)


def open_federations() -> QuerySet[Federation]:
    """Active 科协 that have not closed their portal (a 科协 with no saved policy is open)."""
    return (
        Federation.objects.filter(is_active=True)
        .exclude(disclosure_policy__is_open=False)
        .order_by("pk")
    )


def public_federation(code: str) -> tuple[Federation, DisclosurePolicy]:
    """The 科协 of `code` if its portal is open, else 404 (no detail)."""
    federation = open_federations().filter(code=code).first()
    if federation is None:
        raise Http404()
    return federation, policy_of(federation)


def public_societies(federation: Federation) -> QuerySet[Society]:
    return Society.objects.filter(federation=federation).exclude(status=SocietyStatus.DEREGISTERED)


def public_society(federation: Federation, pk) -> Society:
    society = public_societies(federation).filter(pk=pk).first() if str(pk).isdigit() else None
    if society is None:
        raise Http404()
    return society


# ---------------------------------------------------------------- the directory


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    category: str = ""
    tier: str = ""


def _confirmed_results() -> QuerySet[EvaluationResult]:
    return EvaluationResult.objects.filter(
        society=OuterRef("pk"), evaluation__stage=Stage.CONFIRMED
    ).order_by("-evaluation__scheme__year", "-evaluation__confirmed_at")


def _current_stars(day: dt.date) -> QuerySet[StarRating]:
    return StarRating.objects.filter(
        society=OuterRef("pk"),
        evaluation__stage=Stage.CONFIRMED,
        valid_from__lte=day,
        valid_until__gte=day,
    ).order_by("-valid_from")


def search_q(text: str) -> Q:
    """Part of the name, or its pinyin or initials (hbhj, hubeihuanjing)."""
    text = text.strip()
    q = Q(name__icontains=text)
    latin = "".join(c for c in text.lower() if c.isascii() and c.isalnum())
    if latin and latin == text.lower().replace(" ", ""):
        q |= Q(name_initials__contains=latin) | Q(name_pinyin__contains=latin)
    return q


def directory(
    federation: Federation, policy: DisclosurePolicy, filters: DirectoryFilters, day: dt.date
) -> QuerySet[Society]:
    """The 科协's societies for the public list: by pinyin, with the class of the latest
    confirmed year and the current stars when the policy publishes them. One query."""
    societies = public_societies(federation).only(
        "pk", "name", "category", "name_pinyin", "status", "federation_id"
    )
    if policy.publishes(DisclosureItem.EVALUATION):
        societies = societies.annotate(
            public_tier=Subquery(_confirmed_results().values("tier")[:1]),
            public_stars=Subquery(_current_stars(day).values("stars")[:1]),
        )
        if filters.tier:
            societies = societies.filter(public_tier=filters.tier)
    if filters.q:
        societies = societies.filter(search_q(filters.q))
    if filters.category in DisciplineCategory.values:
        societies = societies.filter(category=filters.category)
    return societies.order_by("name_pinyin", "name", "pk")


# ---------------------------------------------------------------- notices and results


@dataclass(frozen=True)
class ResultRow:
    society: Society
    score: object
    rank: int
    tier: str
    stars: int | None


@dataclass(frozen=True)
class EvaluationNotice:
    evaluation: Evaluation
    rows: list[ResultRow]

    @property
    def in_publicity(self) -> bool:
        return self.evaluation.stage == Stage.PUBLICITY


def _result_rows(results) -> list[ResultRow]:
    return [ResultRow(r.society, r.score, r.rank, r.get_tier_display(), r.stars) for r in results]


def evaluation_notices(
    federation: Federation, policy: DisclosurePolicy, stage: str
) -> list[EvaluationNotice]:
    """The 科协's evaluations in `stage` (公示 or confirmed) with their results. Two queries."""
    if not policy.publishes(DisclosureItem.EVALUATION) or stage not in PUBLISHED_STAGES:
        return []
    evaluations = list(
        Evaluation.objects.filter(scheme__federation=federation, stage=stage)
        .select_related("scheme")
        .order_by("-scheme__year", "-pk")
    )
    results = (
        EvaluationResult.objects.filter(
            evaluation__in=evaluations, society__in=public_societies(federation)
        )
        .select_related("society")
        .order_by("rank", "society__name_pinyin")
    )
    by_evaluation: dict[int, list] = {}
    for result in results:
        by_evaluation.setdefault(result.evaluation_id, []).append(result)
    return [EvaluationNotice(e, _result_rows(by_evaluation.get(e.pk, []))) for e in evaluations]


def _public_inspections(federation: Federation) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(
            membership__programme__federation=federation,
            membership__society__in=public_societies(federation),
            verdict__in=PUBLIC_VERDICTS,
            publicity_from__isnull=False,
            publicity_until__isnull=False,
        )
        .select_related("membership__society", "membership__programme", "membership__batch")
        .order_by("-publicity_from", "-pk")
    )


def pilot_notices(federation: Federation, policy: DisclosurePolicy) -> list[Inspection]:
    """Acceptance results in 公示 (not yet published), with their periods."""
    if not policy.publishes(DisclosureItem.PILOT_RESULTS):
        return []
    return list(_public_inspections(federation).filter(published_at__isnull=True))


def pilot_results(federation: Federation, policy: DisclosurePolicy) -> list[Inspection]:
    """Acceptance results published after their 公示."""
    if not policy.publishes(DisclosureItem.PILOT_RESULTS):
        return []
    return list(_public_inspections(federation).filter(published_at__isnull=False))


def typical_cases(federation: Federation, policy: DisclosurePolicy) -> list[TypicalCase]:
    if not policy.publishes(DisclosureItem.TYPICAL_CASES):
        return []
    return list(
        TypicalCase.objects.filter(
            batch__programme__federation=federation,
            society__in=public_societies(federation),
            published_at__isnull=False,
        )
        .select_related("society", "batch__programme")
        .order_by("-published_at", "-pk")
    )


# ---------------------------------------------------------------- the inbox


def inbox(queryset: QuerySet[Feedback], status: str = "") -> QuerySet[Feedback]:
    rows = queryset.select_related("society__federation", "assignee")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-submitted_at", "-pk")


def public_report(society: Society, year: int) -> dict:
    """The accepted report of `year` (404 for any other): its frozen sections, figure labels
    and values only, and the narrative."""
    report = AnnualReport.objects.filter(
        society=society, year=year, status=ReportStatus.ACCEPTED, frozen_figures__isnull=False
    ).first()
    if report is None:
        raise Http404
    sections = [
        {
            "title": section.get("title", ""),
            "figures": [
                {"label": f["label"], "value": f["value"], "unit": f.get("unit", "")}
                for f in section.get("figures", [])
            ],
        }
        for section in (report.frozen_figures or {}).get("sections", [])
    ]
    narrative = [
        (field_label(AnnualReport, name), getattr(report, name))
        for name in ("work_summary", "governance_note", "finance_note", "next_year_plan")
    ]
    accepted_on = report.accepted_at.date() if report.accepted_at else None
    return {
        "society": society, "year": year, "sections": sections, "narrative": narrative,
        "accepted_on": accepted_on,
    }  # fmt: skip
