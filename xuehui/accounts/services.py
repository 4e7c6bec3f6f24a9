"""Writes to accounts and their roles."""

from django.db import transaction

from xuehui.audit.services import audit_record

from .access import forget_scope
from .models import RoleAssignment, User


@transaction.atomic
def user_upsert(
    *, username: str, password: str | None = None, full_name: str = "", email: str = "", actor=None
) -> User:
    """Create the account or update its name and e-mail; a given password replaces the old."""
    user, created = User.objects.get_or_create(username=username)
    user.full_name = full_name or user.full_name
    user.email = email or user.email
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="user_create" if created else "user_update",
        target=user,
        summary=username,
    )
    return user


@transaction.atomic
def role_grant(
    *, user: User, role: str, federation=None, society=None, actor=None
) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        federation=federation,
        society=society,
    )
    if created:
        assignment.full_clean()
        audit_record(
            actor=actor, action="role_grant", target=user, society=society, summary=str(assignment)
        )
    forget_scope(user)
    return assignment
