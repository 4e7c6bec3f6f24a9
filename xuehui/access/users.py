"""Accounts and their roles: which accounts an administrator sees, which they manage, which
roles they may grant."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from xuehui.accounts.choices import Role
from xuehui.accounts.models import RoleAssignment, User

from .scope import SYSTEM, scope_for


def assignment_in_subtree_q(federation_ids, prefix: str = "") -> Q:
    """A role assignment lies in these federations: its society does, or (no society) its
    federation does. A role with neither (system administrator, an expert of no 科协) lies
    in none."""
    return Q(**{f"{prefix}society__federation_id__in": federation_ids}) | Q(
        **{f"{prefix}society__isnull": True, f"{prefix}federation_id__in": federation_ids}
    )


def users_visible(user) -> QuerySet:
    """Accounts an administrator sees: all for a system administrator; for a 科协 administrator
    those holding a role in their subtree; nobody for anyone else."""
    scope = scope_for(user)
    if scope.is_system_admin:
        return User.objects.all()
    if not scope.admin_federation_ids:
        return User.objects.none()
    inside = RoleAssignment.objects.filter(
        assignment_in_subtree_q(scope.admin_federation_ids), user=OuterRef("pk")
    )
    return User.objects.filter(Exists(inside))


def users_manageable(user) -> QuerySet:
    """Accounts whose every role lies in the administrator's subtree: these they may edit,
    deactivate and reset. A user also serving elsewhere is only seen."""
    scope = scope_for(user)
    visible = users_visible(user)
    if scope.is_system_admin:
        return visible
    outside = RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(
        assignment_in_subtree_q(scope.admin_federation_ids)
    )
    return visible.filter(is_superuser=False).exclude(Exists(outside))


def user_for(actor, pk, *, edit: bool = False):
    """The account `pk` if the actor sees it (else 404); with `edit`, 403 unless manageable."""
    try:
        account = users_visible(actor).get(pk=pk)
    except (ValueError, TypeError, User.DoesNotExist):
        raise Http404("未找到该用户") from None
    if edit and not users_manageable(actor).filter(pk=account.pk).exists():
        raise PermissionDenied("该用户还担任您管辖范围以外的角色，您不能修改该账号")
    return account


def can_grant(actor, *, role: str, federation=None, society=None) -> bool:
    """Whether the actor may grant (or revoke) this role with this scope (the platform itself,
    `SYSTEM`, may grant any)."""
    if actor is SYSTEM:
        return True
    scope = scope_for(actor)
    if scope.is_system_admin:
        return True
    if role == Role.SYSTEM_ADMIN or not scope.admin_federation_ids:
        return False
    if society is not None:
        return scope.administers(society.federation_id)
    return federation is not None and scope.administers(federation.pk)


def assignment_for(actor, pk) -> RoleAssignment:
    """A role assignment the actor may revoke: 404 if its user is unseen, 403 if it lies outside."""
    try:
        assignment = RoleAssignment.objects.select_related("user", "federation", "society").get(
            pk=pk
        )
    except (RoleAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该角色") from None
    user_for(actor, assignment.user_id)
    if not can_grant(
        actor, role=assignment.role, federation=assignment.federation, society=assignment.society
    ):
        raise PermissionDenied("该角色不在您的管辖范围内")
    return assignment
