"""Reads of the 信用档案: a society's record year by year — its class from each confirmed
evaluation with the period it holds, its stars with their validity, its commendations and
sanctions, its listings on the 活动异常名录 — and the 科协's list of societies listed."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Min, Q, QuerySet

from xuehui.evaluation.choices import TIER_LABELS, Stage
from xuehui.evaluation.models import Evaluation, EvaluationResult, StarRating
from xuehui.reports.models import AnnualReport
from xuehui.reports.selectors import lateness, report_years, setting_for
from xuehui.societies.models import Society

from .models import Commendation, Listing, Sanction


@dataclass(frozen=True)
class Standing:
    """The class a confirmed evaluation gave, and the period it holds: from its confirmation
    to the confirmation of the 科协's next evaluation (open while there is none)."""

    year: int
    tier: str
    score: object
    rank: int
    valid_from: dt.date | None
    valid_until: dt.date | None

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, "未分类")


@dataclass(frozen=True)
class ReportLine:
    """The state of the year's 年度工作报告 on the day: its status, and why it is on the
    未按时报送 list if it is (逾期未报送, 逾期报送, 退回后逾期未改正)."""

    status: str  # the status's label, or 未报送
    lateness: str
    accepted: bool
    due_on: dt.date


@dataclass
class CreditYear:
    """One year of a society's credit record."""

    year: int
    report: ReportLine | None = None
    standing: Standing | None = None
    publicity: bool = False  # the year's result is in its 公示 period, not yet final
    stars: list[StarRating] = field(default_factory=list)
    commendations: list[Commendation] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)


@dataclass
class CreditRecord:
    society: Society
    years: list[CreditYear]
    listed: list[Listing]  # listings open on the day
    commendations: list[Commendation]
    sanctions: list[Sanction]
    listings: list[Listing]


def _standings(society: Society) -> tuple[dict[int, Standing], set[int]]:
    confirmed = list(
        Evaluation.objects.filter(
            scheme__federation_id=society.federation_id, stage=Stage.CONFIRMED
        ).values_list("scheme__year", "confirmed_at")
    )
    starts = sorted((at.date(), year) for year, at in confirmed if at is not None)
    ends = {year: (nxt - dt.timedelta(days=1)) for (_, year), (nxt, _) in pairwise(starts)}
    begun = {year: start for start, year in starts}
    found, publicity = {}, set()
    rows = EvaluationResult.objects.filter(
        society=society, evaluation__stage__in=[Stage.PUBLICITY, Stage.CONFIRMED]
    ).values_list("evaluation__scheme__year", "evaluation__stage", "tier", "score", "rank")
    for year, stage, tier, score, rank in rows:
        if stage == Stage.PUBLICITY:
            publicity.add(year)
            continue
        found[year] = Standing(year, tier, score, rank, begun.get(year), ends.get(year))
    return found, publicity


def _reports(society: Society, on: dt.date) -> dict[int, ReportLine]:
    """The annual report of each year the society owes one for (up to the year being filed)."""
    setting = setting_for(society.federation)
    reports = {r.year: r for r in AnnualReport.objects.filter(society=society)}
    # Reports are owed on the platform from the first year its 科协 collected any here: the
    # years before that were filed on paper, and their absence here says nothing.
    first = AnnualReport.objects.filter(society__federation_id=society.federation_id).aggregate(
        first=Min("year")
    )["first"]
    found = {}
    for year in report_years(society, on):
        due_on = setting.due_for(year)
        report = reports.get(year)
        if year >= on.year or (report is None and (first is None or year < first)):
            continue  # not owed yet, or owed before the platform took reports
        late = lateness(report, due_on, on)
        found[year] = ReportLine(
            status=report.get_status_display() if report else "未报送",
            lateness=late.label if late else "",
            accepted=report is not None and report.is_frozen,
            due_on=due_on,
        )
    return found


def record_of(society: Society, on: dt.date) -> CreditRecord:
    """The society's credit record, newest year first. Eleven queries."""
    standings, publicity = _standings(society)
    commendations = list(Commendation.objects.filter(society=society))
    sanctions = list(Sanction.objects.filter(society=society))
    listings = list(Listing.objects.filter(society=society))
    ratings = list(StarRating.objects.filter(society=society).order_by("-valid_from"))
    years: dict[int, CreditYear] = {}

    def year(number: int) -> CreditYear:
        return years.setdefault(number, CreditYear(number))

    for number, line in _reports(society, on).items():
        year(number).report = line
    for number, standing in standings.items():
        year(number).standing = standing
    for number in publicity:
        year(number).publicity = True
    for rating in ratings:
        year(rating.valid_from.year).stars.append(rating)
    for entry in commendations:
        year(entry.awarded_on.year).commendations.append(entry)
    for sanction in sanctions:
        year(sanction.issued_on.year).sanctions.append(sanction)
    for listing in listings:
        last = (listing.removed_on or on).year
        for number in range(listing.listed_on.year, max(last, listing.listed_on.year) + 1):
            year(number).listings.append(listing)
    return CreditRecord(
        society=society,
        years=[years[n] for n in sorted(years, reverse=True)],
        listed=[listing for listing in listings if listing.is_listed_on(on)],
        commendations=commendations,
        sanctions=sanctions,
        listings=listings,
    )


def listings_of(federation_ids, *, on: dt.date, current: bool = True) -> QuerySet[Listing]:
    """The listings of the 科协's societies: those open on `on`, or all."""
    rows = Listing.objects.filter(society__federation_id__in=federation_ids)
    if current:
        rows = rows.filter(listed_on__lte=on).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gt=on)
        )
    return rows.select_related("society", "society__federation").order_by("-listed_on", "id")


def listed_society_ids(society_ids, on: dt.date) -> dict[int, list[Listing]]:
    """Open listings on `on` by society, for pages that flag listed societies (one query)."""
    found: dict[int, list[Listing]] = defaultdict(list)
    rows = Listing.objects.filter(society_id__in=list(society_ids), listed_on__lte=on).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=on)
    )
    for listing in rows:
        found[listing.society_id].append(listing)
    return found
