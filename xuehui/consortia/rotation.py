"""轮值主席: who chairs a consortium on a day, computed from the members' rotation order, the
cycle and the dates; nothing is stored.

Term k (k = 0, 1, …) runs from `rotation_start` + k·cycle months (inclusive) to
`rotation_start` + (k+1)·cycle months (exclusive); a day of the month that the target month
lacks falls on its last day (31 January + 1 month = 28 or 29 February). The chair of term 0 is
the first member in rotation order (`rotation_order`, then joining date) who is a member on
the term's first day; the chair of term k+1 is the next member after term k's chair in that
order, going round, who is a member on term k+1's first day. A member who has left (or not
yet joined) on that day is skipped and the turn passes on, so the others keep their order.
Before `rotation_start`, or when nobody is a member, there is no chair."""

import calendar
import datetime as dt
from dataclasses import dataclass

from .models import ConsortiumMember


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def term_index(start: dt.date, cycle: int, day: dt.date) -> int | None:
    """The term that `day` falls in, or None before the rotation starts."""
    if day < start:
        return None
    months = (day.year - start.year) * 12 + day.month - start.month
    k = months // cycle
    # Term k+1 starts in a later month than `day`; term k may start later in `day`'s month.
    while add_months(start, k * cycle) > day:
        k -= 1
    return k


@dataclass(frozen=True)
class ChairTerm:
    """One term of the rotation: its number (from 1), its days and the chair society."""

    number: int
    starts_on: dt.date
    ends_on: dt.date  # the last day of the term
    member: ConsortiumMember | None  # None when nobody could take the chair

    @property
    def society(self):
        return self.member.society if self.member is not None else None


def _next_chair(ordered: list, after: int | None, day: dt.date) -> int | None:
    """The position in `ordered` of the next member after position `after` who is a member on
    `day` (from the start when `after` is None)."""
    size = len(ordered)
    first = 0 if after is None else after + 1
    for step in range(size):
        position = (first + step) % size
        if ordered[position].is_member_on(day):
            return position
    return None


def schedule(consortium, members: list, *, until: int) -> list[ChairTerm]:
    """Terms 0..`until` (inclusive) of the rotation, `members` being all its members ever."""
    ordered = sorted(members, key=lambda m: (m.rotation_order, m.joined_on, m.pk or 0))
    start, cycle = consortium.rotation_start, consortium.rotation_months
    terms, previous = [], None
    for k in range(until + 1):
        begins = add_months(start, k * cycle)
        position = _next_chair(ordered, previous, begins) if ordered else None
        if position is not None:
            previous = position
        ends = add_months(start, (k + 1) * cycle) - dt.timedelta(days=1)
        member = ordered[position] if position is not None else None
        terms.append(ChairTerm(k + 1, begins, ends, member))
    return terms


def chair_term_on(consortium, members: list, day: dt.date) -> ChairTerm | None:
    k = term_index(consortium.rotation_start, consortium.rotation_months, day)
    if k is None:
        return None
    return schedule(consortium, members, until=k)[k]


def chair_on(consortium, members: list, day: dt.date):
    """The chair society on `day`, or None."""
    term = chair_term_on(consortium, members, day)
    return term.society if term is not None else None


def upcoming(consortium, members: list, day: dt.date, count: int) -> list[ChairTerm]:
    """The term holding `day` (or the first, before the start) and the `count` - 1 after it."""
    k = term_index(consortium.rotation_start, consortium.rotation_months, day) or 0
    return schedule(consortium, members, until=k + count - 1)[k:]
