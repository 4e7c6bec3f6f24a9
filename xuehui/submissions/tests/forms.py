"""Every create form of the platform: its address, a valid filling, and what it creates.

Shared by the sequential and the concurrent double-submit tests. `setup(society)` makes what
the form hangs on (a term, a branch, a meeting) and returns the URL; `data()` fills the form;
`model` is what one submit adds a row of.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from xuehui.accounts.models import User
from xuehui.activities.models import Activity
from xuehui.branches.models import Branch, BranchReport
from xuehui.finances.models import FinanceYear
from xuehui.governance.models import Position, Term
from xuehui.meetings.models import Meeting, Resolution
from xuehui.meetings.tests.factories import make_meeting
from xuehui.members.models import IndividualMember, InstitutionalMember, MemberYearStat
from xuehui.party.models import PartyOrganisation
from xuehui.regulations.models import RuleDocument
from xuehui.secretariat.models import Office, StaffMember
from xuehui.societies.models import Society
from xuehui.tests import factories


@dataclass(frozen=True)
class CreateForm:
    name: str
    model: type
    setup: Callable  # (society) -> url
    data: Callable[..., dict]  # (society) -> POST data
    as_admin: bool = False  # a 科协 administrator's form; else the society's secretary

    def __str__(self) -> str:
        return self.name


def _society_url(name: str) -> Callable:
    return lambda society: reverse(name, args=[society.pk])


def _term_of(society) -> Term:
    return Term.objects.filter(society=society).first() or factories.make_term(society)


def _branch_of(society) -> Branch:
    return Branch.objects.get_or_create(society=society, name="学术工作委员会")[0]


def _meeting_of(society) -> Meeting:
    return Meeting.objects.filter(society=society).first() or make_meeting(society)


FORMS = [
    CreateForm(
        "staff",
        StaffMember,
        _society_url("secretariat:staff_create"),
        lambda s: {"name": "王五", "post": "秘书长助理", "contract_start": "2024-01-01"},
    ),
    CreateForm(
        "office",
        Office,
        _society_url("secretariat:office_create"),
        lambda s: {"address": "武昌区中北路1号", "area_m2": "24.5", "source": "rented"},
    ),
    CreateForm(
        "individual member without number or ID",
        IndividualMember,
        _society_url("members:individual_create"),
        lambda s: {"name": "王芳", "status": "active"},
    ),
    CreateForm(
        "individual member with a number",
        IndividualMember,
        _society_url("members:individual_create"),
        lambda s: {"name": "王芳", "member_number": "A9", "status": "active"},
    ),
    CreateForm(
        "unit member",
        InstitutionalMember,
        _society_url("members:institutional_create"),
        lambda s: {"name": "武汉大学", "status": "active"},
    ),
    CreateForm(
        "member statistics",
        MemberYearStat,
        _society_url("members:stat_create"),
        lambda s: {"year": 2016, "individual_count": 120, "institutional_count": 0},
    ),
    CreateForm(
        "party organisation",
        PartyOrganisation,
        _society_url("party:organisation_create"),
        lambda s: {"form": "joint_branch", "established_on": "2021-06-30"},
    ),
    CreateForm(
        "branch",
        Branch,
        _society_url("branches:branch_create"),
        lambda s: {"name": "青年工作委员会", "kind": "working_committee", "status": "active"},
    ),
    CreateForm(
        "branch report",
        BranchReport,
        lambda s: reverse("branches:report_create", args=[_branch_of(s).pk]),
        lambda s: {"year": 2023, "reported_on": "2024-01-20"},
    ),
    CreateForm(
        "meeting",
        Meeting,
        _society_url("meetings:create"),
        lambda s: {"kind": "council", "held_on": "2024-06-18", "title": "五届三次理事会"},
    ),
    CreateForm(
        "resolution",
        Resolution,
        lambda s: reverse("meetings:resolution_create", args=[_meeting_of(s).pk]),
        lambda s: {"text": "修订会员管理办法", "status": "pending"},
    ),
    CreateForm(
        "activity",
        Activity,
        _society_url("activities:create"),
        lambda s: {
            "kind": "science_popularization",
            "title": "科技活动周进社区",
            "start_on": "2024-05-20",
            "level": "municipal",
            "role": "host",
            "participants": "300",
        },
    ),
    CreateForm(
        "finance year",
        FinanceYear,
        _society_url("finances:create"),
        lambda s: {
            "year": "2024",
            **dict.fromkeys(
                ["income_dues", "income_government", "income_technical", "income_training"],
                "0",
            ),
            **dict.fromkeys(["income_donations", "income_other", "net_assets"], "0"),
            "total_expenditure": "250000",
        },
    ),
    CreateForm(
        "rule document",
        RuleDocument,
        _society_url("regulations:create"),
        lambda s: {"kind": "finance", "name": "财务管理制度", "adopted_on": "2024-03-01"},
    ),
    CreateForm(
        "term",
        Term,
        _society_url("governance:term_create"),
        lambda s: {"number": 7, "start_on": "2030-01-01"},
    ),
    CreateForm(
        "position with a new person",
        Position,
        lambda s: reverse("governance:position_create", args=[s.pk, _term_of(s).pk]),
        lambda s: {
            "office": "director",
            "consecutive_terms": 1,
            "new-name": "钱女士",
            "new-birth_date": "1975-03-01",
        },
    ),
    CreateForm(
        "society",
        Society,
        lambda s: reverse("societies:create"),
        lambda s: {
            "name": "湖北省新学会",
            "uscc": factories.make_uscc(777),
            "category": s.category,
            "federation": s.federation_id,
            "status": s.status,
        },
        as_admin=True,
    ),
    CreateForm(
        "account",
        User,
        lambda s: reverse("accounts:user_create"),
        lambda s: {
            "username": "hj_new",
            "full_name": "赵六",
            "role": "society_editor",
            "society": s.pk,
        },
        as_admin=True,
    ),
]

# Forms whose record has a unique key the form checks (two different renders race on it).
UNIQUE_FORMS = [
    f
    for f in FORMS
    if f.name in {"branch", "meeting", "society", "term", "individual member with a number"}
]

ON_DATE = dt.date(2024, 6, 1)
