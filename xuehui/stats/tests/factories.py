"""A society seeded with records whose 2024 figures were counted by hand (see HAND_COUNTS)."""

import datetime as dt
from decimal import Decimal

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.tests.factories import make_activity
from xuehui.branches.choices import BranchKind, BranchStatus
from xuehui.branches.models import Branch
from xuehui.finances.tests.factories import make_finance_year
from xuehui.governance.choices import Office, Selection
from xuehui.members.choices import MemberStatus
from xuehui.members.models import MembershipProfile
from xuehui.members.tests.factories import make_individual_member, make_institutional_member
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.secretariat.tests.factories import make_staff
from xuehui.tests.factories import make_person, make_position, make_term

D = dt.date

# What the records below give for 2024, counted by hand.
HAND_COUNTS = {
    "organisation.societies": 1,
    "organisation.individual_members": 2,  # 3 joined before, 1 left mid-year; 1 joined in 2025
    "organisation.institutional_members": 1,
    "organisation.council": 5,  # 理事长, 副理事长, 2 理事, 选任秘书长 (理事长 also 理事: once)
    "organisation.standing_council": 3,
    "organisation.supervisors": 1,
    "organisation.branches": 2,  # filed 2020, unfiled; not the revoked one nor one filed 2025
    "organisation.branches_filed": 1,
    "organisation.staff_full_time": 1,  # one contract ended 2024-06-30
    "organisation.staff_part_time": 1,
    "organisation.party_organisations": 1,  # the 党委 dissolved in May 2024 is not counted
    "organisation.party_liaisons": 1,
    "organisation.party_members": 5,
    "academic.meetings": 3,
    "academic.level_international": 0,
    "academic.level_national": 1,
    "academic.level_provincial": 2,
    "academic.level_municipal": 0,
    "academic.level_district": 0,
    "academic.hosted": 1,  # the other two were co-organised (协办)
    "academic.by_branches": 1,
    "academic.attendance": 400,
    "academic.papers": 40,
    "popularization.activities": 2,
    "popularization.science_week": 1,
    "popularization.four_into": 1,
    "popularization.by_branches": 0,
    "popularization.audience": 800,
    "talent.recommendations": 1,
    "talent.recommended": 3,
    "talent.awards": 1,
    "talent.awarded": 0,
    "finance.income_total": Decimal("551500.50"),
    "finance.income_dues": Decimal("120000"),
    "finance.income_government": Decimal("300000"),
    "finance.income_technical": Decimal("50000"),
    "finance.income_training": Decimal("80000"),
    "finance.income_donations": Decimal("0"),
    "finance.income_other": Decimal("1500.50"),
    "finance.expenditure": Decimal("480000"),
}


def seed_society(society) -> None:
    """Records of every kind, some inside 2024 and some just outside it."""
    _members(society)
    _council(society)
    branch = _branches(society)
    _staff_and_party(society)
    _activities(society, branch)
    make_finance_year(society, year=2024)
    make_finance_year(society, year=2023, total_expenditure=None)


def _members(society) -> None:
    MembershipProfile.objects.create(society=society, register_since=2020)
    make_individual_member(society, join_date=D(2018, 1, 1))
    make_individual_member(society, join_date=None)
    make_individual_member(
        society, join_date=D(2019, 1, 1), status=MemberStatus.WITHDRAWN, left_on=D(2024, 6, 30)
    )
    make_individual_member(society, join_date=D(2025, 1, 10))
    make_institutional_member(society, join_date=D(2021, 3, 1))


def _council(society) -> None:
    term = make_term(society, start_on=D(2022, 6, 1))
    president = make_person(society=society)
    make_position(term, Office.PRESIDENT, person=president)
    make_position(term, Office.DIRECTOR, person=president)
    make_position(term, Office.VICE_PRESIDENT)
    make_position(term, Office.DIRECTOR)
    make_position(term, Office.DIRECTOR)
    make_position(term, Office.SECRETARY_GENERAL, selection=Selection.ELECTED)
    make_position(term, Office.SUPERVISOR)
    make_position(term, Office.DIRECTOR, end_on=D(2023, 3, 1))  # left before 2024's end
    make_position(term, Office.ADVISER)  # honorary: in no body


def _branches(society) -> Branch:
    kind = BranchKind.SPECIALIST_COMMITTEE
    filed = Branch.objects.create(
        society=society, name="青年委员会", kind=kind, filed_on=D(2020, 5, 1)
    )
    Branch.objects.create(society=society, name="科普委员会", kind=kind)
    Branch.objects.create(
        society=society,
        name="旧委员会",
        kind=kind,
        status=BranchStatus.REVOKED,
        filed_on=D(2015, 1, 1),
    )
    Branch.objects.create(society=society, name="新委员会", kind=kind, filed_on=D(2025, 3, 1))
    return filed


def _staff_and_party(society) -> None:
    make_staff(society)
    make_staff(society, contract_end=D(2024, 6, 30))
    make_staff(society, is_full_time=False)
    PartyOrganisation.objects.create(
        society=society,
        form=PartyOrganisationForm.BRANCH,
        established_on=D(2019, 1, 1),
        party_member_count=5,
    )
    PartyOrganisation.objects.create(
        society=society, form=PartyOrganisationForm.LIAISON, established_on=D(2020, 1, 1)
    )
    PartyOrganisation.objects.create(
        society=society,
        form=PartyOrganisationForm.COMMITTEE,
        established_on=D(2016, 1, 1),
        dissolved_on=D(2024, 5, 1),
        party_member_count=30,
    )


def _activities(society, branch) -> None:
    academic = ActivityKind.ACADEMIC_EXCHANGE
    make_activity(society, kind=academic, start_on=D(2024, 4, 1), participants=120, papers=30)
    make_activity(
        society,
        kind=academic,
        start_on=D(2024, 9, 1),
        level=ActivityLevel.NATIONAL,
        role=ActivityRole.CO_ORGANIZER,
        participants=200,
    )
    make_activity(
        society,
        kind=academic,
        start_on=D(2024, 11, 1),
        role=ActivityRole.CO_ORGANIZER,
        participants=80,
        papers=10,
        branch=branch,
    )
    make_activity(society, kind=academic, start_on=D(2023, 12, 31), participants=999)
    popular = ActivityKind.SCIENCE_POPULARIZATION
    make_activity(
        society,
        kind=popular,
        start_on=D(2024, 5, 20),
        participants=500,
        in_science_week=True,
        into_schools=True,
    )
    make_activity(society, kind=popular, start_on=D(2024, 6, 1), participants=300)
    make_activity(society, kind=popular, start_on=D(2025, 1, 1), participants=300)
    make_activity(
        society, kind=ActivityKind.TALENT_RECOMMENDATION, start_on=D(2024, 3, 1), honoured=3
    )
    make_activity(society, kind=ActivityKind.SCIENCE_AWARD, start_on=D(2024, 10, 1))
