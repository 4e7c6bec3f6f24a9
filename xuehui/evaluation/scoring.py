"""Scoring a year: pure functions from a scheme and what is known of each society (facts, the
engine's statuses, the campaign's verdicts, the experts' marks) to totals, ranks, classes and
stars, every point explained in Chinese. Nothing here reads the database."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from xuehui.rules.choices import Status
from xuehui.rules.facts.base import FACT_LABELS

from .choices import TIER_LABELS, Method, Tier
from .scheme import Indicator, Scheme, _num

CENT = Decimal("0.01")
STATUS_LABELS = dict(Status.choices)
# Above this many experts the highest and the lowest mark are dropped (the national system's
# and 民政's practice); the same rule as the pilots' panels.
DROP_EXTREMES_ABOVE = 3


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def pct(value: Decimal) -> str:
    return f"{_num(cents(value))}%"


@dataclass(frozen=True)
class Mark:
    """One expert's mark on one leaf for one society."""

    expert: str
    percent: Decimal | None
    false_answer: bool = False
    comment: str = ""


@dataclass
class Known:
    """What the scoring knows of one society."""

    code: str
    name: str
    facts: Mapping[str, Any]
    missing: Mapping[str, str] = field(default_factory=dict)
    statuses: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # ref → (status, why)
    verdicts: Mapping[str, str] = field(default_factory=dict)  # ref → campaign item state
    marks: Mapping[str, Sequence[Mark]] = field(default_factory=dict)  # indicator code → marks
    # 复核调整: indicator code → (the score the 科协 set, its reason)
    adjustments: Mapping[str, tuple[Decimal, str]] = field(default_factory=dict)
    applied_for_stars: bool = False


@dataclass
class Line:
    """One scored leaf of a society's breakdown."""

    code: str
    indicator: str
    points: Decimal
    score: Decimal
    basis: str
    method: str
    false_answers: int = 0

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "indicator": self.indicator,
            "points": float(self.points),
            "score": float(self.score),
            "basis": self.basis,
            "method": self.method,
            "false_answers": self.false_answers,
        }


@dataclass
class Outcome:
    society_id: int
    code: str
    name: str
    score: Decimal
    lines: list[Line]
    rank: int = 0
    tier: str = ""
    notes: list[str] = field(default_factory=list)  # why a class was not given
    vetoes: list[str] = field(default_factory=list)  # what bars 重点支持
    restructure_candidate: bool = False
    stars: int | None = None
    star_note: str = ""

    @property
    def tier_label(self) -> str:
        return TIER_LABELS.get(self.tier, "")


# ---------------------------------------------------------------- one leaf


def score_leaf(scheme: Scheme, leaf: Indicator, known: Known) -> tuple[Decimal, str]:
    """A leaf's score before false answers are applied, and the basis in Chinese."""
    if leaf.method == Method.RULE:
        return _rule(scheme, leaf, known)
    if leaf.method == Method.VERDICT:
        return _verdict(scheme, leaf, known)
    if leaf.method == Method.EXPERT:
        return expert_score(leaf.points, known.marks.get(leaf.code, ()))
    return _fact(leaf, known)


def _rule(scheme: Scheme, leaf: Indicator, known: Known) -> tuple[Decimal, str]:
    status, why = known.statuses.get(leaf.ref, ("", ""))
    if not status:
        return Decimal(0), f"{leaf.requirement}未核验（该学会不适用此框架或框架未加载），0分"
    share = scheme.status_shares.get(status, Decimal(0))
    score = cents(leaf.points * share)
    label = STATUS_LABELS.get(status, status)
    reason = f"（{why.rstrip('。')}）" if why else ""
    return (
        score,
        f"{leaf.requirement}核验结果为“{label}”{reason}，得分比例{pct(share * 100)}，得{_num(score)}分",
    )


