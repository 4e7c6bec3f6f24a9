"""Reads of the member register and the yearly member counts.

The member count of a society for a year comes from the register when the register is
kept for that year (`MembershipProfile.register_since` ≤ year), counting the members who
joined on or before 31 December and had not left by then; otherwise from the statistics
entered by hand (年度会员统计). Every count says which source it used.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from xuehui.lib.queries import IdList

from .choices import CountSource, MemberStatus
from .models import IndividualMember, InstitutionalMember, MembershipProfile, MemberYearStat

BASELINE_YEAR = 2016  # the documents measure member growth from 2016


@dataclass(frozen=True)
class MemberCount:
    """The members of one society at the end of one year, and where the numbers came from."""

    society_id: int
    year: int
    individual: int | None
    institutional: int | None
    source: str
    hand_entered: MemberYearStat | None = None  # the statistic, also when the register wins

    @property
    def source_label(self) -> str:
        return CountSource(self.source).label

    @property
    def has_data(self) -> bool:
        return self.source != CountSource.NONE


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def on_register_q(day: dt.date) -> Q:
    """Members on `day`: joined on or before it (a blank join date counts) and not yet left."""
    joined = Q(join_date__isnull=True) | Q(join_date__lte=day)
    return joined & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def _register_counts(model, society_ids: list[int], day: dt.date) -> dict[int, int]:
    if not society_ids:
        return {}
    rows = (
        model.objects.filter(society_id__in=IdList(society_ids))
        .filter(on_register_q(day))
        .values("society_id")
        .annotate(n=Count("pk"))
        .values_list("society_id", "n")
    )
    return dict(rows)


def member_counts_for(society_ids: Iterable[int], year: int) -> dict[int, MemberCount]:
    """The counts of many societies for one year, in four queries whatever their number."""
    ids = list(society_ids)
    since = dict(
        MembershipProfile.objects.filter(society_id__in=IdList(ids)).values_list(
            "society_id", "register_since"
        )
    )
    on_register = {i for i in ids if (start := since.get(i)) is not None and year >= start}
    individual = _register_counts(IndividualMember, sorted(on_register), year_end(year))
    institutional = _register_counts(InstitutionalMember, sorted(on_register), year_end(year))
    stats = {
        s.society_id: s
        for s in MemberYearStat.objects.filter(society_id__in=IdList(ids), year=year)
    }
    counts = {}
    for i in ids:
        stat = stats.get(i)
        if i in on_register:
            counts[i] = MemberCount(
                i,
                year,
                individual.get(i, 0),
                institutional.get(i, 0),
                CountSource.REGISTER,
                stat,
            )
        elif stat is not None:
            counts[i] = MemberCount(
                i,
                year,
                stat.individual_count,
                stat.institutional_count,
                CountSource.STATISTICS,
                stat,
            )
        else:
            counts[i] = MemberCount(i, year, None, None, CountSource.NONE)
    return counts


def member_counts(society, year: int) -> MemberCount:
    return member_counts_for([society.pk], year)[society.pk]


def _register_history(model, society, years: list[int]) -> dict[int, int]:
    if not years:
        return {}
    totals = model.objects.filter(society=society).aggregate(
        **{f"y{year}": Count("pk", filter=on_register_q(year_end(year))) for year in years}
    )
    return {year: totals[f"y{year}"] for year in years}


def member_count_history(
    society, *, until: int | None = None, profile: MembershipProfile | None = None
) -> list[MemberCount]:
    """One count per year from the 2016 baseline (or the earliest data) to `until`, newest first."""
    until = until or dt.date.today().year
    if profile is None:
        profile = MembershipProfile.objects.filter(society=society).first()
    since = profile.register_since if profile else None
    stats = {s.year: s for s in MemberYearStat.objects.filter(society=society)}
    first = min([BASELINE_YEAR, *stats, *([since] if since else [])])
    years = list(range(first, until + 1))
    register_years = [y for y in years if since is not None and y >= since]
    individual = _register_history(IndividualMember, society, register_years)
    institutional = _register_history(InstitutionalMember, society, register_years)
    history = []
    for year in reversed(years):
        counts: tuple[int | None, int | None]
        stat = stats.get(year)
        if year in individual:
            source, counts = CountSource.REGISTER, (individual[year], institutional[year])
        elif stat is not None:
            source, counts = (
                CountSource.STATISTICS,
                (stat.individual_count, stat.institutional_count),
            )
        else:
            source, counts = CountSource.NONE, (None, None)
        history.append(MemberCount(society.pk, year, counts[0], counts[1], source, stat))
    return history


def individual_member_list(
    society, *, query: str = "", status: str = "", frontline: bool | None = None
) -> QuerySet[IndividualMember]:
    members = IndividualMember.objects.filter(society=society)
    if query:
        members = members.filter(
            Q(name__contains=query)
            | Q(member_number__contains=query)
            | Q(employer__contains=query)
            | _pinyin_q(query)
        )
    if status:
        members = members.filter(status=status)
    if frontline is not None:
        members = members.filter(is_frontline=frontline)
    return members.order_by("member_number", "name_pinyin", "id")


def institutional_member_list(
    society, *, query: str = "", status: str = ""
) -> QuerySet[InstitutionalMember]:
    members = InstitutionalMember.objects.filter(society=society)
    if query:
        members = members.filter(
            Q(name__contains=query)
            | Q(member_number__contains=query)
            | Q(uscc__contains=query)
            | _pinyin_q(query)
        )
    if status:
        members = members.filter(status=status)
    return members.order_by("member_number", "name_pinyin", "id")


def register_summary(society, day: dt.date) -> dict:
    """Counts for the members page: on the register today, frontline, left, dues overdue."""
    on_day = on_register_q(day)
    individual = IndividualMember.objects.filter(society=society).aggregate(
        current=Count("pk", filter=on_day),
        frontline=Count("pk", filter=on_day & Q(is_frontline=True)),
        left=Count("pk", filter=~Q(status=MemberStatus.ACTIVE)),
        dues_overdue=Count("pk", filter=on_day & Q(dues_paid_until__lt=day)),
        total=Count("pk"),
    )
    institutional = InstitutionalMember.objects.filter(society=society).aggregate(
        current=Count("pk", filter=on_day), total=Count("pk")
    )
    return {"individual": individual, "institutional": institutional}


def membership_profile_get(society) -> MembershipProfile:
    """The society's profile, unsaved and empty if it has none yet."""
    try:
        return MembershipProfile.objects.get(society=society)
    except MembershipProfile.DoesNotExist:
        return MembershipProfile(society=society)


def _pinyin_q(query: str) -> Q:
    """Latin letters search the names' pinyin and initials too (zs → 张三, zhangsan → 张三)."""
    latin = query.strip().lower()
    if not (latin.isascii() and latin.isalpha()):
        return Q(pk__in=[])
    return Q(name_initials__startswith=latin) | Q(name_pinyin__startswith=latin)
