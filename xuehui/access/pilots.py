"""Pilot programmes: a programme and its batches are seen by the staff and leaders of its 科协
(and those above), and by anyone who sees one of its member societies — who then sees only
those societies' rows. A batch is managed by the administrators of the programme's 科协. An
inspection is seen by whoever sees its society, except an expert, who sees only the
inspections whose panel they sit on."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from xuehui.pilots.models import Inspection, PanelMember, PilotBatch, PilotProgramme

from .scope import administers
from .societies import federations_visible, sees_as_own_or_federation, societies_visible


def programmes_visible(user) -> QuerySet[PilotProgramme]:
    return PilotProgramme.objects.filter(
        Q(federation__in=federations_visible(user))
        | Q(memberships__society__in=societies_visible(user))
        | Q(batches__candidacies__society__in=societies_visible(user))
    ).distinct()


def batch_for(user, pk, *, manage: bool = False) -> PilotBatch:
    """A batch of a programme the user sees (404); `manage`: its 科协's administrator (403)."""
    try:
        batch = PilotBatch.objects.select_related(
            "programme__federation", "programme__framework"
        ).get(pk=pk, programme__in=programmes_visible(user))
    except (PilotBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该试点批次") from None
    if manage and not administers(user, batch.programme.federation_id):
        raise PermissionDenied("只有开展试点的科协管理员可以进行此操作")
    return batch


def inspection_for(user, pk, *, manage: bool = False) -> Inspection:
    """An inspection: its panel's experts, or whoever sees its society (404 otherwise);
    `manage`: the programme's 科协 administrators (403)."""
    try:
        inspection = Inspection.objects.select_related(
            "membership__society", "membership__programme__federation", "membership__batch"
        ).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该检查验收") from None
    on_panel = PanelMember.objects.filter(inspection=inspection, expert=user).exists()
    if not on_panel and not sees_as_own_or_federation(user, inspection.membership.society):
        # An expert who sees the society for another review does not see its inspection.
        raise Http404("未找到该检查验收")
    if manage and not administers(user, inspection.membership.programme.federation_id):
        raise PermissionDenied("只有开展试点的科协管理员可以进行此操作")
    return inspection


def panel_seat_for(user, inspection: Inspection) -> PanelMember:
    """The user's own seat on the panel (403 for anyone else)."""
    seat = PanelMember.objects.filter(inspection=inspection, expert=user).first()
    if seat is None:
        raise PermissionDenied("只有本次验收的专家组成员可以声明和评分")
    return seat
