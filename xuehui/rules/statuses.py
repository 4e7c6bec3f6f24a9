"""The engine's statuses without its explanations: what the stored results, the overview and
the counts need, for every society at once.

`judge(framework, facts_by_society, on)` reaches the same status for every requirement as
`engine.evaluate` (a test compares both over the demo data and societies pushed to the
documents' boundaries), but builds no Chinese sentence and no `Result`: a bare result is the
requirement, its status and whether it binds.

The requirement tree is compiled once per framework and date into plain functions, one per
requirement (`_Compiler`), with everything that is the same for every society worked out
there: the check and its resolved parameters, the flags that can turn a status, the statuses
of subtrees no fact can change, a group's status for each combination of its children's. Judging a
society is then direct calls. A bare result is never changed once made, so each requirement
hands every society the same one for the same status and binding, and a subtree blocked or fixed
alike the same list of them. A page showing one society's results calls `engine.evaluate`,
which explains each of them.
"""

import datetime as dt
from collections.abc import Callable, Mapping

from .checks import CHECKS, CheckContext
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

# A requirement judged for one society: (facts, inherited status or None, member of the pilots
# above, the society's adoption note, the results so far) → its status; its bare result and its
# children's are added to the results, parent first.
Run = Callable[[Facts, str | None, bool, str, list], str]


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
    society = compiled(framework, on, year)
    return {sid: society(facts) for sid, facts in facts_by_society.items()}


# Compiled frameworks by (framework, date, year): a framework's spec is parsed once per
# version (selectors.spec_of), so its identity stands for the version. The spec is kept beside
# its judge so that its id cannot be reused while the entry lives.
_COMPILED: dict[tuple, tuple[FrameworkSpec, Callable[[Facts], list[BareResult]]]] = {}
_COMPILED_MAX = 64


def compiled(
    framework: FrameworkSpec, on: dt.date, year: int | None = None
) -> Callable[[Facts], list[BareResult]]:
    """The framework's statuses for one society's facts, compiled once per date and year."""
    key = (id(framework), on, year)
    entry = _COMPILED.get(key)
    if entry is None or entry[0] is not framework:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        entry = _COMPILED[key] = (framework, _Compiler(framework, on, year).society())
    return entry[1]


def _programmes(facts: Facts) -> list:
    return facts.get("pilots.programmes") or []


def _note(member: bool, note: str) -> str:
    return note if member else NOT_BINDING_NOTE


class _Node:
    """One requirement compiled: what is known of it before any society, its bare results
    made so far, and `run`, which judges it for one society."""

    __slots__ = (
        "children",
        "encouraged",
        "node",
        "pilot",
        "pilots_below",
        "results",
        "run",
        "shared",
    )

    def __init__(self, node: Requirement, children: list["_Node"]):
        applies = node.applies
        self.node, self.children, self.encouraged = node, children, node.encouraged
        self.pilot = applies.pilot if applies.kind == AppliesTo.PILOT else None
        # Whether a pilot below makes membership differ inside a blocked subtree.
        self.pilots_below: bool = any(c.pilot is not None or c.pilots_below for c in children)
        self.results: dict[tuple, BareResult] = {}
        self.shared: dict[tuple, list[BareResult]] = {}
        self.run: Run = _unset

    def result(self, status: str, member: bool, note: str) -> BareResult:
        """The bare result for `status`; `note` is the society's (not binding outside a pilot)."""
        key = (status, member, note)
        found = self.results.get(key)
        if found is None:
            found = self.results[key] = BareResult(self.node, status, member, _note(member, note))
        return found

    def blocked(self, facts: Facts, status: str, member: bool, note: str, out: list) -> None:
        """The whole subtree takes `status`."""
        if self.pilots_below:  # membership can differ below: judged node by node
            self.blocked_nodes(facts, status, member, note, out)
            return
        key = (status, member, note)
        shared = self.shared.get(key)
        if shared is None:
            shared = []
            self.blocked_nodes(facts, status, member, note, shared)
            self.shared[key] = shared  # complete before another thread can see it
        out += shared

    def blocked_nodes(self, facts: Facts, status: str, member: bool, note: str, out: list):
        out.append(self.result(status, member, note))
        for child in self.children:
            inner = member
            if child.pilot is not None:
                inner = member and child.pilot in _programmes(facts)
            child.blocked_nodes(facts, status, inner, note, out)


def _unset(facts: Facts, inherited: str | None, member: bool, note: str, out: list) -> str:
    raise AssertionError("a requirement judged before it was compiled")


