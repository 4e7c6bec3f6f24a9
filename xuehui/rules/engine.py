"""The engine: evaluate(framework, facts_by_society, on) → results. Pure: it reads facts and
returns results, in document order, each explaining itself in Chinese; it writes nothing."""

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from xuehui.regulations.choices import RuleKind

from .checks import CHECKS, CheckContext, Outcome, measure
from .choices import (
    NOT_ADOPTED_NOTE,
    NOT_BINDING_NOTE,
    NOT_COUNTED,
    REFERENCE_NOTE,
    Addressee,
    AppliesTo,
    DecisionKind,
    Period,
    Require,
    Status,
)
from .facts.base import FACT_LABELS, Facts, MissingFact
from .spec import Applicability, FrameworkSpec, Requirement

UNDECIDED = (Status.NEEDS_EVIDENCE, Status.NEEDS_REVIEW, Status.PENDING)
# Checks whose shortfall within a year can still be made up before 31 December.
YEARLY_COUNTS = ("count_at_least", "count_more_than", "exists")
# Plain dicts and tuples: the enums' class properties are rebuilt on every access, and the
# engine asks for them once per requirement per society.
STATUSES = tuple(Status.values)
STATUS_LABELS = dict(Status.choices)
RULE_KIND_LABELS = dict(RuleKind.choices)


@dataclass(slots=True)
class Result:
    """One requirement's outcome for one society on one date."""

    framework: FrameworkSpec
    requirement: Requirement
    status: str
    explanation: str
    actual: str = ""
    expected: str = ""
    people: list = field(default_factory=list)
    # Binding = the society's 科协 adopted the framework as binding (or adopted nothing at all)
    # and, for a pilot standard, the society is in the programme.
    binding: bool = True
    pilot_member: bool = True  # False only for a pilot standard judged for a non-member
    binding_note: str = ""  # why the result is not binding (仅供对照)

    def counts(self, *, reference: bool = False) -> bool:
        """Whether a summary counts this result: binding ones; with `reference`, also those
        only the 科协's adoption makes non-binding (a reference framework viewed for itself)."""
        return self.binding or (reference and self.pilot_member)

    @property
    def ref(self) -> str:
        return f"{self.framework.key}:{self.requirement.key}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_decided_here(self) -> bool:
        """True for requirements with a decision of their own (what the summary counts)."""
        return self.requirement.decision is not None

    def as_json(self) -> dict:
        node = self.requirement
        return {
            "requirement": self.ref,
            "title": node.title,
            "status": self.status,
            "binding": self.binding,
            "obligation": node.obligation,
            "period": node.period or Period.NONE,
            "actual": self.actual,
            "expected": self.expected,
            "explanation": self.explanation,
            "citation": {
                "document": self.framework.source,
                "clause": node.clause,
                "excerpt": node.excerpt,
            },
            "people": list(self.people),
        }


class Judged(Protocol):
    """What the summaries read of a result: a `Result`, or a `statuses.BareResult` (no text)."""

    requirement: Requirement
    status: str
    binding_note: str

    def counts(self, *, reference: bool = False) -> bool: ...

    @property
    def is_decided_here(self) -> bool: ...


def summarise(results: Sequence[Judged], *, reference: bool = False) -> dict[str, int]:
    """Count of each status over the binding requirements decided on their own (groups not
    counted twice); results marked not binding (仅供对照) are left out, except, with
    `reference`, those of a framework the 科协 adopted for reference only."""
    counts = Counter(
        r.status for r in results if r.is_decided_here and r.counts(reference=reference)
    )
    return {status: counts.get(status, 0) for status in STATUSES}


def pass_rate(results: Sequence[Judged], *, reference: bool = False) -> float | None:
    """Share of the binding, applicable, self-decided 必须/应当 requirements that pass; None when
    none applies. Encouraged items are counted apart (encouraged_done)."""
    applicable = [
        r
        for r in results
        if r.is_decided_here
        and r.counts(reference=reference)
        and not r.requirement.encouraged
        and r.status not in NOT_COUNTED
    ]
    if not applicable:
        return None
    return sum(r.status == Status.PASS for r in applicable) / len(applicable)


