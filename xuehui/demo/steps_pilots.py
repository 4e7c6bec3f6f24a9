"""Step 试点工作的历程: the 2017 batch of 湖北两化试点 (seed 000) lived through, so every pilot
page has something to show.

Its six societies were started on 2017-10-16 (the batch's campaign, closed once the pilot
ended); the demo secretary's society wrote and carried out its 实施方案 and followed up a
guidance note; each society had a 成效评估 on 2018-04-30 and submitted its 总结报告; an expert
panel (the demo expert and two others, none from the society's host institution) inspected
each between 25 and 31 October 2018 and scored every standard — from the standard's own
result then (met: 90–100 % of its points; not: 55–90 %), so the verdicts follow the data; a
society told to rectify was re-inspected in January 2019; results went through 公示 (one
objection, answered) and were published; one typical case was presented at the exchange
meeting of 2018-12-20. Keyed by the batch's campaign: once started, nothing is written again.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from xuehui.accounts.choices import Role
from xuehui.accounts.models import User
from xuehui.accounts.services import role_grant, user_upsert
from xuehui.campaigns.services import campaign_close
from xuehui.pilots import services
from xuehui.pilots.choices import AcceptanceVerdict
from xuehui.pilots.models import PilotBatch
from xuehui.pilots.selectors import points_of, standards_compared
from xuehui.rules.choices import Status
from xuehui.workplans import services as plans
from xuehui.workplans.choices import TaskStatus

from .accounts import SECRETARY_SOCIETY
from .context import DemoContext

STARTED = dt.date(2017, 10, 16)
MIDTERM = dt.date(2018, 4, 30)
INSPECTED = dt.date(2018, 10, 25)
# Panel experts besides the demo account: name, institution (accounts without a password
# anyone knows: they are on the panels, they do not sign in to the demo).
PANEL = (("zj_wang", "王建华", "湖北省社会科学院"), ("zj_li", "李晓东", "华中师范大学"))
DEMO_EXPERT = ("zj_expert", "中国科学院武汉分院")
INSTITUTION_SPARE = "湖北工业大学"


def load_pilot_history(ctx: DemoContext) -> str:
    batch = PilotBatch.objects.filter(programme__key="hubei-2h", year=2017).first()
    if batch is None or batch.campaign_id:
        return "已有，无需写入"
    with transaction.atomic():
        campaign = services.batch_start(batch=batch, on=STARTED, notify=False, actor=ctx.actor)
        memberships = list(batch.memberships.select_related("society").order_by("society__name"))
        _plan(ctx, campaign, memberships)
        for membership in memberships:
            services.midterm_record(
                membership=membership, on=MIDTERM, actor=ctx.actor,
                comment="秘书处运行正常，按实施方案推进；秘书长专职化仍需加快。",
            )  # fmt: skip
            _summary(ctx, membership)
        experts = _experts(ctx)
        verdicts = [_accept(ctx, m, experts, n) for n, m in enumerate(memberships)]
        _spread(ctx, batch, memberships)
        campaign_close(campaign=campaign, actor=ctx.actor)
    passed = sum(v == AcceptanceVerdict.PASS for v in verdicts)
    return f"2017年批次：{len(memberships)}个试点学会完成检查验收，{passed}个通过"


def _plan(ctx, campaign, memberships) -> None:
    """The demo secretary's society: its 实施方案, approved, carried out; a guidance note."""
    own = next(m for m in memberships if m.society.name == SECRETARY_SOCIETY)
    entry = campaign.entries.get(society=own.society)
    plan = plans.plan_create(entry=entry, actor=ctx.actor)
    plans.plan_outline_save(
        plan=plan, actor=ctx.actor,
        goals="2018年10月前实现秘书处实体化、秘书长专职化，达到试点工作标准。",
        responsibilities="理事长负总责；秘书长具体组织；办公室、财务部分工落实。",
        yearly_breakdown="2017年：制度建设与人员招聘；2018年：独立办公、专职秘书长到岗、迎接验收。",
        outcomes="独立办公场所；专职秘书长和3名专职工作人员；成套管理制度。",
        schedule="按季度推进，每季度向理事会报告。",
        safeguards="理事会保障经费；支撑单位协助过渡；省科协专项经费支持。",
    )  # fmt: skip
    items = {item.requirement.key: item for item in entry.items.select_related("requirement")}
    for title, outcome, keys, deadline in (
        ("落实独立办公场所", "租用40平方米办公用房并签订合同", ("5.1.2", "5.1.3"), dt.date(2018, 3, 31)),
        ("理事会聘用专职秘书长", "专职秘书长到岗，明确聘期和薪酬", ("5.2.1", "5.2.2"), dt.date(2018, 6, 30)),
    ):  # fmt: skip
        task = plans.task_save(
            plan=plan, actor=ctx.actor, title=title, target_outcome=outcome, deadline=deadline,
            responsible="秘书长", items=[items[k] for k in keys if k in items],
        )  # fmt: skip
    plans.plan_submit(plan=plan, actor=ctx.actor)
    plans.plan_approve(plan=plan, actor=ctx.actor, comment="同意，按期推进。")
    for task in plan.tasks.all():
        plans.progress_record(
            task=task, actor=ctx.actor, percent=100, status=TaskStatus.DONE, note="已按期完成"
        )
    note = services.guidance_add(
        membership=own, text="请尽快制定秘书长薪酬待遇标准，报理事会审议。",
        respond_by=dt.date(2018, 5, 31), actor=ctx.actor,
    )  # fmt: skip
    services.guidance_respond(
        note=note, response="2018年5月理事会审议通过《秘书长聘用及薪酬办法》。", actor=ctx.actor
    )


