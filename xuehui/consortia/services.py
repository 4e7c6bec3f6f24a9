"""Writes of 学会联合体: the consortium itself, its members joining and leaving, and its joint
activities. Each checks its actor itself (`xuehui.access.consortia`) and leaves an audit
record."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from xuehui.access import require_manage_consortium, require_record_joint_activities
from xuehui.activities.choices import ActivityKind, ActivityRole
from xuehui.activities.models import Activity
from xuehui.audit.services import audit_change, audit_record, stored_copy

from .models import Consortium, ConsortiumMember, JointActivity


@transaction.atomic
def consortium_save(*, consortium: Consortium, actor) -> Consortium:
    """Create or change a consortium (fields set by the form): its 科协's administrators."""
    require_manage_consortium(actor, consortium)
    old = stored_copy(consortium)
    consortium.full_clean()
    consortium.save()
    audit_change(
        obj=consortium, old=old, actor=actor,
        action=f"consortium_{'update' if old else 'create'}",
        society=None, summary=f"{'修改' if old else '新建'}学会联合体：{consortium}",
    )  # fmt: skip
    return consortium


@transaction.atomic
def consortium_member_add(
    *, consortium: Consortium, society, joined_on: dt.date, rotation_order: int, actor
) -> ConsortiumMember:
    """A society joins the consortium (or rejoins: its former membership is reopened)."""
    require_manage_consortium(actor, consortium)
    member = ConsortiumMember.objects.filter(consortium=consortium, society=society).first()
    if member is not None and member.left_on is None:
        raise ValidationError({"society": "该学会已是本联合体成员"})
    old = stored_copy(member) if member else None
    if member is None:
        member = ConsortiumMember(consortium=consortium, society=society)
    member.joined_on, member.left_on, member.rotation_order = joined_on, None, rotation_order
    member.full_clean()
    member.save()
    audit_change(
        obj=member, old=old, actor=actor, action="consortium_member_add", society=society,
        summary=f"{society} 加入学会联合体 {consortium}",
    )  # fmt: skip
    return member


@transaction.atomic
def consortium_member_leave(*, member: ConsortiumMember, left_on: dt.date, actor):
    """A member leaves on `left_on` (its history stays; it no longer takes a turn as chair)."""
    require_manage_consortium(actor, member.consortium)
    if member.left_on is not None:
        raise ValidationError({"left_on": "该学会已退出本联合体"})
    old = stored_copy(member)
    member.left_on = left_on
    member.full_clean()
    member.save()
    audit_change(
        obj=member, old=old, actor=actor, action="consortium_member_leave",
        society=member.society, summary=f"{member.society} 退出学会联合体 {member.consortium}",
    )  # fmt: skip
    return member


def _members_on(consortium: Consortium, day: dt.date) -> dict:
    members = ConsortiumMember.objects.filter(consortium=consortium).select_related("society")
    return {m.society_id: m.society for m in members if m.is_member_on(day)}


@transaction.atomic
def joint_activity_record(
    *,
    consortium: Consortium,
    activity: Activity,
    co_organisers: Iterable = (),
    actor,
) -> JointActivity:
    """Record a joint activity: `activity` (unsaved, its `society` the lead organiser) is saved
    as the lead's 学会联合体活动 and linked with the other member societies that organised it.

    The consortium's recorder (its 科协, or the secretariat society) writes it, not only the
    lead society's own secretary: the access rule is the consortium's, so Activity is saved
    here rather than through `activity_save`, which asks for the lead society's."""
    require_record_joint_activities(actor, consortium)
    members = _members_on(consortium, activity.start_on)
    if activity.society_id not in members:
        raise ValidationError({"society": "主办学会须是活动当日的联合体成员"})
    others = [s for s in co_organisers if s.pk != activity.society_id]
    strangers = [str(s) for s in others if s.pk not in members]
    if strangers:
        raise ValidationError(
            {"co_organisers": f"不是活动当日的联合体成员：{'、'.join(strangers)}"}
        )
    activity.kind, activity.role = ActivityKind.CONSORTIUM, ActivityRole.HOST
    activity.full_clean()
    activity.save()
    joint = JointActivity(consortium=consortium, activity=activity)
    joint.full_clean()
    joint.save()
    joint.co_organisers.set(others)
    audit_record(
        actor=actor, action="joint_activity_record", target=joint, society=activity.society,
        summary=f"登记学会联合体 {consortium} 的活动 {activity.title}",
        detail={"co_organisers": [s.pk for s in others]},
    )  # fmt: skip
    return joint


@transaction.atomic
def joint_activity_delete(*, joint: JointActivity, actor) -> None:
    """Delete a joint activity and its activity record."""
    require_record_joint_activities(actor, joint.consortium)
    activity = joint.activity
    audit_record(
        actor=actor, action="joint_activity_delete", target=joint, society=activity.society,
        summary=f"删除学会联合体 {joint.consortium} 的活动 {activity.title}",
    )  # fmt: skip
    activity.delete()
