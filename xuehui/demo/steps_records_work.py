"""Step 制度、会议、活动与财务: rule documents, meetings with resolutions, activities and
yearly finances for every demo society, with a realistic spread of gaps.

Everything is drawn from `ctx.rng_for("records-work", society)` with dates relative to the
demo date, keyed the way the workbook matches records (制度 by kind and name, 会议 by kind
and date, 活动 by kind, title and start date, 财务 by year; 决议 by meeting and text) and
written in bulk, only what is missing: a second run writes nothing.

Most societies have most rule documents, hold their council once or twice a year with the
supervisors attending, run two to five academic exchanges a year and file audited accounts.
The deliberate gaps, for the year overview and the rule checks to find:

  no 财务制度 ........................... 湖北省公路学会, 宜昌市茶叶学会
  council short of two-thirds .......... 湖北省气象学会 (every council meeting), ~8% elsewhere
  supervisors never at the council ..... 湖北省机械工程学会; ~15% of meetings elsewhere
  no council meeting in the last year .. 湖北省气象学会 (its term is overdue)
  < 2 academic exchanges (主办/承办) in the last full year:
                                         湖北省气象学会 (0), 湖北省科学技术期刊编辑学会 (1),
                                         宜昌市护理学会 (1)
  no 科技周 / 全国科普日 event ........... about half the societies (all pilots have one)
  last year's finances missing ......... 武汉市土木建筑学会, 宜昌市茶叶学会
  accounts not audited ................. 湖北省公路学会 (every year), ~10% elsewhere
"""

import datetime as dt
import random
from decimal import Decimal

from xuehui.activities.choices import ActivityKind, ActivityLevel, ActivityRole
from xuehui.activities.models import Activity
from xuehui.audit.services import audit_record
from xuehui.finances.models import FinanceYear
from xuehui.meetings.choices import FollowUp, MeetingKind
from xuehui.meetings.models import Meeting, Resolution
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument

from .context import DemoContext
from .rosters import society_plans

NO_FINANCE_RULES = frozenset({"湖北省公路学会", "宜昌市茶叶学会"})
POORLY_ATTENDED = frozenset({"湖北省气象学会"})
NO_SUPERVISORS = frozenset({"湖北省机械工程学会"})
NO_COUNCIL_LAST_YEAR = frozenset({"湖北省气象学会"})
FEW_ACADEMIC = {"湖北省气象学会": 0, "湖北省科学技术期刊编辑学会": 1, "宜昌市护理学会": 1}
NO_LAST_FINANCES = frozenset({"武汉市土木建筑学会", "宜昌市茶叶学会"})
UNAUDITED = frozenset({"湖北省公路学会"})

