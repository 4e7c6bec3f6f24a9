"""Step 评估检查: an expert account and an open campaign of the Hubei 科协 with its societies at
every stage of the review loop.

The campaign (2026年度学会改革评估) takes the Hubei reform framework (鄂科协办〔2017〕86号,
seed 001) for every demo society of the provincial 科协 and the 科协 below it, facts on the demo date, deadlines a
few months after it. The expert zj_expert reviews all of it. Each society is moved, through the
campaign services, to a stage drawn from `ctx.rng_for("campaigns", society)`:

  待自评 (nothing done) ........... about 35%, and always the demo secretary's society
                                      (湖北省环境科学学会), so its secretary can try the loop
  待自评, partly self-assessed ..... about 15%
  已提交 ............................ about 15%
  评审中, some verdicts given ...... about 15%
  需整改 ............................ about 10%
  已通过 ............................ the rest

Keyed by the campaign's name and federation: a campaign that exists is left alone, so a
second run writes nothing.
"""

import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from xuehui.access import federation_subtrees
from xuehui.accounts.choices import Role
from xuehui.accounts.models import User
from xuehui.accounts.services import role_grant, user_upsert
from xuehui.campaigns import services
from xuehui.campaigns.choices import SelfAssessment, VerdictKind
from xuehui.campaigns.models import Campaign
from xuehui.campaigns.selectors import AUTOMATIC_AGREEMENT
from xuehui.rules.choices import Status
from xuehui.rules.models import Framework

from .accounts import SECRETARY_SOCIETY
from .context import DemoAccount, DemoContext

NAME = "2026年度学会改革评估"
FRAMEWORK = "hubei-reform-2017"
EXPERT = ("zj_expert", "Pingshen#Zhuanjia2017", "评审专家（演示）")
STAGES = (
    (0.35, "pending"),
    (0.50, "partly_assessed"),
    (0.65, "submitted"),
    (0.80, "in_review"),
    (0.90, "rectifying"),
    (1.00, "passed"),
)

LABELS = {
    "pending": "待自评",
    "partly_assessed": "自评中",
    "submitted": "已提交",
    "in_review": "评审中",
    "rectifying": "需整改",
    "passed": "已通过",
}


def load_campaigns(ctx: DemoContext) -> str:
    expert = _expert(ctx)
    federation = ctx.federations["hubei"]
    if Campaign.objects.filter(name=NAME, federation=federation).exists():
        return "已存在，未修改"
    inside = federation_subtrees([federation.pk])
    societies = sorted(
        (s for s in ctx.societies.values() if s.federation_id in inside), key=lambda s: s.name
    )
    base = max(ctx.today, timezone.localdate())
    campaign = services.campaign_launch(
        federation=federation,
        name=NAME,
        versions=[Framework.objects.get(key=FRAMEWORK).current_version],
        societies=societies,
        facts_on=ctx.today,
        plan_deadline=base + dt.timedelta(days=30),
        self_assessment_deadline=base + dt.timedelta(days=60),
        review_deadline=base + dt.timedelta(days=90),
        rectification_deadline=base + dt.timedelta(days=150),
        actor=ctx.actor,
    )
    services.expert_assign(campaign=campaign, expert=expert, actor=ctx.actor)
    reached = {}
    for entry in campaign.entries.select_related("campaign", "society").order_by("society__name"):
        stage = _stage(ctx, entry.society.name)
        _advance(entry, stage, expert, ctx)
        reached[stage] = reached.get(stage, 0) + 1
    counts = "，".join(
        f"{LABELS[stage]} {reached[stage]}" for _, stage in STAGES if stage in reached
    )
    return f"{len(societies)} 个学会参评：{counts}"


def _expert(ctx: DemoContext) -> User:
    username, password, full_name = EXPERT
    user = User.objects.filter(username=username).first()
    if user is None or not user.check_password(password):
        validate_password(password, User(username=username, full_name=full_name))
        user = user_upsert(
            username=username, password=password, full_name=full_name, actor=ctx.actor
        )
    # Recruited by the provincial 科协: its administrators manage the account (ux D23).
    role_grant(user=user, role=Role.EXPERT, federation=ctx.federations["hubei"], actor=ctx.actor)
    ctx.accounts.append(DemoAccount(Role.EXPERT.label, username, password, NAME))
    return user


def _stage(ctx: DemoContext, society_name: str) -> str:
    if society_name == SECRETARY_SOCIETY:
        return "pending"
    draw = ctx.rng_for("campaigns", society_name).random()
    return next(stage for bound, stage in STAGES if draw < bound)


def _advance(entry, stage: str, expert, ctx: DemoContext) -> None:
    if stage == "pending":
        return
    services.self_assessment_accept_automatic(entry=entry, actor=ctx.actor)
    items = list(
        entry.items.select_related("requirement").filter(self_assessment="").order_by("position")
    )
    if stage == "partly_assessed":
        items = items[: len(items) // 2]
    for item in items:
        item.entry = entry
        _assess(item, ctx)
    if stage == "partly_assessed":
        return
    services.entry_submit(entry=entry, actor=ctx.actor)
    if stage == "submitted":
        return
    services.review_start(entry=entry, actor=expert)
    undecided = list(
        entry.items.select_related("requirement", "entry__campaign", "entry__society")
        .exclude(auto_status__in=list(AUTOMATIC_AGREEMENT))
        .order_by("position")
    )
    rng = ctx.rng_for("campaigns", "verdicts", entry.society.name)
    if stage == "in_review":
        undecided = undecided[: len(undecided) // 2]
    for n, item in enumerate(undecided):
        rectify = stage == "rectifying" and (n == 0 or rng.random() < 0.2)
        _judge(item, expert, VerdictKind.RECTIFY if rectify else VerdictKind.PASS)
    if stage == "rectifying":
        services.rectification_request(entry=entry, actor=expert)
    elif stage == "passed":
        services.entry_approve(entry=entry, actor=expert)


def _assess(item, ctx: DemoContext) -> None:
    """What a careful secretary writes without evidence to hand: not met, with the reason."""
    if item.auto_status == Status.NEEDS_REVIEW:
        assessment, statement = SelfAssessment.MET, "已按要求执行，详见学会相关文件。"
    else:
        assessment, statement = (
            SelfAssessment.NOT_MET,
            f"尚未完全达到要求：{item.auto_explanation}"[:2000],
        )
    services.self_assessment_save(
        item=item, actor=ctx.actor, assessment=assessment, statement=statement
    )


def _judge(item, expert, verdict: str) -> None:
    comment = "" if verdict == VerdictKind.PASS else "请补充相关决议或制度文件，并说明落实情况。"
    services.verdict_record(item=item, expert=expert, verdict=verdict, comment=comment)