def _verdict(scheme: Scheme, leaf: Indicator, known: Known) -> tuple[Decimal, str]:
    state = known.verdicts.get(leaf.ref)
    if state is None:
        return Decimal(0), f"本年度评估检查中没有{leaf.requirement}的评审结论，0分"
    key = state if state in ("passed", "failed") else "other"
    share = scheme.verdict_shares[key]
    label = {"passed": "已通过", "failed": "未通过"}.get(state, "尚无最终结论")
    score = cents(leaf.points * share)
    return score, f"评估检查中{leaf.requirement}的评审结论为“{label}”，得{_num(score)}分"


def fact_number(value: Any) -> Decimal:
    """A fact as a number: counts as they are, yes/no and texts (a named thing present) as
    1/0, lists by their length."""
    if value is None or value is False:
        return Decimal(0)
    if value is True:
        return Decimal(1)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, list | tuple | set | dict):
        return Decimal(len(value))
    return Decimal(1) if str(value).strip() else Decimal(0)


def _fact(leaf: Indicator, known: Known) -> tuple[Decimal, str]:
    label = FACT_LABELS.get(leaf.fact, leaf.fact)
    if leaf.fact not in known.facts:
        reason = known.missing.get(leaf.fact) or f"缺少数据「{label}」"
        return Decimal(0), f"{reason}，0分"
    raw = known.facts[leaf.fact]
    value = fact_number(raw)
    shown = fact_text(raw, value)
    if leaf.steps:
        score = cents(min(leaf.points, leaf.steps.score(value)))
        rule = leaf.how().split("：", 1)[1]
        return score, f"{label}：{shown}；{rule}，得{_num(score)}分"
    for band in leaf.bands:
        if band.holds(value):
            return band.score, f"{label}：{shown}，在“{band.text()}”档，得{_num(band.score)}分"
    return Decimal(0), f"{label}：{shown}，不在任何计分档，0分"


def fact_text(raw: Any, value: Decimal) -> str:
    """A fact as the basis shows it: the count, 有/无, or what is there (计为1)."""
    if raw is True or raw is False or raw is None:
        return "有（计为1）" if raw else "无（计为0）"
    if isinstance(raw, int | float | Decimal):
        return _num(value)
    if isinstance(raw, list | tuple | set | dict):
        return f"{_num(value)}项"
    text = str(raw).strip()
    return f"{text[:60]}（计为1）" if text else "无（计为0）"


def expert_score(points: Decimal, marks: Iterable[Mark]) -> tuple[Decimal, str]:
    """专家打分: the mean percentage of the experts' marks, the highest and the lowest dropped
    when there are more than three, times the points."""
    given = [m for m in marks if m.percent is not None]
    if not given:
        return Decimal(0), "尚无专家评分，0分"
    listed = "、".join(f"{m.expert} {pct(m.percent)}" for m in given)  # type: ignore[arg-type]
    percents = sorted(m.percent for m in given)  # type: ignore[type-var]
    dropped = ""
    if len(percents) > DROP_EXTREMES_ABOVE:
        dropped = f"去掉一个最高分{pct(percents[-1])}和一个最低分{pct(percents[0])}，"
        percents = percents[1:-1]
    mean = sum(percents, Decimal(0)) / len(percents)
    score = cents(points * mean / 100)
    return score, f"专家评分：{listed}；{dropped}平均得分率{pct(mean)}，得{_num(score)}分"


# ---------------------------------------------------------------- one society