def encouraged_done(results: Sequence[Judged], *, reference: bool = False) -> tuple[int, int]:
    """(done, total) over the binding, applicable encouraged items decided on their own:
    shown as 鼓励项开展 N/M."""
    items = [
        r
        for r in results
        if r.is_decided_here
        and r.counts(reference=reference)
        and r.requirement.encouraged
        and r.status not in NOT_COUNTED
    ]
    return sum(r.status == Status.PASS for r in items), len(items)


def evaluate(
    framework: FrameworkSpec,
    facts_by_society: Mapping[int, Facts],
    on: dt.date,
    *,
    year: int | None = None,
) -> dict[int, list[Result]]:
    """Every requirement of `framework` for every society whose facts are given. `year` is the
    year the 每年 requirements judge (a campaign's 考核年度; default the date's year), and must
    be the year the facts' yearly counts were gathered for."""
    shared = _Shared()  # what the societies judged here share (the same framework and date)
    return {
        sid: evaluate_society(framework, facts, on, year=year, _shared=shared)
        for sid, facts in facts_by_society.items()
    }


def evaluate_society(
    framework: FrameworkSpec,
    facts: Facts,
    on: dt.date,
    *,
    year: int | None = None,
    _shared: "_Shared | None" = None,
) -> list[Result]:
    run = _Run(framework, facts, on, _Shared() if _shared is None else _shared, year)
    inherited = run.applicability(framework.applies)
    member = not run.outside_pilot(framework.applies)
    for node in framework.requirements:
        run.node(node, inherited, member)
    return run.results


def adoption_note(framework: FrameworkSpec, facts: Facts) -> str:
    """Empty when the society's 科协 adopted the framework as binding, or adopted nothing at all
    (every framework then binds as loaded); otherwise why it is only for reference."""
    adopted = facts.get("adoption.frameworks")
    if not adopted or adopted.get(framework.key) is True:
        return ""
    return REFERENCE_NOTE if framework.key in adopted else NOT_ADOPTED_NOTE


FEDERATION_WORK = "本条是科协的工作，不作为学会的核验项。"
ALL_KINDS = (AppliesTo.ALL, AppliesTo.CONDITION)


@dataclass(slots=True)
class _Plan:
    """What judging one requirement needs to know of it that is the same for every society."""

    kind: str  # its applicability's kind
    federation: bool  # the 科协's own work: never a society's item
    at_least: int | None  # a group of tasks the society chooses
    automatic: bool
    encouraged: bool
    children: list  # (child, whether it is 选做 in this group)


class _Shared:
    """What every society judged in one `evaluate` (one framework, one date) shares: each
    requirement's plan and resolved parameters, and the texts that depend on nothing of the
    society's but what the key says (a group's outcome given its children's statuses, an
    evidence request given the date). Kept for one call: dropped with the results."""

    __slots__ = ("plans", "params", "combined", "evidence")

    def __init__(self) -> None:
        self.plans: dict[int, _Plan] = {}
        self.params: dict[str, dict] = {}
        self.combined: dict[tuple, tuple] = {}
        self.evidence: dict[int, str] = {}

    def plan(self, node: Requirement) -> _Plan:
        plan = self.plans.get(id(node))
        if plan is None:
            plan = self.plans[id(node)] = _Plan(
                node.applies.kind,
                node.addressee == Addressee.FEDERATION,
                node.at_least,
                _Run.automatic(node),
                node.encouraged,
                [(child, node.optional(child)) for child in node.children],
            )
        return plan