RULE_NAMES = {
    RuleKind.CHARTER: "{society}章程",
    RuleKind.PROCEDURE: "理事会议事规则",
    RuleKind.MEETINGS: "会议制度",
    RuleKind.FINANCE: "财务管理制度",
    RuleKind.PERSONNEL: "人事管理制度",
    RuleKind.ARCHIVES: "档案管理制度",
    RuleKind.SUPERVISION: "内部监督管理办法",
    RuleKind.DISCLOSURE: "信息公开制度",
    RuleKind.MAJOR_DECISIONS: "“三重一大”事项集体决策制度",
    RuleKind.BRANCH_MANAGEMENT: "分支机构管理办法",
    RuleKind.MEMBER_MANAGEMENT: "会员管理办法",
    RuleKind.PART_TIME_STAFF: "兼职人员管理办法",
    RuleKind.STAFF_CONDUCT: "秘书处工作人员行为规范",
    RuleKind.SOCIAL_SERVICE_CONDUCT: "社会服务行为规则",
    RuleKind.SECRETARY_GENERAL_DUTIES: "秘书长岗位职责",
    RuleKind.PARTY_WORK: "党支部工作制度",
    RuleKind.SUPERVISORY_BOARD: "监事会工作规范",
    RuleKind.COUNCIL_DUTIES: "理事会工作职责",
    RuleKind.PUBLICITY_PLATFORMS: "网站和微信公众号管理制度",
    RuleKind.JOURNALS: "期刊编辑出版管理制度",
}
# How likely an ordinary society is to have each kind (pilot societies: more likely).
RULE_ODDS = {
    RuleKind.CHARTER: 1.0,
    RuleKind.FINANCE: 1.0,
    RuleKind.PROCEDURE: 0.8,
    RuleKind.MEMBER_MANAGEMENT: 0.8,
    RuleKind.MEETINGS: 0.7,
    RuleKind.PERSONNEL: 0.7,
    RuleKind.BRANCH_MANAGEMENT: 0.7,
    RuleKind.ARCHIVES: 0.6,
    RuleKind.DISCLOSURE: 0.6,
    RuleKind.MAJOR_DECISIONS: 0.6,
    RuleKind.SECRETARY_GENERAL_DUTIES: 0.6,
    RuleKind.COUNCIL_DUTIES: 0.6,
    RuleKind.SUPERVISION: 0.5,
    RuleKind.STAFF_CONDUCT: 0.5,
    RuleKind.PARTY_WORK: 0.5,
    RuleKind.SUPERVISORY_BOARD: 0.5,
    RuleKind.PART_TIME_STAFF: 0.4,
    RuleKind.PUBLICITY_PLATFORMS: 0.4,
    RuleKind.SOCIAL_SERVICE_CONDUCT: 0.3,
    RuleKind.JOURNALS: 0.2,
}
RESOLUTIONS = (
    "审议通过年度工作报告和财务报告",
    "审议通过下一年度工作计划和预算",
    "同意增补理事",
    "同意设立专业委员会",
    "修订会员管理办法",
    "同意举办年度学术年会",
    "同意调整会费标准",
    "启动换届筹备工作",
)
ACADEMIC_TITLES = (
    "学术年会",
    "青年学者论坛",
    "前沿技术研讨会",
    "学科发展论坛",
    "学术沙龙",
    "专题学术报告会",
)
OTHER_KINDS = (
    ActivityKind.TALENT_RECOMMENDATION,
    ActivityKind.SCIENCE_AWARD,
    ActivityKind.CONSULTING,
    ActivityKind.TRANSFERRED_FUNCTION,
    ActivityKind.GROUP_STANDARD,
    ActivityKind.SCIENCE_EVALUATION,
    ActivityKind.TECHNICAL_SERVICE,
    ActivityKind.EXHIBITION,
    ActivityKind.CONSORTIUM,
    ActivityKind.INTERNATIONAL,
)


def load_records_work(ctx: DemoContext) -> str:
    wanted = {"rules": [], "meetings": [], "activities": [], "finances": []}
    resolutions: dict[tuple, list[tuple[str, str]]] = {}
    starts = {name: [t.start_on for t in plan.terms] for name, plan in society_plans(ctx).items()}
    for name, society in ctx.societies.items():
        spec = ctx.profiles[name]
        rng = ctx.rng_for("records-work", name)
        wanted["rules"] += _rules(ctx, rng, society, spec)
        meetings = _meetings(ctx, rng, society, spec, starts.get(name, []))
        wanted["meetings"] += meetings
        for meeting in meetings:
            if meeting.kind in (
                MeetingKind.COUNCIL,
                MeetingKind.STANDING_COUNCIL,
                MeetingKind.MEMBER_CONGRESS,
            ):
                resolutions[(society.pk, meeting.kind, meeting.held_on)] = _resolutions(
                    ctx, rng, meeting
                )
        wanted["activities"] += _activities(ctx, rng, society, spec)
        wanted["finances"] += _finances(ctx, rng, society, spec)
    societies = list(ctx.societies.values())
    created = {
        "制度": _create_missing(ctx, RuleDocument, wanted["rules"], societies, ("kind", "name")),
        "会议": _create_missing(ctx, Meeting, wanted["meetings"], societies, ("kind", "held_on")),
        "活动": _create_missing(
            ctx, Activity, wanted["activities"], societies, ("kind", "title", "start_on")
        ),
        "年度财务": _create_missing(ctx, FinanceYear, wanted["finances"], societies, ("year",)),
    }
    created["决议"] = _create_resolutions(ctx, resolutions, societies)
    return "新增" + "，".join(f"{label} {n} 条" for label, n in created.items())


