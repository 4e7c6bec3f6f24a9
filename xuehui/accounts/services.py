"""Writes to accounts and their roles. Every write leaves an audit record; a grant or a
revocation by an actor is checked against the actor's subtree here as well as in the views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from xuehui.access import SYSTEM, can_grant, forget_scope, users_manageable
from xuehui.audit.services import audit_record, audit_unmask, clean_reason
from xuehui.lib.meta import field_label
from xuehui.notifications.choices import NotificationKind
from xuehui.notifications.services import notification_send

from . import sessions
from .choices import AccountAction, Role
from .models import RoleAssignment, User
from .passwords import initial_password, initial_password_hash, password_history_add
from .roles import role_scope
from .selectors import secretaries_of


def _set_initial_password(user: User) -> str:
    password = initial_password()
    user.password = initial_password_hash(password)
    user.must_change_password = True
    return password


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    actor=None,
) -> User:
    """Create the account or update its name, e-mail and phone; a given password replaces the old."""
    user, created = User.objects.get_or_create(username=username)
    user.full_name = full_name or user.full_name
    user.email = email or user.email
    user.phone = phone or user.phone
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action=AccountAction.USER_CREATE if created else AccountAction.USER_UPDATE,
        target=user,
        summary=username,
    )
    return user


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    roles: list[tuple[str, object, object]],
    full_name: str = "",
    email: str = "",
    phone: str = "",
) -> tuple[User, str]:
    """A new account with a random initial password it must change at first sign-in, and its
    roles (role, federation, society). Returns the account and the password, to hand over once."""
    if not roles:
        raise ValidationError("请至少指定一个角色")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用"})
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    password = _set_initial_password(user)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action=AccountAction.USER_CREATE, target=user, summary=username)
    for role, federation, society in roles:
        role_grant(user=user, role=role, federation=federation, society=society, actor=actor)
    return user, password


@transaction.atomic
def user_update(*, user: User, actor, full_name: str, email: str, phone: str) -> User:
    changed = {
        name: value
        for name, value in (("full_name", full_name), ("email", email), ("phone", phone))
        if getattr(user, name) != value
    }
    if not changed:
        return user
    for name, value in changed.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=list(changed))
    audit_record(
        actor=actor,
        action=AccountAction.USER_UPDATE,
        target=user,
        summary=f"{user.username}：修改{'、'.join(field_label(User, n) for n in changed)}",
    )
    return user


@transaction.atomic
def role_grant(
    *, user: User, role: str, federation=None, society=None, actor=None
) -> RoleAssignment:
    """Grant the role (a no-op when held); a 科协 administrator only inside their subtree."""
    federation, society = role_scope(role, federation=federation, society=society)
    if not can_grant(actor, role=role, federation=federation, society=society):
        raise PermissionDenied("您只能授予本科协及下级科协范围内的角色")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        federation=federation,
        society=society,
    )
    if created:
        assignment.full_clean()
        audit_record(
            actor=actor,
            action=AccountAction.ROLE_GRANT,
            target=user,
            society=society,
            summary=str(assignment),
            detail=_assignment_detail(assignment),
        )
    forget_scope(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor) -> None:
    """Take the role away; a 科协 administrator only inside their subtree, never their own
    last administrator role."""
    if not can_grant(
        actor, role=assignment.role, federation=assignment.federation, society=assignment.society
    ):
        raise PermissionDenied("该角色不在您的管辖范围内")
    if (
        actor is not SYSTEM
        and actor.pk == assignment.user_id
        and assignment.role
        in {
            Role.SYSTEM_ADMIN,
            Role.FEDERATION_ADMIN,
        }
    ):
        raise ValidationError("不能撤销自己的管理员角色，请由其他管理员操作")
    user = assignment.user
    audit_record(
        actor=actor,
        action=AccountAction.ROLE_REVOKE,
        target=user,
        society=assignment.society,
        summary=str(assignment),
        detail=_assignment_detail(assignment),
    )
    assignment.delete()
    forget_scope(user)


def _assignment_detail(assignment: RoleAssignment) -> dict:
    return {
        "role": assignment.role,
        "federation": assignment.federation_id,
        "society": assignment.society_id,
    }


@transaction.atomic
def user_deactivate(*, user: User, actor) -> User:
    """Stop the account signing in; its data and roles stay."""
    if actor is not SYSTEM and actor is not None and actor.pk == user.pk:
        raise ValidationError("不能停用自己的账号")
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        sessions.end_all(user)
        audit_record(
            actor=actor, action=AccountAction.USER_DEACTIVATE, target=user, summary=user.username
        )
    return user


def _require_manages(actor, user: User) -> None:
    if actor is not SYSTEM and not users_manageable(actor).filter(pk=user.pk).exists():
        raise PermissionDenied("只有管理该账号的管理员可以进行此操作")


def user_unmask(*, user: User, actor, reason: str) -> dict:
    """The account's full phone number for an administrator who manages the account, the reason
    audited (「显示完整号码」); refused (ValidationError) without a reason."""
    _require_manages(actor, user)
    audit_unmask(
        actor=actor, target=user, society=None, what=user.username, reason=reason, fields=("phone",)
    )
    return {"phone": user.phone}


ANONYMOUS_USER_NAME = "匿名用户"


@transaction.atomic
def user_anonymise(*, user: User, actor, reason: str) -> bool:
    """Remove an account's personal data on request (个人信息保护法, the right to deletion), by
    an administrator who manages it, with a reason; False when done already (nothing written).

    The account is stopped first (its sessions end) and can no longer sign in: the user name
    becomes «anonymised-<编号>», the name «匿名用户», the e-mail and phone are cleared, the
    password made unusable and its history and sign-in locks deleted. Its id stays, so the audit
    log's entries by the account still name one account and the chain is untouched; roles stay
    as the record of who held what. The audit entry names the fields, not their old values."""
    _require_manages(actor, user)
    if actor is not SYSTEM and actor is not None and actor.pk == user.pk:
        raise ValidationError("不能对自己的账号做匿名化处理")
    reason = clean_reason(reason)
    if user.anonymised_at is not None:
        return False
    from axes.utils import reset

    user_deactivate(user=user, actor=actor)
    reset(username=user.username)
    user.username = f"anonymised-{user.pk}"
    user.full_name = ANONYMOUS_USER_NAME
    user.first_name = user.last_name = user.email = user.phone = ""
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save()
    user.password_history.all().delete()
    audit_record(
        actor=actor,
        action=AccountAction.USER_ANONYMISE,
        target=user,
        summary=f"账号{user.pk}的个人信息匿名化（事由：{reason}）",
        detail={
            "reason": reason,
            "fields": ["username", "full_name", "first_name", "last_name", "email", "phone"],
        },
    )
    return True


@transaction.atomic
def user_reactivate(*, user: User, actor) -> User:
    if user.anonymised_at is not None:
        raise ValidationError("该账号的个人信息已匿名化，不能再启用；如需继续使用，请新建账号")
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action=AccountAction.USER_REACTIVATE, target=user, summary=user.username
        )
    return user


@transaction.atomic
def user_unlock(*, user: User, actor) -> int:
    """Lift the sign-in locks of a user name from every address; the count of locks lifted."""
    from axes.utils import reset

    count = reset(username=user.username)
    audit_record(
        actor=actor,
        action=AccountAction.USER_UNLOCK,
        target=user,
        summary=f"{user.username}（解除{count}条登录锁定）",
    )
    return count


@transaction.atomic
def password_reset(*, user: User, actor) -> str:
    """A new random password the user must change at the next sign-in; returned to be handed
    over once, never stored in clear."""
    password = _set_initial_password(user)
    user.save(update_fields=["password", "must_change_password"])
    sessions.end_all(user)
    audit_record(
        actor=actor, action=AccountAction.PASSWORD_RESET, target=user, summary=user.username
    )
    return password


@transaction.atomic
def password_change(*, user: User, password: str, keep_session: str | None = None) -> User:
    """The user's own new password: it lifts the duty to change it, is kept in the history
    (not to be chosen again soon), restarts the expiry clock and ends every other session."""
    user.set_password(password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    password_history_add(user)
    sessions.end_all(user, keep=keep_session)
    audit_record(
        actor=user, action=AccountAction.PASSWORD_CHANGE, target=user, summary=user.username
    )
    return user


def secretaries_notify(
    *, society_id: int, title: str, body: str = "", url: str = "",
    kind: str = NotificationKind.SYSTEM, dedupe_key: str = "", todo_key: str = "",
) -> int:  # fmt: skip
    """Notify every active secretary of a society (each once per `dedupe_key`); the number
    notified."""
    sent = 0
    for user in secretaries_of([society_id]).get(society_id, []):
        sent += notification_send(
            user=user, kind=kind, title=title, body=body, url=url,
            dedupe_key=dedupe_key, todo_key=todo_key,
        ) is not None  # fmt: skip
    return sent
