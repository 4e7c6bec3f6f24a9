"""Issuing, revoking and checking API tokens (接口令牌); every issue and revocation audited."""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from xuehui.accounts.passwords import password_expired
from xuehui.accounts.secondfactor import enrolled, required_for
from xuehui.audit.services import audit_record

from .choices import TokenAction
from .models import ApiToken

KEY_START = "xh"
MAX_DAYS = 3650


def key_digest(key: str) -> str:
    """The SHA-256 of a key: keys are long and random, so a fast hash is safe to store."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key: str) -> str | None:
    """The prefix a key starts with (`xh_<prefix>_<secret>`), None for text of another shape."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_START or not parts[1] or not parts[2]:
        return None
    return parts[1]


def token_issue(
    *, user, actor, days: int | None = None, name: str = "", max_days: int = MAX_DAYS
) -> tuple[ApiToken, str]:
    """A new token of `user` for `name` (what it is for), valid `days` (XUEHUI_API_TOKEN_DAYS
    by default, at most `max_days`); returns the row and the key, which is shown once and never
    stored."""
    days = settings.XUEHUI_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= max_days:
        raise ValidationError(f"有效天数应在1到{max_days}天之间")
    if not user.is_active:
        raise ValidationError("该账号已停用，不能签发接口令牌")
    prefix = secrets.token_hex(6)
    key = f"{KEY_START}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=name.strip(),
            prefix=prefix,
            key_hash=key_digest(key),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=actor,
            action=TokenAction.CREATE,
            target=token,
            summary=f"为{user.get_username()}签发接口令牌{prefix}…"
            + (f"（{token.name}）" if token.name else "")
            + f"，有效期{days}天",
            detail={"user": user.pk, "prefix": prefix, "days": days, "name": token.name},
        )
    return token, key


def token_revoke(*, token: ApiToken, actor) -> bool:
    """Revoke `token` now; False (and nothing written) if it was revoked already."""
    with transaction.atomic():
        now = timezone.now()
        if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
            return False
        token.revoked_at = now
        audit_record(
            actor=actor,
            action=TokenAction.REVOKE,
            target=token,
            summary=f"吊销{token.user.get_username()}的接口令牌{token.prefix}…",
            detail={"user": token.user_id, "prefix": token.prefix},
        )
    return True


def token_revoke_all(*, user, actor) -> int:
    """Revoke every live token of `user`; how many were revoked."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True).select_related("user")
    return sum(token_revoke(token=token, actor=actor) for token in live)


class TokenRefused(Exception):
    """Why a key does not authenticate, in Chinese."""


def token_check(key: str) -> ApiToken:
    """The live token `key` names, its use recorded (at most once a minute); TokenRefused
    otherwise, saying why."""
    prefix = key_prefix(key)
    token = (
        ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
    )
    if token is None or not hmac.compare_digest(token.key_hash, key_digest(key)):
        raise TokenRefused("接口令牌无效")
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused("接口令牌已被吊销，请向科协管理员申请新的令牌")
    if now >= token.expires_at:
        raise TokenRefused("接口令牌已过期，请向科协管理员申请新的令牌")
    if not token.user.is_active:
        raise TokenRefused("该账号已停用，接口令牌不可使用")
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def account_step_owed(user) -> str | None:
    """Why the account may not use the API until its owner signs in to the pages, in Chinese
    (the sign-in steps that concern the account itself: a password past its age, a second
    factor an administrator must set up); None when it may."""
    if password_expired(user):
        return "该账号的密码已过期：请先登录网页修改密码，接口令牌随后恢复可用"
    if required_for(user) and not enrolled(user):
        return "管理员账号须先启用二次验证：请登录网页设置身份验证器，接口令牌随后恢复可用"
    return None
