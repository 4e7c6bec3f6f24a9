"""Step 学会联合体 (001 四（四）10 推动学会联合体建设; 004 task 16 积极参与学会联合体工作): the Hubei
生态环境 consortium of four demo societies, its charter registered with the secretariat society
(as 其他, so it is not counted as that society's own 章程), a yearly rotation from its founding,
a member that joined a year later, and two joint activities.

Idempotent: the consortium is keyed by its 科协 and name, members by society, activities by
their lead society, title and date; what exists is left as it is."""

import datetime as dt

from xuehui.activities.choices import ActivityKind, ActivityLevel
from xuehui.activities.models import Activity
from xuehui.consortia.models import Consortium, ConsortiumMember
from xuehui.consortia.services import (
    consortium_member_add,
    consortium_save,
    joint_activity_record,
)
from xuehui.regulations.choices import RuleKind
from xuehui.regulations.models import RuleDocument
from xuehui.regulations.services import rule_document_save

from .context import DemoContext

NAME = "湖北省生态环境学会联合体"
SECRETARIAT = "湖北省环境科学学会"
FOUNDED = dt.date(2022, 3, 1)
# (society, rotation order, joined on)
MEMBERS = [
    (SECRETARIAT, 1, FOUNDED),
    ("湖北省林学会", 2, FOUNDED),
    ("湖北省气象学会", 3, FOUNDED),
    ("湖北省水利学会", 4, dt.date(2023, 3, 1)),
]
# (title, lead, co-organisers, days before the demo date, participants)
ACTIVITIES = [
    ("长江生态保护与修复联合学术论坛", "湖北省林学会", [SECRETARIAT, "湖北省水利学会"], 180, 260),
    ("生态环境科普联合进社区", SECRETARIAT, ["湖北省气象学会"], 45, 480),
]


def _charter(ctx: DemoContext, secretariat) -> RuleDocument:
    name = f"{NAME}章程"
    found = RuleDocument.objects.filter(society=secretariat, kind=RuleKind.OTHER, name=name).first()
    if found is not None:
        return found
    document = RuleDocument(
        society=secretariat, kind=RuleKind.OTHER, name=name, adopted_on=FOUNDED,
        adopted_by="学会联合体成立大会", note="学会联合体章程，由秘书处挂靠学会存档",
    )  # fmt: skip
    return rule_document_save(document=document, actor=ctx.actor)


def _consortium(ctx: DemoContext, federation) -> tuple[Consortium, bool]:
    found = Consortium.objects.filter(federation=federation, name=NAME).first()
    if found is not None:
        return found, False
    secretariat = ctx.societies[SECRETARIAT]
    consortium = Consortium(
        federation=federation, name=NAME, field="生态环境", founded_on=FOUNDED,
        secretariat=secretariat, charter=_charter(ctx, secretariat), rotation_months=12,
        rotation_start=FOUNDED, note="由生态环境领域四个省级学会组成，成员学会按顺序轮值，每届一年。",
    )  # fmt: skip
    return consortium_save(consortium=consortium, actor=ctx.actor), True


def _activities(ctx: DemoContext, consortium) -> int:
    added = 0
    for title, lead, others, days_before, participants in ACTIVITIES:
        start_on = ctx.today - dt.timedelta(days=days_before)
        society = ctx.societies[lead]
        kept = Activity.objects.filter(
            society=society, kind=ActivityKind.CONSORTIUM, title=title, start_on=start_on
        )
        if kept.exists():
            continue
        activity = Activity(
            society=society, title=title, start_on=start_on, level=ActivityLevel.PROVINCIAL,
            participants=participants,
        )  # fmt: skip
        co_organisers = [ctx.societies[name] for name in others]
        joint_activity_record(
            consortium=consortium, activity=activity, co_organisers=co_organisers,
            actor=ctx.actor,
        )  # fmt: skip
        added += 1
    return added


def load_consortia(ctx: DemoContext) -> str:
    federation = ctx.federations.get("hubei")
    if federation is None or any(name not in ctx.societies for name, _, _ in MEMBERS):
        return "未载入湖北省科协的学会，跳过"
    consortium, created = _consortium(ctx, federation)
    known = set(
        ConsortiumMember.objects.filter(consortium=consortium).values_list("society_id", flat=True)
    )
    members = 0
    for name, order, joined_on in MEMBERS:
        society = ctx.societies[name]
        if society.pk not in known:
            consortium_member_add(
                consortium=consortium, society=society, joined_on=joined_on,
                rotation_order=order, actor=ctx.actor,
            )  # fmt: skip
            members += 1
    activities = _activities(ctx, consortium)
    return f"{'新增' if created else '已有'}联合体 1 个，新增成员 {members} 个、联合体活动 {activities} 项"
