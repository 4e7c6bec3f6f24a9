"""A 科协 with its portal open and a society whose records hold everything the portal must
never print (ID numbers, mobile numbers, birth dates, an unconfirmed evaluation, an
unpublished acceptance result, an unpublished case), beside what it must print."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from xuehui.access import SYSTEM
from xuehui.branches.models import Branch
from xuehui.credit.choices import SanctionKind
from xuehui.credit.tests.factories import make_commendation, make_listing, make_sanction
from xuehui.evaluation.choices import Stage, Tier
from xuehui.evaluation.models import Evaluation, EvaluationResult, EvaluationScheme, StarRating
from xuehui.governance.choices import Office
from xuehui.pilots.choices import AcceptanceVerdict
from xuehui.pilots.models import (
    Inspection,
    PilotBatch,
    PilotMembership,
    PilotProgramme,
    TypicalCase,
)
from xuehui.portal.services import feedback_reply, feedback_submit, policy_save
from xuehui.reports import figures
from xuehui.reports.choices import ReportStatus
from xuehui.reports.models import AnnualReport, ReportSetting
from xuehui.tests import factories as f
from xuehui.workplans.tests.factories import framework_version

BIRTH = dt.date(1968, 3, 17)
MOBILE = "13912345678"
SECRET_SCORE = Decimal("77.31")  # the unconfirmed year's score
SECRET_VERDICT_SCORE = Decimal("61.47")  # the unpublished acceptance score
SECRET_CASE = "尚未发布的案例标题"
SECRET_REPORT = "尚未审核通过的年报内容"
SECRET_TALK = "约谈事由不公开"


def open_portal(federation, items=None):
    from xuehui.portal.choices import DisclosureItem

    return policy_save(
        federation=federation, is_open=True,
        public_items=list(DisclosureItem.values if items is None else items), actor=SYSTEM,
    )  # fmt: skip


def _scheme(federation, year: int) -> EvaluationScheme:
    return EvaluationScheme.objects.create(
        federation=federation, key="kp", year=year, name=f"{year}年度学会考评",
        definition={"indicators": []},
    )  # fmt: skip


def make_evaluation(federation, year: int, stage: str, **fields) -> Evaluation:
    return Evaluation.objects.create(
        scheme=_scheme(federation, year), facts_on=dt.date(year, 12, 31), stage=stage, **fields
    )


def make_result(evaluation, society, score, *, tier=Tier.KEY_SUPPORT, stars=None, rank=1):
    return EvaluationResult.objects.create(
        evaluation=evaluation, society=society, score=score, rank=rank, tier=tier,
        computed_tier=tier, stars=stars,
    )  # fmt: skip


def make_inspection(membership, *, score, publicity=False, published=False, rnd=1):
    today = timezone.localdate()
    inspection = Inspection.objects.create(
        membership=membership, round=rnd, scheduled_on=dt.date(2024, 10, 1),
        held_on=dt.date(2024, 10, 1), place="会议室", score=score,
        verdict=AcceptanceVerdict.PASS, opinion="同意通过验收。",
        people_met=f"王五 {MOBILE}",
    )  # fmt: skip
    if publicity:
        inspection.publicity_from = today - dt.timedelta(days=3)
        inspection.publicity_until = today + dt.timedelta(days=3)
    if published:
        inspection.published_at = timezone.now()
    inspection.save()
    return inspection


@dataclass
class World:
    federation: object
    society: object
    other: object
    id_numbers: list
    confirmed: object
    unconfirmed: object


def seeded_world(federation) -> World:
    """The crawl's data: two societies of an open 科协, people with ID numbers and phones."""
    open_portal(federation)
    society = f.make_society(
        name="湖北省环境科学学会", federation=federation, phone=f"027-87654321、{MOBILE}",
        address="武汉市洪山区珞喻路1号", legal_representative="张三",
        founded_on=dt.date(1979, 6, 12),
    )  # fmt: skip
    other = f.make_society(name="湖北省气象学会", federation=federation)
    term = f.make_term(society, start_on=dt.date(2022, 6, 1))
    id_numbers = []
    for n, office in enumerate([Office.PRESIDENT, Office.SECRETARY_GENERAL, Office.DIRECTOR]):
        number = f.make_id_number(BIRTH + dt.timedelta(days=n))
        id_numbers.append(number)
        person = f.make_person(
            society=society, name=f"李{'一二三'[n]}", id_number=number,
            birth_date=BIRTH + dt.timedelta(days=n), phone=f"1381234567{n}",
        )  # fmt: skip
        f.make_position(term, office, person=person)
    Branch.objects.create(
        society=society, name="青年工作委员会", kind="working_committee", head_name="赵六",
        filed_on=dt.date(2019, 5, 20),
    )  # fmt: skip

    confirmed = make_evaluation(
        federation, 2024, Stage.CONFIRMED, confirmed_at=timezone.now(),
        publicity_starts_on=dt.date(2025, 1, 5), publicity_ends_on=dt.date(2025, 1, 11),
    )  # fmt: skip
    make_result(confirmed, society, Decimal("88.50"), stars=4)
    make_result(confirmed, other, Decimal("70.00"), tier=Tier.CULTIVATE, rank=2)
    today = timezone.localdate()
    StarRating.objects.create(
        society=society, evaluation=confirmed, stars=4, valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=700),
    )  # fmt: skip
    unconfirmed = make_evaluation(federation, 2025, Stage.SCORED)
    make_result(unconfirmed, society, SECRET_SCORE, tier=Tier.RESTRUCTURE)

    programme = PilotProgramme.objects.create(
        key="hubei-2h", name="学会两化试点", federation=federation,
        framework=framework_version().framework,
    )  # fmt: skip
    batch = PilotBatch.objects.create(programme=programme, year=2024, name="第一批")
    membership = PilotMembership.objects.create(
        programme=programme, batch=batch, society=society, since=dt.date(2024, 1, 1)
    )
    make_inspection(membership, score=Decimal("92.50"), publicity=True, published=True)
    other_membership = PilotMembership.objects.create(
        programme=programme, batch=batch, society=other, since=dt.date(2024, 1, 1)
    )
    make_inspection(other_membership, score=SECRET_VERDICT_SCORE)  # concluded, not in 公示
    TypicalCase.objects.create(
        batch=batch, society=society, title="秘书处实体化运行",
        practice=f"设立专职秘书处，联系人{MOBILE}，详见 http://example.com/x",
        results=f"会员增长三成（统计于{BIRTH:%Y-%m-%d}）", published_at=timezone.now(),
    )  # fmt: skip
    TypicalCase.objects.create(
        batch=batch, society=other, title=SECRET_CASE, practice="做法", results="成效"
    )
    asked = feedback_submit(
        society=society, kind="complaint", address_hash="0" * 64, contact=f"王女士 {MOBILE}",
        text=f"我是会员，身份证{id_numbers[0]}，生日{BIRTH:%Y年%-m月%-d日}，电话{MOBILE}，"
        "学会未退还会费，见 https://evil.example/x",
    )  # fmt: skip
    feedback_reply(feedback=asked, text="已核实并退还。", is_public=True, actor=SYSTEM)
    feedback_reply(feedback=asked, text=f"已电话联系{MOBILE}", is_public=False, actor=SYSTEM)
    _reports_and_credit(society, id_numbers[0])
    return World(federation, society, other, id_numbers, confirmed, unconfirmed)


