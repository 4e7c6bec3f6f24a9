"""Who sees and reviews 学会年报: a society's secretary its own society's reports (and writes
them), a 科协's staff and leaders the reports of its societies, its administrators review them
and set the deadline. Experts see none: the report is not part of any review they are given."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from xuehui.societies.models import Federation, Society

from .scope import administers, scope_for
from .societies import (
    federations_visible,
    own_society_for,
    societies_filled_in,
)


def report_society_for(user, pk, *, edit: bool = False, review: bool = False) -> Society:
    """The society whose reports the user sees (404 otherwise, another society's too); `edit`:
    403 unless the user writes the society's records; `review`: 403 unless they administer
    its 科协."""
    society = own_society_for(user, pk)
    if edit and not may_write_report(user, society):
        raise PermissionDenied("您没有填报该学会年报的权限")
    if review and not may_review_report(user, society):
        raise PermissionDenied("只有本科协管理员可以审核年报")
    return society


def may_write_report(user, society: Society) -> bool:
    scope = scope_for(user)
    return scope.administers(society.federation_id) or society.pk in scope.editor_society_ids


def may_review_report(user, society: Society) -> bool:
    return administers(user, society.federation_id)


def report_societies_visible(user) -> QuerySet[Society]:
    """The societies whose reports the user sees: the 科协's as staff, its own as secretary."""
    return Society.objects.filter(
        Q(federation__in=federations_visible(user)) | Q(pk__in=societies_filled_in(user))
    )


def report_federation_for(user, pk, *, manage: bool = False) -> Federation:
    """A 科协 the user sees as staff (404); `manage`: 403 unless they administer it."""
    federation = federations_visible(user).filter(pk=pk).first()
    if federation is None:
        raise Http404("未找到该科协")
    if manage and not administers(user, federation.pk):
        raise PermissionDenied("只有本科协管理员可以设置年报报送要求")
    return federation
