"""W8a: an edit of every kind of society record leaves an AuditEntry with the old and the new
value (and a delete the full old record)."""

import datetime as dt
from decimal import Decimal

import pytest

from xuehui.activities import services as activities
from xuehui.activities.models import Activity
from xuehui.audit.models import AuditEntry
from xuehui.branches import services as branches
from xuehui.branches.models import Branch
from xuehui.files.services import file_delete
from xuehui.files.tests.factories import make_stored_file, pdf_bytes, upload
from xuehui.finances.models import FinanceYear
from xuehui.finances.services import finance_year_save
from xuehui.meetings import services as meetings
from xuehui.meetings.models import Meeting
from xuehui.members import services as members
from xuehui.members.models import IndividualMember, InstitutionalMember
from xuehui.party import services as party
from xuehui.party.models import PartyOrganisation
from xuehui.regulations import services as regulations
from xuehui.regulations.models import RuleDocument
from xuehui.secretariat import services as secretariat
from xuehui.secretariat.models import Office, StaffMember
from xuehui.tests.factories import make_id_number, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _changed(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def _individual(society, actor):
    member = members.individual_member_save(
        member=IndividualMember(
            society=society,
            name="王五",
            id_number=make_id_number(dt.date(1980, 1, 1)),
            employer="武汉大学",
        ),
        actor=actor,
    )
    return lambda: members.individual_member_save(
        member=_changed(member, employer="三峡大学"), actor=actor
    )


def _institutional(society, actor):
    member = members.institutional_member_save(
        member=InstitutionalMember(
            society=society, name="甲公司", uscc=make_uscc(), contact_name="李"
        ),
        actor=actor,
    )
    return lambda: members.institutional_member_save(
        member=_changed(member, contact_name="赵"), actor=actor
    )


def _staff(society, actor):
    staff = secretariat.staff_member_save(
        staff=StaffMember(
            society=society, name="张三", post="秘书", contract_start=dt.date(2024, 1, 1)
        ),
        actor=actor,
    )
    return lambda: secretariat.staff_member_save(staff=_changed(staff, post="秘书长"), actor=actor)


def _office(society, actor):
    office = secretariat.office_save(
        office=Office(society=society, address="武昌区1号", area_m2=Decimal("80"), source="rented"),
        actor=actor,
    )
    return lambda: secretariat.office_save(
        office=_changed(office, address="武昌区2号"), actor=actor
    )


def _party(society, actor):
    organisation = party.party_organisation_save(
        organisation=PartyOrganisation(
            society=society, form="branch", established_on=dt.date(2020, 7, 1), secretary_name="甲"
        ),
        actor=actor,
    )
    return lambda: party.party_organisation_save(
        organisation=_changed(organisation, secretary_name="乙"), actor=actor
    )


def _branch(society, actor):
    branch = branches.branch_save(
        branch=Branch(society=society, name="青年工作委员会", kind="branch"), actor=actor
    )
    return lambda: branches.branch_save(branch=_changed(branch, name="青年委员会"), actor=actor)


def _rule_document(society, actor):
    document = regulations.rule_document_save(
        document=RuleDocument(
            society=society, kind="finance", name="财务管理办法", adopted_on=dt.date(2023, 1, 1)
        ),
        actor=actor,
    )
    return lambda: regulations.rule_document_save(
        document=_changed(document, name="财务管理制度"), actor=actor
    )


def _meeting(society, actor):
    meeting = meetings.meeting_save(
        meeting=Meeting(society=society, kind="council", held_on=dt.date(2024, 3, 1), title="一次"),
        actor=actor,
    )
    return lambda: meetings.meeting_save(meeting=_changed(meeting, title="二次"), actor=actor)


def _activity(society, actor):
    activity = activities.activity_save(
        activity=Activity(
            society=society,
            kind="academic_exchange",
            title="年会",
            start_on=dt.date(2024, 5, 1),
            level="national",
            role="host",
        ),
        actor=actor,
    )
    return lambda: activities.activity_save(
        activity=_changed(activity, title="学术年会"), actor=actor
    )


def _finance(society, actor):
    year = finance_year_save(
        finance_year=FinanceYear(society=society, year=2024, income_dues=Decimal("100")),
        actor=actor,
    )

    def edit():
        year.income_dues = Decimal("250")
        return finance_year_save(finance_year=year, actor=actor)

    return edit


KINDS = [
    ("individual_member_update", _individual, "employer", "武汉大学", "三峡大学"),
    ("institutional_member_update", _institutional, "contact_name", "李", "赵"),
    ("staff_member_update", _staff, "post", "秘书", "秘书长"),
    ("office_update", _office, "address", "武昌区1号", "武昌区2号"),
    ("party_organisation_update", _party, "secretary_name", "甲", "乙"),
    ("branch_update", _branch, "name", "青年工作委员会", "青年委员会"),
    ("rule_document_update", _rule_document, "name", "财务管理办法", "财务管理制度"),
    ("meeting_update", _meeting, "title", "一次", "二次"),
    ("activity_update", _activity, "title", "年会", "学术年会"),
    ("finance_year_update", _finance, "income_dues", "100.00", "250"),
]


@pytest.mark.parametrize(
    ("action", "make", "field", "old", "new"), KINDS, ids=[k[0] for k in KINDS]
)
def test_an_edit_of_each_record_kind_keeps_old_and_new_value(
    society_a, secretary_a, action, make, field, old, new
):
    edit = make(society_a, secretary_a)
    edited = edit()
    entry = AuditEntry.objects.filter(action=action).latest("pk")
    assert entry.detail["operation"] == "update"
    assert entry.detail["changes"][field] == [old, new]
    assert entry.society_id == society_a.pk
    assert entry.target_id == str(edited.pk)


def test_a_stored_file_records_what_was_stored_and_its_delete_the_old_record(
    society_a, secretary_a
):
    stored = make_stored_file(society_a, actor=secretary_a, name="纪要.pdf")
    created = AuditEntry.objects.filter(action="file_store").latest("pk").detail
    assert created["changes"]["original_name"] == [None, "纪要.pdf"]
    file_delete(stored_file=stored, actor=secretary_a)
    old = AuditEntry.objects.filter(action="file_delete").latest("pk").detail["old"]
    assert old["original_name"] == "纪要.pdf" and old["size"] == stored.size


def test_an_activity_edit_names_the_evidence_added_and_removed(society_a, secretary_a):
    activity = activities.activity_save(
        activity=Activity(
            society=society_a,
            kind="academic_exchange",
            title="年会",
            start_on=dt.date(2024, 5, 1),
            level="national",
            role="host",
        ),
        actor=secretary_a,
        uploads=[upload("照片.pdf", pdf_bytes("a"))],
    )
    first = activity.evidence.get()
    first_pk = first.pk
    activities.activity_save(
        activity=activity,
        actor=secretary_a,
        uploads=[upload("新照片.pdf", pdf_bytes("b"))],
        remove_files=[first],
    )
    detail = AuditEntry.objects.filter(action="activity_update").latest("pk").detail
    second = activity.evidence.get()
    assert detail["evidence_removed"] == [first_pk]
    assert detail["evidence_added"] == [second.pk]
