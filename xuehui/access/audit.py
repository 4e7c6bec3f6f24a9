"""Which audit entries an administrator may read: visibility follows the data, not the actor."""

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from xuehui.accounts.choices import SIGN_IN_ACTIONS, AccountAction
from xuehui.audit.models import AuditEntry

from .scope import scope_for
from .users import users_manageable, users_visible

# What happens to an account itself, shown to every administrator who sees the account.
ACCOUNT_OWN_ACTIONS = frozenset({*SIGN_IN_ACTIONS, AccountAction.PASSWORD_CHANGE})


def audit_entries_visible(user) -> QuerySet:
    """Log entries an administrator may read: all for a system administrator; for a 科协
    administrator those about their societies, and of the entries about no society, those
    done by the accounts they manage and the sign-in and password events of the accounts they
    see. What a user serving two 科协 did to another 科协's society stays with that 科协."""
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
