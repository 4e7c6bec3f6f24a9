"""Factories for 信用档案 tests, and the permission matrix's objects."""

import datetime as dt

from xuehui.credit.choices import CommendationLevel, ListingCause, SanctionKind
from xuehui.credit.models import Commendation, Listing, Sanction


def make_commendation(
    society, *, on=dt.date(2025, 6, 1), level=CommendationLevel.PROVINCIAL, **fields
):
    fields.setdefault("title", "省科协系统先进集体")
    fields.setdefault("awarded_by", "湖北省科学技术协会")
    return Commendation.objects.create(society=society, awarded_on=on, level=level, **fields)


def make_sanction(society, *, on=dt.date(2025, 8, 1), kind=SanctionKind.WARNING, **fields):
    fields.setdefault("issued_by", "湖北省民政厅")
    fields.setdefault("reason", "未按规定换届")
    return Sanction.objects.create(society=society, issued_on=on, kind=kind, **fields)


def make_listing(
    society, *, on=dt.date(2026, 7, 1), cause=ListingCause.ANNUAL_REPORT, year=2025, **fields
):
    fields.setdefault("reason", "未在规定期限内报送年度工作报告")
    return Listing.objects.create(society=society, listed_on=on, cause=cause, year=year, **fields)


def matrix_commendation(side) -> Commendation:
    return make_commendation(side.society)


def matrix_sanction(side) -> Sanction:
    return make_sanction(side.society)


def matrix_listing(side) -> Listing:
    # "other" names no year, so the matrix may build a fresh one beside an open one
    return make_listing(side.society, cause=ListingCause.OTHER, year=None, reason="无法联系")
