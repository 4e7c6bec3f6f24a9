"""Step 改革工作方案: reform work plans for the societies of the demo's open campaigns.

Runs after the campaigns step and does nothing when there is no open campaign. For each
society of an open campaign of a demo federation it writes, through the work-plan services,
one of these (drawn from `ctx.rng_for("workplans", society)`), so every page has something
to show:

  approved, with progress ............. every society already past self-assessment
  no plan yet ......................... about 15% of the others
  draft ............................... about 20%, and the demo secretary's society
                                        (湖北省环境科学学会: problems pre-filled, two tasks)
  submitted, awaiting the 科协 ........ about 20%
  returned with comments .............. about 10%
  approved, with progress ............. the rest of the others: the first task done, most others under
                                        way, and in about half of them one task overdue
                                        (deadline before the demo date, 已延期 at 30%)

Tasks remedy the requirements the engine failed (one task each, linked to it), topped up
from the Hubei annex 主要任务清单 (seed 001); each has steps, a target outcome, a deadline
relative to the demo date and the society's 秘书长 as the responsible person. A society's
plan is keyed by its place in the campaign: a plan that exists is left alone, so a second
run writes nothing.
"""

import datetime as dt

from xuehui.campaigns.choices import CampaignStatus, State
from xuehui.campaigns.models import CampaignEntry
from xuehui.governance.choices import Office
from xuehui.governance.models import Position
from xuehui.workplans import services
from xuehui.workplans.choices import TaskStatus
from xuehui.workplans.models import WorkPlan
from xuehui.workplans.selectors import failing_items

from .accounts import SECRETARY_SOCIETY
from .context import DemoContext

# (task, target outcome, steps), after the annex of 鄂科协办〔2017〕86号 (seed 001).
TASKS = (
    (
        "依据改革任务要求修订学会章程",
        "新章程经会员代表大会表决通过并报登记管理机关核准",
        (
            "对照改革任务逐条梳理现行章程",
            "起草章程修订稿并征求理事意见",
            "理事会审议修订稿",
            "会员代表大会表决并报核准",
        ),
    ),
    (
        "调整理事会构成，一线科技工作者占理事会3/4以上、常务理事会2/3以上",
        "换届后理事会、常务理事会构成符合比例要求，中青年比例提高",
        ("统计现任理事中一线科技工作者人数", "制定换届理事人选推荐办法", "换届选举"),
    ),
    (
        "设立监事岗位，明确监事工作职责",
        "选举产生监事，制定监事工作规则",
        ("起草监事工作规则", "会员代表大会选举监事"),
    ),
    (
        "制定分支机构管理办法，完善登记备案制度",
        "分支机构管理办法印发，全部分支机构完成备案",
        ("清理现有分支机构", "起草管理办法", "理事会审议通过", "逐个备案"),
    ),
    (
        "建立学会会议制度",
        "会议制度经理事会审议通过并执行",
        ("起草会议制度", "常务理事会审议"),
    ),
    (
        "建立重大事项、重大项目和大额资金使用的议事决策机制",
        "“三重一大”决策制度印发执行，会议纪要完整",
        ("起草议事决策规则", "理事会审议通过", "按制度记录决策过程"),
    ),
    (
        "建立人事、财务、档案、监督、信息公开制度",
        "五项制度印发并在学会网站公开",
        ("起草各项制度", "理事会审议", "网站公开"),
    ),
)


def _outcome(ctx: DemoContext, entry) -> str:
    name = entry.society.name
    if entry.state != State.PENDING:
        return "approved"  # past self-assessment: the plan came first and was approved
    if name == SECRETARY_SOCIETY:
        return "draft"
    roll = ctx.rng_for("workplans", name).random()
    for outcome, upto in (
        ("none", 0.15),
        ("draft", 0.35),
        ("submitted", 0.55),
        ("returned", 0.65),
    ):
        if roll < upto:
            return outcome
    return "approved"


def _secretaries_general(entries, day: dt.date) -> dict[int, str]:
    positions = Position.objects.filter(
        society__in=[entry.society_id for entry in entries], office=Office.SECRETARY_GENERAL
    ).select_related("person", "term")
    return {p.society_id: p.person.name for p in positions if p.is_current_on(day)}


REMEDY_STEPS = (
    "对照要求查找差距、分析原因",
    "制定整改措施，提交理事会审议",
    "落实整改并上传佐证材料",
)