class _Compiler:
    """Compiles one framework on one date (`society()`: the function judging one society)."""

    def __init__(self, framework: FrameworkSpec, on: dt.date, year: int | None):
        self.framework = framework
        self.ctx: CheckContext = check_context(framework, on, year)

    def society(self) -> Callable[[Facts], list[BareResult]]:
        framework = self.framework
        roots = [self.node(node, False).run for node in framework.requirements]
        applicability = self.applicability(framework.applies)
        outside = framework.applies.pilot if framework.applies.kind == AppliesTo.PILOT else None

        def society(facts: Facts) -> list[BareResult]:
            out: list[BareResult] = []
            note = adoption_note(framework, facts)
            inherited = applicability(facts) if applicability is not None else None
            member = outside is None or outside in _programmes(facts)
            for run in roots:
                run(facts, inherited, member, note, out)
            return out

        return society

    def node(self, node: Requirement, within: bool) -> _Node:
        compiled = _Node(node, [self.node(child, node.optional(child)) for child in node.children])
        compiled.run = self.run(compiled, within)
        if _fixed(node):
            compiled.run = self.fixed(compiled)
        return compiled

    def run(self, compiled: _Node, within: bool) -> Run:
        """The requirement judged on the society's facts."""
        node, result, blocked = compiled.node, compiled.result, compiled.blocked
        applies = node.applies
        pilot = compiled.pilot
        federation = node.addressee == Addressee.FEDERATION
        gate = self.applicability(applies) if applies.kind != AppliesTo.PILOT else None
        decide = self.decide(node)
        turn = _turns(node, within)
        plain = pilot is None and not federation and gate is None
        if plain and not node.children and decide is not None:
            automatic = self.automatic(node)
            if automatic is not None:
                return _automatic_leaf(compiled, *automatic, turn)
            return _plain_leaf(compiled, decide, turn)
        if plain and decide is None and _plain_group(node, compiled.children):
            return _group_run(compiled, turn)
        group = self.group(compiled, decide)
        reelected = applies.kind == AppliesTo.REELECTED

        def run(facts: Facts, inherited: str | None, member: bool, note: str, out: list) -> str:
            if pilot is not None:
                member = member and pilot in _programmes(facts)
            status = inherited
            if status is None:
                if federation:
                    status = Status.NOT_APPLICABLE
                elif gate is not None:
                    status = gate(facts)
            if status is not None:  # the whole subtree takes the status
                blocked(facts, status, member, note, out)
                return status
            index = len(out)
            out.append(None)  # the parent's place, filled below
            status = group(at_reelection(facts) if reelected else facts, member, note, out)
            if turn is not None:
                status = turn[status]
            out[index] = result(status, member, note)
            return status

        return run

    def fixed(self, compiled: _Node) -> Run:
        """A subtree no fact decides: its statuses, worked out here on no facts, are every
        society's (only whether they bind differs)."""
        judged: list[BareResult] = []
        compiled.run(Facts(), None, True, "", judged)
        statuses = [(r.requirement, r.status) for r in judged]
        first = statuses[0][1]
        federation = compiled.node.addressee == Addressee.FEDERATION
        shared: dict[tuple, list[BareResult]] = {}
        blocked = compiled.blocked

        def run(facts: Facts, inherited: str | None, member: bool, note: str, out: list) -> str:
            if inherited is None and federation:
                inherited = Status.NOT_APPLICABLE
            if inherited is not None:
                blocked(facts, inherited, member, note, out)
                return inherited
            found = shared.get((member, note))
            if found is None:
                binding = _note(member, note)
                found = shared[(member, note)] = [
                    BareResult(requirement, status, member, binding)
                    for requirement, status in statuses
                ]
            out += found
            return first

        return run

    def group(self, compiled: _Node, decide: Callable[[Facts], str] | None):
        """The status before the requirement's situation and obligation turn it, its children
        judged (and added to the results) first."""
        node, children = compiled.node, compiled.children
        runs = [child.run for child in children]
        keys = [child.node.key for child in children]
        at_least, group_key = node.at_least, self.framework.key
        combined = self.combine(node, children)

        def group(facts: Facts, member: bool, note: str, out: list) -> str:
            if at_least is not None:
                by_group = (facts.get("tasks.chosen") or {}).get(group_key) or {}
                chosen = by_group.get(node.key)
            else:
                chosen = None
            if chosen is None:
                statuses = [run(facts, None, member, note, out) for run in runs]
            else:
                statuses = [
                    run(facts, None if key in chosen else Status.NOT_CHOSEN, member, note, out)
                    for run, key in zip(runs, keys, strict=True)
                ]
            if decide is not None:
                return decide(facts)
            return combined(facts, statuses, member)

        return group

    def combine(self, node: Requirement, children: list[_Node]):
        """A group's status from its children's (engine.combine, without the sentence), kept
        for each combination met: a child not considered, or outside its pilot while the
        society is inside the group's, counts as not applicable (both are left out alike)."""
        selection = node.selection
        required = (
            selection["required"]
            if isinstance(selection, dict) and "required" in selection
            else None
        )
        considered = [required is None or c.node.key in required for c in children]
        pilots = [
            c.pilot if c.pilot is not None and counted else None
            for c, counted in zip(children, considered, strict=True)
        ]
        any_pilot = any(p is not None for p in pilots)
        encouraged = [c.encouraged for c in children]
        at_least = node.at_least
        known: dict[tuple, str] = {}

        every = all(considered)

        def combined(facts: Facts, statuses: list[str], member: bool) -> str:
            if every:
                key = tuple(statuses)
            else:
                key = tuple(
                    s if counted else Status.NOT_APPLICABLE
                    for s, counted in zip(statuses, considered, strict=True)
                )
            if any_pilot and member:
                programmes = _programmes(facts)
                key = tuple(
                    Status.NOT_APPLICABLE if p is not None and p not in programmes else s
                    for s, p in zip(key, pilots, strict=True)
                )
            status = known.get(key)
            if status is None:
                status = known[key] = _combine(key, encouraged, at_least)
            return status

        return combined

    def applicability(self, applies: Applicability) -> Callable[[Facts], str | None] | None:
        """The status blocking a requirement for a society outside whom it applies to."""
        if applies.kind == AppliesTo.REELECTED:
            effective_on = self.framework.effective_on

            def reelected(facts: Facts) -> str | None:
                when = facts.get("term.latest_reelection_on")
                if when is None or when < effective_on:
                    return Status.NOT_APPLICABLE
                return None

            return reelected
        if applies.kind == AppliesTo.FACT:
            name, more_than, at_least = applies.fact, applies.more_than, applies.at_least

            def sized(facts: Facts) -> str | None:
                try:
                    value = facts.need(name)
                except MissingFact:
                    return Status.NEEDS_EVIDENCE
                inside = value > more_than if more_than is not None else value >= at_least
                return None if inside else Status.NOT_APPLICABLE

            return sized
        return None

    def decide(self, node: Requirement) -> Callable[[Facts], str] | None:
        """The requirement's own decision on the society's facts (None for a group summing up
        its children)."""
        decision = node.decision
        if decision is None:
            return None
        bound = self.automatic(node)
        if bound is not None:
            judged, pending = bound

            def automatic(facts: Facts) -> str:
                try:
                    status = judged(facts)
                except MissingFact:
                    return Status.NEEDS_EVIDENCE
                return Status.PENDING if pending and status == Status.FAIL else status

            return automatic
        if decision.by == DecisionKind.DOCUMENT:
            return self.documents(node)
        fixed = (
            Status.NEEDS_EVIDENCE if decision.by == DecisionKind.EVIDENCE else Status.NEEDS_REVIEW
        )
        return lambda facts: fixed

    def automatic(self, node: Requirement) -> tuple[Callable[[Facts], str], bool] | None:
        """An automatic requirement's check bound to its fact and parameters, and whether a
        failure within the year is only pending (None for any other requirement)."""
        decision = node.decision
        if decision is None or decision.by != DecisionKind.AUTOMATIC:
            return None
        check = CHECKS[decision.check]
        fact, params, ctx = decision.fact, resolve_params(self.framework, decision.params), self.ctx
        if check.compile is not None:
            judged = check.compile(fact, params, ctx)
        else:
            judged = _bound(check.status or check.judge, fact, params, ctx)
        # The year so far: not reached yet is not failed.
        pending = (
            node.period == Period.YEAR and decision.check in YEARLY_COUNTS and not ctx.year_complete
        )
        return judged, pending

    def documents(self, node: Requirement) -> Callable[[Facts], str]:
        decision = node.leaf_decision
        kinds, since = decision.kinds, decision.since_effective
        effective_on, needed = (
            self.framework.effective_on,
            1 if decision.require == Require.ANY else len(kinds),
        )

        def documents(facts: Facts) -> str:
            try:
                in_force = facts.need("regulations.documents")
            except MissingFact:
                return Status.NEEDS_EVIDENCE
            found = 0
            for kind in kinds:
                docs = in_force.get(kind, ())
                if since:
                    found += any(d["adopted_on"] >= effective_on for d in docs)
                else:
                    found += bool(docs)
            return Status.NEEDS_REVIEW if found >= needed else Status.NEEDS_EVIDENCE

        return documents