# ---------------------------------------------------------------- what each society has


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _rules(ctx, rng, society, spec) -> list[RuleDocument]:
    documents = []
    first = max(dt.date(spec.founded, 6, 1), dt.date(2012, 1, 1))
    for kind, odds in RULE_ODDS.items():
        if spec.pilot:
            odds = min(1.0, odds + 0.25)
        if kind == RuleKind.JOURNALS and "期刊" in spec.name:
            odds = 1.0
        if kind == RuleKind.FINANCE and spec.name in NO_FINANCE_RULES:
            odds = 0.0
        if rng.random() >= odds:
            continue
        adopted = _day(rng, first, ctx.today - dt.timedelta(days=60))
        documents.append(
            RuleDocument(
                society=society,
                kind=kind,
                name=RULE_NAMES[kind].format(society=spec.name),
                adopted_on=adopted,
                adopted_by=(
                    "会员代表大会" if kind == RuleKind.CHARTER else f"{adopted.year}年理事会会议"
                ),
            )
        )
    return documents


def _years(ctx) -> range:
    return range(ctx.today.year - 4, ctx.today.year + 1)


def _meetings(ctx, rng, society, spec, term_starts) -> list[Meeting]:
    council = ctx.scaled(spec.council, 12)
    meetings: dict[tuple, Meeting] = {}

    def add(kind, day, expected=None, *, supervised=True):
        if day > ctx.today or (kind, day) in meetings:
            return
        actual = None
        if expected:
            short = spec.name in POORLY_ATTENDED or rng.random() < 0.08
            actual = round(
                expected * (rng.uniform(0.45, 0.64) if short else rng.uniform(0.7, 0.97))
            )
        attended = supervised and spec.name not in NO_SUPERVISORS and rng.random() >= 0.15
        meetings[(kind, day)] = Meeting(
            society=society,
            kind=kind,
            held_on=day,
            title=f"{day.year}年{MeetingKind(kind).label}",
            expected_attendance=expected,
            actual_attendance=actual,
            supervisors_attended=attended,
            has_minutes=rng.random() >= 0.1,
        )

    for start in term_starts:
        if start.year >= _years(ctx).start:
            add(MeetingKind.MEMBER_CONGRESS, start, round(council * 3.2))
    for year in _years(ctx):
        if not (year == ctx.today.year - 1 and spec.name in NO_COUNCIL_LAST_YEAR):
            add(MeetingKind.COUNCIL, _day(rng, dt.date(year, 3, 1), dt.date(year, 4, 30)), council)
            if rng.random() < 0.5:
                add(
                    MeetingKind.COUNCIL,
                    _day(rng, dt.date(year, 12, 1), dt.date(year, 12, 28)),
                    council,
                )
        if spec.has_standing_council:
            standing = max(9, council // 3)
            for month in (6, 11):
                add(
                    MeetingKind.STANDING_COUNCIL,
                    _day(rng, dt.date(year, month, 1), dt.date(year, month, 25)),
                    standing,
                )
        for month in rng.sample(range(1, 13), rng.randint(2, 4)):
            add(
                MeetingKind.PRESIDENT_OFFICE,
                _day(rng, dt.date(year, month, 1), dt.date(year, month, 25)),
                9,
                supervised=False,
            )
        for month in (2, 5, 8, 11):
            add(
                MeetingKind.SECRETARIAT,
                _day(rng, dt.date(year, month, 1), dt.date(year, month, 25)),
                supervised=False,
            )
        add(
            MeetingKind.SUPERVISORY_BOARD,
            _day(rng, dt.date(year, 7, 1), dt.date(year, 7, 25)),
            3,
            supervised=False,
        )
        if rng.random() < 0.6:
            add(
                MeetingKind.PARTY,
                _day(rng, dt.date(year, 7, 1), dt.date(year, 7, 25)),
                supervised=False,
            )
    return list(meetings.values())


def _resolutions(ctx, rng, meeting: Meeting) -> list[tuple[str, str]]:
    texts = rng.sample(RESOLUTIONS, rng.randint(1, 3))
    old = (ctx.today - meeting.held_on).days > 365
    found = []
    for text in texts:
        if old:
            status = FollowUp.DONE if rng.random() < 0.85 else FollowUp.IN_PROGRESS
        else:
            status = rng.choice([FollowUp.PENDING, FollowUp.IN_PROGRESS, FollowUp.DONE])
        found.append((text, status))
    return found


def _activities(ctx, rng, society, spec) -> list[Activity]:
    activities = []
    science_week = spec.pilot or rng.random() < 0.45
    last_full_year = ctx.today.year - 1

    def add(kind, title, start, *, days=0, level=None, role=None, **extra):
        if start > ctx.today:
            return
        activities.append(
            Activity(
                society=society,
                kind=kind,
                title=title,
                start_on=start,
                end_on=start + dt.timedelta(days=days),
                level=level
                or rng.choice(
                    [ActivityLevel.PROVINCIAL] * 3
                    + [ActivityLevel.NATIONAL, ActivityLevel.MUNICIPAL]
                ),
                role=role
                or rng.choice(
                    [ActivityRole.HOST] * 3 + [ActivityRole.ORGANIZER, ActivityRole.CO_ORGANIZER]
                ),
                participants=rng.randint(40, 600),
                revenue=Decimal(rng.choice([0, 0, 0, rng.randint(5, 120) * 1000])),
                **extra,
            )
        )

    for year in _years(ctx):
        academic = rng.randint(3, 6) if spec.pilot else rng.randint(2, 5)
        if year == last_full_year and spec.name in FEW_ACADEMIC:
            academic = FEW_ACADEMIC[spec.name]
        for i, title in enumerate(rng.sample(ACADEMIC_TITLES, min(academic, len(ACADEMIC_TITLES)))):
            role = rng.choice([ActivityRole.HOST, ActivityRole.ORGANIZER]) if i < 2 else None
            start = _day(rng, dt.date(year, 3, 1), dt.date(year, 11, 30))
            add(
                ActivityKind.ACADEMIC_EXCHANGE,
                f"{year}年{title}",
                start,
                days=rng.randint(0, 2),
                role=role,
            )
        if science_week:
            add(
                ActivityKind.SCIENCE_POPULARIZATION,
                f"{year}年科技活动周科普进社区",
                dt.date(year, 5, 20),
                level=ActivityLevel.MUNICIPAL,
                in_science_week=True,
                into_communities=True,
                into_schools=rng.random() < 0.5,
            )
            if rng.random() < 0.5:
                add(
                    ActivityKind.SCIENCE_POPULARIZATION,
                    f"{year}年全国科普日主题活动",
                    dt.date(year, 9, 16),
                    in_science_week=True,
                    into_villages=rng.random() < 0.4,
                )
        for n in range(rng.randint(0, 2)):
            add(
                ActivityKind.SCIENCE_POPULARIZATION,
                f"{year}年科普讲座（{n + 1}）",
                _day(rng, dt.date(year, 1, 10), dt.date(year, 12, 20)),
                into_schools=rng.random() < 0.5,
                into_enterprises=rng.random() < 0.3,
            )
        for n in range(rng.randint(0, 3)):
            add(
                ActivityKind.CONTINUING_EDUCATION,
                f"{year}年继续教育培训班（第{n + 1}期）",
                _day(rng, dt.date(year, 3, 1), dt.date(year, 11, 30)),
                days=rng.randint(1, 4),
            )
        if rng.random() < 0.7:
            add(
                ActivityKind.PARTY_BUILDING,
                f"{year}年主题党日活动",
                _day(rng, dt.date(year, 6, 20), dt.date(year, 7, 10)),
                level=ActivityLevel.PROVINCIAL,
                role=ActivityRole.HOST,
            )
        for kind in rng.sample(OTHER_KINDS, rng.randint(0, 2)):
            add(
                kind,
                f"{year}年{ActivityKind(kind).label}工作",
                _day(rng, dt.date(year, 2, 1), dt.date(year, 12, 15)),
            )
    return activities


def _finances(ctx, rng, society, spec) -> list[FinanceYear]:
    years = []
    scale = Decimal(spec.council * rng.randint(6, 14) * 1000)
    net_assets = scale * Decimal(rng.uniform(0.5, 1.5)).quantize(Decimal("0.01"))
    last = ctx.today.year - 1
    for year in range(last - 4, last + 1):
        if year == last and spec.name in NO_LAST_FINANCES:
            continue

        def share(low, high):
            return (scale * Decimal(rng.uniform(low, high))).quantize(Decimal("1"))

        item = FinanceYear(
            society=society,
            year=year,
            income_dues=share(0.1, 0.3),
            income_government=share(0, 0.6) if rng.random() < 0.6 else Decimal("0"),
            income_technical=share(0, 0.3) if rng.random() < 0.4 else Decimal("0"),
            income_training=share(0.05, 0.4),
            income_donations=share(0, 0.15) if rng.random() < 0.3 else Decimal("0"),
            income_other=share(0, 0.05),
            is_audited=spec.name not in UNAUDITED and rng.random() >= 0.1,
            is_disclosed=spec.pilot or rng.random() < 0.5,
        )
        item.total_expenditure = (item.total_income * Decimal(rng.uniform(0.85, 1.05))).quantize(
            Decimal("1")
        )
        net_assets += item.total_income - item.total_expenditure
        item.net_assets = net_assets
        years.append(item)
    return years


# ---------------------------------------------------------------- writing what is missing


def _create_missing(ctx, model, rows: list, societies: list, key: tuple[str, ...]) -> int:
    existing = set(model.objects.filter(society__in=societies).values_list("society_id", *key))
    missing = [
        row for row in rows if (row.society_id, *(getattr(row, k) for k in key)) not in existing
    ]
    for row in missing:
        row.full_clean(exclude=["society"], validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(missing, batch_size=500)
    if missing:
        audit_record(
            actor=ctx.actor,
            action=f"demo_{model._meta.model_name}_load",
            summary=f"演示数据：新增{model._meta.verbose_name} {len(missing)} 条",
        )
    return len(missing)


def _create_resolutions(ctx, wanted: dict[tuple, list], societies: list) -> int:
    meetings = {
        (m.society_id, m.kind, m.held_on): m.pk
        for m in Meeting.objects.filter(society__in=societies).only(
            "pk", "society_id", "kind", "held_on"
        )
    }
    existing = set(
        Resolution.objects.filter(meeting__society__in=societies).values_list("meeting_id", "text")
    )
    missing = [
        Resolution(meeting_id=meetings[key], text=text, status=status)
        for key, items in wanted.items()
        if key in meetings
        for text, status in items
        if (meetings[key], text) not in existing
    ]
    Resolution.objects.bulk_create(missing, batch_size=500)
    if missing:
        audit_record(
            actor=ctx.actor,
            action="demo_resolution_load",
            summary=f"演示数据：新增决议 {len(missing)} 条",
        )
    return len(missing)
