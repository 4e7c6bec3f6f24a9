"""Facts from meetings (xuehui.meetings) held in the year judged (1 January up to the date, or
the whole of an earlier year) and in the current term (its start up to the date), and
resolutions of earlier years still not carried out."""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from xuehui.lib.queries import IdList

from .base import Facts
from .periods import IN_TERM, current_term_starts, year_window

COUNCIL_KINDS = ("council", "standing_council")


def provide(
    ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int, year: int | None = None
) -> None:
    from xuehui.meetings.choices import FollowUp, MeetingKind
    from xuehui.meetings.models import Meeting, Resolution

    first, last = year_window(on, year)
    terms = current_term_starts(facts)
    since = min([first, *terms.values()])
    meetings = defaultdict(list)
    rows = Meeting.objects.filter(society_id__in=IdList(ids), held_on__gte=since, held_on__lte=on)
    for row in rows.order_by("society_id", "held_on", "id").values(
        "society_id", "kind", "held_on", "has_minutes", "supervisors_attended"
    ):
        meetings[row["society_id"]].append(row)
    pending = defaultdict(list)
    old = Resolution.objects.filter(
        meeting__society_id__in=IdList(ids), meeting__held_on__lt=dt.date(first.year, 1, 1)
    ).exclude(status=FollowUp.DONE)
    for society_id, held_on, text in old.order_by("meeting__held_on", "id").values_list(
        "meeting__society_id", "meeting__held_on", "text"
    ):
        pending[society_id].append(f"{held_on:%Y-%m-%d}：{text[:30]}")
    for society_id in ids:
        mine = meetings[society_id]
        in_year = [m for m in mine if first <= m["held_on"] <= last]
        facts[society_id].update(_counts(in_year, MeetingKind))
        facts[society_id]["meetings.resolutions_pending"] = pending[society_id]
        if society_id in terms:
            in_term = [m for m in mine if m["held_on"] >= terms[society_id]]
            facts[society_id].update(
                {f"{name}{IN_TERM}": value for name, value in _counts(in_term, MeetingKind).items()}
            )
        else:
            facts[society_id].lack(
                [f"{name}{IN_TERM}" for name in TERM_NAMES],
                "核验日期没有在任届次，无法按本届任期计数",
            )


TERM_NAMES = (
    "meetings.total",
    "meetings.council_any",
    "meetings.without_minutes",
    "meetings.council_without_minutes",
    "meetings.council_without_supervisors",
)


def _counts(mine: Sequence[Mapping[str, Any]], kinds) -> dict:
    council = {kinds.COUNCIL, kinds.STANDING_COUNCIL}
    ours = [m for m in mine if m["kind"] in council]
    return {
        "meetings.total": len(mine),
        "meetings.council_any": len(ours),
        "meetings.without_minutes": [_label(m, kinds) for m in mine if not m["has_minutes"]],
        "meetings.council_without_minutes": [
            _label(m, kinds) for m in ours if not m["has_minutes"]
        ],
        "meetings.council_without_supervisors": [
            _label(m, kinds) for m in ours if not m["supervisors_attended"]
        ],
    }


def _label(meeting: Mapping[str, Any], kinds) -> str:
    return f"{meeting['held_on']:%Y-%m-%d}{kinds(meeting['kind']).label}"