def _reports_and_credit(society, id_number: str) -> None:
    """An accepted 2024 report whose frozen records name a person with an ID number and a
    birth date (the records are never printed), one of 2025 still waiting, and the credit
    record: a commendation, a warning, a 约谈 (not public) and a listing taken off."""
    frozen = figures.compute(society, 2024, ReportSetting(federation=society.federation))
    frozen["sections"][0]["figures"][0]["records"] = [
        {"model": "governance.Person", "id": 1, "text": f"李一 {id_number} {BIRTH:%Y-%m-%d}"}
    ]
    AnnualReport.objects.create(
        society=society, year=2024, status=ReportStatus.ACCEPTED, frozen_figures=frozen,
        accepted_at=timezone.now(), work_summary=f"全年开展学术活动十二次。联系人{MOBILE}",
        first_submitted_on=dt.date(2025, 5, 10), submitted_on=dt.date(2025, 5, 10),
    )  # fmt: skip
    AnnualReport.objects.create(
        society=society, year=2025, status=ReportStatus.SUBMITTED, work_summary=SECRET_REPORT,
        first_submitted_on=dt.date(2026, 5, 10), submitted_on=dt.date(2026, 5, 10),
    )  # fmt: skip
    make_commendation(society, title="湖北省优秀学会", on=dt.date(2025, 6, 1))
    make_sanction(society, kind=SanctionKind.WARNING, reason="未按期换届，已整改")
    make_sanction(society, kind=SanctionKind.TALK, reason=SECRET_TALK)
    make_listing(
        society, on=dt.date(2025, 6, 2), year=2024, removed_on=dt.date(2025, 6, 20),
        removal_reason="已补报2024年度工作报告",
    )  # fmt: skip
