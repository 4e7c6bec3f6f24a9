"""信息公开: a 科协's disclosure policy is set by its administrators; the 留言 / 投诉举报 sent about
its societies are read by its staff and leaders (leaders read only: 403 on every step) and
handled (assigned, answered, closed) by its administrators. A society's secretary does not see
the messages about their society: a complaint may concern the society itself, so the 科协 keeps
it; the secretary sees the replies the 科协 publishes, on the public page. Anyone else: 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from xuehui.portal.models import Feedback

from .scope import administers, scope_for
from .societies import federations_visible

_MANAGE = "只有本科协管理员可以处理留言"


def sees_feedback(user) -> bool:
    """Sees some 科协's inbox: its staff and leaders (and system administrators)."""
    return scope_for(user).sees_federations


def feedback_visible(user) -> QuerySet[Feedback]:
    return Feedback.objects.filter(society__federation__in=federations_visible(user))


def may_handle_feedback(user, feedback: Feedback) -> bool:
    return administers(user, feedback.society.federation_id)


def require_handle_feedback(actor, feedback: Feedback) -> None:
    if not may_handle_feedback(actor, feedback):
        raise PermissionDenied(_MANAGE)


def feedback_for(user, pk, *, handle: bool = False) -> Feedback:
    """A message the user sees (404); `handle`: 403 unless they administer its 科协."""
    try:
        feedback = Feedback.objects.select_related("society__federation", "assignee").get(
            pk=pk, pk__in=feedback_visible(user).values("pk")
        )
    except (Feedback.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该留言") from None
    if handle:
        require_handle_feedback(user, feedback)
    return feedback
