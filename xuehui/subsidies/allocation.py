"""The allocation of one category's budget down its ranked list: pure (no database), so the
rules can be read and tested on their own.

Ranking (eligible candidates only):
1. the number of the category's priority criteria met, most first;
2. the published score of the programme's score year, highest first, none last;
3. the society's unified social credit code, ascending (a stable last key, no meaning).
Ranks run 1, 2, 3… in that order.

The walk: candidates tied on (1) and (2) form a group. Going down the groups, a group whose
grants all fit in what remains is funded whole. A group that does not fit gets nothing: a
single candidate is told 预算不足; tied candidates are each told that the budget cannot fund
them all and that the 科协 decides (no one of a tie is preferred by the code). Then, by the
category's `skip_unaffordable`: false, the walk stops and everyone below is told 预算已用完;
true, it goes on to the groups below, which may cost less.

A candidate whose secretary-general's post is already funded (above in this walk, earlier
in the programme, or in another programme of the 科协 that year: `taken`) gets nothing and
costs nothing: the same post is not funded twice.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Any

PRIORITY_LABELS = {
    "party_working": "建立党组织并发挥党建功能",
    "star_rated": "星级学会",
    "key_support": "考评分类为重点支持",
}


def yuan(amount: Decimal | None) -> str:
    """An amount as people write it: 30000元, 1234.5元."""
    if amount is None:
        return "—"
    text = f"{amount:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}元"


@dataclass(frozen=True)
class Candidate:
    """One society in one category, with everything the ranking and the walk read."""

    ref: Any  # the application (or the society) the caller maps the result back to
    code: str  # 统一社会信用代码
    name: str
    grant: Decimal
    eligible: bool
    reasons: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()  # criteria met
    score: Decimal | None = None
    post_key: str = ""  # the secretary-general the grant pays for ("" for other kinds)
    post_holder: str = ""


@dataclass
class Placement:
    """Where a candidate ends: its rank (None when ineligible), the amount, and why."""

    candidate: Candidate
    rank: int | None
    amount: Decimal
    note: str


@dataclass
class Outcome:
    available: Decimal
    placements: list[Placement] = field(default_factory=list)
    taken: dict[str, str] = field(default_factory=dict)  # post key → who holds the funding

    @property
    def allocated(self) -> Decimal:
        return sum((p.amount for p in self.placements), Decimal(0))

    @property
    def remaining(self) -> Decimal:
        return self.available - self.allocated


def sort_key(candidate: Candidate) -> tuple:
    score = candidate.score
    return (-len(candidate.priority), score is None, -(score or 0), candidate.code)


def tie_key(candidate: Candidate) -> tuple:
    return (len(candidate.priority), candidate.score)


def ranked(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted((c for c in candidates if c.eligible), key=sort_key)


def score_text(score: Decimal | None) -> str:
    return "无已公布得分" if score is None else f"得分{score}"


def allocate(
    candidates: Sequence[Candidate],
    available: Decimal,
    *,
    skip_unaffordable: bool = False,
    taken: dict[str, str] | None = None,
) -> Outcome:
    """Rank the eligible candidates and allocate `available` down the list (see the module's
    rules); ineligible candidates follow, unranked, by code."""
    outcome = Outcome(available=available, taken=dict(taken or {}))
    order = ranked(candidates)
    ranks = {id(c): i for i, c in enumerate(order, start=1)}
    walk = _Walk(outcome, available, skip_unaffordable)
    for _, group in groupby(order, key=tie_key):
        walk.group([(c, ranks[id(c)]) for c in group])
    for candidate in sorted((c for c in candidates if not c.eligible), key=lambda c: c.code):
        note = "不符合条件：" + "；".join(candidate.reasons) if candidate.reasons else "不符合条件"
        outcome.placements.append(Placement(candidate, None, Decimal(0), note))
    return outcome


class _Walk:
    def __init__(self, outcome: Outcome, available: Decimal, skip: bool):
        self.outcome, self.remaining, self.skip = outcome, available, skip
        self.stopped = ""  # why everyone below gets nothing, once the walk stops

    def place(self, candidate: Candidate, rank: int, amount: Decimal, note: str) -> None:
        self.outcome.placements.append(Placement(candidate, rank, amount, note))

    def group(self, members: list[tuple[Candidate, int]]) -> None:
        payable = []
        for candidate, rank in members:
            holder = self.outcome.taken.get(candidate.post_key) if candidate.post_key else None
            if holder:
                note = f"同一岗位不重复补贴：秘书长{candidate.post_holder}的岗位已{holder}"
                self.place(candidate, rank, Decimal(0), note)
            elif self.stopped:
                self.place(candidate, rank, Decimal(0), self.stopped)
            else:
                payable.append((candidate, rank))
        if not payable:
            return
        need = sum((c.grant for c, _ in payable), Decimal(0))
        if need <= self.remaining:
            self._fund(payable)
        else:
            self._refuse(payable, need)

    def _fund(self, payable: list[tuple[Candidate, int]]) -> None:
        for candidate, rank in payable:
            self.remaining -= candidate.grant
            note = f"按排序安排{yuan(candidate.grant)}（安排后剩余预算{yuan(self.remaining)}）"
            self.place(candidate, rank, candidate.grant, note)
            if candidate.post_key:
                self.outcome.taken[candidate.post_key] = f"由{candidate.name}获得补贴"

    def _refuse(self, payable: list[tuple[Candidate, int]], need: Decimal) -> None:
        first, last = payable[0][1], payable[-1][1]
        if len(payable) > 1:
            lead = payable[0][0]
            note = (
                f"第{first}—{last}名并列（满足优先条件{len(lead.priority)}项、"
                f"{score_text(lead.score)}），共需{yuan(need)}，剩余预算{yuan(self.remaining)}，"
                "预算不足以全部安排，由科协决定"
            )
        else:
            note = f"预算不足：需{yuan(need)}，剩余预算{yuan(self.remaining)}"
        if self.skip:
            note += "；继续向下安排所需更少的学会"
        for candidate, rank in payable:
            self.place(candidate, rank, Decimal(0), note)
        if not self.skip:
            self.stopped = (
                f"预算已用完：排在第{first}名之后，剩余预算{yuan(self.remaining)}不再向下安排"
            )
