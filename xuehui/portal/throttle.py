"""Abuse resistance of the public 留言 form without a captcha: counters per client address and
per browser session in Django's cache (shared by every app server when Redis is configured),
a minimum time between showing the form and sending it, and a hidden field people leave empty.
Limits are settings (XUEHUI_FEEDBACK_*)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from xuehui.lib.addresses import client_address

FORM_SHOWN_KEY = "portal_feedback_shown"


def address_hash(address: str) -> str:
    """Kept instead of the address: enough to see that messages came from one place."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _key(kind: str, value: str) -> str:
    return f"portal-feedback:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _over(key: str, limit: int) -> bool:
    return (cache.get(key) or 0) >= limit


def refusal(request) -> str:
    """Why this request may not send a message now ("" when it may)."""
    if _over(_key("address", client_address(request)), settings.XUEHUI_FEEDBACK_PER_ADDRESS):
        return "来自您所在网络的留言过多，请稍后再试。"
    session_key = request.session.session_key or ""
    if not session_key or _over(_key("session", session_key), settings.XUEHUI_FEEDBACK_PER_SESSION):
        return "您提交的留言过多，请稍后再试。" if session_key else "请在留言页面填写后提交。"
    shown = request.session.get(FORM_SHOWN_KEY)
    if (
        not isinstance(shown, int | float)
        or time.time() - shown < settings.XUEHUI_FEEDBACK_MIN_SECONDS
    ):
        return "提交过快，请确认内容后再提交。"
    return ""


def count(request) -> None:
    """Count one attempt against the address and the session (accepted or refused by the form)."""
    window = settings.XUEHUI_FEEDBACK_WINDOW_SECONDS
    keys = [_key("address", client_address(request))]
    if request.session.session_key:
        keys.append(_key("session", request.session.session_key))
    for key in keys:
        if cache.add(key, 1, window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window)


def mark_form_shown(request) -> None:
    """The form page records when it was shown (it creates the session that counts)."""
    request.session[FORM_SHOWN_KEY] = time.time()
