"""Step 经费补贴: a Fengxian-style 专职秘书长岗位补贴 (奉贤实施细则4、（3）: 区科协根据经费实际，通过
购买专职秘书长岗位的方式给予3万元经费补贴，建立党组织发挥党建功能的学会和星级学会优先考虑) for the demo's
科协, every active society rated (nominated by the 科协) and the budget allocated down the list.

The demo has no Fengxian 科协: the programme goes to the one named by FEDERATION_CODES first
that the demo loaded. Idempotent: a programme that exists is left as it is."""

from decimal import Decimal

from xuehui.governance.choices import Office
from xuehui.governance.models import Position
from xuehui.rules.facts.roster import current_positions_q
from xuehui.secretariat.models import StaffMember
from xuehui.subsidies.choices import CategoryKind, Priority
from xuehui.subsidies.models import SubsidyProgramme
from xuehui.subsidies.services import (
    subsidy_allocate,
    subsidy_category_save,
    subsidy_programme_save,
)

from .context import DemoContext

FEDERATION_CODES = ("fengxian", "hubei")
KEY = "secretary-post"
POST_GRANT = Decimal(30000)
POSTS = 3  # the budget buys this many posts


def load_secretary_contracts(ctx: DemoContext) -> str:
    """A secretary-general the roster marks 专职 is employed by the secretariat: the contract is
    recorded as a staff member (post 秘书长, open-ended from the post's start), which the
    post subsidy's eligibility reads. Keyed by the society, the name and the start."""
    posts = (
        Position.objects.filter(
            current_positions_q(ctx.today),
            office=Office.SECRETARY_GENERAL,
            is_full_time=True,
            society__is_synthetic=True,
        )
        .select_related("person", "society")
        .order_by("society__name")
    )
    known = set(StaffMember.objects.values_list("society_id", "name"))
    added = []
    for post in posts:
        if (post.society_id, post.person.name) in known:
            continue
        rng = ctx.rng_for("records", post.society.name, "secretary-general contract")
        added.append(
            StaffMember(
                society=post.society,
                name=post.person.name,
                post="秘书长",
                contract_start=post.start_on,
                is_full_time=True,
                has_social_insurance=True,
                is_party_member=rng.random() < 0.7,
                monthly_pay=Decimal(rng.randrange(8000, 14000, 100)),
            )  # fmt: skip
        )
        known.add((post.society_id, post.person.name))
    StaffMember.objects.bulk_create(added)
    return f"新增{len(added)}份" if added else "已有，无需写入"


def load_subsidies(ctx: DemoContext) -> str:
    code = next(c for c in FEDERATION_CODES if c in ctx.federations)
    federation = ctx.federations[code]
    year = ctx.today.year
    if SubsidyProgramme.objects.filter(federation=federation, key=f"{KEY}-{year}").exists():
        return "已存在，未修改"
    programme = subsidy_programme_save(
        federation=federation, key=f"{KEY}-{year}", name="专职秘书长岗位补贴", year=year,
        budget=POST_GRANT * POSTS, facts_on=ctx.today,
        note="区科协根据经费实际，通过购买专职秘书长岗位的方式给予3万元经费补贴，"
        "建立党组织发挥党建功能的学会和星级学会优先考虑（奉贤实施细则4、（3））",
        actor=ctx.actor,
    )  # fmt: skip
    subsidy_category_save(
        programme=programme, key="post", name="专职秘书长岗位补贴",
        kind=CategoryKind.SECRETARY_POST, amount=POST_GRANT,
        priorities=[Priority.PARTY_WORKING, Priority.STAR_RATED], actor=ctx.actor,
    )  # fmt: skip
    results = subsidy_allocate(programme=programme, nominate_all=True, actor=ctx.actor)
    placements = [p for r in results for p in r.outcome.placements]
    funded = sum(1 for p in placements if p.amount)
    return f"新增补贴项目1个：{len(placements)}个学会参与测算，{funded}个获得安排"
