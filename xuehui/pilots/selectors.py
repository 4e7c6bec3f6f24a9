"""Reads of pilot programmes for the pages."""

from django.db.models import Count, Q
from django.utils import timezone

from xuehui.access import federations_visible, societies_visible

from .models import PilotMembership, PilotProgramme


def programmes_visible(user):
    """The programmes of the 科协 the user sees, and those a society the user sees (their own,
    for a secretary) takes part in."""
    today = timezone.localdate()
    current = Q(memberships__since__lte=today) & (
        Q(memberships__until__isnull=True) | Q(memberships__until__gt=today)
    )
    return (
        PilotProgramme.objects.filter(
            Q(federation__in=federations_visible(user))
            | Q(
                pk__in=PilotMembership.objects.filter(society__in=societies_visible(user)).values(
                    "programme"
                )
            )
        )
        .select_related("federation", "framework")
        .annotate(member_count=Count("memberships", filter=current, distinct=True))
        .order_by("key")
    )


def memberships_visible(user, programme):
    return (
        PilotMembership.objects.filter(programme=programme, society__in=societies_visible(user))
        .select_related("society__federation")
        .order_by("society__name", "since")
    )


def memberships_of(society):
    return (
        PilotMembership.objects.filter(society=society)
        .select_related("programme__framework")
        .order_by("-since")
    )


def programmes_open_to(society):
    """Programmes of the society's 科协 or of a 科协 above it."""
    ids, federation = [], society.federation
    while federation is not None:
        ids.append(federation.pk)
        federation = federation.parent
    return PilotProgramme.objects.filter(federation_id__in=ids).order_by("key")
