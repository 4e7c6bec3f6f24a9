"""Step 学会考评: the Hubei 科协's indicator system (the shipped `hubei-evaluation`) for two
years. 2025 was lived through: four experts scored the expert-judged indicators (so each
item's mean drops the highest and the lowest mark), the results went through 公示 from
2026-01-05 with one objection answered, and were confirmed on 2026-01-20, which entered the
star register. 2026 is under way on the demo date: the experts have scored part of it (the
demo expert still has societies to score) and the results are computed, not yet published,
so a secretary sees no score and may still apply for a star rating. Keyed by the schemes:
once a year's scheme exists, that year is not written again."""

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import yaml

from xuehui.accounts.choices import Role
from xuehui.accounts.models import User
from xuehui.accounts.services import role_grant, user_upsert
from xuehui.evaluation import services
from xuehui.evaluation.models import EvaluationScheme
from xuehui.evaluation.selectors import scheme_of
from xuehui.societies.models import Society

from .accounts import SECRETARY_SOCIETY
from .context import DemoContext

LIBRARY = Path(__file__).resolve().parents[1] / "evaluation" / "library" / "hubei-evaluation.yaml"
EXPERTS = (("zj_wang", "王建华"), ("zj_li", "李晓东"), ("zj_zhao", "赵敏"))
PUBLICITY_2025 = dt.date(2026, 1, 5)
CONFIRMED_2025 = dt.date(2026, 1, 20)


def load_evaluation(ctx: DemoContext) -> str:
    federation = ctx.federations["hubei"]
    done = []
    data = yaml.safe_load(LIBRARY.read_text(encoding="utf-8"))
    experts = _experts(ctx)
    if not EvaluationScheme.objects.filter(
        federation=federation, key=data["key"], year=2025
    ).exists():
        _year_2025(ctx, federation, copy.deepcopy(data), experts)
        done.append("2025年度（已确认发布）")
    if not EvaluationScheme.objects.filter(
        federation=federation, key=data["key"], year=2026
    ).exists():
        _year_2026(ctx, federation, data, experts)
        done.append("2026年度（已计算，待公示）")
    return "新增" + "、".join(done) if done else "已有，无需写入"


def _experts(ctx) -> list[User]:
    people = [User.objects.get(username="zj_expert")]
    for username, name in EXPERTS:
        user = User.objects.filter(username=username).first() or user_upsert(
            username=username, full_name=name, actor=ctx.actor
        )
        role_grant(
            user=user, role=Role.EXPERT, federation=ctx.federations["hubei"], actor=ctx.actor
        )
        people.append(user)
    return people


def _mark(ctx, society: Society, code: str, expert: User) -> Decimal:
    """A mark between 60 and 98 %, steady for the society across experts and years."""
    rng = ctx.rng_for("evaluation", society.name, code, expert.username)
    base = 62 + len(society.name) * 5 % 30
    return Decimal(min(98, base + rng.randint(-8, 8)))


def _score(ctx, evaluation, experts, societies, *, leave_for_demo_expert: int = 0) -> None:
    leaves = [leaf for leaf in scheme_of(evaluation.scheme).leaves() if leaf.method == "expert"]
    for n, society in enumerate(societies):
        for expert in experts:
            if n < leave_for_demo_expert and expert.username == "zj_expert":
                continue  # left for the demo expert to score
            for leaf in leaves:
                services.expert_score_save(
                    evaluation=evaluation, society=society, indicator=leaf.code,
                    percent=_mark(ctx, society, leaf.code, expert), actor=expert,
                )  # fmt: skip


def _year_2025(ctx, federation, data: dict, experts) -> None:
    data["name"] = data["name"].replace("2026", "2025")
    scheme = services.scheme_save(federation=federation, data=data, year=2025, actor=ctx.actor)
    evaluation = services.evaluation_open(
        scheme=scheme, facts_on=dt.date(2025, 12, 31), experts=experts, actor=ctx.actor
    )
    societies = list(Society.objects.filter(federation=federation).order_by("name"))
    _score(ctx, evaluation, experts, societies)
    services.evaluation_compute(evaluation=evaluation, actor=ctx.actor)
    evaluation = services.publicity_start(
        evaluation=evaluation, starts_on=PUBLICITY_2025, actor=ctx.actor
    )
    own = Society.objects.get(name=SECRETARY_SOCIETY)
    result = evaluation.results.get(society=own)
    objection = services.objection_raise(
        result=result, society=own, indicator="3.1", on=PUBLICITY_2025 + dt.timedelta(days=2),
        reasons="2025年10月承办的长江流域生态环境学术年会未计入主办或承办的学术交流活动。",
        actor=ctx.actor,
    )  # fmt: skip
    services.objection_answer(
        objection=objection, outcome="rejected", actor=ctx.actor,
        answer="经核，该年会由中国环境科学学会主办，你会为协办单位，按指标说明不计入主办或承办活动，维持原结果。",
    )  # fmt: skip
    services.evaluation_confirm(evaluation=evaluation, on=CONFIRMED_2025, actor=ctx.actor)


def _year_2026(ctx, federation, data: dict, experts) -> None:
    scheme = services.scheme_save(federation=federation, data=data, year=2026, actor=ctx.actor)
    evaluation = services.evaluation_open(
        scheme=scheme, facts_on=ctx.today, experts=experts, actor=ctx.actor
    )
    societies = list(Society.objects.filter(federation=federation).order_by("name"))
    _score(ctx, evaluation, experts, societies, leave_for_demo_expert=3)
    services.evaluation_compute(evaluation=evaluation, actor=ctx.actor)
