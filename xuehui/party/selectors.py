"""Reads of party organisations, and of the party activities (activities of kind 党建)."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from xuehui.activities.choices import ActivityKind
from xuehui.activities.models import Activity

from .models import PartyOrganisation


def active_on_q(day: dt.date) -> Q:
    return Q(established_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


def party_organisations_of(society, *, active_on: dt.date | None = None) -> QuerySet:
    organisations = PartyOrganisation.objects.filter(society=society)
    if active_on is not None:
        organisations = organisations.filter(active_on_q(active_on))
    return organisations.order_by("-established_on", "-id")


def current_party_organisations_for(
    society_ids: Iterable[int], day: dt.date
) -> dict[int, PartyOrganisation]:
    """For each society that has one on `day`, its most recently established organisation."""
    found: dict[int, PartyOrganisation] = {}
    organisations = PartyOrganisation.objects.filter(
        active_on_q(day), society_id__in=list(society_ids)
    ).order_by("society_id", "-established_on", "-id")
    for organisation in organisations:
        found.setdefault(organisation.society_id, organisation)
    return found


def party_activity_counts(society, *, years: Iterable[int]) -> dict[int, int]:
    """Activities of kind 党建 per year, in one query."""
    years = list(years)
    totals = Activity.objects.filter(society=society, kind=ActivityKind.PARTY_BUILDING).aggregate(
        **{f"y{y}": Count("pk", filter=Q(start_on__year=y)) for y in years}
    )
    return {y: totals[f"y{y}"] for y in years}
