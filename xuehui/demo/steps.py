"""The demo as an ordered list of steps; `xuehui demo` runs them in one transaction.

Each step is a function `load_<what>(ctx: DemoContext) -> str` that writes one kind of demo
data and returns a short Chinese summary for the console ("新增 12 个，共 28 个"). The
context (context.py) carries the demo date (`ctx.today`), a seeded generator (`ctx.rng`,
or better `ctx.rng_for("members", society_name)`, which does not shift when another step
draws), the actor (`ctx.actor`, `xuehui.access.SYSTEM` on the command line), the federations by code
(`ctx.federations`), the societies by name (`ctx.societies`) with their profiles
(`ctx.profiles`: category, pilot, council size…), and `ctx.cache` for plans that later
steps reuse (rosters.society_plans(ctx) gives every society's terms and posts).

To add demo data (members, staff, offices, party organisations, meetings, activities,
rule documents, finances, frameworks, pilots…): write `xuehui/demo/<what>.py` with a
`load_<what>(ctx)` and add one line below, after the steps it reads from. A step must be
idempotent: key what it writes by something stable (a society and a number, a code, a
name), write only what is missing, and draw the same values on every run (from
`ctx.rng_for`, with dates relative to `ctx.today`), so that a second run changes no count
(xuehui/demo/tests checks every model). Prefer the app's services; for hundreds of rows,
bulk_create_with_history with one audit record per batch (see governance.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .accounts import load_accounts
from .context import DemoContext
from .federations import load_federations
from .governance import load_governance
from .societies import load_societies
from .steps_campaigns import load_campaigns
from .steps_consortia import load_consortia
from .steps_credit import load_credit
from .steps_evaluation import load_evaluation
from .steps_frameworks import load_frameworks_and_pilots
from .steps_pilots import load_pilot_history
from .steps_portal import load_portal
from .steps_records_people import load_records_people
from .steps_records_work import load_records_work
from .steps_reports import load_reports
from .steps_statistics import load_statistics
from .steps_subsidies import load_secretary_contracts, load_subsidies
from .steps_workplans import load_workplans


@dataclass(frozen=True)
class Step:
    label: str  # shown on the console
    run: Callable[[DemoContext], str]


STEPS: list[Step] = [
    Step("科协", load_federations),
    Step("学会", load_societies),
    Step("届次与理事会", load_governance),
    Step("会员、秘书处、党组织与分支机构", load_records_people),
    Step("制度、会议、活动与财务", load_records_work),
    Step("演示账号", load_accounts),
    Step("政策框架与试点", load_frameworks_and_pilots),
    Step("评估检查", load_campaigns),
    Step("改革工作方案", load_workplans),  # after the campaigns step: it reads their campaigns
    Step("试点工作的历程", load_pilot_history),  # after the work plans: it writes a closed campaign
    Step("专职秘书长的聘用合同", load_secretary_contracts),  # before the evaluation reads staff
    Step("学会考评", load_evaluation),  # after the pilots: it uses their panel experts
    Step("经费补贴", load_subsidies),  # after the evaluation: stars and scores rank its lists
    Step("学会联合体", load_consortia),
    Step("学会年报", load_reports),
    Step("信用档案", load_credit),  # after the reports: a missing one lists its society
    Step("信息公开", load_portal),  # last: it publishes what the steps above recorded
    Step("科协统计", load_statistics),  # after every step that records activities
]