class _Run:
    def __init__(
        self,
        framework: FrameworkSpec,
        facts: Facts,
        on: dt.date,
        shared: _Shared,
        year: int | None = None,
    ):
        self.framework, self.facts, self.on, self.shared = framework, facts, on, shared
        self.params = shared.params
        self.ctx = check_context(framework, on, year)
        self.year, self.year_complete = self.ctx.year, self.ctx.year_complete
        self.results: list[Result] = []
        self.adoption_note = adoption_note(framework, facts)
        self.reelection_note = ""  # set while judging Tianjin 二 on the re-election's figures

    def result(self, node: Requirement, outcome: Outcome, member: bool) -> Result:
        note = NOT_BINDING_NOTE if not member else self.adoption_note
        return Result(
            self.framework,
            node,
            outcome.status,
            outcome.explanation,
            outcome.actual,
            outcome.expected,
            outcome.people,
            binding=not note,
            pilot_member=member,
            binding_note=note,
        )

    def node(
        self,
        node: Requirement,
        inherited: Outcome | None,
        member: bool = True,
        within: Requirement | None = None,
    ) -> Result:
        """`member`: False below a pilot standard the society is not a member of; `within`: the
        group whose 选做 item this is (None for every other requirement)."""
        index = len(self.results)
        plan = self.shared.plan(node)
        kind = plan.kind
        if kind == AppliesTo.PILOT:
            member = member and not self.outside_pilot(node.applies)
        blocked = inherited
        if blocked is None:
            if plan.federation:
                blocked = Outcome(Status.NOT_APPLICABLE, FEDERATION_WORK)
            elif kind not in ALL_KINDS:
                blocked = self.applicability(node.applies)
        chosen = None if plan.at_least is None else self.chosen(node)
        base, basis = self.facts, ""
        if blocked is None and kind == AppliesTo.REELECTED:
            self.facts, basis = self.at_reelection()
            self.reelection_note = basis and self.short_basis()
        try:
            children = [
                self.node(
                    child,
                    blocked or (None if chosen is None else unchosen(child, chosen)),
                    member,
                    node if optional else None,
                )
                for child, optional in plan.children
            ]
            if blocked is not None:
                outcome = blocked
            elif node.decision is not None:
                outcome = self.decide(node)
            else:
                outcome = self.combine(node, children, member)
        finally:
            self.facts = base
            if basis:
                self.reelection_note = ""
        if basis:
            outcome.explanation = f"{basis}{outcome.explanation}"
        elif self.reelection_note and blocked is None and plan.automatic:
            outcome.explanation = f"{self.reelection_note}{outcome.explanation}"
        if kind == AppliesTo.CONDITION and blocked is None:
            outcome = conditional(node.applies, outcome)
        if blocked is None:
            if plan.encouraged:
                outcome = encouraged(node, outcome)
            if within is not None:
                outcome = optional(within, node, outcome)
        if not member and blocked is None:
            outcome.explanation = f"{NOT_BINDING_NOTE}：{outcome.explanation}"
        result = self.result(node, outcome, member)
        self.results.insert(index, result)  # the parent comes before its children
        return result

    def combine(self, node: Requirement, children: list[Result], member: bool) -> Outcome:
        """`combine`, which reads of the children only their statuses (and, in a group the
        society is a pilot member for, whether they are): the same text for every society
        whose children came out alike, written once."""
        key = (
            id(node),
            member,
            *[c.status for c in children],
            *([c.pilot_member for c in children] if member else ()),
        )
        known = self.shared.combined.get(key)
        if known is None:
            made = combine(node, children, member)
            known = self.shared.combined[key] = (
                made.status,
                made.explanation,
                made.actual,
                made.expected,
            )
        return Outcome(*known)

    def chosen(self, node: Requirement) -> list | None:
        """The tasks the society chose in a 自选 group (至少选N项), or None: no choice recorded,
        so every task is judged."""
        if node.at_least is None:
            return None
        by_group = (self.facts.get("tasks.chosen") or {}).get(self.framework.key) or {}
        return by_group.get(node.key)

    def at_reelection(self) -> tuple[Facts, str]:
        """Tianjin 二 以检查换届材料为准，不再另行检查: the group is judged on the re-election's own
        figures (the roster elected that day, the members reported for that year), which the
        facts carry in `reelection.facts`; the rest stays as on the date."""
        figures = self.facts.get("reelection.facts")
        if figures is None:
            return self.facts, ""
        overlay = Facts(self.facts)
        overlay.missing = {k: v for k, v in self.facts.missing.items() if k not in figures}
        overlay.update(figures)
        sources = "；".join(self.facts.get("reelection.sources") or [])
        return overlay, f"以换届材料为准（{sources}）："

    @staticmethod
    def automatic(node: Requirement) -> bool:
        return node.decision is not None and node.decision.by == DecisionKind.AUTOMATIC

    def short_basis(self) -> str:
        when = self.facts.get("term.latest_reelection_on")
        return f"按{when:%Y-%m-%d}换届材料：" if when else ""

    def outside_pilot(self, applies: Applicability) -> bool:
        """A pilot standard is judged for every society, binding only for the programme's members."""
        return applies.kind == AppliesTo.PILOT and applies.pilot not in (
            self.facts.get("pilots.programmes") or []
        )

    def applicability(self, applies: Applicability) -> Outcome | None:
        """None when the requirement applies; otherwise a not-applicable (or unknown) outcome."""
        if applies.kind in (AppliesTo.ALL, AppliesTo.CONDITION):
            return None
        who = applies.describe(self.framework.effective_on)
        if applies.kind == AppliesTo.REELECTED:
            when = self.facts.get("term.latest_reelection_on")
            if when is None or when < self.framework.effective_on:
                last = f"最近一次换届为{when:%Y-%m-%d}" if when else "尚无换届记录"
                return Outcome(Status.NOT_APPLICABLE, f"本项只适用于{who}；该学会{last}。")
        elif applies.kind == AppliesTo.FACT:
            try:
                value = self.facts.need(applies.fact)
            except MissingFact as missing:
                return Outcome(
                    Status.NEEDS_EVIDENCE, f"无法判断是否适用（适用于{who}）：{missing.reason}。"
                )
            inside = (
                value > applies.more_than
                if applies.more_than is not None
                else value >= applies.at_least
            )
            if not inside:
                label = FACT_LABELS.get(applies.fact, applies.fact)
                shown = f"不是{label}" if isinstance(value, bool) else f"{label}为{value}"
                return Outcome(Status.NOT_APPLICABLE, f"本项只适用于{who}；该学会{shown}。")
        return None

    def decide(self, node: Requirement) -> Outcome:
        decision = node.leaf_decision
        try:
            if decision.by == DecisionKind.AUTOMATIC:
                if node.key not in self.params:
                    self.params[node.key] = self.resolve(decision.params)
                params = self.params[node.key]
                outcome = CHECKS[decision.check](self.facts, decision.fact, params, self.ctx)
                if node.period == Period.YEAR:
                    outcome = self.year_so_far(node, params, outcome)
                return self.over_period(node, outcome)
            if decision.by == DecisionKind.DOCUMENT:
                return self.documents(node)
        except MissingFact as missing:
            return Outcome(Status.NEEDS_EVIDENCE, f"{missing.reason}，暂无法自动核验。", "无数据")
        if decision.by == DecisionKind.EVIDENCE:
            text = self.shared.evidence.get(id(node))
            if text is None:  # the same for every society on the date
                text = f"需上传佐证材料：{decision.evidence}。{self.due(node)}"
                self.shared.evidence[id(node)] = text
            return Outcome(Status.NEEDS_EVIDENCE, text, "", decision.evidence)
        return Outcome(Status.NEEDS_REVIEW, "由专家判断。" + self.shown(decision.show))

    def year_so_far(self, node: Requirement, params: dict, outcome: Outcome) -> Outcome:
        """A 每年 count checked inside its year judges the year so far: not reached yet is
        pending, not failed; only a complete year that fell short fails."""
        check = node.leaf_decision.check
        if outcome.status != Status.FAIL or self.year_complete or check not in YEARLY_COUNTS:
            return outcome
        if check == "exists":
            text = "年度未结束：本年度尚未开展，年底前完成即可。"
            return Outcome(Status.PENDING, text, outcome.actual, outcome.expected)
        value = self.facts.get(node.leaf_decision.fact) or 0
        needed = params["min"] if check == "count_at_least" else params["value"] + 1
        unit = measure(params.get("noun", "")) or "次"
        return Outcome(
            Status.PENDING,
            f"年度未结束：本年度已{value}{unit}，年底前还需{needed - value}{unit}。",
            outcome.actual,
            outcome.expected,
        )

    def over_period(self, node: Requirement, outcome: Outcome) -> Outcome:
        """Name the period a count was taken over: the year judged, or the current term."""
        if node.period == Period.YEAR and not outcome.explanation.startswith("年度未结束"):
            so_far = "" if self.year_complete else f"（截至{self.on:%Y-%m-%d}）"
            outcome.explanation = f"{self.year}年度{so_far}：{outcome.explanation}"
        elif node.period == Period.TERM:
            term = self.facts.get("term.current") or {}
            if term:
                outcome.explanation = (
                    f"本届（第{term['number']}届，{term['start_on']}起）：{outcome.explanation}"
                )
        return outcome

    def resolve(self, params: dict) -> dict:
        return resolve_params(self.framework, params)

    def due(self, node: Requirement) -> str:
        if node.due_on is None:
            return ""
        if self.on > node.due_on:
            return f"期限为{node.due_on:%Y-%m-%d}，已过期限，请确认是否按期完成。"
        return f"期限为{node.due_on:%Y-%m-%d}。"

    def shown(self, names: tuple) -> str:
        parts = []
        for name in names:
            value = self.facts.get(name, None)
            if name not in self.facts:
                continue
            parts.append(f"{FACT_LABELS.get(name, name)}：{show_value(value)}")
        return f"参考数据：{'；'.join(parts)}。" if parts else ""

    def documents(self, node: Requirement) -> Outcome:
        """A rule document of the named kinds in force on the date: present → review, absent → evidence."""
        decision = node.leaf_decision
        in_force = self.facts.need("regulations.documents")
        found: list[tuple[str, list]] = []
        absent: list[tuple[str, list]] = []
        for kind in decision.kinds:
            docs = in_force.get(kind, [])
            if decision.since_effective:
                docs = [d for d in docs if d["adopted_on"] >= self.framework.effective_on]
            (found if docs else absent).append((kind, docs))
        labels = [RULE_KIND_LABELS[kind] for kind in decision.kinds]
        joiner = "和" if decision.require == Require.ALL else "或"
        expected = f"《{f'》{joiner}《'.join(labels)}》" + (
            "（本文件生效后通过）" if decision.since_effective else ""
        )
        listed = "、".join(
            f"《{d['name']}》（{d['adopted_on']:%Y-%m-%d}通过）"
            for _, docs in found
            for d in docs[:1]
        )
        missing = "、".join(f"《{RULE_KIND_LABELS[kind]}》" for kind, _ in absent)
        done = bool(found) if decision.require == Require.ANY else not absent
        if done:
            return Outcome(
                Status.NEEDS_REVIEW, f"已有{listed}，待审核确认内容是否符合要求。", listed, expected
            )
        since = (
            f"{self.framework.effective_on:%Y-%m-%d}以后通过的" if decision.since_effective else ""
        )
        head = f"已有{listed}；" if listed else ""
        return Outcome(
            Status.NEEDS_EVIDENCE,
            f"{head}尚未登记{since}{missing}，请在“制度”中录入并上传。",
            listed or "无",
            expected,
        )


