"""The engine's statuses without its explanations: what the stored results, the overview and
the counts need, for every society at once.

`judge(framework, facts_by_society, on)` walks the requirements as `engine.evaluate` does
and reaches the same status for every requirement (a test compares both over the demo data
and boundary societies), but builds no Chinese sentence of its own and no `Result`: a bare result
is the requirement, its status and whether it binds. A page showing one society's results
calls `engine.evaluate`, which explains each of them. What is the same for every society (the
check context, the resolved parameters, the statuses of subtrees no fact can change) is
computed once per framework and date.
"""

import datetime as dt
from collections.abc import Callable, Mapping

from .checks import CHECKS
from .choices import (
    NOT_BINDING_NOTE,
    NOT_COUNTED,
    Addressee,
    AppliesTo,
    DecisionKind,
    Period,
    Require,
    Status,
)
from .engine import UNDECIDED, YEARLY_COUNTS, adoption_note, check_context, resolve_params
from .facts.base import Facts, MissingFact
from .spec import Applicability, FrameworkSpec, Requirement

# Decided by the facts: a subtree with none of these has the same statuses for every society.
_FACT_KINDS = (AppliesTo.REELECTED, AppliesTo.FACT, AppliesTo.PILOT)
_FACT_DECISIONS = (DecisionKind.AUTOMATIC, DecisionKind.DOCUMENT)
_WAITING = (Status.NEEDS_EVIDENCE, Status.NEEDS_REVIEW, Status.PENDING)


class BareResult:
    """One requirement's status for one society: a `Result` without its explanation (the
    summaries, `summarise`, `pass_rate` and `encouraged_done`, take either)."""

    __slots__ = ("binding", "binding_note", "pilot_member", "requirement", "status")

    def __init__(self, requirement: Requirement, status: str, member: bool, note: str):
        self.requirement, self.status = requirement, status
        self.binding, self.pilot_member, self.binding_note = not note, member, note

    def counts(self, *, reference: bool = False) -> bool:
        return self.binding or (reference and self.pilot_member)

    @property
    def is_decided_here(self) -> bool:
        return self.requirement.decision is not None


def judge(
    framework: FrameworkSpec,
    facts_by_society: Mapping[int, Facts],
    on: dt.date,
    *,
    year: int | None = None,
) -> dict[int, list[BareResult]]:
    """Every requirement's status for every society, in document order (as `evaluate`)."""
    run = _Judge(framework, on, year)
    return {sid: run.society(facts) for sid, facts in facts_by_society.items()}


class _Step:
    """One requirement with what judging it needs worked out once per framework: its flags,
    its check and resolved parameters, its children's steps."""

    __slots__ = (
        "adjusts",
        "applies",
        "at_least",
        "by",
        "check",
        "children",
        "condition",
        "considered",
        "encouraged",
        "fact",
        "federation",
        "fixed",
        "leaf",
        "node",
        "params",
        "pending",
        "pilot",
        "pilots_below",
        "reelected",
        "required",
        "within",
    )

    def __init__(self, framework: FrameworkSpec, node: Requirement, within: bool):
        applies = node.applies
        self.node, self.within, self.encouraged = node, within, node.encouraged
        self.pilot = applies.pilot if applies.kind == AppliesTo.PILOT else None
        self.applies = applies if applies.kind in (AppliesTo.REELECTED, AppliesTo.FACT) else None
        self.reelected = applies.kind == AppliesTo.REELECTED
        self.condition = applies.kind == AppliesTo.CONDITION
        self.federation = node.addressee == Addressee.FEDERATION
        self.at_least = node.at_least
        selection = node.selection
        self.required = isinstance(selection, dict) and "required" in selection
        self.children = [_Step(framework, c, node.optional(c)) for c in node.children]
        # Whether a pilot below makes membership differ inside a blocked subtree.
        self.pilots_below: bool = any(c.pilot is not None or c.pilots_below for c in self.children)
        self.considered = [
            not self.required or c.key in selection["required"] for c in node.children
        ]
        decision = node.decision
        self.by = decision.by if decision is not None else None
        self.check: Callable[..., str] | None = None
        self.fact, self.params = "", {}
        self.pending = False
        if decision is not None and decision.by == DecisionKind.AUTOMATIC:
            check = CHECKS[decision.check]
            self.check, self.fact = check.status or check.judge, decision.fact
            self.params = resolve_params(framework, decision.params)
            self.pending = node.period == Period.YEAR and decision.check in YEARLY_COUNTS
        # Whether `adjusted` can turn the status; whether the step is a bare decided leaf.
        self.adjusts = self.condition or self.encouraged or self.within
        self.leaf = not self.children and self.by is not None and not self.reelected
        # True: statuses no fact decides, worked out for the first society that reaches them.
        self.fixed: bool | list[tuple[Requirement, str]] = _fixed(node)