def _bound(check: Callable[..., str], fact: str, params: dict, ctx: CheckContext):
    """A check's status for one requirement, as a function of the facts alone."""
    return lambda facts: check(facts, fact, params, ctx)


def _plain_leaf(compiled: _Node, decide: Callable[[Facts], str], turn: dict | None) -> Run:
    """The most common requirement: decided on the society's facts, nothing below it, for
    every society alike."""

    results = compiled.results
    result = compiled.result

    def leaf(facts: Facts, inherited: str | None, member: bool, note: str, out: list) -> str:
        if inherited is None:
            status = decide(facts)
            if turn is not None:
                status = turn[status]
        else:
            status = inherited
        found = results.get((status, member, note))
        out.append(result(status, member, note) if found is None else found)
        return status

    return leaf


def _automatic_leaf(
    compiled: _Node, judged: Callable[[Facts], str], pending: bool, turn: dict | None
) -> Run:
    """A plain leaf decided by a check (_plain_leaf with _Compiler.decide's automatic written
    into it: one call less for most of the requirements judged)."""
    results, result = compiled.results, compiled.result
    missing, failed, waiting = Status.NEEDS_EVIDENCE, Status.FAIL, Status.PENDING

    def leaf(facts: Facts, inherited: str | None, member: bool, note: str, out: list) -> str:
        if inherited is None:
            try:
                status = judged(facts)
            except MissingFact:
                status = missing
            else:
                if pending and status == failed:
                    status = waiting
            if turn is not None:
                status = turn[status]
        else:
            status = inherited
        found = results.get((status, member, note))
        out.append(result(status, member, note) if found is None else found)
        return status

    return leaf


