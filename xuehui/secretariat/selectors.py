"""Reads of the secretariat: staff under contract on a day, offices, the profile."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from .models import Office, SecretariatProfile, StaffMember


def under_contract_q(day: dt.date) -> Q:
    """Start ≤ day and (no end or day ≤ end): the contract's last day still counts."""
    return Q(contract_start__lte=day) & (Q(contract_end__isnull=True) | Q(contract_end__gte=day))


def staff_under_contract(day: dt.date, *, society=None) -> QuerySet[StaffMember]:
    staff = StaffMember.objects.filter(under_contract_q(day))
    if society is not None:
        staff = staff.filter(society=society)
    return staff.order_by("society_id", "contract_start", "id")


def staff_counts_for(society_ids: Iterable[int], day: dt.date) -> dict[int, dict]:
    """Per society, in one query: staff under contract on `day`, and how many of them have
    五险一金, are party members, are certified finance staff."""
    rows = (
        StaffMember.objects.filter(under_contract_q(day), society_id__in=list(society_ids))
        .values("society_id")
        .annotate(
            total=Count("pk"),
            insured=Count("pk", filter=Q(has_social_insurance=True)),
            party=Count("pk", filter=Q(is_party_member=True)),
            certified_finance=Count(
                "pk", filter=Q(is_finance_staff=True, has_finance_certificate=True)
            ),
        )
    )
    return {
        row["society_id"]: {key: value for key, value in row.items() if key != "society_id"}
        for row in rows
    }


def staff_list(society, *, current_on: dt.date | None = None) -> QuerySet[StaffMember]:
    staff = StaffMember.objects.filter(society=society)
    if current_on is not None:
        staff = staff.filter(under_contract_q(current_on))
    return staff.order_by("-contract_start", "id")


def office_list(society) -> QuerySet[Office]:
    return Office.objects.filter(society=society).order_by("id")


def secretariat_profile_get(society) -> SecretariatProfile:
    """The society's profile, unsaved and empty if it has none yet."""
    try:
        return SecretariatProfile.objects.get(society=society)
    except SecretariatProfile.DoesNotExist:
        return SecretariatProfile(society=society)