def _summary(ctx, membership) -> None:
    report = services.summary_save(
        membership=membership, actor=ctx.actor,
        overall=f"{membership.society.name}按试点方案推进秘书处实体化、秘书长专职化。",
        practices="建立独立运行的秘书处，完善财务、人事等管理制度，聘用专职工作人员。",
        problems="经费来源仍以会费为主，专职人员待遇偏低。",
        suggestions="建议省科协持续给予专项经费支持，在项目申报上同等条件下优先。",
    )  # fmt: skip
    services.summary_submit(report=report, actor=ctx.actor)


def _experts(ctx) -> list:
    demo = User.objects.get(username=DEMO_EXPERT[0])
    people = [(demo, DEMO_EXPERT[1])]
    for username, name, institution in PANEL:
        user = User.objects.filter(username=username).first() or user_upsert(
            username=username, full_name=name, actor=ctx.actor
        )
        role_grant(
            user=user, role=Role.EXPERT, federation=ctx.federations["hubei"], actor=ctx.actor
        )
        people.append((user, institution))
    return people


def _panel(experts, society) -> list[tuple]:
    host = "".join(society.host_institution.split())
    return [
        (user, INSTITUTION_SPARE if "".join(place.split()) == host else place, n == 0)
        for n, (user, place) in enumerate(experts)
    ]


def _scores(ctx, membership, expert, on: dt.date, lift: bool) -> dict:
    """Points from each standard's own result on the day; `lift`: after rectification."""
    rng = ctx.rng_for("pilot-scores", membership.society.name, expert.username, on.isoformat())
    status = {row["key"]: row["now"] for row in standards_compared(membership, on, on)}
    scores = {}
    for key, points in points_of(membership.batch).items():
        met = status.get(key) == Status.PASS or lift
        share = rng.uniform(0.9, 1.0) if met else rng.uniform(0.55, 0.9)
        scores[key] = ((points * Decimal(str(share))).quantize(Decimal("0.01")), "")
    return scores


def _inspect(ctx, membership, experts, on: dt.date, lift: bool = False):
    inspection = services.inspection_schedule(
        membership=membership, scheduled_on=on, place=f"{membership.society.name}秘书处",
        experts=_panel(experts, membership.society), actor=ctx.actor,
    )  # fmt: skip
    services.inspection_record(
        inspection=inspection, held_on=on, materials="章程、管理制度汇编、财务账册、聘用合同、办公用房合同",
        people_met="理事长、秘书长、专职工作人员", present={m.pk for m in inspection.panel.all()},
        actor=ctx.actor,
    )  # fmt: skip
    inspection.refresh_from_db()
    for member in inspection.panel.select_related("expert"):
        services.declaration_record(member=member, no_conflict=True, actor=member.expert)
        services.scores_save(
            member=member, scores=_scores(ctx, membership, member.expert, on, lift),
            actor=member.expert,
        )  # fmt: skip
    preview = services.selectors.panel_preview(inspection)
    rectify = preview["verdict"] == AcceptanceVerdict.RECTIFY
    services.inspection_conclude(
        inspection=inspection, actor=ctx.actor,
        opinion="对照试点工作标准逐项检查，" + preview["reason"] + "。",
        rectification_deadline=on + dt.timedelta(days=60) if rectify else None,
    )  # fmt: skip
    inspection.refresh_from_db()
    return inspection


def _accept(ctx, membership, experts, n: int) -> str:
    inspection = _inspect(ctx, membership, experts, INSPECTED + dt.timedelta(days=n))
    if inspection.verdict == AcceptanceVerdict.RECTIFY:
        inspection = _inspect(
            ctx, membership, experts, inspection.rectification_deadline + dt.timedelta(days=5),
            lift=True,
        )  # fmt: skip
    services.publicity_start(
        inspection=inspection, starts_on=inspection.held_on + dt.timedelta(days=14), actor=ctx.actor
    )
    inspection.refresh_from_db()
    if n == 0:
        objection = services.objection_add(
            inspection=inspection, raised_by="学会会员（匿名）", actor=ctx.actor,
            raised_on=inspection.publicity_from + dt.timedelta(days=2),
            content="专职工作人员中有一人系支撑单位借调，不应计为专职。",
        )  # fmt: skip
        services.objection_answer(
            objection=objection, actor=ctx.actor,
            answer="经核实，该人员已与学会签订劳动合同并由学会缴纳社会保险，维持验收结论。",
        )  # fmt: skip
    services.result_publish(
        inspection=inspection, on=inspection.publicity_until + dt.timedelta(days=1), actor=ctx.actor
    )
    return inspection.verdict


def _spread(ctx, batch, memberships) -> None:
    own = next(m for m in memberships if m.society.name == SECRETARY_SOCIETY)
    case = services.case_save(
        batch=batch, society=own.society, title="无挂靠独立运行的秘书处",
        practice="租用独立办公用房，理事会公开招聘专职秘书长，建立岗位责任制和目标考核。",
        results="秘书处独立运行，会员服务和学术活动显著增加，经费来源多元化。",
        actor=ctx.actor,
    )  # fmt: skip
    services.case_publish(case=case, actor=ctx.actor)
    services.meeting_save(
        batch=batch, title="学会“两化”建设试点工作经验交流会", held_on=dt.date(2018, 12, 20),
        place="湖北省科技会堂", attendance=80, summary="6个试点学会交流经验，省科协部署推广。",
        cases=[case], actor=ctx.actor,
    )  # fmt: skip
