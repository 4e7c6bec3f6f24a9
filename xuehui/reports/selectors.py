"""Reads of annual reports: a report's figures (frozen once accepted, live before), the deadline
of a society's report, and which reports are due, late or missing for a set of societies on a
date — in a constant number of queries, whatever the number of societies.

Other apps (the 工作台, the credit record's 活动异常名录) read `report_rows`, `reports_missing`
and `reports_late`; a report leaves the missing list the day it is first submitted.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from xuehui.access import federation_subtrees
from xuehui.societies.choices import SocietyStatus
from xuehui.societies.models import Federation, Society

from . import figures
from .choices import Lateness, ReportStatus
from .models import AnnualReport, ReportReview, ReportSetting


def settings_for_federations(federation_ids: Iterable[int]) -> dict[int, ReportSetting]:
    """Each federation's setting: its own, else the nearest one up the tree, else the defaults
    (an unsaved ReportSetting); two queries."""
    parents = dict(Federation.objects.values_list("pk", "parent_id"))
    own = {s.federation_id: s for s in ReportSetting.objects.all()}
    found = {}
    for pk in federation_ids:
        node: int | None = pk
        while node is not None and node not in own:
            node = parents.get(node)
        found[pk] = own[node] if node is not None else ReportSetting(federation_id=pk)
    return found


def setting_for(federation: Federation) -> ReportSetting:
    return settings_for_federations([federation.pk])[federation.pk]


def due_societies_q(year: int) -> Q:
    """Societies that owe a report for `year`: not deregistered, founded by its end."""
    founded = Q(founded_on__isnull=True) | Q(founded_on__lte=dt.date(year, 12, 31))
    return founded & ~Q(status=SocietyStatus.DEREGISTERED)


def report_of(society: Society, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.filter(society=society, year=year)
        .select_related("cover", "accepted_by")
        .first()
    )


def report_figures(report: AnnualReport | None, society: Society, year: int) -> dict[str, Any]:
    """The figures as accepted (frozen), else computed now from the records."""
    if report is not None and report.frozen_figures is not None:
        return report.frozen_figures
    return figures.compute(society, year, setting_for(society.federation))


def reviews_of(report: AnnualReport | None) -> list[ReportReview]:
    if report is None:
        return []
    return list(report.reviews.select_related("reviewer").order_by("created_at", "pk"))


def lateness(report: AnnualReport | None, due_on: dt.date, on: dt.date) -> Lateness | None:
    """Why the report is on the 未按时报送 list on `on`, or None: never submitted after its due
    date (missing); returned and not resubmitted by the correction deadline; submitted late
    (first submission after the due date, or a resubmission after the correction deadline)."""
    if report is None or report.first_submitted_on is None:
        return Lateness.MISSING if on > due_on else None
    returned = report.status == ReportStatus.RETURNED
    if returned and report.correction_due_on and on > report.correction_due_on:
        return Lateness.CORRECTION_OVERDUE
    if report.first_submitted_on > due_on:
        return Lateness.LATE
    if returned or not report.correction_due_on or not report.submitted_on:
        return None
    if report.submitted_on > report.correction_due_on:
        return Lateness.LATE  # resubmitted after the correction deadline
    return None


@dataclass(frozen=True)
class ReportRow:
    """One society's report for the year, as the 科协's list shows it."""

    society: Society
    year: int
    report: AnnualReport | None
    due_on: dt.date
    lateness: Lateness | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""


def report_rows(societies: QuerySet[Society], year: int, on: dt.date) -> list[ReportRow]:
    """Each society that owes a report for `year`, with its report, due date and lateness on
    `on`; four queries whatever the number of societies."""
    owing = list(
        societies.filter(due_societies_q(year)).select_related("federation").order_by("name", "pk")
    )
    reports = {
        r.society_id: r
        for r in AnnualReport.objects.filter(society__in=[s.pk for s in owing], year=year)
    }
    setting = settings_for_federations({s.federation_id for s in owing})
    rows = []
    for society in owing:
        due_on = setting[society.federation_id].due_for(year)
        report = reports.get(society.pk)
        rows.append(ReportRow(society, year, report, due_on, lateness(report, due_on, on)))
    return rows


def _federation_societies(federation: Federation) -> QuerySet[Society]:
    return Society.objects.filter(federation_id__in=federation_subtrees([federation.pk]))


def reports_due(federation: Federation, year: int, on: dt.date) -> list[ReportRow]:
    """Every report owed for `year` by the societies of `federation` and the 科协 below it."""
    return report_rows(_federation_societies(federation), year, on)


def accepted_reports(federation: Federation, year: int) -> list[AnnualReport]:
    """The accepted reports of `year` of the societies of `federation` and the 科协 below it
    (a society deregistered since included: its report stands), by society name."""
    return list(
        AnnualReport.objects.filter(
            society__in=_federation_societies(federation), year=year, status=ReportStatus.ACCEPTED
        )
        .select_related("society__federation")
        .order_by("society__name", "society__pk")
    )


def reports_missing(federation: Federation, year: int, on: dt.date) -> list[ReportRow]:
    """Reports not submitted by their due date (and still not submitted on `on`)."""
    return [r for r in reports_due(federation, year, on) if r.lateness == Lateness.MISSING]


def reports_late(federation: Federation, year: int, on: dt.date) -> list[ReportRow]:
    """Reports submitted late, or returned and not corrected in time."""
    return [
        r
        for r in reports_due(federation, year, on)
        if r.lateness in (Lateness.LATE, Lateness.CORRECTION_OVERDUE)
    ]


def current_report_year(on: dt.date) -> int:
    """The year whose reports are being filed on `on`: the year before."""
    return on.year - 1


@dataclass(frozen=True)
class Outstanding:
    """For the 工作台: the year, and how many of its reports are late and missing."""

    year: int
    missing: int
    late: int
    waiting: int  # submitted, waiting for the 初审


def outstanding(societies: QuerySet[Society], on: dt.date) -> Outstanding:
    year = current_report_year(on)
    rows = report_rows(societies, year, on)
    missing = sum(r.lateness == Lateness.MISSING for r in rows)
    late = sum(r.lateness in (Lateness.LATE, Lateness.CORRECTION_OVERDUE) for r in rows)
    waiting = sum(r.status == ReportStatus.SUBMITTED for r in rows)
    return Outstanding(year, missing, late, waiting)


def report_years(society: Society, on: dt.date) -> list[int]:
    """The years a society's tab offers: the current report year back to its founding (at most
    five), and every year it has a report for."""
    last = current_report_year(on) + (1 if on.month == 12 else 0)
    first = max(last - 4, society.founded_on.year if society.founded_on else last - 4)
    years = set(range(first, last + 1))
    years |= set(AnnualReport.objects.filter(society=society).values_list("year", flat=True))
    return sorted(years, reverse=True)