class _Judge:
    """One framework on one date; `society(facts)` judges one society."""

    def __init__(self, framework: FrameworkSpec, on: dt.date, year: int | None):
        self.framework = framework
        self.ctx = check_context(framework, on, year)
        self.year, self.year_complete = self.ctx.year, self.ctx.year_complete
        self.steps = [_Step(framework, node, False) for node in framework.requirements]
        self.facts = Facts()
        self.out: list[BareResult] = []
        self.note = ""
        # Bare results are never changed once made, so a subtree whose results are the same for
        # many societies (blocked, or fixed) hands each of them the same list's items.
        self.shared: dict[tuple, list[BareResult]] = {}

    def society(self, facts: Facts) -> list[BareResult]:
        self.facts, self.out = facts, []
        self.note = adoption_note(self.framework, facts)
        inherited = self.applicability(self.framework.applies)
        member = not self.outside_pilot(self.framework.applies)
        for step in self.steps:
            self.node(step, inherited, member)
        return self.out

    def node(self, step: _Step, inherited: str | None, member: bool) -> tuple[str, bool]:
        """The step's status and whether the society is a member for it; its bare result and its
        children's are added to `out`, parent first."""
        if step.pilot is not None:
            member = member and step.pilot in (self.facts.get("pilots.programmes") or [])
        blocked = inherited
        if blocked is None:
            if step.federation:
                blocked = Status.NOT_APPLICABLE
            elif step.applies is not None:
                blocked = self.applicability(step.applies)
        if blocked is not None:  # the whole subtree takes the status
            self.blocked(step, blocked, member)
            return blocked, member
        if step.fixed:
            return self.fixed_subtree(step, member), member
        note = NOT_BINDING_NOTE if not member else self.note
        if step.leaf:  # the most common step: decided on the society's facts, nothing below
            status = self.decide(step)
            if step.adjusts:
                status = adjusted(step, status)
            self.out.append(BareResult(step.node, status, member, note))
            return status, member
        index = len(self.out)
        self.out.append(None)  # type: ignore[arg-type]  # the parent's place, filled below
        base = self.facts
        if step.reelected:
            self.facts = self.at_reelection()
        try:
            status = self.judged(step, member)
        finally:
            self.facts = base
        if step.adjusts:
            status = adjusted(step, status)
        self.out[index] = BareResult(step.node, status, member, note)
        return status, member

    def judged(self, step: _Step, member: bool) -> str:
        """The status before the requirement's situation and obligation turn it."""
        children = []
        if step.children:
            chosen = self.chosen(step.node) if step.at_least is not None else None
            children = [
                self.node(
                    child,
                    None if chosen is None or child.node.key in chosen else Status.NOT_CHOSEN,
                    member,
                )
                for child in step.children
            ]
        if step.by is not None:
            return self.decide(step)
        return combine(step, children, member)

    def blocked(self, step: _Step, status: str, member: bool) -> None:
        if step.pilots_below:  # membership can differ below: judged node by node
            self.blocked_nodes(step, status, member)
            return
        key = (id(step), status, member, self.note)
        shared = self.shared.get(key)
        if shared is None:
            out, self.out = self.out, []
            try:
                self.blocked_nodes(step, status, member)
                shared = self.shared[key] = self.out
            finally:
                self.out = out
        self.out += shared

    def blocked_nodes(self, step: _Step, status: str, member: bool) -> None:
        note = NOT_BINDING_NOTE if not member else self.note
        self.out.append(BareResult(step.node, status, member, note))
        for child in step.children:
            inner = member
            if child.pilot is not None:
                inner = member and child.pilot in (self.facts.get("pilots.programmes") or [])
            self.blocked_nodes(child, status, inner)

    def fixed_subtree(self, step: _Step, member: bool) -> str:
        """A subtree no fact decides: its statuses, worked out for the first society, are
        every society's (only whether they bind differs)."""
        if step.fixed is True:  # not yet worked out: judged once, on no facts
            facts, out = self.facts, self.out
            self.facts, self.out = Facts(), []
            try:
                step.fixed = False
                self.node(step, None, True)
                step.fixed = [(v.requirement, v.status) for v in self.out]
            finally:
                self.facts, self.out = facts, out
        statuses = step.fixed
        assert isinstance(statuses, list)
        key = (id(step), member, self.note)
        shared = self.shared.get(key)
        if shared is None:
            note = NOT_BINDING_NOTE if not member else self.note
            shared = self.shared[key] = [
                BareResult(requirement, status, member, note) for requirement, status in statuses
            ]
        self.out += shared
        return statuses[0][1]

    def chosen(self, node: Requirement) -> list | None:
        by_group = (self.facts.get("tasks.chosen") or {}).get(self.framework.key) or {}
        return by_group.get(node.key)

    def at_reelection(self) -> Facts:
        """The facts with the re-election's figures laid over them (engine._Run.at_reelection)."""
        figures = self.facts.get("reelection.facts")
        if figures is None:
            return self.facts
        overlay = Facts(self.facts)
        overlay.missing = {k: v for k, v in self.facts.missing.items() if k not in figures}
        overlay.update(figures)
        return overlay

    def outside_pilot(self, applies: Applicability) -> bool:
        return applies.kind == AppliesTo.PILOT and applies.pilot not in (
            self.facts.get("pilots.programmes") or []
        )

    def applicability(self, applies: Applicability) -> str | None:
        if applies.kind == AppliesTo.REELECTED:
            when = self.facts.get("term.latest_reelection_on")
            if when is None or when < self.framework.effective_on:
                return Status.NOT_APPLICABLE
        elif applies.kind == AppliesTo.FACT:
            try:
                value = self.facts.need(applies.fact)
            except MissingFact:
                return Status.NEEDS_EVIDENCE
            inside = (
                value > applies.more_than
                if applies.more_than is not None
                else value >= applies.at_least
            )
            if not inside:
                return Status.NOT_APPLICABLE
        return None

    def decide(self, step: _Step) -> str:
        try:
            if step.check is not None:
                status = step.check(self.facts, step.fact, step.params, self.ctx)
                if status == Status.FAIL and step.pending and not self.year_complete:
                    return Status.PENDING  # the year so far: not reached yet is not failed
                return status
            if step.by == DecisionKind.DOCUMENT:
                return self.documents(step.node)
        except MissingFact:
            return Status.NEEDS_EVIDENCE
        if step.by == DecisionKind.EVIDENCE:
            return Status.NEEDS_EVIDENCE
        return Status.NEEDS_REVIEW

    def documents(self, node: Requirement) -> str:
        decision = node.leaf_decision
        in_force = self.facts.need("regulations.documents")
        found = 0
        for kind in decision.kinds:
            docs = in_force.get(kind, [])
            if decision.since_effective:
                docs = [d for d in docs if d["adopted_on"] >= self.framework.effective_on]
            found += bool(docs)
        done = found > 0 if decision.require == Require.ANY else found == len(decision.kinds)
        return Status.NEEDS_REVIEW if done else Status.NEEDS_EVIDENCE


