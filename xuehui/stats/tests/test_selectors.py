import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xuehui.activities.choices import ActivityKind
from xuehui.activities.tests.factories import make_activity
from xuehui.branches.choices import BranchKind
from xuehui.branches.models import Branch
from xuehui.members.tests.factories import make_year_stat
from xuehui.societies.choices import FederationLevel, SocietyStatus
from xuehui.stats.selectors import federation_report, figures_for, moved, society_report
from xuehui.stats.tables import TABLES
from xuehui.stats.tests.factories import HAND_COUNTS, seed_society
from xuehui.tests.factories import make_federation, make_society

pytestmark = pytest.mark.django_db
ALL_FIGURES = [f"{t.code}.{f.key}" for t in TABLES for f in t.figures]


def test_every_figure_matches_the_hand_count(society_a):
    seed_society(society_a)
    figures = figures_for([society_a.pk], 2024)[society_a.pk]
    assert set(HAND_COUNTS) == set(ALL_FIGURES)
    assert figures == HAND_COUNTS


def test_a_society_without_records_has_every_figure_0(society_a):
    figures = figures_for([society_a.pk], 2024)[society_a.pk]
    assert figures == {name: (1 if name == "organisation.societies" else 0) for name in ALL_FIGURES}


def test_blank_expenditure_and_unknown_member_counts_count_as_0(society_a):
    seed_society(society_a)
    figures = figures_for([society_a.pk], 2023)[society_a.pk]
    assert figures["finance.expenditure"] == 0  # left blank in 2023
    assert figures["finance.income_total"] == HAND_COUNTS["finance.income_total"]


def test_member_counts_before_the_register_come_from_the_yearly_statistics(society_a):
    make_year_stat(society_a, 2024, 150, 4)
    figures = figures_for([society_a.pk], 2024)[society_a.pk]
    assert figures["organisation.individual_members"] == 150
    assert figures["organisation.institutional_members"] == 4


def test_a_branchs_activities_are_totalled_into_its_society(society_a):
    branch = Branch.objects.create(
        society=society_a, name="科普工作委员会", kind=BranchKind.WORKING_COMMITTEE
    )
    popular = ActivityKind.SCIENCE_POPULARIZATION
    make_activity(society_a, kind=popular, start_on=dt.date(2024, 5, 1), participants=100)
    make_activity(
        society_a, kind=popular, start_on=dt.date(2024, 6, 1), participants=40, branch=branch
    )
    report = federation_report(society_a.federation, 2024)
    [row] = report.society_rows
    assert row.values["popularization.activities"] == 2
    assert row.values["popularization.audience"] == 140
    assert row.values["popularization.by_branches"] == 1
    assert row.values["organisation.branches"] == 1
    assert report.federation_rows[0].values["popularization.audience"] == 140


@pytest.fixture
def tree():
    """湖北 (province) → 武汉 (city) → 洪山 (district), a society at each level, and one
    deregistered society that no return counts."""
    province = make_federation(name="省科协", code="p")
    city = make_federation(
        name="市科协", code="c", parent=province, level=FederationLevel.MUNICIPAL
    )
    district = make_federation(name="区科协", code="d", parent=city, level=FederationLevel.DISTRICT)
    societies = {
        "p": make_society(federation=province),
        "c": make_society(federation=city),
        "d": make_society(federation=district),
    }
    make_society(federation=district, status=SocietyStatus.DEREGISTERED)
    for n, society in enumerate(societies.values(), start=1):
        make_year_stat(society, 2024, 100 * n, n)
    seed_society(societies["d"])
    return province, city, district, societies


def test_each_federation_sums_its_own_societies_and_every_federation_below(tree):
    province, city, district, societies = tree
    report = federation_report(province, 2024)
    rows = {row.code: row for row in report.federation_rows}
    assert [row.code for row in report.federation_rows] == ["p", "c", "d"]
    assert [row.depth for row in report.federation_rows] == [0, 1, 2]
    assert [row.code for row in report.society_rows] == [societies[k].uscc for k in "pcd"]
    members = "organisation.individual_members"
    # the district society keeps a register from 2020: 2 members, not its yearly statistics
    assert rows["d"].values[members] == 2
    assert rows["c"].values[members] == 200 + 2
    assert rows["p"].values[members] == 100 + 200 + 2
    assert rows["p"].values["organisation.societies"] == 3
    for name, value in HAND_COUNTS.items():
        if name.startswith(("academic.", "finance.")):
            assert rows["p"].values[name] == rows["d"].values[name] == value


def test_a_subordinate_federations_return_holds_only_its_subtree(tree):
    province, city, district, societies = tree
    report = federation_report(city, 2024)
    assert [row.code for row in report.federation_rows] == ["c", "d"]
    assert {row.code for row in report.society_rows} == {
        societies["c"].uscc,
        societies["d"].uscc,
    }


@pytest.mark.parametrize(
    ("previous", "current", "flagged"),
    [
        (100, 130, False),  # exactly the threshold
        (100, 131, True),
        (100, 70, False),
        (100, 69, True),
        (0, 0, False),
        (0, 5, True),  # anything from nothing
        (Decimal("100.00"), Decimal("130.01"), True),
    ],
)
def test_a_figure_is_flagged_only_beyond_the_threshold(previous, current, flagged):
    assert moved(current, previous, Decimal("30")) is flagged


def test_the_flag_boundary_on_the_return(society_a):
    make_year_stat(society_a, 2023, 100)
    make_year_stat(society_a, 2024, 130)
    report = federation_report(society_a.federation, 2024)
    names = {(flag.row.kind, flag.table.code, flag.figure_key) for flag in report.flags}
    assert ("society", "organisation", "individual_members") not in names
    report = federation_report(society_a.federation, 2024, threshold=Decimal("29.9"))
    flags = [f for f in report.flags if f.figure_key == "individual_members"]
    assert {f.row.kind for f in flags} == {"society", "federation"}
    assert flags[0].change_text == "+30.0%"
    assert flags[0].previous == 100 and flags[0].current == 130


def test_a_figure_from_nothing_says_so(society_a):
    make_activity(society_a, kind=ActivityKind.ACADEMIC_EXCHANGE, start_on=dt.date(2024, 3, 1))
    report = society_report(society_a, 2024)
    flag = next(f for f in report.flags if f.figure_key == "meetings")
    assert flag.change is None and flag.change_text == "上年为0"


def _seeded(n: int):
    federation = make_federation()
    for _ in range(n):
        society = make_society(federation=federation)
        seed_society(society)
    return federation


def test_the_query_count_does_not_grow_with_the_societies():
    small, large = _seeded(3), _seeded(30)
    counts = []
    for federation in (small, large):
        with CaptureQueriesContext(connection) as queries:
            report = federation_report(federation, 2024)
            report.flags  # noqa: B018 - computed from the rows, no query
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert report.federation_rows[0].values["academic.papers"] == 30 * 40


def test_a_society_founded_after_the_year_is_not_yet_counted(federation):
    make_society(federation=federation, founded_on=dt.date(2025, 3, 1))
    make_society(federation=federation, founded_on=dt.date(2024, 12, 31))
    make_society(federation=federation)
    report = federation_report(federation, 2024)
    assert report.federation_rows[0].values["organisation.societies"] == 2
