"""Reads of meetings: a society's list with resolution counts, years, counts by kind."""

from django.db.models import Count, Q, QuerySet

from .choices import FollowUp, MeetingKind
from .models import Meeting, Resolution

# Meetings the supervisors are expected to attend (列席): the congress and the councils.
SUPERVISED_KINDS = frozenset(
    {MeetingKind.MEMBER_CONGRESS, MeetingKind.COUNCIL, MeetingKind.STANDING_COUNCIL}
)


def meetings_of(society, *, year: int | None = None, kind: str = "") -> QuerySet[Meeting]:
    """A society's meetings, newest first, with the minutes file and resolution counts."""
    meetings = (
        Meeting.objects.filter(society=society)
        .select_related("minutes_file")
        .annotate(
            resolution_count=Count("resolutions"),
            resolutions_done=Count("resolutions", filter=Q(resolutions__status=FollowUp.DONE)),
        )
    )
    if year:
        meetings = meetings.filter(held_on__year=year)
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings.order_by("-held_on", "kind", "id")


def meeting_years(society) -> list[int]:
    """The years in which the society recorded meetings, newest first."""
    return [
        day.year
        for day in Meeting.objects.filter(society=society).dates("held_on", "year", order="DESC")
    ]


def resolutions_of(meeting: Meeting) -> QuerySet[Resolution]:
    return meeting.resolutions.order_by("id")
