"""Signed-in sessions end after inactivity and after an absolute limit (等保 8.1.4.1), without
writing the session on every request: the expiry (SESSION_COOKIE_AGE from the last activity)
is pushed forward at most once every SESSION_REFRESH_SECONDS, so a page view normally reads
the session and writes nothing; a session older than SESSION_ABSOLUTE_AGE ends whatever the
activity, and the user signs in again."""

import datetime as dt
import time
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone

from .models import SignInSession

STARTED = "_xuehui_started"  # when this sign-in began (seconds since the epoch)
SEEN = "_xuehui_seen"  # when the expiry was last pushed forward


def start(session) -> None:
    session[STARTED] = session[SEEN] = int(time.time())


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # a page that needs no sign-in (the public portal) reads no session
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._touch(request)
        return None

    def _touch(self, request) -> None:
        session, now = request.session, int(time.time())
        started = session.get(STARTED)
        if started is None:  # signed in before this rule, or without the signal
            start(session)
        elif now - started >= settings.SESSION_ABSOLUTE_AGE:
            hours = settings.SESSION_ABSOLUTE_AGE // 3600
            logout(request)
            messages.info(request, f"本次登录已超过{hours}小时，为保障账号安全，请重新登录。")
        elif now - session.get(SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[SEEN] = now  # modified: saved with a fresh expiry and cookie


# ---------------------------------------------------------------- every session of a user
# A sign-in notes its session key (SignInSession), so a password change or reset, or a
# deactivation, deletes the user's other sessions from the store at once instead of leaving
# them to fail Django's session hash check at their next request.


def opened(user, session) -> None:
    """Note the sign-in's session; the user's notes older than any session can live go."""
    too_old = timezone.now() - dt.timedelta(seconds=settings.SESSION_ABSOLUTE_AGE)
    SignInSession.objects.filter(user=user, created_at__lt=too_old).delete()
    if session.session_key:
        SignInSession.objects.update_or_create(
            session_key=session.session_key, defaults={"user": user}
        )


def closed(session) -> None:
    if session.session_key:
        SignInSession.objects.filter(session_key=session.session_key).delete()


def moved(old_key: str | None, session) -> None:
    """The session got a new key (update_session_auth_hash): its note follows it."""
    if old_key and session.session_key:
        SignInSession.objects.filter(session_key=old_key).update(session_key=session.session_key)


def end_all(user, *, keep: str | None = None) -> int:
    """Delete every session of the user except `keep` (the one making the change); how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    records = SignInSession.objects.filter(user=user).exclude(session_key=keep or "")
    keys = list(records.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    records.delete()
    return len(keys)
