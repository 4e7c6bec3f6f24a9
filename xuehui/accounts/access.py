"""The access layer: every query and object fetch of a society's data is scoped here.

What a user may not see answers 404 (it does not exist for them); what they may see but
not change answers 403. Views never filter societies by hand.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from xuehui.societies.models import Federation, Society

from .choices import Role

_CACHE_ATTR = "_xuehui_scope"


@dataclass(frozen=True)
class Scope:
    """What one user may see and change, computed once per request."""

    is_system_admin: bool = False
    admin_federation_ids: frozenset = field(default_factory=frozenset)
    viewer_federation_ids: frozenset = field(default_factory=frozenset)
    editor_society_ids: frozenset = field(default_factory=frozenset)
    roles: frozenset = field(default_factory=frozenset)

    @property
    def sees_everything(self) -> bool:
        return self.is_system_admin

    @property
    def is_federation_staff(self) -> bool:
        return self.is_system_admin or bool(self.admin_federation_ids)

    @property
    def visible_federation_ids(self) -> frozenset:
        return self.admin_federation_ids | self.viewer_federation_ids


def federation_subtrees(root_ids) -> frozenset:
    """The given federations and every federation below them (one query, any depth)."""
    if not root_ids:
        return frozenset()
    children: dict = {}
    for pk, parent_id in Federation.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(root_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return frozenset(found)


def scope_for(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    admin_roots, viewer_roots, editor_ids, roles = set(), set(), set(), set()
    for role, federation_id, society_id in user.role_assignments.values_list(
        "role", "federation_id", "society_id"
    ):
        roles.add(role)
        if role == Role.FEDERATION_ADMIN:
            admin_roots.add(federation_id)
        elif role == Role.FEDERATION_VIEWER:
            viewer_roots.add(federation_id)
        elif role == Role.SOCIETY_EDITOR:
            editor_ids.add(society_id)
    scope = Scope(
        is_system_admin=user.is_superuser or Role.SYSTEM_ADMIN in roles,
        admin_federation_ids=federation_subtrees(admin_roots),
        viewer_federation_ids=federation_subtrees(viewer_roots),
        editor_society_ids=frozenset(editor_ids),
        roles=frozenset(roles),
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after the user's roles change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def societies_visible(user) -> QuerySet[Society]:
    scope = scope_for(user)
    societies = Society.objects.all()
    if scope.sees_everything:
        return societies
    return societies.filter(federation_id__in=scope.visible_federation_ids) | societies.filter(
        pk__in=scope.editor_society_ids
    )


def societies_editable(user) -> QuerySet[Society]:
    scope = scope_for(user)
    societies = Society.objects.all()
    if scope.sees_everything:
        return societies
    return societies.filter(federation_id__in=scope.admin_federation_ids) | societies.filter(
        pk__in=scope.editor_society_ids
    )


def federations_visible(user) -> QuerySet[Federation]:
    scope = scope_for(user)
    if scope.sees_everything:
        return Federation.objects.all()
    return Federation.objects.filter(pk__in=scope.visible_federation_ids)


def federations_administered(user) -> QuerySet[Federation]:
    scope = scope_for(user)
    if scope.sees_everything:
        return Federation.objects.all()
    return Federation.objects.filter(pk__in=scope.admin_federation_ids)


def can_see_society(user, society: Society) -> bool:
    scope = scope_for(user)
    return (
        scope.sees_everything
        or society.federation_id in scope.visible_federation_ids
        or society.pk in scope.editor_society_ids
    )


def can_edit_society(user, society: Society) -> bool:
    scope = scope_for(user)
    return (
        scope.sees_everything
        or society.federation_id in scope.admin_federation_ids
        or society.pk in scope.editor_society_ids
    )


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


def society_object_for(user, queryset: QuerySet, pk, *, edit: bool = False) -> Model:
    """An object that belongs to a society (it has `society`), scoped like `society_for`."""
    try:
        obj = queryset.select_related("society").get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录") from None
    society_for(user, obj.society_id, edit=edit)
    return obj
