"""Writes of the 信用档案: commendations and sanctions recorded, corrected and withdrawn, and
societies put on and taken off the 活动异常名录. Only the society's 科协 administrators write
(`xuehui.access.credit`); every write is audited, and a listing is told to the society."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from xuehui.access import SYSTEM, require_manage_credit
from xuehui.accounts.services import secretaries_notify
from xuehui.audit.services import acting_user, audit_change, audit_record, stored_copy
from xuehui.reports.choices import Lateness
from xuehui.reports.models import AnnualReport
from xuehui.reports.selectors import current_report_year, report_rows
from xuehui.societies.models import Society

from .choices import ListingCause
from .models import Commendation, Listing, Sanction

ENTRY_NAMES = {Commendation: "表彰", Sanction: "处罚与警示"}


@transaction.atomic
def credit_entry_save(*, entry: Commendation | Sanction, actor) -> Commendation | Sanction:
    """Record or correct a commendation or a sanction (fields set by the form)."""
    require_manage_credit(actor, entry.society)
    old = stored_copy(entry)
    if old is None:
        entry.recorded_by = acting_user(actor)
    entry.full_clean()
    entry.save()
    name = ENTRY_NAMES[type(entry)]
    audit_change(
        obj=entry, old=old, actor=actor, society=entry.society,
        action=f"{type(entry).__name__.lower()}_{'update' if old else 'create'}",
        summary=f"{'修改' if old else '登记'}{name}：{entry}",
    )  # fmt: skip
    return entry


@transaction.atomic
def credit_entry_delete(*, entry: Commendation | Sanction, actor) -> None:
    """Withdraw an entry recorded in error; the audit keeps what it said."""
    require_manage_credit(actor, entry.society)
    audit_record(
        actor=actor, action=f"{type(entry).__name__.lower()}_delete", target=entry,
        society=entry.society, summary=f"删除{ENTRY_NAMES[type(entry)]}：{entry}",
        detail={"deleted": str(entry)},
    )  # fmt: skip
    entry.delete()


@transaction.atomic
def listing_open(
    *, society: Society, cause: str, listed_on: dt.date, reason: str, year: int | None = None,
    actor,
) -> Listing:  # fmt: skip
    """Put a society on the 活动异常名录 (once per cause and year while it is listed)."""
    require_manage_credit(actor, society)
    if cause == ListingCause.ANNUAL_REPORT and year is None:
        raise ValidationError({"year": "因未按时报送年度工作报告列入的，请填写报告年度"})
    listing = Listing(
        society=society, cause=cause, year=year, listed_on=listed_on, reason=reason.strip()
    )
    listing.full_clean()
    try:
        with transaction.atomic():
            listing.save()
    except IntegrityError:  # listed by a concurrent run between the check and the save
        raise ValidationError("该学会已因同一事由列入活动异常名录，尚未移出") from None
    audit_change(
        obj=listing, old=None, actor=actor, society=society, action="listing_open",
        summary=f"列入活动异常名录：{society}，{listing.get_cause_display()}",
    )  # fmt: skip
    secretaries_notify(
        society_id=society.pk, url=reverse("credit:society", args=[society.pk]),
        title="本会被列入活动异常名录",
        body=f"列入事由：{listing.get_cause_display()}。{listing.reason}"[:500],
        dedupe_key=f"listing:{listing.pk}",
    )  # fmt: skip
    return listing


@transaction.atomic
def listing_close(*, listing: Listing, removed_on: dt.date, removal_reason: str, actor) -> Listing:
    """Take a society off the list on `removed_on`, saying why (its history stays)."""
    require_manage_credit(actor, listing.society)
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.removed_on is not None:
        raise ValidationError("该记录已移出活动异常名录")
    old = stored_copy(listing)
    listing.removed_on, listing.removal_reason = removed_on, removal_reason.strip()
    if not listing.removal_reason:
        raise ValidationError({"removal_reason": "请写明移出理由"})
    listing.full_clean()
    listing.save()
    audit_change(
        obj=listing, old=old, actor=actor, society=listing.society, action="listing_close",
        summary=f"移出活动异常名录：{listing.society}，{listing.removal_reason}",
    )  # fmt: skip
    return listing


# A report that is missing, or returned and not corrected in time, lists its society.
LISTING_LATENESS = {
    Lateness.MISSING: "截至{on}仍未报送{year}年度工作报告（报送截止日期{due}）",
    Lateness.CORRECTION_OVERDUE: "{year}年度工作报告被退回修改后，未在改正期限{correction}前重新报送",
}


def listings_sweep(
    *, societies, on: dt.date, year: int | None = None, actor=SYSTEM
) -> tuple[int, int]:
    """The 活动异常名录 kept in step with the annual reports on `on`: a society whose report of
    `year` (default: the year being filed) is missing after its due date, or returned and not
    corrected in time, is listed; a society listed for any year's report leaves once that
    report is submitted after the listing, on the day it was. Safe to run again (daily):
    (listed, removed)."""
    year = current_report_year(on) if year is None else year
    open_listings = list(
        Listing.objects.filter(
            society__in=societies, cause=ListingCause.ANNUAL_REPORT, removed_on=None
        ).select_related("society__federation")
    )
    listed_for = {(listing.society_id, listing.year) for listing in open_listings}
    rows = report_rows(societies, year, on)
    listed = sum(
        _list_overdue(row, on, actor)
        for row in rows
        if (row.society.pk, row.year) not in listed_for
    )
    # A listing opened just now is for a report missing or not resubmitted: none leaves today.
    return listed, _remove_filed(open_listings, actor)


def _list_overdue(row, on: dt.date, actor) -> bool:
    template = LISTING_LATENESS.get(row.lateness)
    if template is None:
        return False
    correction = row.report.correction_due_on if row.report else None
    reason = template.format(on=f"{on:%Y-%m-%d}", year=row.year, due=f"{row.due_on:%Y-%m-%d}",
                             correction=f"{correction:%Y-%m-%d}" if correction else "")  # fmt: skip
    listing_open(
        society=row.society, cause=ListingCause.ANNUAL_REPORT, year=row.year, listed_on=on,
        reason=reason, actor=actor,
    )  # fmt: skip
    return True


def _remove_filed(open_listings: list[Listing], actor) -> int:
    reports: dict[tuple[int, int | None], AnnualReport] = {
        (r.society_id, r.year): r
        for r in AnnualReport.objects.filter(
            society_id__in={listing.society_id for listing in open_listings},
            year__in={listing.year for listing in open_listings},
        )
    }
    removed = 0
    for listing in open_listings:
        report = reports.get((listing.society_id, listing.year))
        # Submitted since it was listed: a report returned and overdue was submitted before.
        if report is None or report.submitted_on is None or report.submitted_on < listing.listed_on:
            continue
        listing_close(
            listing=listing, actor=actor, removed_on=report.submitted_on,
            removal_reason=f"已于{report.submitted_on:%Y-%m-%d}报送{listing.year}年度工作报告",
        )  # fmt: skip
        removed += 1
    return removed
