"""The access layer: every query and object fetch of a society's data is scoped here.

What a user may not see answers 404 (it does not exist for them); what they may see but
not change answers 403. Views never filter societies by hand.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, F, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from xuehui.societies.models import Federation, Society

from .choices import SIGN_IN_ACTIONS, AccountAction, Role

_CACHE_ATTR = "_xuehui_scope"
# What happens to an account itself, shown to every administrator who sees the account.
ACCOUNT_OWN_ACTIONS = frozenset({*SIGN_IN_ACTIONS, AccountAction.PASSWORD_CHANGE})


@dataclass(frozen=True)
class Scope:
    """What one user may see and change, computed once per request."""

    is_system_admin: bool = False
    admin_federation_ids: frozenset = field(default_factory=frozenset)
    viewer_federation_ids: frozenset = field(default_factory=frozenset)
    editor_society_ids: frozenset = field(default_factory=frozenset)
    expert_society_ids: frozenset = field(default_factory=frozenset)
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

    @property
    def visible_society_ids(self) -> frozenset:
        """Societies seen one by one (not through a federation): edited or under review."""
        return self.editor_society_ids | self.expert_society_ids

    @property
    def manages_users(self) -> bool:
        return self.is_system_admin or bool(self.admin_federation_ids)


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
        expert_society_ids=expert_society_ids(user) if Role.EXPERT in roles else frozenset(),
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
        pk__in=scope.visible_society_ids
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
        or society.pk in scope.visible_society_ids
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
    try:
        society_for(user, obj.society_id, edit=edit)
    except Http404:
        # Another society's record answers exactly like one that does not exist.
        raise Http404("未找到该记录") from None
    return obj


# ---------------------------------------------------------------- experts (评审专家)


def _campaign_model(name: str):
    """A model of the campaigns app, or None while that app is not installed."""
    try:
        return apps.get_model("campaigns", name)
    except LookupError:
        return None


def expert_assignments(user, *, campaign_id: int | None = None) -> list:
    """The user's expert assignments in campaigns that are running now (open)."""
    assignment = _campaign_model("ExpertAssignment")
    if assignment is None or not getattr(user, "is_authenticated", False):
        return []
    from xuehui.campaigns.choices import CampaignStatus

    found = assignment.objects.filter(expert=user, campaign__status=CampaignStatus.OPEN)
    if campaign_id is not None:
        found = found.filter(campaign_id=campaign_id)
    return list(found)


def expert_society_ids(user) -> frozenset:
    """Societies an expert reviews now: those assigned by name, or every society of a running
    campaign where the assignment names none (one query)."""
    entry = _campaign_model("CampaignSociety")
    if entry is None:
        return frozenset()
    from xuehui.campaigns.choices import CampaignStatus

    rows = entry.objects.filter(
        Q(campaign__assignments__society__isnull=True)
        | Q(society_id=F("campaign__assignments__society_id")),
        campaign__status=CampaignStatus.OPEN,
        campaign__assignments__expert=user,
    ).values_list("society_id", flat=True)
    return frozenset(rows)


def expert_covers(user, *, campaign_id: int, society_id: int, requirement_key: str) -> bool:
    """Whether the user reviews this requirement of this society in this running campaign."""
    return any(
        assignment.covers(society_id=society_id, requirement_key=requirement_key)
        for assignment in expert_assignments(user, campaign_id=campaign_id)
    )


# ---------------------------------------------------------------- users and their roles


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
    from .models import RoleAssignment, User

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
    from .models import RoleAssignment

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
    except (ValueError, TypeError, users_visible(actor).model.DoesNotExist):
        raise Http404("未找到该用户") from None
    if edit and not users_manageable(actor).filter(pk=account.pk).exists():
        raise PermissionDenied("该用户还担任您管辖范围以外的角色，您不能修改该账号")
    return account


def can_grant(actor, *, role: str, federation=None, society=None) -> bool:
    """Whether the actor may grant (or revoke) this role with this scope."""
    scope = scope_for(actor)
    if scope.is_system_admin:
        return True
    ids = scope.admin_federation_ids
    if role == Role.SYSTEM_ADMIN or not ids:
        return False
    if society is not None:
        return society.federation_id in ids
    return federation is not None and federation.pk in ids


def assignment_for(actor, pk):
    """A role assignment the actor may revoke: 404 if its user is unseen, 403 if it lies outside."""
    from .models import RoleAssignment

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


def audit_entries_visible(user) -> QuerySet:
    """Log entries an administrator may read: all for a system administrator; for a 科协
    administrator those about their societies, and of the entries about no society, those
    done by the accounts they manage and the sign-in and password events of the accounts they
    see. Visibility follows the data, not the actor: what a user serving two 科协 did to
    another 科协's society stays with that 科协."""
    from xuehui.audit.models import AuditEntry

    scope = scope_for(user)
    if scope.is_system_admin:
        return AuditEntry.objects.all()
    if not scope.admin_federation_ids:
        return AuditEntry.objects.none()
    seen = users_visible(user).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    own_account_event = Q(
        target_type="accounts.user", target_id__in=seen, action__in=ACCOUNT_OWN_ACTIONS
    )
    unscoped = Q(society__isnull=True) & (
        Q(actor__in=users_manageable(user).values("pk")) | own_account_event
    )
    return AuditEntry.objects.filter(
        Q(society__federation_id__in=scope.admin_federation_ids) | unscoped
    )
