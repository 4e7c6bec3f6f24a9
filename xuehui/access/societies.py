"""Societies and federations, and any record that belongs to a society: what a user sees
answers the object, what they may not see answers 404 (it does not exist for them), what they
may see but not change answers 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from xuehui.societies.models import Federation, Society

from .scope import SYSTEM, scope_for


def societies_visible(user) -> QuerySet[Society]:
    scope = scope_for(user)
    societies = Society.objects.all()
    if scope.is_system_admin:
        return societies
    return societies.filter(federation_id__in=scope.visible_federation_ids) | societies.filter(
        pk__in=scope.visible_society_ids
    )


def societies_editable(user) -> QuerySet[Society]:
    scope = scope_for(user)
    societies = Society.objects.all()
    if scope.is_system_admin:
        return societies
    return societies.filter(federation_id__in=scope.admin_federation_ids) | societies.filter(
        pk__in=scope.editor_society_ids
    )


def societies_administered(user) -> QuerySet[Society]:
    """The societies of the 科协 the user administers (all for a system administrator)."""
    scope = scope_for(user)
    if scope.is_system_admin:
        return Society.objects.all()
    return Society.objects.filter(federation_id__in=scope.admin_federation_ids)


def societies_filled_in(user) -> QuerySet[Society]:
    """The societies the user fills in for as their 学会填报员 (not those seen as staff)."""
    return Society.objects.filter(pk__in=scope_for(user).editor_society_ids)


def federations_visible(user) -> QuerySet[Federation]:
    scope = scope_for(user)
    if scope.is_system_admin:
        return Federation.objects.all()
    return Federation.objects.filter(pk__in=scope.visible_federation_ids)


def federations_administered(user) -> QuerySet[Federation]:
    scope = scope_for(user)
    if scope.is_system_admin:
        return Federation.objects.all()
    return Federation.objects.filter(pk__in=scope.admin_federation_ids)


def federation_ids_administered(user, among) -> list:
    """Of the federation ids `among`, those the user administers, in order."""
    scope = scope_for(user)
    return sorted(pk for pk in among if scope.administers(pk))


def can_see_society(user, society: Society) -> bool:
    scope = scope_for(user)
    return scope.sees_federation(society.federation_id) or society.pk in scope.visible_society_ids


def can_edit_society(user, society: Society) -> bool:
    scope = scope_for(user)
    return scope.administers(society.federation_id) or society.pk in scope.editor_society_ids


def sees_as_own_or_federation(user, society: Society) -> bool:
    """Sees the society as its secretary or as 科协 staff. Experts, who also see a society while
    they review it, see its campaign work only through their assignments."""
    scope = scope_for(user)
    return scope.sees_federation(society.federation_id) or society.pk in scope.editor_society_ids


def may_change_registration(user, society: Society) -> bool:
    """Whether `user` may change the society's name and 统一社会信用代码: the platform itself, a
    system administrator, or an administrator of the society's 科协 (not its secretary)."""
    return user is SYSTEM or scope_for(user).administers(society.federation_id)


def may_manage_federation(user, federation: Federation) -> bool:
    """A 科协 administrator manages the 科协 below their own (not their own: its name and place
    are set from above); a system administrator any."""
    scope = scope_for(user)
    if federation.parent_id is None:
        return scope.is_system_admin
    return scope.administers(federation.parent_id)


def federation_for(user, pk, *, edit: bool = False) -> Federation:
    """A 科协 the user sees as staff (404 otherwise); with `edit`, 403 unless they manage it."""
    scope = scope_for(user)
    federation = (
        Federation.objects.select_related("parent").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if federation is None or not (
        scope.is_system_admin or federation.pk in scope.admin_federation_ids
    ):
        raise Http404("未找到该科协")
    if edit and not may_manage_federation(user, federation):
        raise PermissionDenied("本科协的名称和上级由上级科协或系统管理员设置")
    return federation


def require_edit(actor, society: Society) -> None:
    """For services writing a society's records, wherever they are called from: the platform
    itself (`SYSTEM`), or a user who may edit the society; 403 for anyone else, `None` too."""
    if actor is not SYSTEM and not can_edit_society(actor, society):
        raise PermissionDenied("您没有修改该学会数据的权限")


def society_for(user, pk, *, edit: bool = False) -> Society:
    """The society `pk` if the user may see it (else 404); with `edit`, 403 if read-only."""
    try:
        society = Society.objects.select_related("federation").get(pk=pk)
    except (Society.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该学会") from None
    if not can_see_society(user, society):
        raise Http404("未找到该学会")
    if edit and not can_edit_society(user, society):
        raise PermissionDenied("您没有修改该学会数据的权限")
    return society


def own_society_for(user, pk) -> Society:
    """The society `pk` if the user sees it as its secretary or as its 科协's staff (else 404):
    for what an expert reviewing the society does not see (its figures, credit, subsidies)."""
    society = (
        Society.objects.select_related("federation").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if society is None or not sees_as_own_or_federation(user, society):
        raise Http404("未找到该学会")
    return society


def society_object_for(user, queryset: QuerySet, pk, *, edit: bool = False) -> Model:
    """An object that belongs to a society (it has `society`), scoped like `society_for`."""
    try:
        obj = queryset.select_related("society").get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录") from None
    try:
        society_for(user, obj.society_id, edit=edit)
    except Http404:
        # Another society's record answers exactly like one that does not exist.
        raise Http404("未找到该记录") from None
    return obj
