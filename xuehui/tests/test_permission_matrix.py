"""The permission matrix (issue 5 §1, §6): every URL of the platform, as every role, against
an object inside and one outside that role's scope.

The URLs come from the URL configuration itself, so a new page cannot escape: each pattern
is a test; its kwargs are filled by the builders registered below (by kwarg name, or for
`pk` by the view's model), and a kwarg nobody registered fails the test with a message
saying where to register it. For every role it asserts:

- anonymous → sent to the sign-in page;
- an object outside the role's scope → 404;
- inside the scope, a read-only role (科协领导, 评审专家) on a write → 403;
- inside the scope, an allowed role → 200 or 302; never 500.

GET is issued always; POST (with an empty body) too, since every view either refuses it or
must handle it. A page whose name says it writes (create, edit, delete, …) is a write.

One explicit table says where the generic rule does not apply: ROLE_RULES (a role that may
see an object but not use a page, e.g. a secretary on a campaign's administration). There
is no list of tolerated failures: a wrong answer fails the test.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from xuehui.accounts.choices import Role
from xuehui.accounts.models import RoleAssignment, User

ANONYMOUS = "anonymous"
ROLES = (
    Role.SYSTEM_ADMIN.value,
    Role.FEDERATION_ADMIN.value,
    Role.FEDERATION_VIEWER.value,
    Role.SOCIETY_EDITOR.value,
    Role.EXPERT.value,
    ANONYMOUS,
)
READ_ONLY = frozenset({Role.FEDERATION_VIEWER.value, Role.EXPERT.value})
INSIDE, OUTSIDE = "inside", "outside"

# URLs that are not per object and not behind sign-in, with the reason (kept short).
ALLOWED_UNSCOPED = {
    "accounts:login": "the sign-in page is public by nature",
    "pilots:public_cases": "the published typical cases are for the public",
    "accounts:logout": "signing out is public by nature",
    "healthz": "the health check is for load balancers; it shows no data (xuehui/ops/tests)",
}
# Namespaces left out whole, with the reason.
ALLOWED_NAMESPACES = {
    "admin": "Django's own admin site checks is_staff itself and is not linked for users",
    "public": "the public portal needs no sign-in; xuehui/portal/tests crawl it anonymously",
    "api": "the REST API answers tokens, not sessions' pages; xuehui/api/tests has its own "
    "matrix generated from its router",
}

# The last word of a URL name that marks a write (a form page, an action): `item_evidence`
# is a write, `evidence_download` a read.
WRITE_WORDS = frozenset(
    {
        "create", "new", "edit", "delete", "remove", "end", "import", "confirm", "cancel",
        "submit", "assess", "evidence", "answer", "resolve", "verdict", "revert", "start",
        "conclude", "approve", "return", "add", "launch", "close", "refresh", "accept",
        "deactivate", "reactivate", "reset", "grant", "revoke", "row",
    }
)  # fmt: skip
# Writes whose name does not end in such a word.
WRITE_NAMES = frozenset(
    {
        "campaigns:accept_automatic",
        "members:import_preview",
        "rules:framework_adoption",
        "rules:overview_recompute",
        "evaluation:scheme_weights",
        "portal:feedback_assign",
        "portal:feedback_reply",
        "governance:person_unmask",
        "governance:person_anonymise",
        # 「导出完整号码」: only who may edit the society, with a reason
        "governance:roster_export_full",
        "members:export_full",
        "workbook:export_full",
        "members:individual_unmask",
        "members:individual_anonymise",
        "members:institutional_unmask",
        "members:institutional_anonymise",
    }
)
# Pages that look like writes by name but every signed-in user may use on their own behalf.
NOT_WRITES = {
    "accounts:password_change": "every user changes their own password",
    "accounts:second_factor": "every user sets up their own second factor",
    "accounts:second_factor_verify": "every user answers their own sign-in's code",
    "api_tokens:list": "every user issues and lists their own API tokens",
    "notifications:read": "every user marks their own notifications read",
    "guide:import": "every user reads how an import's template is laid out",
    "stats:federation_xlsx": "who reads a 科协's return exports it (a job of their own)",
}


# ---------------------------------------------------------------- the world


@dataclass
class Side:
    """One side of the matrix: a society with its federation, and the objects built in it."""

    name: str
    society: object
    federation: object
    campaign: object
    entry: object
    cache: dict = field(default_factory=dict)

    def get(self, label: str) -> Model:
        if label not in self.cache:
            builder = BUILDERS.get(label)
            if builder is None:
                pytest.fail(
                    f"No builder for model {label}: register one in BUILDERS of "
                    "xuehui/tests/test_permission_matrix.py (a function making one in side.society)"
                )
            self.cache[label] = builder(self)
        return self.cache[label]

    def fresh(self) -> "Side":
        """The same society, with new objects (after a POST that may have deleted them)."""
        return Side(self.name, self.society, self.federation, self.campaign, self.entry)


_serial = itertools.count(1)


def _make_user(username: str, role: str | None, **scope) -> User:
    user = User.objects.create(username=f"{username}{next(_serial)}", full_name=username)
    if role:
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def world(federation, other_federation, society_a, society_b):
    from xuehui.campaigns.models import ExpertAssignment
    from xuehui.workplans.tests.factories import make_campaign, make_entry

    campaign_a = make_campaign(federation)
    campaign_b = make_campaign(other_federation)
    users = {
        Role.SYSTEM_ADMIN.value: _make_user("m_root", Role.SYSTEM_ADMIN),
        Role.FEDERATION_ADMIN.value: _make_user(
            "m_admin", Role.FEDERATION_ADMIN, federation=federation
        ),
        Role.FEDERATION_VIEWER.value: _make_user(
            "m_viewer", Role.FEDERATION_VIEWER, federation=federation
        ),
        Role.SOCIETY_EDITOR.value: _make_user("m_editor", Role.SOCIETY_EDITOR, society=society_a),
        Role.EXPERT.value: _make_user("m_expert", Role.EXPERT, federation=federation),
    }
    ExpertAssignment.objects.create(
        campaign=campaign_a, expert=users[Role.EXPERT.value], society=society_a
    )
    sides = {
        INSIDE: Side(INSIDE, society_a, federation, campaign_a, make_entry(campaign_a, society_a)),
        OUTSIDE: Side(
            OUTSIDE, society_b, other_federation, campaign_b, make_entry(campaign_b, society_b)
        ),
    }
    return users, sides


# ---------------------------------------------------------------- builders, by model label


def _term(side):
    from xuehui.tests.factories import make_term

    n = next(_serial)  # objects are built again after each allowed POST: keep them unique
    return make_term(side.society, number=n, start_on=dt.date(1900 + n % 1000, 6, 1))


def _person(side):
    """A person belongs to a society through a post in one of its terms."""
    return side.get("governance.Position").person


def _position(side):
    from xuehui.tests.factories import make_person, make_position

    term = side.get("governance.Term")
    return make_position(term, person=make_person(society=term.society))


def _stored_file(side):
    from xuehui.files.tests.factories import make_stored_file

    return make_stored_file(side.society)


def _job(side):
    from xuehui.jobs.models import Job
    from xuehui.tests.factories import make_user

    owner = make_user(f"job-owner-{next(_serial)}")
    return Job.objects.create(task="t", title="导入", user=owner, status="succeeded")


def _api_token(side):
    """A token of the side's society's secretary (another account than the matrix's)."""
    from xuehui.access import SYSTEM
    from xuehui.api.services import token_issue

    owner = _make_user("m_token_owner", Role.SOCIETY_EDITOR, society=side.society)
    return token_issue(user=owner, actor=SYSTEM, name="对接系统")[0]


def _meeting(side):
    from xuehui.meetings.tests.factories import make_meeting

    return make_meeting(
        side.society, held_on=dt.date(2024, 1, 1) + dt.timedelta(days=next(_serial))
    )


def _resolution(side):
    from xuehui.meetings.tests.factories import make_resolution

    return make_resolution(side.get("meetings.Meeting"))


def _simple(factory_path: str) -> Callable:
    def build(side):
        module, name = factory_path.rsplit(".", 1)
        return getattr(__import__(module, fromlist=[name]), name)(side.society)

    return build


def _branch(side):
    from xuehui.branches.choices import BranchKind
    from xuehui.branches.models import Branch

    return Branch.objects.create(
        society=side.society, name=f"青年工作委员会{next(_serial)}", kind=BranchKind.values[0]
    )


def _branch_report(side):
    from xuehui.branches.models import BranchReport

    return BranchReport.objects.create(
        branch=side.get("branches.Branch"), year=2024, reported_on=dt.date(2024, 12, 1)
    )


def _party(side):
    from xuehui.party.choices import PartyOrganisationForm
    from xuehui.party.models import PartyOrganisation

    return PartyOrganisation.objects.create(
        society=side.society,
        form=PartyOrganisationForm.values[0],
        established_on=dt.date(2018, 1, 1),
    )


def _programme(side):
    from xuehui.pilots.models import PilotProgramme

    programme = PilotProgramme.objects.filter(federation=side.federation).first()
    if programme is None:
        from xuehui.workplans.tests.factories import framework_version

        programme = PilotProgramme.objects.create(
            key=f"pilot-{side.name}",
            name=f"试点{side.name}",
            federation=side.federation,
            framework=framework_version().framework,
        )
    return programme


def _membership(side):
    from xuehui.pilots.models import PilotMembership

    return PilotMembership.objects.create(
        programme=side.get("pilots.PilotProgramme"),
        batch=side.get("pilots.PilotBatch"),
        society=side.society,
        since=dt.date(2000, 1, 1) + dt.timedelta(days=next(_serial)),
    )


def _batch(side):
    from xuehui.pilots.models import PilotBatch, PilotPhase
    from xuehui.pilots.phases import template_for

    programme = side.get("pilots.PilotProgramme")
    n = next(_serial)
    batch = PilotBatch.objects.create(programme=programme, year=2000 + n % 100, name=f"批次{n}")
    for position, phase in enumerate(template_for(programme.framework.key), start=1):
        starts_on, ends_on = phase.dates(batch.year)
        PilotPhase.objects.create(
            batch=batch, position=position, kind=phase.kind, name=phase.name,
            starts_on=starts_on, ends_on=ends_on,
        )  # fmt: skip
    return batch


def _inspection(side):
    """A concluded inspection scored by three experts (its opinion can be generated)."""
    from decimal import Decimal

    from xuehui.pilots.choices import AcceptanceVerdict
    from xuehui.pilots.models import Inspection, PanelMember, StandardScore
    from xuehui.pilots.selectors import points_of

    membership = side.get("pilots.PilotMembership")
    inspection = Inspection.objects.create(
        membership=membership, scheduled_on=dt.date(2018, 10, 25), held_on=dt.date(2018, 10, 25),
        place="学会会议室", materials="章程、财务制度", score=Decimal(90),
        verdict=AcceptanceVerdict.PASS, opinion="同意通过验收。",
    )  # fmt: skip
    points = points_of(membership.batch)
    for _ in range(3):
        member = PanelMember.objects.create(
            inspection=inspection, expert=_make_user("m_panel", Role.EXPERT),
            institution="某大学", no_conflict=True,
        )  # fmt: skip
        StandardScore.objects.bulk_create(
            StandardScore(member=member, requirement_key=key, points=value * Decimal("0.9"))
            for key, value in points.items()
        )
    return inspection


def _pilot_object(model: str, *, of_society: bool = False, **fields) -> Callable:
    """A pilot record; a text naming a model ("pilots.PilotBatch") is that side's object."""

    def build(side):
        from xuehui.pilots import models

        values = {
            name: side.get(value)
            if isinstance(value, str) and value.startswith("pilots.")
            else value
            for name, value in fields.items()
        }
        if of_society:
            values["society"] = side.society
        return getattr(models, model).objects.create(**values)

    return build


def _evaluation_scheme(side):
    """A one-indicator scheme of the side's 科协 (a year of its own each time)."""
    from xuehui.access import SYSTEM
    from xuehui.evaluation.services import scheme_save

    n = next(_serial)
    return scheme_save(
        federation=side.federation, actor=SYSTEM,
        data={"key": f"m-{n}", "name": f"考评{n}", "year": 2000 + n % 26,
              "indicators": [{"code": "1", "name": "学术水平", "points": 10, "expert": True}],
              "stars": {"levels": [{"stars": 3, "min_score": 0}]}},
    )  # fmt: skip


def _evaluation(side):
    """A confirmed year, scored by the side's experts: everything it offers can be read."""
    from django.utils import timezone

    from xuehui.evaluation.choices import Stage
    from xuehui.evaluation.models import Evaluation

    scheme = _evaluation_scheme(side)
    evaluation = Evaluation.objects.create(
        scheme=scheme, facts_on=dt.date(scheme.year, 12, 31), stage=Stage.CONFIRMED,
        computed_at=timezone.now(), publicity_starts_on=dt.date(scheme.year + 1, 1, 5),
        publicity_ends_on=dt.date(scheme.year + 1, 1, 11), confirmed_at=timezone.now(),
    )  # fmt: skip
    evaluation.experts.set(
        User.objects.filter(
            role_assignments__role=Role.EXPERT, role_assignments__federation=side.federation
        )
    )
    return evaluation


def _evaluation_result(side):
    from xuehui.evaluation.models import EvaluationResult, StarRating

    evaluation = side.get("evaluation.Evaluation")
    StarRating.objects.get_or_create(
        society=side.society, evaluation=evaluation,
        defaults={"stars": 3, "valid_from": dt.date(2000, 1, 1), "valid_until": dt.date(2100, 1, 1)},
    )  # fmt: skip
    return EvaluationResult.objects.create(
        evaluation=evaluation, society=side.society, score=8, rank=1,
        stars=3, star_note="总分8，达到3星标准",
        breakdown=[{"code": "1", "indicator": "学术水平", "points": 10, "score": 8,
                    "basis": "专家评分", "method": "expert", "false_answers": 0}],
    )  # fmt: skip


def _result_objection(side):
    from xuehui.evaluation.models import ResultObjection

    result = side.get("evaluation.EvaluationResult")
    return ResultObjection.objects.create(
        result=result, raised_by_society=side.society, reasons="得分偏低",
        due_on=dt.date(2100, 1, 1),
    )  # fmt: skip


def _item(side):
    return side.entry.items.order_by("position").first()


def _evidence(side):
    from xuehui.campaigns.models import Evidence

    return Evidence.objects.create(
        item=side.get("campaigns.CampaignItem"), file=side.get("files.StoredFile")
    )


def _transition(side):
    from xuehui.campaigns.choices import State
    from xuehui.campaigns.models import Transition

    return Transition.objects.create(
        entry=side.entry, from_state=State.PENDING, to_state=State.SUBMITTED
    )


def _assignment(side):
    from xuehui.campaigns.models import ExpertAssignment

    expert = _make_user("m_expert_more", Role.EXPERT)
    return ExpertAssignment.objects.create(
        campaign=side.campaign, expert=expert, society=side.society
    )


def _plan(side):
    from xuehui.workplans.models import WorkPlan
    from xuehui.workplans.tests.factories import make_plan

    return WorkPlan.objects.filter(entry=side.entry).first() or make_plan(side.entry)


def _problem(side):
    from xuehui.workplans.models import Problem

    plan = side.get("workplans.WorkPlan")
    return Problem.objects.create(plan=plan, position=100 + next(_serial), text="会员发展不足")


def _task(side):
    from xuehui.workplans.tests.factories import make_task

    return make_task(side.get("workplans.WorkPlan"))


def _user(side):
    return _make_user("m_sec", Role.SOCIETY_EDITOR, society=side.society)


def _role(side):
    return side.get("accounts.User").role_assignments.get()


def _feedback(side):
    from xuehui.portal.services import feedback_submit

    return feedback_submit(
        society=side.society, kind="message", text="请公开会费标准", contact="",
        address_hash="0" * 64,
    )  # fmt: skip


BUILDERS: dict[str, Callable[[Side], Model]] = {
    "societies.Society": lambda side: side.society,
    "societies.Federation": lambda side: side.federation,
    "governance.Term": _term,
    "governance.Person": _person,
    "governance.Position": _position,
    "files.StoredFile": _stored_file,
    "meetings.Meeting": _meeting,
    "jobs.Job": _job,
    "api.ApiToken": _api_token,
    "meetings.Resolution": _resolution,
    "regulations.RuleDocument": lambda side: __import__(
        "xuehui.regulations.tests.factories", fromlist=["make_rule_document"]
    ).make_rule_document(side.society, name=f"章程{next(_serial)}"),
    "activities.Activity": _simple("xuehui.activities.tests.factories.make_activity"),
    "finances.FinanceYear": lambda side: __import__(
        "xuehui.finances.tests.factories", fromlist=["make_finance_year"]
    ).make_finance_year(side.society, year=1950 + next(_serial) % 140),
    "members.IndividualMember": _simple("xuehui.members.tests.factories.make_individual_member"),
    "members.InstitutionalMember": _simple(
        "xuehui.members.tests.factories.make_institutional_member"
    ),
    "members.MemberYearStat": lambda side: __import__(
        "xuehui.members.tests.factories", fromlist=["make_year_stat"]
    ).make_year_stat(side.society, 1950 + next(_serial) % 140, 100),
    "secretariat.StaffMember": _simple("xuehui.secretariat.tests.factories.make_staff"),
    "secretariat.Office": _simple("xuehui.secretariat.tests.factories.make_office"),
    "party.PartyOrganisation": _party,
    "branches.Branch": _branch,
    "branches.BranchReport": _branch_report,
    "pilots.PilotProgramme": _programme,
    "pilots.PilotMembership": _membership,
    "pilots.PilotBatch": _batch,
    "pilots.Inspection": _inspection,
    "pilots.Candidacy": _pilot_object("Candidacy", of_society=True, batch="pilots.PilotBatch"),
    "pilots.GuidanceNote": _pilot_object(
        "GuidanceNote", membership="pilots.PilotMembership", text="完善财务制度"
    ),
    "pilots.Objection": _pilot_object(
        "Objection",
        inspection="pilots.Inspection",
        raised_by="某会员",
        raised_on=dt.date(2018, 11, 1),
        content="评分偏高",
    ),  # fmt: skip
    "pilots.TypicalCase": _pilot_object(
        "TypicalCase",
        of_society=True,
        batch="pilots.PilotBatch",
        title="秘书处实体化",
        practice="做法",
        results="成效",
    ),  # fmt: skip
    "evaluation.EvaluationScheme": lambda side: side.get("evaluation.Evaluation").scheme,
    "evaluation.Evaluation": _evaluation,
    "evaluation.EvaluationResult": _evaluation_result,
    "evaluation.ResultObjection": _result_objection,
    "campaigns.Campaign": lambda side: side.campaign,
    "campaigns.CampaignEntry": lambda side: side.entry,
    "campaigns.CampaignItem": _item,
    "campaigns.Evidence": _evidence,
    "campaigns.Transition": _transition,
    "campaigns.ExpertAssignment": _assignment,
    "workplans.WorkPlan": _plan,
    "workplans.Problem": _problem,
    "workplans.PlanTask": _task,
    "accounts.User": _user,
    "accounts.RoleAssignment": _role,
    "portal.Feedback": _feedback,
    **{
        f"subsidies.{model}": lambda side, name=name: getattr(
            __import__("xuehui.subsidies.tests.factories", fromlist=[name]), name
        )(side)
        for model, name in (
            ("SubsidyProgramme", "matrix_programme"),
            ("SubsidyCategory", "matrix_category"),
            ("SubsidyApplication", "matrix_application"),
        )
    },
    **{
        f"credit.{model}": lambda side, name=name: getattr(
            __import__("xuehui.credit.tests.factories", fromlist=[name]), name
        )(side)
        for model, name in (
            ("Commendation", "matrix_commendation"),
            ("Sanction", "matrix_sanction"),
            ("Listing", "matrix_listing"),
        )
    },
    **{
        f"consortia.{model}": lambda side, name=name: getattr(
            __import__("xuehui.consortia.tests.factories", fromlist=[name]), name
        )(side)
        for model, name in (
            ("Consortium", "matrix_consortium"),
            ("ConsortiumMember", "matrix_member"),
            ("JointActivity", "matrix_joint_activity"),
        )
    },
}

# Kwargs other than `pk` name their model the same way everywhere.
KWARG_MODELS = {
    "society_pk": "societies.Society",
    "term_pk": "governance.Term",
    "meeting_pk": "meetings.Meeting",
    "branch_pk": "branches.Branch",
    "campaign_pk": "campaigns.Campaign",
    "entry_pk": "campaigns.CampaignEntry",
    "plan_pk": "workplans.WorkPlan",
    "task_pk": "workplans.PlanTask",
}

# `pk` of views whose model cannot be read from the view (function views).
PK_MODELS = {
    "jobs:detail": "jobs.Job",
    "jobs:download": "jobs.Job",
    "imports:job_result": "jobs.Job",
    "accounts:users_import_passwords": "jobs.Job",
    "accounts:user_detail": "accounts.User",
    "accounts:user_edit": "accounts.User",
    "accounts:user_deactivate": "accounts.User",
    "accounts:user_reactivate": "accounts.User",
    "accounts:user_unlock": "accounts.User",
    "accounts:user_unmask": "accounts.User",
    "accounts:user_anonymise": "accounts.User",
    "accounts:user_password_reset": "accounts.User",
    "accounts:user_second_factor_reset": "accounts.User",
    "accounts:role_grant": "accounts.User",
    "accounts:role_revoke": "accounts.RoleAssignment",
    "api_tokens:revoke": "api.ApiToken",
    "societies:detail": "societies.Society",
    "societies:edit": "societies.Society",
    "societies:history": "societies.Society",
    "societies:federation_edit": "societies.Federation",
    "societies:federation_deactivate": "societies.Federation",
    "societies:federation_reactivate": "societies.Federation",
    "governance:term_edit": "governance.Term",
    "governance:position_edit": "governance.Position",
    "governance:position_end": "governance.Position",
    "governance:position_delete": "governance.Position",
    "governance:person_edit": "governance.Person",
    "governance:person_unmask": "governance.Person",
    "governance:person_anonymise": "governance.Person",
    "members:individual_unmask": "members.IndividualMember",
    "members:individual_anonymise": "members.IndividualMember",
    "members:institutional_unmask": "members.InstitutionalMember",
    "members:institutional_anonymise": "members.InstitutionalMember",
    "files:download": "files.StoredFile",
    "files:preview": "files.StoredFile",
    "regulations:edit": "regulations.RuleDocument",
    "regulations:delete": "regulations.RuleDocument",
    "meetings:detail": "meetings.Meeting",
    "meetings:edit": "meetings.Meeting",
    "meetings:delete": "meetings.Meeting",
    "meetings:resolution_edit": "meetings.Resolution",
    "meetings:resolution_delete": "meetings.Resolution",
    "activities:edit": "activities.Activity",
    "activities:delete": "activities.Activity",
    "finances:edit": "finances.FinanceYear",
    "finances:delete": "finances.FinanceYear",
    "branches:report_edit": "branches.BranchReport",
    "branches:report_delete": "branches.BranchReport",
    "pilots:membership_end": "pilots.PilotMembership",
    "pilots:membership": "pilots.PilotMembership",
    "pilots:guidance_add": "pilots.PilotMembership",
    "pilots:midterm_add": "pilots.PilotMembership",
    "pilots:summary": "pilots.PilotMembership",
    "pilots:inspection_new": "pilots.PilotMembership",
    "pilots:guidance_respond": "pilots.GuidanceNote",
    "pilots:batch": "pilots.PilotBatch",
    "pilots:batch_phases": "pilots.PilotBatch",
    "pilots:batch_rules": "pilots.PilotBatch",
    "pilots:batch_points": "pilots.PilotBatch",
    "pilots:batch_start": "pilots.PilotBatch",
    "pilots:candidates": "pilots.PilotBatch",
    "pilots:case_new": "pilots.PilotBatch",
    "pilots:meeting_new": "pilots.PilotBatch",
    "pilots:candidacy_decide": "pilots.Candidacy",
    "pilots:candidacy_answer": "pilots.Candidacy",
    "pilots:case_publish": "pilots.TypicalCase",
    "pilots:inspection": "pilots.Inspection",
    "pilots:inspection_declare": "pilots.Inspection",
    "pilots:inspection_record": "pilots.Inspection",
    "pilots:inspection_score": "pilots.Inspection",
    "pilots:inspection_conclude": "pilots.Inspection",
    "pilots:inspection_publicity": "pilots.Inspection",
    "pilots:inspection_publish": "pilots.Inspection",
    "pilots:objection_add": "pilots.Inspection",
    "pilots:opinion": "pilots.Inspection",
    "pilots:objection_answer": "pilots.Objection",
    "evaluation:scheme": "evaluation.EvaluationScheme",
    "evaluation:scheme_edit": "evaluation.EvaluationScheme",
    "evaluation:scheme_weights": "evaluation.EvaluationScheme",
    "evaluation:scheme_yaml": "evaluation.EvaluationScheme",
    "evaluation:scheme_xlsx": "evaluation.EvaluationScheme",
    "evaluation:scheme_import": "evaluation.EvaluationScheme",
    "evaluation:scheme_copy": "evaluation.EvaluationScheme",
    "evaluation:evaluation_open": "evaluation.EvaluationScheme",
    "evaluation:detail": "evaluation.Evaluation",
    "evaluation:compute": "evaluation.Evaluation",
    "evaluation:publicity_start": "evaluation.Evaluation",
    "evaluation:confirm": "evaluation.Evaluation",
    "evaluation:star_apply": "evaluation.Evaluation",
    "evaluation:score": "evaluation.Evaluation",
    "evaluation:result": "evaluation.EvaluationResult",
    "evaluation:result_override": "evaluation.EvaluationResult",
    "evaluation:score_adjust": "evaluation.EvaluationResult",
    "evaluation:objection_new": "evaluation.EvaluationResult",
    "evaluation:certificate": "evaluation.EvaluationResult",
    "evaluation:notice": "evaluation.EvaluationResult",
    "evaluation:objection_answer": "evaluation.ResultObjection",
    "campaigns:detail": "campaigns.Campaign",
    "campaigns:export": "campaigns.Campaign",
    "campaigns:refresh": "campaigns.Campaign",
    "campaigns:close": "campaigns.Campaign",
    "campaigns:withdraw": "campaigns.Campaign",
    "campaigns:assignments": "campaigns.Campaign",
    "campaigns:disputes": "campaigns.Campaign",
    "campaigns:assignment_delete": "campaigns.ExpertAssignment",
    "campaigns:entry": "campaigns.CampaignEntry",
    "campaigns:accept_automatic": "campaigns.CampaignEntry",
    "campaigns:submit": "campaigns.CampaignEntry",
    "campaigns:entry_docx": "campaigns.CampaignEntry",
    "campaigns:entry_pdf": "campaigns.CampaignEntry",
    "campaigns:item_assess": "campaigns.CampaignItem",
    "campaigns:item_evidence": "campaigns.CampaignItem",
    "campaigns:item_answer": "campaigns.CampaignItem",
    "campaigns:item_resolve": "campaigns.CampaignItem",
    "campaigns:item_verdict": "campaigns.CampaignItem",
    "campaigns:evidence_remove": "campaigns.Evidence",
    "campaigns:evidence_download": "campaigns.Evidence",
    "campaigns:evidence_preview": "campaigns.Evidence",
    "campaigns:transition_revert": "campaigns.Transition",
    "campaigns:review": "campaigns.CampaignEntry",
    "campaigns:review_start": "campaigns.CampaignEntry",
    "campaigns:review_conclude": "campaigns.CampaignEntry",
    "workplans:problem_edit": "workplans.Problem",
    "workplans:problem_delete": "workplans.Problem",
    "workplans:task_edit": "workplans.PlanTask",
    "workplans:task_delete": "workplans.PlanTask",
    **dict.fromkeys(
        [
            "subsidies:programme",
            "subsidies:programme_edit",
            "subsidies:category_new",
            "subsidies:application_new",
            "subsidies:allocation_refresh",
            "subsidies:ledger",
        ],
        "subsidies.SubsidyProgramme",
    ),  # fmt: skip
    "subsidies:category_edit": "subsidies.SubsidyCategory",
    **dict.fromkeys(
        ["subsidies:application", "subsidies:decision_edit", "subsidies:payment_add"],
        "subsidies.SubsidyApplication",
    ),
    **dict.fromkeys(
        ["consortia:detail", "consortia:edit", "consortia:member_add", "consortia:activity_add"],
        "consortia.Consortium",
    ),
    "consortia:member_remove": "consortia.ConsortiumMember",
    "credit:commendation_edit": "credit.Commendation",
    "credit:commendation_delete": "credit.Commendation",
    "credit:sanction_edit": "credit.Sanction",
    "credit:sanction_delete": "credit.Sanction",
    "credit:listing_close": "credit.Listing",
    **dict.fromkeys(
        ["stats:federation", "stats:federation_xlsx", "stats:explanation_edit"],
        "societies.Federation",
    ),
    "consortia:activity_delete": "consortia.JointActivity",
    "reports:setting_edit": "societies.Federation",
    "reports:federation_export": "societies.Federation",
    "portal:policy": "societies.Federation",
    **dict.fromkeys(
        [
            "portal:feedback",
            "portal:feedback_assign",
            "portal:feedback_reply",
            "portal:feedback_close",
        ],
        "portal.Feedback",
    ),  # fmt: skip
}


def _framework_key(side) -> str:
    from xuehui.rules.tests.factories import load_library_framework

    key = "hubei-2h-2017"
    load_library_framework(key)
    return key


def _requirement_ref(side) -> str:
    from xuehui.rules.models import Requirement

    key = _framework_key(side)
    return Requirement.objects.filter(version__framework__key=key).order_by("position")[0].key


# Text kwargs: what they are on either side. A token is known only to the session that
# uploaded the file, so any token answers 404 to everyone else: both sides are "outside".
TEXT_KWARGS: dict[str, Callable[[str, Side], str]] = {
    "token": lambda name, side: "no-such-token",
    "kind": lambda name, side: "societies" if name.startswith("imports:") else "individual",
    "key": lambda name, side: (
        side.get("pilots.PilotProgramme").key
        if name.startswith("pilots:")
        else _framework_key(side)
    ),
    "ref": lambda name, side: _requirement_ref(side),
    "group": lambda name, side: "三",  # a 自选 group of tasks (Tianjin's 创新任务)
    "slug": lambda name, side: "secretary",  # a page of the user guide
    "number": lambda name, side: "1",  # the guide's page of the first import
    "fmt": lambda name, side: "docx",  # a document's format
    "year": lambda name, side: "2025",  # a society's annual report (学会年报)
}
# The same on both sides: not scoped by society.
SHARED_KWARGS = frozenset({"kind", "slug", "number", "fmt"})
# The same for all: a framework's pages, and its adoption (the 科协 is chosen in the form).
PUBLIC_TEXT_VIEWS = frozenset(
    {"rules:framework", "rules:framework_source", "rules:requirement", "rules:framework_adoption"}
)

# ---------------------------------------------------------------- the URL configuration


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    callback: Callable
    kwargs: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            if inner in ALLOWED_NAMESPACES:
                continue
            yield from _walk(entry, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            kwargs = tuple(entry.pattern.regex.groupindex)
            yield Page(name, prefix + str(entry.pattern), entry.callback, kwargs)


PAGES = [page for page in _walk(get_resolver()) if page.name not in ALLOWED_UNSCOPED]


def test_every_named_page_is_in_the_matrix():
    """A pattern without a name cannot be reversed, so it could not be tested here."""
    unnamed = [page.route for page in _walk(get_resolver()) if page.name.endswith("None")]
    assert not unnamed, f"name these URL patterns so the permission matrix can test them: {unnamed}"


def view_model(page: Page) -> str | None:
    """The model of the view's `pk`: from the view (a class's or a page object's `model`),
    else from PK_MODELS."""
    owners = (
        getattr(page.callback, "view_class", None),
        getattr(page.callback, "__self__", None),
        page.callback,
    )
    for owner in owners:
        model = getattr(owner, "model", None)
        if isinstance(model, type) and issubclass(model, Model):
            return model._meta.label
    return PK_MODELS.get(page.name)


def fill_kwargs(page: Page, side: Side) -> dict:
    values = {}
    for kwarg in page.kwargs:
        if kwarg in TEXT_KWARGS:
            values[kwarg] = TEXT_KWARGS[kwarg](page.name, side)
            continue
        label = view_model(page) if kwarg == "pk" else KWARG_MODELS.get(kwarg)
        if label is None:
            pytest.fail(
                f"{page.name} ({page.route}): cannot fill `{kwarg}`. Register it in "
                "xuehui/tests/test_permission_matrix.py: KWARG_MODELS for a kwarg naming a "
                "model, PK_MODELS for the `pk` of a function view, TEXT_KWARGS for text."
            )
        if label not in BUILDERS or not apps.get_model(label.split("#")[0]):
            pytest.fail(f"{page.name}: register a builder for {label} in BUILDERS")
        values[kwarg] = side.get(label).pk
    return values


def is_write(page: Page) -> bool:
    if page.name in NOT_WRITES:
        return False
    return page.name in WRITE_NAMES or page.name.split(":")[-1].split("_")[-1] in WRITE_WORDS


def is_scoped(page: Page) -> bool:
    """Per object: some kwarg differs between the two sides."""
    if page.name in PUBLIC_TEXT_VIEWS:
        return False
    return bool(page.kwargs) and not set(page.kwargs) <= SHARED_KWARGS


# Pages of an object that is one user's alone (a background job): like an upload's token,
# it is inside nobody else's scope, a system administrator's included.
USER_OWNED = frozenset(
    {"jobs:detail", "jobs:download", "imports:job_result", "accounts:users_import_passwords"}
)


def is_users_own(page: Page) -> bool:
    return "token" in page.kwargs or page.name in USER_OWNED


def sides_of(page: Page) -> tuple[str, ...]:
    if is_users_own(page):
        return (OUTSIDE,)  # nobody else's token is inside anyone's scope
    return (INSIDE, OUTSIDE) if is_scoped(page) else (INSIDE,)


# ---------------------------------------------------------------- the rules


LOGIN = "login"  # expected: a redirect to the sign-in page
OK = frozenset({200, 302})
SUCCESS_OR_FORM = frozenset({200, 302, 400, 422})
METHOD = 405

# Inside its scope, a role that may see the object but not use this page answers 403 (or
# 404 where the page is not theirs at all). Explicit, with the reason.
_ADMIN_ONLY = "a campaign's administration is for 科协 administrators"
_EXPERT_ONLY = "recording a review is for the assigned expert"
_SOCIETY_ONLY = "only the society (its secretary, or an administrator) acts here"
ROLE_RULES: dict[tuple[str, str], tuple[frozenset, str]] = {}


def _rule(names, roles, statuses, reason):
    for name, role in itertools.product(names, roles):
        ROLE_RULES[(name, role)] = (frozenset(statuses), reason)


_ADMINS_ONLY = [Role.SOCIETY_EDITOR, Role.FEDERATION_VIEWER, Role.EXPERT]
_rule(
    ["campaigns:evidence_download", "campaigns:evidence_preview"],
    [Role.EXPERT],
    {404},
    "an expert sees evidence only once the society has submitted (the matrix's entry is a draft)",
)
_rule(
    ["rules:framework_adoption"],
    _ADMINS_ONLY,
    {403},
    "a 科协 adopts frameworks for its societies through its administrators",
)
_rule(
    ["rules:overview_recompute"],
    _ADMINS_ONLY,
    {403},
    "computing the 科协's stored results again is for its administrators",
)
_rule(
    [
        "accounts:user_list",
        "accounts:user_create",
        "accounts:users_import",
        "accounts:users_import_template",
        "accounts:audit_log",
        "accounts:audit_log_export",
        "accounts:users_import_preview",
        "accounts:users_import_confirm",
        "accounts:users_import_cancel",
        "accounts:users_import_passwords",
        "api_tokens:managed",
        "governance:shared_people",
        "governance:person_anonymise",
        "members:individual_anonymise",
        "members:institutional_anonymise",
        "societies:federations",
        "societies:federation_create",
    ],
    _ADMINS_ONLY,
    {403},
    "user management and the cross-society view of people are for system and 科协 administrators",
)
_rule(
    [
        "accounts:user_detail",
        "accounts:user_edit",
        "accounts:user_deactivate",
        "accounts:user_reactivate",
        "accounts:user_unlock",
        "accounts:user_unmask",
        "accounts:user_anonymise",
        "accounts:user_password_reset",
        "accounts:user_second_factor_reset",
        "accounts:role_grant",
        "accounts:role_revoke",
        "api_tokens:revoke",
    ],
    _ADMINS_ONLY,
    {404},
    "accounts are objects only administrators see",
)
_rule(
    [
        "societies:federation_edit",
        "societies:federation_deactivate",
        "societies:federation_reactivate",
    ],
    _ADMINS_ONLY,
    {404},
    "a 科协 is an object only its administrators see as such",
)
_rule(
    [
        "societies:federation_edit",
        "societies:federation_deactivate",
        "societies:federation_reactivate",
    ],
    [Role.FEDERATION_ADMIN],
    {403},
    "a 科协 administrator manages the 科协 below their own, not their own (set from above)",
)
_rule(
    ["societies:create", "societies:import", "campaigns:launch"],
    [Role.SOCIETY_EDITOR],
    {403},
    "registering societies and launching campaigns is the 科协's work",
)
_rule(
    [
        "campaigns:detail",
        "campaigns:export",
        "campaigns:refresh",
        "campaigns:close",
        "campaigns:withdraw",
        "campaigns:assignments",
        "campaigns:disputes",
        "campaigns:assignment_delete",
        "workplans:campaign",
        "workplans:urge",
    ],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {404},
    "a campaign as a whole is the 科协's object: a society sees its own entry, an expert the review",
)
_rule(
    [
        "campaigns:entry",
        "campaigns:entry_docx",
        "campaigns:entry_pdf",
        "campaigns:submit",
        "campaigns:accept_automatic",
        "campaigns:item_assess",
        "campaigns:item_evidence",
        "campaigns:item_answer",
        "campaigns:item_resolve",
        "campaigns:evidence_remove",
        "campaigns:transition_revert",
    ],
    [Role.EXPERT],
    {404},
    "an expert works on the review pages, not on the society's own entry pages",
)
_rule(
    ["campaigns:item_resolve", "campaigns:transition_revert"],
    [Role.SOCIETY_EDITOR],
    {403},
    "resolving disagreements and reverting transitions is for administrators",
)
_REVIEW = ["campaigns:review", "campaigns:review_start", "campaigns:review_conclude",
           "campaigns:item_verdict"]  # fmt: skip
_rule(
    _REVIEW,
    [Role.SYSTEM_ADMIN, Role.FEDERATION_ADMIN, Role.FEDERATION_VIEWER, Role.SOCIETY_EDITOR],
    {404},
    "the review pages show an assigned expert's own queue; administrators use the entry page",
)
_rule(_REVIEW, [Role.EXPERT], SUCCESS_OR_FORM, "the assigned expert records the review here")
_rule(
    ["pilots:membership_end"],
    [Role.SOCIETY_EDITOR],
    {403},
    "a society's place in a pilot programme is decided by the 科协",
)
_rule(
    ["pilots:programme"],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {404},
    "a pilot programme's page is for the 科协's staff; a society sees its own pilot tab",
)
_BATCH_PAGES = [
    "pilots:batch", "pilots:batch_phases", "pilots:batch_rules", "pilots:batch_points",
    "pilots:batch_start", "pilots:candidates", "pilots:case_new", "pilots:meeting_new",
    "pilots:programme_edit", "pilots:case_publish",
]  # fmt: skip
_rule(
    _BATCH_PAGES,
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {404},
    "a batch is seen by its 科协's staff and by the societies in it (the matrix's is not)",
)
_rule(
    ["pilots:programme_new"],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {403},
    "pilot programmes are created by 科协 administrators",
)
_rule(
    ["pilots:candidates"],
    [Role.FEDERATION_VIEWER],
    {200, 403, METHOD},
    "a leader reads the ranking; choosing is for the administrators",
)
_rule(
    [
        "pilots:guidance_add", "pilots:midterm_add", "pilots:inspection_new",
        "pilots:candidacy_decide", "pilots:inspection_record",
        "pilots:inspection_conclude", "pilots:inspection_publicity", "pilots:inspection_publish",
        "pilots:objection_add", "pilots:objection_answer", "pilots:inspection_declare",
        "pilots:inspection_score",
    ],
    [Role.SOCIETY_EDITOR],
    {403},
    "guidance, assessment, acceptance and decisions are the 科协's (and its experts') work",
)  # fmt: skip
_rule(
    [
        "pilots:inspection", "pilots:inspection_declare", "pilots:inspection_record",
        "pilots:inspection_score", "pilots:inspection_conclude", "pilots:inspection_publicity",
        "pilots:inspection_publish", "pilots:objection_add", "pilots:opinion",
        "pilots:objection_answer",
    ],
    [Role.EXPERT],
    {404},
    "an expert sees only the inspections whose panel they sit on",
)  # fmt: skip
_rule(
    ["pilots:inspection_declare", "pilots:inspection_score"],
    [Role.SYSTEM_ADMIN, Role.FEDERATION_ADMIN],
    {403},
    "only the panel's experts declare and score",
)
_rule(
    ["workplans:review", "workplans:approve", "workplans:return"],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {403},
    "a society's plan is reviewed by its 科协; the society and the expert see the plan itself",
)
_rule(
    ["evaluation:scheme_new", "evaluation:scheme_edit", "evaluation:scheme_weights", "evaluation:scheme_import",
     "evaluation:publicity_start", "evaluation:confirm", "evaluation:objection_answer"],
    [Role.SOCIETY_EDITOR],
    {403},
    "a 科协's indicator system and the year's 公示 and 复核 are its administrators' work",
)  # fmt: skip
_rule(
    ["evaluation:scheme", "evaluation:scheme_edit", "evaluation:scheme_weights", "evaluation:scheme_yaml",
     "evaluation:scheme_xlsx", "evaluation:scheme_import", "evaluation:scheme_copy",
     "evaluation:evaluation_open"],
    [Role.EXPERT],
    {404},
    "an expert sees the years they score (their evaluation and its results), not the schemes",
)  # fmt: skip
_rule(
    ["evaluation:score"],
    [Role.SYSTEM_ADMIN, Role.FEDERATION_ADMIN, Role.FEDERATION_VIEWER, Role.SOCIETY_EDITOR],
    {404},
    "the scoring page is for the year's experts only",
)
_rule(["evaluation:score"], [Role.EXPERT], SUCCESS_OR_FORM, "the year's expert scores here")
_rule(
    ["evaluation:objection_new"],
    [Role.SYSTEM_ADMIN, Role.FEDERATION_ADMIN],
    {403},
    "an objection is a society's, raised by its secretary during 公示",
)

_SUBSIDY_PAGES = [
    "subsidies:programme", "subsidies:programme_edit", "subsidies:category_new",
    "subsidies:category_edit", "subsidies:application_new", "subsidies:allocation_refresh",
    "subsidies:ledger", "subsidies:application", "subsidies:decision_edit", "subsidies:payment_add",
    "subsidies:society",
]  # fmt: skip
_rule(_SUBSIDY_PAGES, [Role.EXPERT], {404}, "experts have no part in subsidies")
_rule(
    ["subsidies:programme_new", "subsidies:programme_edit", "subsidies:category_new",
     "subsidies:category_edit", "subsidies:allocation_refresh", "subsidies:decision_edit",
     "subsidies:payment_add"],
    [Role.SOCIETY_EDITOR],
    {403},
    "a secretary applies and reads its own results; the 科协 sets, allocates, decides and pays",
)  # fmt: skip
_CONSORTIUM_PAGES = [
    "consortia:detail", "consortia:edit", "consortia:member_add", "consortia:member_remove",
    "consortia:activity_add", "consortia:activity_delete",
]  # fmt: skip
_rule(_CONSORTIUM_PAGES, [Role.EXPERT], {404}, "a consortium is the 科协's and its societies'")
_rule(
    ["consortia:create", "consortia:edit", "consortia:member_add", "consortia:member_remove"],
    [Role.SOCIETY_EDITOR],
    {403},
    "a consortium and its members are set by the 科协; the secretariat records its activities",
)
_REPORT_PAGES = [
    "reports:society", "reports:report", "reports:edit", "reports:cover_add", "reports:submit",
    "reports:accept", "reports:return", "reports:document", "reports:setting_edit",
]  # fmt: skip
_rule(_REPORT_PAGES, [Role.EXPERT], {404}, "annual reports are the society's and its 科协's")
_rule(["reports:list", "reports:late"], [Role.EXPERT], {403}, "experts review no annual report")
_rule(
    ["reports:accept", "reports:return"],
    [Role.SOCIETY_EDITOR],
    {403},
    "the 科协's administrators review a society's annual report (初审)",
)
_rule(
    ["reports:federation_export"],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {404},
    "the accepted reports of a 科协 are exported by its administrators; others do not see it",
)
_rule(
    ["reports:setting_edit"],
    [Role.SOCIETY_EDITOR],
    {404},
    "a 科协's deadline is set by its administrators; a secretary does not see the 科协 as such",
)
_rule(
    ["portal:policies"],
    _ADMINS_ONLY,
    {403},
    "a 科协's disclosure policy is set by its administrators",
)
_rule(["portal:policy"], _ADMINS_ONLY, {404}, "a 科协 is an object only its administrators see")
_rule(
    ["portal:inbox"],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {403},
    "the 留言 inbox is the 科协's (a complaint may concern the society itself)",
)
_rule(
    ["portal:feedback", "portal:feedback_assign", "portal:feedback_reply", "portal:feedback_close"],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {404},
    "a 留言 is seen by the 科协's staff and leaders only",
)
_rule(
    ["stats:federation", "stats:federation_xlsx", "stats:explanation_edit"],
    [Role.SOCIETY_EDITOR, Role.EXPERT],
    {404},
    "a 科协's statistics return is for its staff and leaders; a secretary sees its own figures",
)
_rule(
    ["stats:society", "stats:society_xlsx"],
    [Role.EXPERT],
    {404},
    "a society's statistics are for its secretary and its 科协, not for reviewers",
)
_rule(["stats:index"], [Role.EXPERT], {403}, "experts have no part in the statistics return")

_CREDIT_WRITES = [
    "credit:commendation_new", "credit:commendation_edit", "credit:commendation_delete",
    "credit:sanction_new", "credit:sanction_edit", "credit:sanction_delete",
    "credit:listing_new", "credit:listing_close",
]  # fmt: skip
_rule(
    ["credit:society", *_CREDIT_WRITES], [Role.EXPERT], {404},
    "a credit record is the society's and its 科协's, not a reviewer's",
)  # fmt: skip
_rule(
    _CREDIT_WRITES, [Role.SOCIETY_EDITOR], {403},
    "a society does not grade itself: its 科协 records commendations, sanctions and listings",
)  # fmt: skip
_rule(
    ["credit:listings"], [Role.SOCIETY_EDITOR, Role.EXPERT], {403},
    "the 活动异常名录 as a list is the 科协's page; a society reads its own record in its tab",
)  # fmt: skip


def expected(page: Page, role: str, side: str, method: str) -> frozenset | str:
    """What the page must answer. A 405 never tells anything about an object, so a method a
    view does not take is accepted anywhere (its own test says which methods it takes)."""
    if role == ANONYMOUS:
        return LOGIN
    rule = ROLE_RULES.get((page.name, role))
    refused = rule[0] if rule is not None else frozenset()
    if is_scoped(page) and side == OUTSIDE and (role != Role.SYSTEM_ADMIN or is_users_own(page)):
        return frozenset({404, METHOD}) | refused
    if rule is not None:
        return refused | {METHOD}
    if page.name in NOT_WRITES:
        return SUCCESS_OR_FORM | {METHOD}
    write = is_write(page)
    if role in READ_ONLY and (write or (method == "POST" and is_scoped(page))):
        return frozenset({403, METHOD})
    if write:
        return SUCCESS_OR_FORM | {METHOD}
    if method == "POST":  # a page that takes a POST acts; whom it lets act is its own rule
        return SUCCESS_OR_FORM | {403, METHOD}  # (a page of no object may treat it as GET)
    return OK | {METHOD}


# ---------------------------------------------------------------- the test


def _request(client: Client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, {})


def _check(page, role, side_name, method, response, wanted, problems) -> None:
    status = response.status_code
    if wanted == LOGIN:
        good = status == 302 and response["Location"].startswith(reverse("accounts:login"))
        wanted_text = "redirect to sign-in"
    else:
        good = status in wanted
        wanted_text = "/".join(str(s) for s in sorted(wanted))
    if not good:
        problems.append(
            f"{page.name} as {role} ({side_name}, {method}): expected {wanted_text}, got {status}"
        )


def _client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_permission_matrix(page: Page, world):
    users, sides = world
    problems: list[str] = []
    clients = {role: _client_for(users.get(role)) for role in ROLES}
    # Reads first, and the POSTs that must be refused; then the POSTs that may change or
    # delete something, each on objects built anew.
    writers = [r for r in ROLES if r not in READ_ONLY and r != ANONYMOUS]
    steps = [(r, s, "GET") for r in ROLES for s in sides_of(page)]
    steps += [(r, s, "POST") for r in ROLES if r not in writers for s in sides_of(page)]
    steps += [(r, s, "POST") for r in writers for s in sides_of(page)]
    for role, side_name, method in steps:
        side = (
            sides[side_name] if method == "GET" or role not in writers else sides[side_name].fresh()
        )
        url = reverse(page.name, kwargs=fill_kwargs(page, side))
        response = _request(clients[role], method, url)
        wanted = expected(page, role, side_name, method)
        _check(page, role, side_name, method, response, wanted, problems)
    assert not problems, "\n".join(problems)


def test_a_kwarg_nobody_registered_fails_and_says_where_to_register_it(world):
    _, sides = world
    page = Page(
        "somewhere:gadget", "gadgets/<int:gadget_pk>/", lambda request: None, ("gadget_pk",)
    )
    with pytest.raises(pytest.fail.Exception, match="KWARG_MODELS"):
        fill_kwargs(page, sides[INSIDE])
    function_view = Page("somewhere:gadget", "gadgets/<int:pk>/", lambda request: None, ("pk",))
    with pytest.raises(pytest.fail.Exception, match="PK_MODELS"):
        fill_kwargs(function_view, sides[INSIDE])


def test_the_model_of_a_records_page_is_read_from_the_view():
    page = next(page for page in PAGES if page.name == "secretariat:staff_edit")
    assert view_model(page) == "secretariat.StaffMember"