def score_society(scheme: Scheme, society_id: int, known: Known) -> Outcome:
    leaves = scheme.leaves()
    lines = []
    for leaf in leaves:
        score, basis = score_leaf(scheme, leaf, known)
        flagged = [m.expert for m in known.marks.get(leaf.code, ()) if m.false_answer]
        if flagged:
            basis = (
                f"专家{'、'.join(flagged)}认定该项填报虚假，本项0分（原{_num(score)}分：{basis}）"
            )
            score = Decimal(0)
        lines.append(
            Line(leaf.code, leaf.name, leaf.points, score, basis, leaf.method, len(flagged))
        )
    _zero_false_indicators(scheme, lines)
    for line in lines:
        if line.code in known.adjustments:
            score, reason = known.adjustments[line.code]
            adjusted = min(cents(score), line.points)
            line.basis = f"复核调整为{_num(adjusted)}分，理由：{reason}（计算得{_num(line.score)}分：{line.basis}）"
            line.score = adjusted
    total = sum((line.score for line in lines), Decimal(0))
    return Outcome(society_id, known.code, known.name, cents(total), lines)


def _zero_false_indicators(scheme: Scheme, lines: list[Line]) -> None:
    """A configured number of false answers under one indicator (at the scheme's level) zero
    the whole indicator."""
    at = scheme.false_answers_zero_at
    if not at:
        return
    owner: dict[str, Indicator] = {}

    def down(node: Indicator, top: Indicator | None) -> None:
        top = (
            node
            if node.level == scheme.false_answers_level or top is None and node.is_leaf
            else top
        )
        if node.is_leaf:
            owner[node.code] = top or node
        for child in node.children:
            down(child, top)

    for node in scheme.indicators:
        down(node, None)
    falses: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.false_answers:
            falses[owner[line.code].code] += 1
    for line in lines:
        parent = owner[line.code]
        if falses[parent.code] >= at and line.score:
            line.basis = (
                f"指标“{parent.code} {parent.name}”有{falses[parent.code]}项被认定虚假"
                f"（达到{at}项即整项0分），本项0分（原{_num(line.score)}分）"
            )
            line.score = Decimal(0)


# ---------------------------------------------------------------- the year


def rank(outcomes: list[Outcome]) -> list[Outcome]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4), then by code."""
    ordered = sorted(outcomes, key=lambda o: (-o.score, o.code))
    for n, outcome in enumerate(ordered):
        before = ordered[n - 1] if n else None
        outcome.rank = before.rank if before and before.score == outcome.score else n + 1
    return ordered


def vetoes_of(scheme: Scheme, known: Known, outcome: Outcome) -> None:
    """The documents' bars to 重点支持 (001 四（二）7), each said in Chinese."""
    c = scheme.classification
    if c.veto_no_party and not known.facts.get(c.party_fact):
        outcome.vetoes.append("党组织缺失，不能列为重点支持")
        outcome.restructure_candidate = True
    overdue = known.facts.get("term.overdue_days") or 0
    if c.veto_overdue_grace_days is not None and overdue > c.veto_overdue_grace_days:
        outcome.vetoes.append(
            f"届满未换届已逾期{overdue}天（宽限{c.veto_overdue_grace_days}天），不能列为重点支持"
        )
    if c.veto_failed_mandatory:
        for leaf in scheme.leaves():
            if not leaf.mandatory:
                continue
            failed = (
                known.statuses.get(leaf.ref, ("",))[0] == Status.FAIL
                if leaf.method == Method.RULE
                else known.verdicts.get(leaf.ref) == "failed"
            )
            if failed:
                outcome.vetoes.append(f"必达指标“{leaf.code} {leaf.name}”未达到，不能列为重点支持")


