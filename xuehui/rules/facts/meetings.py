"""Facts from meetings (xuehui.meetings) held from 1 January of the date's year up to the date,
and resolutions of earlier years still not carried out."""

import datetime as dt
from collections import defaultdict

from .base import Facts

COUNCIL_KINDS = ("council", "standing_council")


def provide(ids: list[int], on: dt.date, facts: dict[int, Facts], *, young_age: int) -> None:
    from xuehui.meetings.choices import FollowUp, MeetingKind
    from xuehui.meetings.models import Meeting, Resolution

    council = {MeetingKind.COUNCIL, MeetingKind.STANDING_COUNCIL}
    meetings = defaultdict(list)
    rows = Meeting.objects.filter(
        society_id__in=ids, held_on__gte=dt.date(on.year, 1, 1), held_on__lte=on
    )
    for row in rows.order_by("society_id", "held_on", "id").values(
        "society_id", "kind", "held_on", "has_minutes", "supervisors_attended"
    ):
        meetings[row["society_id"]].append(row)
    pending = defaultdict(list)
    old = Resolution.objects.filter(
        meeting__society_id__in=ids, meeting__held_on__lt=dt.date(on.year, 1, 1)
    ).exclude(status=FollowUp.DONE)
    for society_id, held_on, text in old.order_by("meeting__held_on", "id").values_list(
        "meeting__society_id", "meeting__held_on", "text"
    ):
        pending[society_id].append(f"{held_on:%Y-%m-%d}：{text[:30]}")
    for society_id in ids:
        mine = meetings[society_id]
        ours = [m for m in mine if m["kind"] in council]
        facts[society_id].update(
            {
                "meetings.total": len(mine),
                "meetings.council_any": len(ours),
                "meetings.without_minutes": [
                    _label(m, MeetingKind) for m in mine if not m["has_minutes"]
                ],
                "meetings.council_without_minutes": [
                    _label(m, MeetingKind) for m in ours if not m["has_minutes"]
                ],
                "meetings.council_without_supervisors": [
                    _label(m, MeetingKind) for m in ours if not m["supervisors_attended"]
                ],
                "meetings.resolutions_pending": pending[society_id],
            }
        )


def _label(meeting: dict, kinds) -> str:
    return f"{meeting['held_on']:%Y-%m-%d}{kinds(meeting['kind']).label}"