def check_context(framework: FrameworkSpec, on: dt.date, year: int | None) -> CheckContext:
    """What every check of one framework on one date is told (the year defaults to the date's;
    a year is complete on its 31 December)."""
    year = on.year if year is None else year
    return CheckContext(
        on=on,
        effective_on=framework.effective_on,
        young_age=framework.young_age,
        year=year,
        year_complete=on >= dt.date(year, 12, 31),
    )


def resolve_params(framework: FrameworkSpec, params: dict) -> dict:
    """Parameters written `$name` take the framework parameter's value."""
    if not any(isinstance(value, str) and value.startswith("$") for value in params.values()):
        return params
    return {
        key: framework.param(value[1:])
        if isinstance(value, str) and value.startswith("$")
        else value
        for key, value in params.items()
    }


def show_value(value) -> str:
    if isinstance(value, list):
        return "、".join(v["name"] if isinstance(v, dict) else str(v) for v in value) or "无"
    if isinstance(value, dict):
        return "、".join(f"{k}" for k in value) or "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    return "无" if value is None else str(value)


def unchosen(child: Requirement, chosen: list | None) -> Outcome | None:
    if chosen is None or child.key in chosen:
        return None
    return Outcome(Status.NOT_CHOSEN, "学会未选择本项任务（未选），不计入。")


