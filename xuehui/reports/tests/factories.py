"""A society seeded with records around the edges of 2025, and the figures counted by hand."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.branches.choices import BranchKind, BranchStatus
from xuehui.branches.models import Branch, BranchReport
from xuehui.finances.models import FinanceYear
from xuehui.governance.choices import Office, Selection
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.models import Meeting
from xuehui.members.choices import CongressForm, MemberStatus
from xuehui.members.models import IndividualMember, InstitutionalMember, MembershipProfile
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.secretariat.models import StaffMember
from xuehui.tests.factories import make_person, make_position, make_term

D = dt.date
YEAR = 2025
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def cover_upload(name: str = "封面.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _activity(society, title, start_on, kind, role=ActivityRole.HOST, **fields):
    fields.setdefault("level", ActivityLevel.PROVINCIAL)
    return Activity.objects.create(
        society=society, title=title, start_on=start_on, end_on=start_on, kind=kind, role=role,
        **fields,
    )  # fmt: skip


def _governance(society) -> None:
    term = make_term(society, number=5, start_on=D(2021, 6, 1))
    president = make_person(society=society, name="王建国", birth_date=D(1962, 3, 1))
    make_position(term, Office.PRESIDENT, president)
    secretary = make_person(society=society, name="李秘书", birth_date=D(1980, 1, 1))
    make_position(
        term, Office.SECRETARY_GENERAL, secretary, is_full_time=True, selection=Selection.APPOINTED
    )
    vice = make_person(society=society, name="赵副", birth_date=D(1965, 1, 1))
    make_position(term, Office.VICE_PRESIDENT, vice, end_on=D(2025, 7, 15))  # ends mid-year
    new_vice = make_person(society=society, name="钱新", birth_date=D(1975, 1, 1))
    make_position(term, Office.VICE_PRESIDENT, new_vice, start_on=D(2025, 7, 15))
    old = make_person(
        society=society, name="孙老", birth_date=D(1950, 3, 1), is_retired_official=True
    )
    make_position(term, Office.DIRECTOR, old)  # a retired official of 75
    exactly = make_person(
        society=society, name="周七十", birth_date=D(1955, 6, 1), is_retired_official=True
    )
    make_position(term, Office.STANDING_DIRECTOR, exactly)  # 70 on 31 December: not over 70
    serving = make_person(
        society=society, name="吴现职", birth_date=D(1972, 1, 1), is_serving_official=True
    )
    make_position(term, Office.DIRECTOR, serving)
    left = make_person(
        society=society, name="郑离任", birth_date=D(1948, 1, 1), is_retired_official=True
    )
    make_position(term, Office.DIRECTOR, left, end_on=D(2025, 3, 1))  # not in a post at year's end
    later = make_person(society=society, name="冯明年", birth_date=D(1970, 1, 1))
    make_position(term, Office.VICE_PRESIDENT, later, start_on=D(2026, 1, 1))


def _secretariat_and_members(society) -> None:
    StaffMember.objects.create(
        society=society, name="专职甲", post="办公室主任", contract_start=D(2020, 1, 1),
        is_full_time=True, has_social_insurance=True, is_party_member=True,
    )  # fmt: skip
    StaffMember.objects.create(
        society=society, name="兼职乙", post="会计", contract_start=D(2025, 3, 1),
        contract_end=D(2025, 12, 31), is_full_time=False,
    )  # fmt: skip
    StaffMember.objects.create(
        society=society, name="离职丙", contract_start=D(2019, 1, 1), contract_end=D(2025, 6, 30)
    )
    StaffMember.objects.create(society=society, name="明年丁", contract_start=D(2026, 1, 1))
    MembershipProfile.objects.create(
        society=society, congress_form=CongressForm.REPRESENTATIVE, representative_count=120,
        register_since=2020,
    )  # fmt: skip
    for n, joined in enumerate([None, D(2018, 5, 1), D(2025, 12, 31), D(2026, 1, 1)]):
        IndividualMember.objects.create(society=society, name=f"会员{n}", join_date=joined)
    IndividualMember.objects.create(
        society=society, name="退会者", join_date=D(2019, 1, 1), status=MemberStatus.WITHDRAWN,
        left_on=D(2025, 12, 31),
    )  # fmt: skip
    InstitutionalMember.objects.create(society=society, name="某研究院", join_date=D(2021, 1, 1))


def _meetings_and_rules(society) -> None:
    for kind, day in [
        (MeetingKind.COUNCIL, D(2025, 3, 1)),
        (MeetingKind.STANDING_COUNCIL, D(2025, 9, 1)),
        (MeetingKind.SUPERVISORY_BOARD, D(2025, 12, 31)),
        (MeetingKind.COUNCIL, D(2026, 1, 1)),
        (MeetingKind.COUNCIL, D(2024, 12, 31)),
    ]:
        Meeting.objects.create(society=society, kind=kind, held_on=day)
    RuleDocument.objects.create(
        society=society, kind=RuleKind.CHARTER, name="章程（2015）", adopted_on=D(2015, 4, 1),
        repealed_on=D(2025, 10, 1),
    )  # fmt: skip
    RuleDocument.objects.create(
        society=society, kind=RuleKind.CHARTER, name="章程（2025修订）", adopted_on=D(2025, 10, 1)
    )
    RuleDocument.objects.create(
        society=society, kind=RuleKind.FINANCE, name="财务管理办法", adopted_on=D(2025, 5, 1)
    )
    RuleDocument.objects.create(
        society=society, kind=RuleKind.DISCLOSURE, name="信息公开制度", adopted_on=D(2018, 1, 1),
        repealed_on=D(2025, 8, 1),
    )  # fmt: skip
    RuleDocument.objects.create(
        society=society, kind=RuleKind.PERSONNEL, name="人事制度", adopted_on=D(2026, 1, 1)
    )


def _party_and_branches(society) -> None:
    PartyOrganisation.objects.create(
        society=society, form=PartyOrganisationForm.BRANCH, established_on=D(2019, 7, 1),
        party_member_count=12,
    )  # fmt: skip
    PartyOrganisation.objects.create(
        society=society, form=PartyOrganisationForm.GROUP, established_on=D(2017, 1, 1),
        dissolved_on=D(2024, 1, 1),
    )  # fmt: skip
    active = Branch.objects.create(
        society=society, name="青年工作委员会", kind=BranchKind.WORKING_COMMITTEE,
        filed_on=D(2019, 3, 1),
    )  # fmt: skip
    BranchReport.objects.create(branch=active, year=YEAR, reported_on=D(2025, 12, 20))
    Branch.objects.create(
        society=society, name="水处理专业委员会", kind=BranchKind.SPECIALIST_COMMITTEE,
        filed_on=D(2026, 2, 1), status=BranchStatus.DORMANT,
    )  # fmt: skip
    Branch.objects.create(
        society=society, name="旧分会", kind=BranchKind.BRANCH, filed_on=D(2010, 1, 1),
        status=BranchStatus.REVOKED,
    )  # fmt: skip


def _activities_and_finances(society) -> None:
    K = ActivityKind
    _activity(society, "科普日进社区", D(2025, 12, 31), K.SCIENCE_POPULARIZATION,
              participants=100, in_science_week=True, into_communities=True)  # fmt: skip
    _activity(society, "新年学术沙龙", D(2026, 1, 1), K.ACADEMIC_EXCHANGE, participants=30)
    _activity(society, "国际水论坛", D(2025, 1, 1), K.ACADEMIC_EXCHANGE, ActivityRole.ORGANIZER,
              level=ActivityLevel.INTERNATIONAL, participants=50)  # fmt: skip
    _activity(society, "团体标准编制", D(2025, 5, 5), K.GROUP_STANDARD, ActivityRole.CO_ORGANIZER)
    _activity(society, "主题党日", D(2025, 7, 1), K.PARTY_BUILDING)
    _activity(society, "去年年会", D(2024, 12, 31), K.ACADEMIC_EXCHANGE)
    FinanceYear.objects.create(
        society=society, year=YEAR, income_dues=Decimal("10000"),
        income_government=Decimal("20000.50"), income_other=Decimal("500"),
        total_expenditure=Decimal("25000"), net_assets=Decimal("100000"), is_audited=True,
    )  # fmt: skip
    FinanceYear.objects.create(society=society, year=2024, income_dues=Decimal("1"))
    _joint(society)


def _joint(society) -> None:
    """Joint activities another society leads and this one co-organises: one in 2025, one in 2026."""
    from xuehui.consortia.tests.factories import add_member, make_consortium, record_activity

    consortium = make_consortium(society.federation, secretariat=society)
    add_member(consortium, society, order=1)
    lead = add_member(consortium, order=2).society
    record_activity(consortium, lead, society, start_on=D(2025, 6, 1), title="长江论坛")
    record_activity(consortium, lead, society, start_on=D(2026, 1, 1), title="新年论坛")


def seed_society(society) -> None:
    """Records of 2025 with some on its edges (31 December, 1 January of 2026 and 2025)."""
    society.legal_representative = "王建国"
    society.supervising_authority = "湖北省科学技术协会"
    society.host_institution = "武汉大学"
    society.save()
    _governance(society)
    _secretariat_and_members(society)
    _meetings_and_rules(society)
    _party_and_branches(society)
    _activities_and_finances(society)


# Every figure of the seeded society's 2025 report, counted by hand from the records above.
EXPECTED = {
    "legal_representative": "王建国",
    "registration.supervising_authority": "湖北省科学技术协会",
    "registration.host_institution": "武汉大学",
    "secretary_general.name": "李秘书",
    "secretary_general.full_time": "专职",
    # 专职甲 and 兼职乙 (whose contract ends on 31 December); not 离职丙 nor 明年丁
    "staff.total": 2,
    "staff.full_time": 1,
    "staff.part_time": 1,
    "staff.insured": 1,
    "staff.party_members": 1,
    # joined blank, 2018, 2025-12-31; not 2026-01-01 nor the one who left on 31 December
    "members.individual": 3,
    "members.institutional": 1,
    "members.total": 4,
    "members.congress_form": "会员代表大会",
    # 吴现职; 孙老 (75) and 周七十 (70); not 郑离任, whose post ended in March
    "officials.serving": 1,
    "officials.retired": 2,
    "officials.over_70": 1,
    "meetings.council": 1,
    "meetings.standing_council": 1,
    "meetings.supervisory_board": 1,
    "meetings.member_congress": 0,
    "meetings.shortfall": ["常务理事会召开1次，章程要求至少2次"],
    # 钱新 began, 赵副 left (both on 15 July); 冯明年 begins in 2026
    "changes.officers": 2,
    "changes.reelection": 0,
    "rules.adopted": 2,
    "rules.repealed": 2,
    "rules.charter_revised": 1,
    "rules.in_force": 2,
    "party.organisation": "党支部",
    "party.members": 12,
    "party.activities": 1,
    "branches.total": 2,
    "branches.filed": 1,
    "branches.dormant": 1,
    "branches.reported": 1,
    "branches.revoked": 1,
    # 2025-01-01, 05-05, 07-01, 12-31; not 2024-12-31 nor 2026-01-01
    "activities.total": 4,
    "activities.own": 3,
    "activities.participants": 150,
    "activities.kind.academic_exchange": 1,
    "activities.kind.science_popularization": 1,
    "activities.kind.group_standard": 1,
    "activities.kind.party_building": 1,
    "activities.science_week": 1,
    "activities.government_functions": 1,
    "activities.international": 1,
    "activities.four_into": 1,
    "activities.consortium_co_organised": 1,  # the 2025 joint activity led by another society
    "finance.income_dues": "10000.00",
    "finance.income_government": "20000.50",
    "finance.income_other": "500.00",
    "finance.income_total": "30500.50",
    "finance.expenditure": "25000.00",
    "finance.balance": "5500.50",
    "finance.net_assets": "100000.00",
    "finance.audited": "是",
    "finance.disclosed": "否",
}
