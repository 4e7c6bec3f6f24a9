"""Export → import is a round trip with no change: into the same society, and into a society
whose records were wiped (every record comes back as it was)."""

import datetime as dt

from xuehui.access import SYSTEM
from xuehui.activities.models import Activity
from xuehui.audit.models import AuditEntry
from xuehui.branches.models import Branch, BranchReport
from xuehui.finances.models import FinanceYear
from xuehui.governance.models import Person, Position, Term
from xuehui.meetings.models import Meeting
from xuehui.members.models import MembershipProfile, MemberYearStat
from xuehui.party.models import PartyOrganisation
from xuehui.regulations.models import RuleDocument
from xuehui.secretariat.models import Office, SecretariatProfile, StaffMember
from xuehui.societies.models import Society
from xuehui.workbook.exporters import write_workbook
from xuehui.workbook.services import workbook_import

from .factories import edit, populate

TODAY = dt.date(2025, 6, 30)

PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "political_status",
    "education",
    "employer",
    "title",
    "phone",
    "is_frontline",
    "is_retired_official",
    "is_serving_official",
)
POSITION_FIELDS = (
    "office",
    "start_on",
    "end_on",
    "selection",
    "is_full_time",
    "is_paid",
    "approval_ref",
    "consecutive_terms",
)
RECORDS = {
    Term: ("number", "start_on", "planned_end_on", "ended_on"),
    MemberYearStat: ("year", "individual_count", "institutional_count"),
    StaffMember: (
        "name",
        "post",
        "contract_start",
        "contract_end",
        "monthly_pay",
        "has_social_insurance",
        "is_party_member",
        "is_finance_staff",
        "has_finance_certificate",
    ),
    Office: ("address", "area_m2", "source", "facilities_owned"),
    PartyOrganisation: ("form", "established_on", "secretary_name", "party_member_count"),
    Branch: ("name", "kind", "filed_on", "head_name", "status"),
    Meeting: (
        "kind",
        "held_on",
        "expected_attendance",
        "actual_attendance",
        "has_minutes",
        "supervisors_attended",
    ),
    Activity: (
        "kind",
        "title",
        "start_on",
        "end_on",
        "level",
        "role",
        "participants",
        "revenue",
        "in_science_week",
        "into_villages",
        "into_communities",
        "into_schools",
        "into_enterprises",
    ),
    RuleDocument: ("kind", "name", "adopted_on", "adopted_by"),
    FinanceYear: (
        "year",
        "income_dues",
        "income_government",
        "income_technical",
        "income_training",
        "income_donations",
        "income_other",
        "total_expenditure",
        "net_assets",
        "is_audited",
    ),
}
SOCIETY_FIELDS = (
    "name",
    "uscc",
    "category",
    "supervising_authority",
    "host_institution",
    "founded_on",
    "legal_representative",
)


def snapshot(society) -> dict:
    """Every value the workbook carries, in a form that ignores primary keys and order."""
    return _snapshot(society)


def _snapshot(society) -> dict:
    society = Society.objects.get(pk=society.pk)
    current = Term.objects.get(society=society, number=5)
    positions = Position.objects.filter(term=current).select_related("person")
    return {
        "society": [getattr(society, f) for f in SOCIETY_FIELDS],
        "membership": list(
            MembershipProfile.objects.filter(society=society).values_list(
                "congress_form", "representative_count"
            )
        ),
        "secretariat": list(
            SecretariatProfile.objects.filter(society=society).values_list(
                "has_own_bank_account", "website", "wechat_account"
            )
        ),
        "roster": sorted(
            tuple(getattr(p.person, f) for f in PERSON_FIELDS)
            + tuple(getattr(p, f) for f in POSITION_FIELDS)
            for p in positions
        ),
        "latest_reports": sorted(
            (b.name, max((r.reported_on for r in b.reports.all()), default=None))
            for b in Branch.objects.filter(society=society).prefetch_related("reports")
        ),
        **{
            model._meta.label: sorted(
                model.objects.filter(society=society).values_list(*fields), key=repr
            )
            for model, fields in RECORDS.items()
        },
    }


def wipe(society) -> None:
    """Remove everything the workbook carries, keeping only the society's name and code."""
    for model in (*RECORDS, MembershipProfile, SecretariatProfile):
        model.objects.filter(society=society).delete()
    Person.objects.filter(society=society).delete()  # the society's own records of people
    Society.objects.filter(pk=society.pk).update(
        category="",
        supervising_authority="",
        host_institution="",
        founded_on=None,
        legal_representative="",
    )


def _changes(run) -> dict:
    return {
        sheet.title: (sheet.outcome.created, sheet.outcome.updated)
        for sheet in run.sheets
        if sheet.outcome and (sheet.outcome.created or sheet.outcome.updated)
    }


def test_importing_a_society_s_own_export_changes_nothing(society_a):
    populate(society_a)
    before = snapshot(society_a)
    audits = set(AuditEntry.objects.values_list("pk", flat=True))
    run = workbook_import(source=write_workbook(society_a, today=TODAY), today=TODAY, actor=SYSTEM)
    assert run.ok, [str(e) for e in run.errors]
    assert run.society == society_a  # found by the code in 基本信息
    assert _changes(run) == {}
    assert all(sheet.state == "read" for sheet in run.sheets)
    assert snapshot(society_a) == before
    # Nothing was written but the import's own record (and the roster import's, which it reuses).
    actions = set(AuditEntry.objects.exclude(pk__in=audits).values_list("action", flat=True))
    assert actions == {"workbook_import", "roster_import"}


def test_a_wiped_society_comes_back_exactly_from_its_workbook(society_a):
    populate(society_a)
    before = snapshot(society_a)
    content = write_workbook(society_a, today=TODAY)
    wipe(society_a)
    assert not Term.objects.filter(society=society_a).exists()

    first = workbook_import(source=content, filename="a.xlsx", today=TODAY, actor=SYSTEM)
    assert first.ok, [str(e) for e in first.errors]
    assert snapshot(society_a) == before
    assert first.sheet("会议").outcome.created and first.sheet("理事会成员").outcome.created

    again = workbook_import(source=content, filename="a.xlsx", today=TODAY, actor=SYSTEM)
    assert again.ok
    assert _changes(again) == {}
    assert snapshot(society_a) == before


def test_the_export_leaves_other_societies_out(society_a, society_b):
    populate(society_b)
    run = workbook_import(source=write_workbook(society_a, today=TODAY), today=TODAY, actor=SYSTEM)
    assert run.ok, [str(e) for e in run.errors]
    assert not Meeting.objects.filter(society=society_a).exists()
    assert not BranchReport.objects.filter(branch__society=society_a).exists()


def test_each_record_a_workbook_import_changes_has_its_own_audit_entry(society_a):
    populate(society_a)
    congress = Meeting.objects.get(society=society_a, held_on=dt.date(2022, 6, 1))
    content = edit(write_workbook(society_a, today=TODAY), "会议", 2, "实到人数", 170)
    audits = set(AuditEntry.objects.values_list("pk", flat=True))
    run = workbook_import(source=content, filename="a.xlsx", today=TODAY, actor=SYSTEM)
    assert run.ok, [str(e) for e in run.errors]
    entries = AuditEntry.objects.exclude(pk__in=audits)
    update = entries.get(action="meeting_update")
    assert update.target_id == str(congress.pk) and update.society_id == society_a.pk
    assert update.detail["changes"] == {"actual_attendance": [160, 170]}