def conditional(applies: Applicability, outcome: Outcome) -> Outcome:
    """A requirement for societies in a situation the data cannot show: the figures, for a person to judge."""
    if outcome.status == Status.NOT_APPLICABLE:
        return outcome
    status = (
        Status.NEEDS_EVIDENCE if outcome.status == Status.NEEDS_EVIDENCE else Status.NEEDS_REVIEW
    )
    text = f"本项只适用于{applies.condition}，是否适用需人工确认。若适用：{outcome.explanation}"
    return Outcome(status, text, outcome.actual, outcome.expected, outcome.people)


def encouraged(node: Requirement, outcome: Outcome) -> Outcome:
    """An encouraged (鼓励) item left undone is 未开展, never 不达标."""
    if not node.encouraged or outcome.status != Status.FAIL:
        return outcome
    return Outcome(
        Status.NOT_DONE,
        f"未开展（鼓励项）。{outcome.explanation}",
        outcome.actual,
        outcome.expected,
        outcome.people,
    )


def optional(group: Requirement, node: Requirement, outcome: Outcome) -> Outcome:
    """A 选做 item (outside what its group requires) left undone, or without its evidence yet,
    is 未开展, never 不达标 or 待补充材料: nothing is asked of the society for it."""
    required = [c for c in group.children if not group.optional(c)]
    names = "、".join((c.clause.removeprefix(group.clause).strip() or c.title) for c in required)
    head = f"选做项（{group.clause or group.title}必做{names}，本项不计入）"
    if outcome.status not in (Status.FAIL, Status.NEEDS_EVIDENCE, Status.NOT_DONE):
        return replace(outcome, explanation=f"{head}：{outcome.explanation}")
    if outcome.status == Status.NEEDS_EVIDENCE and node.decision is not None:
        detail = f"如已开展，可上传{node.decision.evidence or '佐证材料'}。"
    else:
        detail = outcome.explanation.removeprefix("未开展（鼓励项）。")
    return Outcome(
        Status.NOT_DONE,
        f"{head}：未开展。{detail}",
        outcome.actual,
        outcome.expected,
        outcome.people,
    )