def _task_specs(rng, entry, count: int) -> list[tuple]:
    """A task per failed requirement (remedying it), then tasks of the annex, `count` in all."""
    specs = [
        (
            f"整改：{item.requirement.title}",
            f"达到要求：{item.requirement.title}",
            REMEDY_STEPS,
            [item],
        )
        for item in failing_items(entry)[:count]
    ]
    annex = [task for task in TASKS if task[0] not in {spec[0] for spec in specs}]
    specs += [(*task, []) for task in rng.sample(annex, count - len(specs))]
    return specs


FUTURE_DAYS = (30, 60, 120, 200)
DONE_DAYS, LATE_DAYS = -70, -40  # an approved plan's first task is done, its second maybe late


def _deadlines(ctx, rng, count: int, *, approved: bool, late: bool) -> list[dt.date]:
    days = [rng.choice(FUTURE_DAYS) for _ in range(count)]
    if approved:
        days[0] = DONE_DAYS
        if late:
            days[1] = LATE_DAYS
    return [ctx.today + dt.timedelta(days=n) for n in days]


def _add_tasks(ctx, plan, entry, responsible: str, deadlines: list[dt.date]) -> list:
    rng = ctx.rng_for("workplans", entry.society.name, "tasks")
    specs = _task_specs(rng, entry, len(deadlines))
    return [
        services.task_save(
            plan=plan,
            actor=ctx.actor,
            title=title,
            target_outcome=outcome,
            deadline=deadline,
            responsible=f"秘书长 {responsible}",
            steps=steps,
            items=items,
        )
        for (title, outcome, steps, items), deadline in zip(specs, deadlines, strict=True)
    ]


def _report_progress(ctx, tasks, name: str) -> None:
    """Past deadlines: done, or (the late one) 已延期 at 30%; the rest mostly under way."""
    rng = ctx.rng_for("workplans", name, "progress")
    for n, task in enumerate(tasks):
        if task.deadline >= ctx.today and rng.random() >= 0.7:
            continue
        if task.deadline >= ctx.today:
            percent, status, note = (
                rng.choice((10, 30, 50, 70)),
                TaskStatus.IN_PROGRESS,
                "按计划推进",
            )
        elif n == 0:
            percent, status, note = 100, TaskStatus.DONE, "已完成"
        else:
            percent, status, note = 30, TaskStatus.DELAYED, "进度滞后，正在协调"
        services.progress_record(
            task=task, actor=ctx.actor, percent=percent, status=status, note=note
        )


def _write_plan(ctx, entry, outcome: str, responsible: str) -> None:
    name = entry.society.name
    plan = services.plan_create(entry=entry, actor=ctx.actor)
    rng = ctx.rng_for("workplans", name, "deadlines")
    count = 2 if name == SECRETARY_SOCIETY else 3 + len(name) % 3
    late = rng.random() < 0.5
    deadlines = _deadlines(ctx, rng, count, approved=outcome == "approved", late=late)
    tasks = _add_tasks(ctx, plan, entry, responsible, deadlines)
    if outcome == "draft":
        return
    services.plan_submit(plan=plan, actor=ctx.actor)
    if outcome == "returned":
        comment = "请细化各项任务的工作步骤，并明确每一步的完成时间。"
        services.plan_return(plan=plan, actor=ctx.actor, comment=comment)
    elif outcome == "approved":
        services.plan_approve(plan=plan, actor=ctx.actor, comment="同意，请按期推进。")
        _report_progress(ctx, tasks, name)


def load_workplans(ctx: DemoContext) -> str:
    entries = list(
        CampaignEntry.objects.filter(
            campaign__status=CampaignStatus.OPEN,
            campaign__federation__in=list(ctx.federations.values()),
            society__in=list(ctx.societies.values()),
        )
        .select_related("campaign", "society")
        .order_by("campaign_id", "society__name")
    )
    if not entries:
        return "没有进行中的评估检查工作，未生成工作方案"
    have = set(WorkPlan.objects.filter(entry__in=entries).values_list("entry_id", flat=True))
    names = _secretaries_general(entries, ctx.today)
    written = 0
    for entry in entries:
        outcome = _outcome(ctx, entry)
        if entry.pk in have or outcome == "none":
            continue
        _write_plan(ctx, entry, outcome, names.get(entry.society_id, "（待定）"))
        written += 1
    total = WorkPlan.objects.filter(entry__in=entries).count()
    return f"新增 {written} 份，共 {total} 份"