def _fixed(node: Requirement) -> bool:
    """Whether no fact can change the statuses of the subtree."""
    if node.applies.kind in _FACT_KINDS or node.at_least is not None:
        return False
    if node.decision is not None and node.decision.by in _FACT_DECISIONS:
        return False
    return all(_fixed(child) for child in node.children)


def adjusted(step: _Step, status: str) -> str:
    """A status as the requirement's situation, obligation and group turn it
    (engine.conditional, encouraged, optional)."""
    if step.condition and status != Status.NOT_APPLICABLE:
        status = Status.NEEDS_EVIDENCE if status == Status.NEEDS_EVIDENCE else Status.NEEDS_REVIEW
    if step.encouraged and status == Status.FAIL:
        status = Status.NOT_DONE
    if step.within and status in (Status.FAIL, Status.NEEDS_EVIDENCE, Status.NOT_DONE):
        status = Status.NOT_DONE
    return status


def combine(step: _Step, children: list[tuple[str, bool]], member: bool) -> str:
    """A group's status from its children (engine.combine, without the sentence)."""
    live, encouraged = [], True
    for child, considered, (status, pilot_member) in zip(
        step.children, step.considered, children, strict=True
    ):
        if not considered or (member and not pilot_member) or status in NOT_COUNTED:
            continue
        live.append(status)
        encouraged = encouraged and (child.encouraged or status == Status.NOT_DONE)
    if not live:
        return Status.NOT_APPLICABLE
    if step.at_least is not None:
        return _at_least(step.at_least, live)
    counted = live if encouraged else [s for s in live if s != Status.NOT_DONE]
    if Status.FAIL in counted or Status.NOT_DONE in counted:
        return Status.NOT_DONE if encouraged else Status.FAIL
    if all(s == Status.PASS for s in counted):
        return Status.PASS
    return _waiting(live)


def _at_least(n: int, live: list[str]) -> str:
    passed = live.count(Status.PASS)
    if passed >= n:
        return Status.PASS
    if passed + sum(s in UNDECIDED for s in live) < n:
        return Status.FAIL
    return _waiting(live)


def _waiting(live: list[str]) -> str:
    """The first undecided status present, as engine.combine orders them."""
    return next((status for status in _WAITING if status in live), Status.PENDING)