def named(result: Result) -> str:
    """A requirement as the document numbers it (第4.2条, 附件第5项) or by its title."""
    return result.requirement.clause or result.requirement.title


def combine(node: Requirement, children: list[Result], member: bool = True) -> Outcome:
    """A group's outcome from its children, by its selection rule. Children out of scope, not
    chosen, or (in a group the society is a pilot member for) pilot standards it is outside of
    do not count; an encouraged child left undone never makes the group fail."""
    selection = node.selection
    if isinstance(selection, dict) and "required" in selection:
        considered = [c for c in children if c.requirement.key in selection["required"]]
    else:
        considered = children
    if member:
        considered = [c for c in considered if c.pilot_member]
    live = [c for c in considered if c.status not in NOT_COUNTED]
    if not live:
        return Outcome(Status.NOT_APPLICABLE, "下级要求均不适用。")
    counts = Counter(c.status for c in live)
    tally = "、".join(f"{STATUS_LABELS[s]}{counts[s]}项" for s in STATUSES if counts.get(s))
    by_clause = len({c.requirement.clause for c in children}) == len(children)
    name = lambda c: named(c) if by_clause else c.requirement.title  # noqa: E731
    names = lambda status: "、".join(name(c) for c in live if c.status == status)  # noqa: E731
    if isinstance(selection, dict) and "at_least" in selection:
        chose = any(c.status == Status.NOT_CHOSEN for c in considered)
        return _at_least(selection["at_least"], live, counts, names, tally, chose=chose)
    # A group made only of encouraged items is itself encouraged: undone, it is 未开展. In a
    # group with 必须/应当 items, the encouraged ones left undone do not count against it.
    all_encouraged = all(c.requirement.encouraged or c.status == Status.NOT_DONE for c in live)
    counted = live if all_encouraged else [c for c in live if c.status != Status.NOT_DONE]
    if isinstance(selection, dict):
        wanted = [c for c in children if c.requirement.key in selection["required"]]
        scope = f"须完成{'、'.join(name(c) for c in wanted)}："
    else:
        scope = f"{len(live)}项下级要求："
    failed = [c for c in counted if c.status in (Status.FAIL, Status.NOT_DONE)]
    if failed:
        status = Status.NOT_DONE if all_encouraged else Status.FAIL
        head = "未开展或未达标" if all_encouraged else "不达标"
        listed = "、".join(name(c) for c in failed)
        return Outcome(status, f"{scope}{tally}；{head}：{listed}。", tally, "全部达标")
    if all(c.status == Status.PASS for c in counted):
        done = "全部达标" if len(counted) == len(live) else "必须和应当的各项均已达标"
        return Outcome(Status.PASS, f"{scope}{done}。", tally, "全部达标")
    for status in (Status.NEEDS_EVIDENCE, Status.NEEDS_REVIEW, Status.PENDING):
        if counts.get(status):
            break
    waiting = "、".join(name(c) for c in counted if c.status in UNDECIDED)
    return Outcome(status, f"{scope}{tally}；待定：{waiting}。", tally, "全部达标")


