"""The year overview of a society (年度概况): what it recorded for a year, and what is missing.

`year_overview` gathers, for one society and one year, the members, the full-time staff under
contract, the office, the party organisation, the meetings and activities by kind and the
income, in a fixed number of queries, and says in plain Chinese what is missing.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from xuehui.activities.choices import ActivityKind
from xuehui.activities.models import Activity
from xuehui.activities.selectors import OWN_ROLES
from xuehui.finances.models import FinanceYear
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting
from xuehui.members.selectors import MemberCount, member_counts
from xuehui.party.models import PartyOrganisation
from xuehui.secretariat.models import Office, StaffMember

FIRST_YEAR = 2016  # the baseline year of the reform documents; the year picker starts there
MIN_OFFICE_AREA = Decimal("25")  # m²: "25平方米以上办公面积" (seed 000, 五、(一) 3)
MIN_ACADEMIC_EXCHANGES = 2  # "每年主承办学术交流活动不少于2次" (seed 004, task 12, standard 1)


@dataclass(frozen=True)
class KindCount:
    label: str
    count: int
    own: int | None = None  # activities only: those hosted or co-hosted (主办 or 承办)


@dataclass
class YearOverview:
    """One society's year at a glance; `missing` lists the gaps in Chinese."""

    society: object
    year: int
    on: dt.date  # the day the year is judged on: 31 December, or today in the current year
    members: MemberCount
    staff_count: int
    offices: list
    party: PartyOrganisation | None
    meetings: list[KindCount]
    activities: list[KindCount]
    science_week_activities: int
    finance: FinanceYear | None
    missing: list[str] = field(default_factory=list)
    year_choices: list[int] = field(default_factory=list)

    @property
    def office_area(self) -> Decimal | None:
        return sum((o.area_m2 for o in self.offices), Decimal("0")) if self.offices else None

    @property
    def is_current_year(self) -> bool:
        return self.on.year == self.year and self.on != dt.date(self.year, 12, 31)


def judged_on(year: int, today: dt.date | None = None) -> dt.date:
    """31 December of a past year; today for the current year."""
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31)) if year >= today.year else dt.date(year, 12, 31)


def _staff_count(society, day: dt.date) -> int:
    under_contract = Q(contract_start__lte=day) & (
        Q(contract_end__isnull=True) | Q(contract_end__gte=day)
    )
    return StaffMember.objects.filter(under_contract, society=society).count()


def _party(society, day: dt.date) -> PartyOrganisation | None:
    active = Q(established_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
    return (
        PartyOrganisation.objects.filter(active, society=society)
        .order_by("-established_on", "-id")
        .first()
    )


def _meetings(society, year: int) -> list[KindCount]:
    counts = dict(
        Meeting.objects.filter(society=society, held_on__year=year)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [KindCount(kind.label, counts[kind]) for kind in MeetingKind if kind in counts]


def _activities(society, year: int) -> tuple[dict, int]:
    rows = (
        Activity.objects.filter(society=society, start_on__year=year)
        .values("kind")
        .annotate(
            n=Count("id"),
            own=Count("id", filter=Q(role__in=OWN_ROLES)),
            week=Count("id", filter=Q(in_science_week=True)),
        )
        .order_by()
    )
    by_kind = {row["kind"]: row for row in rows}
    return by_kind, sum(row["week"] for row in rows)


def year_overview(
    society, year: int | None = None, *, today: dt.date | None = None
) -> YearOverview:
    """The overview of `society` for `year` (default the current year), in about ten queries."""
    today = today or timezone.localdate()
    year = year or today.year
    on = judged_on(year, today)
    by_kind, science_week = _activities(society, year)
    overview = YearOverview(
        society=society,
        year=year,
        on=on,
        members=member_counts(society, year),
        staff_count=_staff_count(society, on),
        offices=list(Office.objects.filter(society=society).order_by("id")),
        party=_party(society, on),
        meetings=_meetings(society, year),
        activities=[
            KindCount(kind.label, by_kind[kind]["n"], by_kind[kind]["own"])
            for kind in ActivityKind
            if kind in by_kind
        ],
        science_week_activities=science_week,
        finance=FinanceYear.objects.filter(society=society, year=year).first(),
    )
    overview.missing = _missing(overview, by_kind)
    overview.year_choices = list(range(max(today.year, year), FIRST_YEAR - 1, -1))
    return overview


def _plain(number: Decimal) -> str:
    """24.50 → 24.5, 60.00 → 60."""
    return format(number.normalize(), "f")


def _missing(o: YearOverview, activities_by_kind: dict) -> list[str]:
    """What a secretary should fill in or fix, in the order of the card."""
    gaps = []
    if not o.members.has_data:
        gaps.append("本年度尚无会员数据（会员名册或年度会员统计）")
    if o.staff_count == 0:
        gaps.append("无在聘的专职工作人员")
    area = o.office_area  # None exactly when no office is filled in
    if area is None:
        gaps.append("未填写办公场所")
    elif area < MIN_OFFICE_AREA:
        gaps.append(f"办公面积不足{_plain(MIN_OFFICE_AREA)}平方米（现为{_plain(area)}平方米）")
    if o.party is None:
        gaps.append("无党组织")
    if not any(m.label == MeetingKind.COUNCIL.label for m in o.meetings):
        gaps.append("本年度尚未召开理事会")
    academic = activities_by_kind.get(ActivityKind.ACADEMIC_EXCHANGE)
    if academic is None:
        gaps.append("本年度尚无学术交流活动")
    elif academic["own"] < MIN_ACADEMIC_EXCHANGES:
        gaps.append(
            f"本年度主办或承办的学术交流活动{academic['own']}项，不足{MIN_ACADEMIC_EXCHANGES}项"
        )
    if o.science_week_activities == 0:
        gaps.append("本年度尚无科技周或全国科普日活动")
    if o.finance is None and not o.is_current_year:  # a year's accounts close after it ends
        gaps.append("本年度尚未填写财务数据")
    return gaps