def _plain_group(node: Requirement, children: list[_Node]) -> bool:
    """A group summing up all its children, none of them a pilot standard, and none to choose
    from (_group_run judges it)."""
    selection = node.selection
    return (
        bool(children)
        and node.at_least is None
        and not (isinstance(selection, dict) and "required" in selection)
        and all(child.pilot is None for child in children)
    )


def _group_run(compiled: _Node, turn: dict | None) -> Run:
    """The most common group (_plain_group): _Compiler.run, group and combine written as one
    function for it, its status kept for each combination of its children's."""
    runs = [child.run for child in compiled.children]
    encouraged = [child.encouraged for child in compiled.children]
    results, result, blocked = compiled.results, compiled.result, compiled.blocked
    known: dict[tuple, str] = {}

    def run(facts: Facts, inherited: str | None, member: bool, note: str, out: list) -> str:
        if inherited is not None:  # the whole subtree takes the status
            blocked(facts, inherited, member, note, out)
            return inherited
        index = len(out)
        out.append(None)  # the parent's place, filled below
        key = tuple([run(facts, None, member, note, out) for run in runs])
        status = known.get(key)
        if status is None:
            status = known[key] = _combine(key, encouraged, None)
        if turn is not None:
            status = turn[status]
        found = results.get((status, member, note))
        out[index] = result(status, member, note) if found is None else found
        return status

    return run


def at_reelection(facts: Facts) -> Facts:
    """The facts with the re-election's figures laid over them (engine._Run.at_reelection)."""
    figures = facts.get("reelection.facts")
    if figures is None:
        return facts
    overlay = Facts(facts)
    overlay.missing = {k: v for k, v in facts.missing.items() if k not in figures}
    overlay.update(figures)
    return overlay


def _fixed(node: Requirement) -> bool:
    """Whether no fact can change the statuses of the subtree."""
    if node.applies.kind in _FACT_KINDS or node.at_least is not None:
        return False
    if node.decision is not None and node.decision.by in _FACT_DECISIONS:
        return False
    return all(_fixed(child) for child in node.children)


def _turns(node: Requirement, within: bool) -> dict[str, str] | None:
    """Each status as the requirement's situation, obligation and group turn it
    (engine.conditional, encouraged, optional); None when none can."""
    condition = node.applies.kind == AppliesTo.CONDITION
    if not (condition or node.encouraged or within):
        return None
    return {status: adjusted(status, condition, node.encouraged, within) for status in Status}


def adjusted(status: str, condition: bool, encouraged: bool, within: bool) -> str:
    if condition and status != Status.NOT_APPLICABLE:
        status = Status.NEEDS_EVIDENCE if status == Status.NEEDS_EVIDENCE else Status.NEEDS_REVIEW
    if encouraged and status == Status.FAIL:
        status = Status.NOT_DONE
    if within and status in (Status.FAIL, Status.NEEDS_EVIDENCE, Status.NOT_DONE):
        status = Status.NOT_DONE
    return status


def _combine(statuses: tuple[str, ...], encouraged: list[bool], at_least: int | None) -> str:
    """A group's status from its children's (engine.combine, without the sentence)."""
    live, all_encouraged = [], True
    for status, child_encouraged in zip(statuses, encouraged, strict=True):
        if status in NOT_COUNTED:
            continue
        live.append(status)
        all_encouraged = all_encouraged and (child_encouraged or status == Status.NOT_DONE)
    if not live:
        return Status.NOT_APPLICABLE
    if at_least is not None:
        return _at_least(at_least, live)
    counted = live if all_encouraged else [s for s in live if s != Status.NOT_DONE]
    if Status.FAIL in counted or Status.NOT_DONE in counted:
        return Status.NOT_DONE if all_encouraged else Status.FAIL
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
