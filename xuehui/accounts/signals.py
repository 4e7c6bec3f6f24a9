"""Every sign-in, failed sign-in and sign-out goes to the audit log (Django's auth signals)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from xuehui.audit.services import audit_record

from . import lockout, passwords, secondfactor, sessions
from .choices import AccountAction
from .models import User


def _client(request) -> dict:
    if request is None:
        return {}
    return {
        "ip": getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", ""),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


@receiver(user_logged_in, dispatch_uid="accounts_session_started")
def mark_session_start(sender, request, user, **kwargs) -> None:
    """The sign-in writes the session anyway: it records when it began, so the first page after
    it writes nothing (xuehui.accounts.sessions)."""
    if request is not None and hasattr(request, "session"):
        sessions.start(request.session)
        sessions.opened(user, request.session)
        secondfactor.sign_in_noted(request.session, user)
        if passwords.password_expired(user):
            request.session[passwords.PASSWORD_EXPIRED] = True


@receiver(user_logged_in, dispatch_uid="accounts_audit_login")
def record_login(sender, request, user, **kwargs) -> None:
    audit_record(
        actor=user,
        action=AccountAction.LOGIN,
        target=user,
        summary=f"{user.username} 登录",
        detail=_client(request),
    )


@receiver(user_login_failed, dispatch_uid="accounts_audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username") or "")[:150]
    account = User.objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    lockout.address_failure_noted(request)
    audit_record(
        actor=None,
        action=AccountAction.LOGIN_FAILED,
        target=account,
        summary=f"{username or '（未填用户名）'} 登录失败{'，账号已锁定' if locked else ''}",
        detail={**_client(request), "username": username, "locked": locked},
    )


@receiver(user_logged_out, dispatch_uid="accounts_audit_logout")
def record_logout(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.closed(request.session)
    if user is None:
        return
    audit_record(
        actor=user,
        action=AccountAction.LOGOUT,
        target=user,
        summary=f"{user.username} 退出登录",
        detail=_client(request),
    )


@receiver(user_locked_out, dispatch_uid="accounts_lock_noted")
def note_lock(sender, request, username, ip_address, **kwargs) -> None:
    lockout.lock_noted(request, username)
