"""Step 科协统计: what the statistics return counts beyond the earlier records — the papers of
academic meetings, the people recommended and awarded, every third academic or outreach
activity run by one of the society's branches — and the Hubei 科协's 报表说明 for last year.

Idempotent: only blank figures are filled, always with the same values (from the activity's
own participants and its place in the society's list); the 报表说明 is written once."""

from xuehui.activities.choices import ActivityKind
from xuehui.activities.models import Activity
from xuehui.audit.services import audit_record
from xuehui.branches.choices import BranchStatus
from xuehui.branches.models import Branch
from xuehui.stats.models import StatisticsReturn
from xuehui.stats.selectors import default_year
from xuehui.stats.services import statistics_return_save

from .context import DemoContext

BRANCH_KINDS = (ActivityKind.ACADEMIC_EXCHANGE, ActivityKind.SCIENCE_POPULARIZATION)
HONOURED_KINDS = (ActivityKind.TALENT_RECOMMENDATION, ActivityKind.SCIENCE_AWARD)
EXPLANATION = (
    "本报表由学会改革管理平台根据各学会填报的会员、理事会、分支机构、秘书处、党组织、"
    "活动和财务记录生成，统计范围为本科协及下级科协所属的全部学会（不含已注销学会）。"
    "空白数据按0统计，分支机构开展的活动计入所属学会。部分学会尚未完成会员名册录入，"
    "个人会员数取其年度会员统计。"
)


def _fill(activity: Activity, index: int, branches: list[Branch]) -> bool:
    changed = False
    if activity.kind == ActivityKind.ACADEMIC_EXCHANGE and activity.papers is None:
        activity.papers, changed = (activity.participants or 0) // 8, True
    if activity.kind in HONOURED_KINDS and activity.honoured is None:
        activity.honoured, changed = 2 + index % 5, True
    if activity.kind in BRANCH_KINDS and branches and index % 3 == 0 and activity.branch is None:
        activity.branch, changed = branches[index // 3 % len(branches)], True
    return changed


def _activities(ctx: DemoContext) -> int:
    ids = [society.pk for society in ctx.societies.values()]
    branches: dict[int, list[Branch]] = {}
    active = Branch.objects.filter(society_id__in=ids, status=BranchStatus.ACTIVE)
    for branch in active.order_by("name", "pk"):
        branches.setdefault(branch.society_id, []).append(branch)
    changed, seen = [], {}
    for activity in Activity.objects.filter(society_id__in=ids).order_by("society_id", "pk"):
        index = seen[activity.society_id] = seen.get(activity.society_id, -1) + 1
        if _fill(activity, index, branches.get(activity.society_id, [])):
            changed.append(activity)
    Activity.objects.bulk_update(changed, ["papers", "honoured", "branch"], batch_size=500)
    if changed:
        audit_record(
            actor=ctx.actor,
            action="demo_statistics_figures",
            summary=f"演示数据：补充{len(changed)}项活动的论文数、举荐或获奖人数和开展的分支机构",
        )
    return len(changed)


def load_statistics(ctx: DemoContext) -> str:
    filled = _activities(ctx)
    federation = ctx.federations.get("hubei")
    year = default_year(ctx.today)
    if (
        federation is not None
        and not StatisticsReturn.objects.filter(federation=federation, year=year).exists()
    ):
        statistics_return_save(
            federation=federation, year=year, explanation=EXPLANATION, notes={}, actor=ctx.actor
        )
    return f"补充{filled}项活动的统计数据，{year}年度报表说明"
