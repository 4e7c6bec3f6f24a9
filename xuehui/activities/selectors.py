"""Reads of activities: a society's list with evidence, years, counts by kind."""

from django.db.models import Count, Prefetch, Q, QuerySet

from xuehui.files.models import StoredFile

from .choices import ActivityRole
from .models import Activity

# 主办 or 承办: the roles in which an activity counts as the society's own (issue 4, T12.1).
OWN_ROLES = frozenset({ActivityRole.HOST, ActivityRole.ORGANIZER})


def activities_of(
    society, *, year: int | None = None, kind: str = "", level: str = ""
) -> QuerySet[Activity]:
    """A society's activities, newest first, with the branch that ran each and its evidence."""
    activities = (
        Activity.objects.filter(society=society)
        .select_related("branch")
        .prefetch_related(Prefetch("evidence", queryset=StoredFile.objects.order_by("id")))
    )
    if year:
        activities = activities.filter(start_on__year=year)
    if kind:
        activities = activities.filter(kind=kind)
    if level:
        activities = activities.filter(level=level)
    return activities.order_by("-start_on", "kind", "id")


def activity_years(society) -> list[int]:
    """The years in which the society recorded activities, newest first."""
    days = Activity.objects.filter(society=society).dates("start_on", "year", order="DESC")
    return [day.year for day in days]


def activity_counts_by_kind(society, year: int) -> dict[str, dict[str, int]]:
    """Per kind, the activities that started in `year`: all of them, and those 主办 or 承办."""
    rows = (
        Activity.objects.filter(society=society, start_on__year=year)
        .values("kind")
        .annotate(total=Count("id"), own=Count("id", filter=Q(role__in=OWN_ROLES)))
        .order_by()
    )
    return {row["kind"]: {"total": row["total"], "own": row["own"]} for row in rows}