def classify(scheme: Scheme, ordered: list[Outcome]) -> None:
    """Classes down the ranking: below the 重组淘汰 line → 重组淘汰; else 重点支持 if the
    score reaches its line, no veto bars it and its quota has room; else 培育扶持 likewise; else
    none. Quotas are ceilings: societies tied at the edge of a quota that cannot all fit are
    none of them given the class, and no one ranked below them is either (the 科协 decides
    among the tied, by an override)."""
    c = scheme.classification
    if not c.is_set:
        return
    rooms = {Tier.KEY_SUPPORT: c.key_support_quota, Tier.CULTIVATE: c.cultivate_quota}
    lines = {Tier.KEY_SUPPORT: c.key_support_min, Tier.CULTIVATE: c.cultivate_min}
    groups: dict[Decimal, list[Outcome]] = defaultdict(list)
    for outcome in ordered:
        groups[outcome.score].append(outcome)
    for score in sorted(groups, reverse=True):
        waiting = []
        for outcome in groups[score]:
            if c.restructure_below is not None and score < c.restructure_below:
                outcome.tier = Tier.RESTRUCTURE
            else:
                waiting.append(outcome)
        for tier in (Tier.KEY_SUPPORT, Tier.CULTIVATE):
            line, room = lines[tier], rooms[tier]
            if line is None and room is None:
                continue
            label = TIER_LABELS[tier]
            if line is not None and score < line:
                continue
            fit = [o for o in waiting if not (tier == Tier.KEY_SUPPORT and o.vetoes)]
            if room is not None and len(fit) > room:
                for o in fit:
                    o.notes.append(
                        f"{label}名额{'已满' if room == 0 else f'仅余{room}个'}"
                        + (f"，与{len(fit) - 1}个学会并列第{o.rank}名" if len(fit) > 1 else "")
                        + ("，由科协决定" if room else "")
                    )
                # What is left of the quota is the tied societies' to share out (by the
                # 科协's override); no one ranked below them takes it.
                rooms[tier] = 0
                continue
            for o in fit:
                o.tier = tier
            if room is not None:
                rooms[tier] = room - len(fit)
            waiting = [o for o in waiting if o not in fit]
        for o in waiting:
            if not o.tier and not o.notes:
                o.notes.append(_no_class_note(c, score))


def _no_class_note(c, score: Decimal) -> str:
    parts = [f"总分{_num(score)}"]
    if c.cultivate_min is not None and score < c.cultivate_min:
        parts.append(f"低于培育扶持分数线{_num(c.cultivate_min)}分")
    elif c.key_support_min is not None and score < c.key_support_min:
        parts.append(f"低于重点支持分数线{_num(c.key_support_min)}分")
    if c.restructure_below is not None:
        parts.append(f"不低于重组淘汰分数线{_num(c.restructure_below)}分")
    return "，".join(parts) + "，本年度不列入分类"


def rate_stars(scheme: Scheme, known: Known, outcome: Outcome) -> None:
    stars = scheme.stars
    if stars is None:
        return
    if stars.applicants_only and not known.applied_for_stars:
        outcome.star_note = "未申请星级评估"
        return
    lacking = []
    if stars.need_party and not known.facts.get(scheme.classification.party_fact):
        lacking.append("没有党组织")
    if stars.need_no_overdue_term and (known.facts.get("term.overdue_days") or 0) > 0:
        lacking.append("届满未按期换届")
    if lacking:
        outcome.stars = 0
        outcome.star_note = f"{'、'.join(lacking)}，不具备星级学会的基本条件"
        return
    for level in stars.levels:
        short = [
            f"{FACT_LABELS.get(fact, fact)}未达到{_num(minimum)}"
            for fact, minimum in level.requires
            if fact_number(known.facts.get(fact)) < minimum
        ]
        if outcome.score >= level.min_score and not short:
            outcome.stars = level.stars
            outcome.star_note = f"总分{_num(outcome.score)}，达到{level.stars}星标准（{_num(level.min_score)}分以上）"
            return
    outcome.stars = 0
    outcome.star_note = f"总分{_num(outcome.score)}，未达到一星标准"


def score_year(scheme: Scheme, known: Mapping[int, Known]) -> list[Outcome]:
    """Every society's outcome, in ranking order."""
    outcomes = [score_society(scheme, sid, k) for sid, k in known.items()]
    ordered = rank(outcomes)
    for outcome in ordered:
        vetoes_of(scheme, known[outcome.society_id], outcome)
    classify(scheme, ordered)
    for outcome in ordered:
        rate_stars(scheme, known[outcome.society_id], outcome)
    return ordered
