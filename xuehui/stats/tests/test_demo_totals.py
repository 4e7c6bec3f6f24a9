"""The demo's return against counts made by hand: every record read one by one in Python with
the models' own tests of a date (is_member_on, is_current_on, is_under_contract_on,
is_active_on), independent of the aggregate queries, and added up per society and per 科协."""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from xuehui.activities.choices import ActivityKind, ActivityRole
from xuehui.activities.models import Activity
from xuehui.branches.choices import BranchStatus
from xuehui.demo.context import DEMO_DATE
from xuehui.demo.tests.test_demo_loaded import small_demo  # noqa: F401  (the module's demo)
from xuehui.finances.models import FinanceYear
from xuehui.governance.composition import Body, counts_in
from xuehui.governance.models import Position
from xuehui.party.models import PartyOrganisation
from xuehui.secretariat.models import StaffMember
from xuehui.societies.models import Federation, Society
from xuehui.stats.selectors import default_year, federation_report
from xuehui.stats.tables import PARTY_FORMAL

pytestmark = pytest.mark.django_db
YEAR = default_year(DEMO_DATE)
DAY = dt.date(YEAR, 12, 31)


def _members(society) -> tuple[int, int]:
    profile = getattr(society, "membership_profile", None)
    if profile is not None and profile.register_kept_for(YEAR):
        individual = [m for m in society.individual_members.all() if m.is_member_on(DAY)]
        institutional = [m for m in society.institutional_members.all() if m.is_member_on(DAY)]
        return len(individual), len(institutional)
    stat = society.member_year_stats.filter(year=YEAR).first()
    return (stat.individual_count, stat.institutional_count) if stat else (0, 0)


def _council(society) -> dict[str, int]:
    """Current posts, the term being the society's latest begun one (a later term ends it)."""
    begun = [t for t in society.terms.all() if t.start_on <= DAY]
    latest = max(begun, key=lambda t: t.start_on) if begun else None
    people: dict[str, set] = defaultdict(set)
    for post in Position.objects.filter(society=society).select_related("term"):
        if post.term != latest or not post.is_current_on(DAY):
            continue
        for body in (Body.COUNCIL, Body.STANDING_COUNCIL, Body.SUPERVISORS):
            if counts_in(body, post.office, post.selection):
                people[body].add(post.person_id)
    return {
        "council": len(people[Body.COUNCIL]),
        "standing_council": len(people[Body.STANDING_COUNCIL]),
        "supervisors": len(people[Body.SUPERVISORS]),
    }


def _organisation(society) -> dict:
    individual, institutional = _members(society)
    branches = [
        b
        for b in society.branches.all()
        if b.status != BranchStatus.REVOKED and (b.filed_on is None or b.filed_on <= DAY)
    ]
    staff = [s for s in StaffMember.objects.filter(society=society) if s.is_under_contract_on(DAY)]
    party = [p for p in PartyOrganisation.objects.filter(society=society) if p.is_active_on(DAY)]
    return {
        "societies": int(society.founded_on is None or society.founded_on <= DAY),
        "individual_members": individual,
        "institutional_members": institutional,
        **_council(society),
        "branches": len(branches),
        "branches_filed": sum(1 for b in branches if b.filed_on is not None),
        "staff_full_time": sum(1 for s in staff if s.is_full_time),
        "staff_part_time": sum(1 for s in staff if not s.is_full_time),
        "party_organisations": sum(1 for p in party if p.form in PARTY_FORMAL),
        "party_liaisons": sum(1 for p in party if p.form not in PARTY_FORMAL),
        "party_members": sum(p.party_member_count or 0 for p in party),
    }


def _activities(society) -> dict:
    counts: Counter = Counter()
    for a in Activity.objects.filter(society=society):
        if a.start_on.year != YEAR:
            continue
        if a.kind == ActivityKind.ACADEMIC_EXCHANGE:
            counts["academic.meetings"] += 1
            counts[f"academic.level_{a.level}"] += 1
            counts["academic.hosted"] += a.role in (ActivityRole.HOST, ActivityRole.ORGANIZER)
            counts["academic.by_branches"] += a.branch_id is not None
            counts["academic.attendance"] += a.participants or 0
            counts["academic.papers"] += a.papers or 0
        elif a.kind == ActivityKind.SCIENCE_POPULARIZATION:
            counts["popularization.activities"] += 1
            counts["popularization.science_week"] += a.in_science_week
            counts["popularization.four_into"] += bool(a.four_into)
            counts["popularization.by_branches"] += a.branch_id is not None
            counts["popularization.audience"] += a.participants or 0
        elif a.kind == ActivityKind.TALENT_RECOMMENDATION:
            counts["talent.recommendations"] += 1
            counts["talent.recommended"] += a.honoured or 0
        elif a.kind == ActivityKind.SCIENCE_AWARD:
            counts["talent.awards"] += 1
            counts["talent.awarded"] += a.honoured or 0
    return counts


def _finance(society) -> dict:
    year = FinanceYear.objects.filter(society=society, year=YEAR).first()
    if year is None:
        return {}
    values = {name: amount for name, amount in year.__dict__.items() if name.startswith("income_")}
    return {
        **{f"finance.{name}": amount for name, amount in values.items()},
        "finance.income_total": year.total_income,
        "finance.expenditure": year.total_expenditure or Decimal("0"),
    }


def hand_count(society) -> dict:
    counted = {f"organisation.{k}": v for k, v in _organisation(society).items()}
    return {**counted, **_activities(society), **_finance(society)}


@pytest.mark.usefixtures("small_demo")
def test_the_demo_return_matches_the_hand_counts():
    hubei = Federation.objects.get(code="hubei")
    report = federation_report(hubei, YEAR)
    assert report.society_rows, "the demo has societies"
    totals: Counter = Counter()
    by_federation: dict[str, Counter] = defaultdict(Counter)
    societies = {s.uscc: s for s in Society.objects.all()}
    for row in report.society_rows:
        counted = hand_count(societies[row.code])
        for name, value in row.values.items():
            assert value == counted.get(name, 0), (row.name, name)
        totals.update(counted)
        by_federation[row.federation_name].update(counted)
    top = report.federation_rows[0]
    for name, value in top.values.items():
        assert value == totals.get(name, 0), name
    # the demo fills every figure somewhere, so each table shows something
    empty = {name for name, value in top.values.items() if not value}
    assert empty <= {"academic.level_international", "academic.level_district"}
    for row in report.federation_rows[1:]:
        assert (
            row.values["organisation.societies"]
            == by_federation[row.name]["organisation.societies"]
        )
