"""Who a user is to the platform: their roles and the federations and societies they reach,
computed once per request (`scope_for`), and the one predicate every area asks, `administers`.

`Scope`'s sets of ids are this package's business: other modules ask its predicates
(`is_system_admin`, `is_federation_staff`, `sees_federations`, `is_expert`, `edits_societies`)
or the functions of the area modules, never the sets themselves (a test holds this).
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from xuehui.accounts.choices import Role
from xuehui.societies.models import Federation

_CACHE_ATTR = "_xuehui_scope"


class SystemActor:
    """The platform itself acting: a command run on the server by its operator, a scheduled
    task, the demo. Services that check their actor accept it explicitly; `None` is refused, so
    a caller that forgot to say who acts (a future API view, say) is stopped, not let through."""

    is_authenticated = False
    is_active = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


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
    def is_federation_staff(self) -> bool:
        """A system administrator or the administrator of some 科协 (manages users, imports)."""
        return self.is_system_admin or bool(self.admin_federation_ids)

    @property
    def sees_federations(self) -> bool:
        """Sees whole federations (administrator, 科协领导), not only single societies."""
        return self.is_system_admin or bool(self.visible_federation_ids)

    @property
    def is_expert(self) -> bool:
        return Role.EXPERT in self.roles

    @property
    def edits_societies(self) -> bool:
        """Fills in for one or more societies (学会填报员)."""
        return bool(self.editor_society_ids)

    @property
    def visible_federation_ids(self) -> frozenset:
        return self.admin_federation_ids | self.viewer_federation_ids

    @property
    def visible_society_ids(self) -> frozenset:
        """Societies seen one by one (not through a federation): edited or under review."""
        return self.editor_society_ids | self.expert_society_ids

    def administers(self, federation_id) -> bool:
        return self.is_system_admin or federation_id in self.admin_federation_ids

    def sees_federation(self, federation_id) -> bool:
        return self.is_system_admin or federation_id in self.visible_federation_ids


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
    from .experts import expert_society_ids

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


def scope_key(user) -> str:
    """A text that is the same for two users exactly when they reach the same 科协 and societies
    in the same roles (what is kept across requests for a scope is kept under it; stable
    between processes, for Redis)."""
    scope = scope_for(user)
    parts = (
        scope.is_system_admin,
        sorted(scope.admin_federation_ids),
        sorted(scope.viewer_federation_ids),
        sorted(scope.editor_society_ids),
        sorted(scope.expert_society_ids),
        sorted(scope.roles),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def forget_scope(user) -> None:
    """Drop the cached scope after the user's roles change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def administers(user, federation_id) -> bool:
    """Whether `user` administers the federation `federation_id` (its own 科协 or one below it,
    or any as a system administrator). The platform itself (`SYSTEM`) administers everything;
    `None`, an anonymous user or an inactive account administers nothing."""
    if user is SYSTEM:
        return True
    return scope_for(user).administers(federation_id)


def require_administers(actor, federation_id, message: str = "只有科协管理员可以进行此操作。"):
    """For services that change a federation's work: 403 unless `actor` administers it."""
    if not administers(actor, federation_id):
        raise PermissionDenied(message)
