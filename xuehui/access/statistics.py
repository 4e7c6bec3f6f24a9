"""Who sees 科协统计: a 科协's staff and leaders see the return of their 科协 and of every
科协 below it; its administrators write the 报表说明; a society's secretary sees only their own
society's figures. Experts see nothing of it."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from xuehui.societies.models import Federation, Society

from .scope import administers, scope_for
from .societies import federations_visible, own_society_for


def statistics_federations(user) -> QuerySet[Federation]:
    """The 科协 whose return the user sees."""
    return federations_visible(user).order_by("code", "id")


def statistics_federation_for(user, pk, *, manage: bool = False) -> Federation:
    """A 科协 whose return the user sees (404 otherwise); `manage`: 403 unless they
    administer it."""
    federation = Federation.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if federation is None or not scope_for(user).sees_federation(federation.pk):
        raise Http404("未找到该科协")
    if manage and not administers(user, federation.pk):
        raise PermissionDenied("只有本科协管理员可以填写报表说明")
    return federation


def statistics_society_for(user, pk) -> Society:
    """A society whose figures the user sees: its secretary or its 科协's staff (404)."""
    return own_society_for(user, pk)