def _at_least(
    n: int, live: list[Result], counts: Counter, names, tally: str, *, chose: bool = False
) -> Outcome:
    passed, undecided = counts.get(Status.PASS, 0), sum(counts.get(s, 0) for s in UNDECIDED)
    expected = f"选定的任务中至少{n}项达标" if chose else f"至少{n}项达标"
    scope = f"学会选定的{len(live)}项任务" if chose else f"{len(live)}项"
    head = f"{scope}中已达标{passed}项" + (f"（{names(Status.PASS)}）" if passed else "")
    if passed >= n:
        return Outcome(Status.PASS, f"{head}，达到至少{n}项。", f"{passed}项", expected)
    if passed + undecided < n:
        return Outcome(
            Status.FAIL,
            f"{head}，待定{undecided}项，即使待定项全部达标也不足{n}项；还需另有{n - passed - undecided}项达标"
            + ("（可改选其他任务）。" if chose else "。"),
            f"{passed}项",
            expected,
        )
    for status in (Status.NEEDS_EVIDENCE, Status.NEEDS_REVIEW, Status.PENDING):
        if counts.get(status):
            break
    return Outcome(
        status,
        f"{head}，至少需{n}项；另有{undecided}项待补充材料、评审或年度未结束（{tally}）。",
        f"{passed}项",
        expected,
    )
