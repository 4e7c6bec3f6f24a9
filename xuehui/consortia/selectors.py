"""Reads of 学会联合体: the list of a user's consortia with their members and chairs, one
consortium's page, and a society's memberships; each in a fixed number of queries."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from xuehui.access import consortia_visible

from . import rotation
from .models import Consortium, ConsortiumMember, JointActivity

UPCOMING_TERMS = 6


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "members", queryset=ConsortiumMember.objects.select_related("society").order_by()
    )


@dataclass(frozen=True)
class ConsortiumRow:
    consortium: Consortium
    current_members: list
    chair: object | None


def consortium_rows(user, on: dt.date) -> list[ConsortiumRow]:
    """The user's consortia with their members on `on` and the chair that day."""
    consortia = (
        consortia_visible(user)
        .select_related("federation", "secretariat")
        .prefetch_related(_members_prefetch())
        .order_by("federation__code", "name", "pk")
    )
    rows = []
    for consortium in consortia:
        members = list(consortium.members.all())
        current = sorted(
            (m for m in members if m.is_member_on(on)), key=lambda m: (m.rotation_order, m.pk)
        )
        rows.append(ConsortiumRow(consortium, current, rotation.chair_on(consortium, members, on)))
    return rows


def members_of(consortium: Consortium) -> list[ConsortiumMember]:
    return list(
        ConsortiumMember.objects.filter(consortium=consortium)
        .select_related("society")
        .order_by("rotation_order", "joined_on", "pk")
    )


def joint_activities(consortium: Consortium) -> QuerySet[JointActivity]:
    return (
        JointActivity.objects.filter(consortium=consortium)
        .select_related("activity__society")
        .prefetch_related("co_organisers")
        .order_by("-activity__start_on", "pk")
    )


def activity_counts(joints) -> Counter:
    """How many joint activities each society organised, as lead or together with others."""
    counts: Counter = Counter()
    for joint in joints:
        organisers = {joint.activity.society_id, *(s.pk for s in joint.co_organisers.all())}
        counts.update(organisers)
    return counts


@dataclass(frozen=True)
class MemberRow:
    member: ConsortiumMember
    activity_count: int  # joint activities it organised, as lead or co-organiser
    is_current: bool


def consortium_page(consortium: Consortium, on: dt.date) -> dict:
    members = members_of(consortium)
    joints = list(joint_activities(consortium))
    counts = activity_counts(joints)
    rows = [
        MemberRow(member, counts.get(member.society_id, 0), member.is_member_on(on))
        for member in members
    ]
    return {
        "members": rows,
        "chair_term": rotation.chair_term_on(consortium, members, on),
        "schedule": rotation.upcoming(consortium, members, on, UPCOMING_TERMS),
        "joints": joints,
    }


def memberships_of(society, on: dt.date) -> list[dict]:
    """A society's consortia (those it belongs or belonged to), with whether it chairs today."""
    memberships = (
        ConsortiumMember.objects.filter(society=society)
        .select_related("consortium__secretariat")
        .prefetch_related(
            Prefetch("consortium__members", queryset=ConsortiumMember.objects.order_by())
        )
        .order_by("consortium__name", "pk")
    )
    rows = []
    for member in memberships:
        consortium = member.consortium
        chair = rotation.chair_term_on(consortium, list(consortium.members.all()), on)
        chairs = chair is not None and chair.member is not None and chair.member.pk == member.pk
        rows.append({"member": member, "consortium": consortium, "chairs": chairs})
    return rows
