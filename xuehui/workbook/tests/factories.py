"""A society with every record the workbook carries, and helpers to build workbook files."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.tests.factories import make_activity
from xuehui.branches.choices import BranchKind, BranchStatus
from xuehui.branches.models import Branch, BranchReport
from xuehui.finances.tests.factories import make_finance_year
from xuehui.governance.choices import Office, PoliticalStatus, Selection
from xuehui.meetings.choices import MeetingKind
from xuehui.meetings.tests.factories import make_meeting
from xuehui.members.choices import CongressForm
from xuehui.members.models import MembershipProfile, MemberYearStat
from xuehui.party.choices import PartyOrganisationForm
from xuehui.party.models import PartyOrganisation
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.tests.factories import make_rule_document
from xuehui.secretariat.choices import OfficeSource
from xuehui.secretariat.models import Office as OfficePremises
from xuehui.secretariat.models import SecretariatProfile, StaffMember
from xuehui.tests import factories


def populate(society) -> None:
    """Fill every record the workbook carries, with the awkward values (blanks, 0, negatives)."""
    society.supervising_authority = "湖北省科学技术协会"
    society.host_institution = "湖北省环境科学研究院"
    society.founded_on = dt.date(1979, 10, 12)
    society.legal_representative = "张建国"
    society.save()
    MembershipProfile.objects.create(
        society=society, congress_form=CongressForm.REPRESENTATIVE, representative_count=180
    )
    SecretariatProfile.objects.create(
        society=society,
        has_own_bank_account=True,
        website="https://www.hbses.org.cn",
        wechat_account="湖北环境科学",
    )
    old = factories.make_term(
        society, number=4, start_on=dt.date(2017, 5, 20), ended_on=dt.date(2022, 6, 1)
    )
    term = factories.make_term(society, number=5, start_on=dt.date(2022, 6, 1))
    president = factories.make_person(
        name="张建国",
        id_number=factories.make_id_number(dt.date(1962, 3, 8)),
        birth_date=dt.date(1962, 3, 8),
        political_status=PoliticalStatus.PARTY_MEMBER,
        employer="中国地质大学（武汉）",  # full-width brackets, as typed on the page
        title="教授",
    )
    factories.make_position(term, Office.PRESIDENT, president, consecutive_terms=2)
    factories.make_position(old, Office.VICE_PRESIDENT, president)
    secretary = factories.make_person(
        name="刘洋", birth_date=dt.date(1980, 7, 1), is_frontline=False
    )
    factories.make_position(
        term,
        Office.SECRETARY_GENERAL,
        secretary,
        selection=Selection.APPOINTED,
        is_full_time=True,
        is_paid=True,
    )
    # The roster sheet carries a person's post fields once (the roster import's format).
    factories.make_position(term, Office.DIRECTOR, secretary, is_full_time=True, is_paid=True)
    for i in range(3):
        factories.make_position(term, Office.DIRECTOR, factories.make_person(name=f"理事{i}"))
    MemberYearStat.objects.create(
        society=society, year=2016, individual_count=260, institutional_count=8
    )
    MemberYearStat.objects.create(
        society=society, year=2024, individual_count=340, institutional_count=0
    )
    StaffMember.objects.create(
        society=society,
        name="王敏",
        post="办公室主任",
        contract_start=dt.date(2021, 3, 1),
        contract_end=dt.date(2026, 2, 28),
        monthly_pay=Decimal("6500.50"),
        has_social_insurance=True,
        is_party_member=True,
    )
    StaffMember.objects.create(
        society=society,
        name="赵会计",
        contract_start=dt.date(2023, 1, 1),
        is_finance_staff=True,
        has_finance_certificate=True,
    )
    OfficePremises.objects.create(
        society=society,
        address="武汉市武昌区八一路1号",
        area_m2=Decimal("48.5"),
        source=OfficeSource.HOST_PROVIDED,
    )
    PartyOrganisation.objects.create(
        society=society,
        form=PartyOrganisationForm.BRANCH,
        established_on=dt.date(2019, 7, 1),
        secretary_name="李华",
        party_member_count=12,
    )
    branch = Branch.objects.create(
        society=society,
        name="环境监测专业委员会",
        kind=BranchKind.SPECIALIST_COMMITTEE,
        filed_on=dt.date(2019, 5, 10),
        head_name="陈刚",
    )
    BranchReport.objects.create(branch=branch, year=2023, reported_on=dt.date(2023, 12, 20))
    BranchReport.objects.create(branch=branch, year=2024, reported_on=dt.date(2024, 12, 18))
    Branch.objects.create(
        society=society,
        name="青年工作委员会",
        kind=BranchKind.WORKING_COMMITTEE,
        status=BranchStatus.DORMANT,
    )
    make_meeting(
        society,
        kind=MeetingKind.MEMBER_CONGRESS,
        held_on=dt.date(2022, 6, 1),
        expected_attendance=180,
        actual_attendance=160,
        has_minutes=True,
    )
    make_meeting(
        society,
        held_on=dt.date(2024, 3, 15),
        expected_attendance=60,
        actual_attendance=38,
        supervisors_attended=False,
    )
    make_meeting(
        society,
        kind=MeetingKind.SECRETARIAT,
        held_on=dt.date(2024, 9, 2),
        expected_attendance=None,
        actual_attendance=None,
        supervisors_attended=False,
    )
    make_activity(
        society,
        title="2024年学术年会（第十届）",
        start_on=dt.date(2024, 10, 18),
        end_on=dt.date(2024, 10, 19),
        revenue=Decimal("35000.00"),
    )
    make_activity(
        society,
        kind=ActivityKind.SCIENCE_POPULARIZATION,
        title="科技活动周进社区",
        start_on=dt.date(2024, 5, 20),
        level=ActivityLevel.MUNICIPAL,
        role=ActivityRole.CO_ORGANIZER,
        participants=None,
        in_science_week=True,
        into_communities=True,
        into_schools=True,
    )
    make_rule_document(
        society,
        kind=RuleKind.CHARTER,
        name="湖北省环境科学学会章程",
        adopted_by="第五次会员代表大会",
    )
    make_rule_document(
        society, kind=RuleKind.MAJOR_DECISIONS, name="三重一大事项决策制度", adopted_by=""
    )
    make_finance_year(
        society, year=2023, net_assets=Decimal("-3200.75"), total_expenditure=None, is_audited=False
    )
    make_finance_year(society, year=2024)


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file with the given sheets (name → rows)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_back(content: bytes) -> dict[str, list[list]]:
    """The cell values of every sheet of an .xlsx file."""
    book = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def edit(content: bytes, sheet: str, row: int, column: str, value) -> bytes:
    """A copy of the workbook with one cell changed (row 1 is the header; column by name)."""
    book = load_workbook(io.BytesIO(content))
    worksheet = book[sheet]
    header = [cell.value for cell in worksheet[1]]
    worksheet.cell(row=row, column=header.index(column) + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
