"""Reads for the user management and log pages; each owns its joins and prefetches."""

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from xuehui.access import audit_entries_visible, users_visible
from xuehui.audit.labels import action_label, kind_label
from xuehui.audit.models import AuditEntry

from .choices import SIGN_IN_ACTIONS, AccountAction, Role
from .models import RoleAssignment, User


def _roles_prefetch() -> Prefetch:
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.select_related("federation", "society").order_by(
            "role", "id"
        ),
    )


def user_list(actor, *, q: str = "", role: str = "", federation=None, active: str = "") -> QuerySet:
    """The accounts the actor sees, filtered, with their roles in two queries."""
    users = users_visible(actor)
    if q:
        holds_society = RoleAssignment.objects.filter(
            user=OuterRef("pk"), society__name__icontains=q
        )
        users = users.filter(
            Q(username__icontains=q)
            | Q(full_name__icontains=q)
            | Q(email__icontains=q)
            | Exists(holds_society)
        )
    if role:
        users = users.filter(Exists(RoleAssignment.objects.filter(user=OuterRef("pk"), role=role)))
    if federation is not None:
        inside = RoleAssignment.objects.filter(user=OuterRef("pk")).filter(
            Q(federation=federation) | Q(society__federation=federation)
        )
        users = users.filter(Exists(inside))
    if active == "yes":
        users = users.filter(is_active=True)
    elif active == "no":
        users = users.filter(is_active=False)
    elif active == "must_change":
        users = users.filter(must_change_password=True)
    return users.prefetch_related(_roles_prefetch()).order_by("username")


def user_with_roles(user: User) -> User:
    return User.objects.prefetch_related(_roles_prefetch()).get(pk=user.pk)


ACCOUNT_ACTIONS = frozenset(AccountAction.values)


PERSONAL_ACTIONS = frozenset({"unmask", "export_unmasked", "person_anonymise"})


def audit_log(
    actor,
    *,
    kind: str = "signin",
    action: str = "",
    q: str = "",
    since=None,
    until=None,
    target_type: str = "",
    actor_name: str = "",
    society: str = "",
) -> QuerySet:
    """Log entries the actor may read: sign-ins, account and role changes, the unmasking and
    anonymising of personal data, or everything; searched by who, action, kind, society, date."""
    entries = audit_entries_visible(actor)
    if kind == "signin":
        entries = entries.filter(action__in=SIGN_IN_ACTIONS)
    elif kind == "accounts":
        entries = entries.filter(action__in=ACCOUNT_ACTIONS - SIGN_IN_ACTIONS)
    elif kind == "personal":
        entries = entries.filter(action__in=PERSONAL_ACTIONS)
    if action:
        entries = entries.filter(action=action)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if actor_name:
        entries = entries.filter(
            Q(actor__username__icontains=actor_name) | Q(actor__full_name__icontains=actor_name)
        )
    if society:
        entries = entries.filter(society__name__icontains=society)
    if q:
        entries = entries.filter(Q(summary__icontains=q) | Q(actor__username__icontains=q))
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries.select_related("actor", "society").order_by("-created_at", "-id")


def audit_choices() -> tuple[list, list]:
    """The actions and record kinds the log holds, with their Chinese names, sorted by name
    (kept five minutes: they change rarely and take a pass over the table)."""

    def compute() -> tuple[list, list]:
        actions = AuditEntry.objects.values_list("action", flat=True).distinct()
        kinds = AuditEntry.objects.exclude(target_type="").values_list("target_type", flat=True)
        return (
            sorted(((a, action_label(a)) for a in actions), key=lambda c: c[1]),
            sorted(((k, kind_label(k)) for k in kinds.distinct()), key=lambda c: c[1]),
        )

    choices = cache.get("audit_log_choices")
    if choices is None:
        choices = compute()
        cache.set("audit_log_choices", choices, 300)
    return choices


def user_log(actor, user: User, *, limit: int = 20) -> list[AuditEntry]:
    """The latest entries done by or to one account that the actor may read, for its page."""
    entries = audit_entries_visible(actor).filter(
        Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.pk))
    )
    return list(entries.select_related("actor", "society").order_by("-created_at", "-id")[:limit])


def secretaries_of(society_ids) -> dict[int, list]:
    """The secretaries (学会填报员) of each society, active accounts only (one query)."""
    found: dict = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(
        role=Role.SOCIETY_EDITOR, society_id__in=list(society_ids), user__is_active=True
    ).select_related("user"):
        found[assignment.society_id].append(assignment.user)
    return found
