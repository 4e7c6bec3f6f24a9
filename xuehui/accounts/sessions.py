"""Signed-in sessions end after inactivity and after an absolute limit (等保 8.1.4.1), without
writing the session on every request: the expiry (SESSION_COOKIE_AGE from the last activity)
is pushed forward at most once every SESSION_REFRESH_SECONDS, so a page view normally reads
the session and writes nothing; a session older than SESSION_ABSOLUTE_AGE ends whatever the
activity, and the user signs in again."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

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
