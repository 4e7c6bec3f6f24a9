"""学会联合体: a consortium is seen by the staff and leaders of its 科协 (and those above) and by
the secretaries of that 科协's societies; anyone else gets 404. It is managed (edited, members
added and removed) by the 科协's administrators; its joint activities are recorded by them or by
the secretary of the secretariat society (秘书处挂靠学会). Leaders read only (403)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from xuehui.consortia.models import Consortium, ConsortiumMember, JointActivity

from .scope import administers
from .societies import federations_visible, societies_filled_in

_MANAGE = "只有指导该联合体的科协管理员可以进行此操作"
_RECORD = "只有科协管理员或联合体秘书处挂靠学会可以登记联合体活动"


def consortia_visible(user) -> QuerySet[Consortium]:
    own = societies_filled_in(user).values("federation_id")
    return Consortium.objects.filter(
        Q(federation__in=federations_visible(user)) | Q(federation_id__in=own)
    )


def may_manage_consortium(user, consortium: Consortium) -> bool:
    return administers(user, consortium.federation_id)


def may_record_joint_activities(user, consortium: Consortium) -> bool:
    if administers(user, consortium.federation_id):
        return True
    secretariat = consortium.secretariat_id
    return secretariat is not None and societies_filled_in(user).filter(pk=secretariat).exists()


def require_manage_consortium(actor, consortium: Consortium) -> None:
    if not may_manage_consortium(actor, consortium):
        raise PermissionDenied(_MANAGE)


def require_record_joint_activities(actor, consortium: Consortium) -> None:
    if not may_record_joint_activities(actor, consortium):
        raise PermissionDenied(_RECORD)


def consortium_for(user, pk, *, manage: bool = False, record: bool = False) -> Consortium:
    """A consortium the user sees (404); `manage`: its 科协's administrator, `record`: also the
    secretariat society's secretary (403)."""
    try:
        consortium = Consortium.objects.select_related("federation", "secretariat", "charter").get(
            pk=pk, pk__in=consortia_visible(user).values("pk")
        )
    except (Consortium.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该学会联合体") from None
    if manage:
        require_manage_consortium(user, consortium)
    if record:
        require_record_joint_activities(user, consortium)
    return consortium


def consortium_member_for(user, pk) -> ConsortiumMember:
    """A membership, to be changed by its consortium's managers (404 / 403)."""
    member = ConsortiumMember.objects.filter(pk=pk).values_list("consortium_id", flat=True)
    consortium_pk = member.first() if str(pk).isdigit() else None
    if consortium_pk is None:
        raise Http404("未找到该成员学会")
    consortium = consortium_for(user, consortium_pk, manage=True)
    found = ConsortiumMember.objects.select_related("society").get(pk=pk)
    found.consortium = consortium
    return found


def joint_activity_for(user, pk) -> JointActivity:
    """A joint activity, to be changed by who may record them (404 / 403)."""
    rows = JointActivity.objects.filter(pk=pk).values_list("consortium_id", flat=True)
    consortium_pk = rows.first() if str(pk).isdigit() else None
    if consortium_pk is None:
        raise Http404("未找到该联合体活动")
    consortium = consortium_for(user, consortium_pk, record=True)
    found = JointActivity.objects.select_related("activity").get(pk=pk)
    found.consortium = consortium
    return found
