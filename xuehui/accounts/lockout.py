"""Sign-in throttling that an outsider cannot turn against a user (W7, 等保 8.1.4.1).

- Failed sign-ins are counted per user name *and* address (django-axes with the parameter
  pair): ten failures lock that user name from that address only, so a stranger elsewhere
  cannot keep the owner out of their own office.
- Each further lock of the same name and address lasts twice as long (15 minutes, 30, 60 …
  up to a day): a slow guesser is slowed down more and more.
- Failures from one address across all user names are counted too (password spraying):
  past `XUEHUI_LOGIN_ADDRESS_LIMIT` in an hour that address may not try again for the hour.
- An administrator sees locked accounts and unlocks them in user management (audited).
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache

LOCKS_KEY = "signin-locks:{username}:{address}"
CURRENT_KEY = "signin-locked:{username}:{address}"
ADDRESS_KEY = "signin-failures:{address}"
DAY = 24 * 60 * 60


def _address(request) -> str:
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")


def _username(request) -> str:
    return str(request.POST.get("username", "") if request is not None else "")[:150]


def locks_today(request) -> int:
    """How often this user name was locked from this address in the last day (this lock too)."""
    return cache.get(LOCKS_KEY.format(username=_username(request), address=_address(request)), 0)


def cool_off(request=None) -> dt.timedelta:
    """How long a lock lasts: the base time, doubled for every earlier lock in the last day."""
    base = dt.timedelta(minutes=settings.XUEHUI_LOCKOUT_MINUTES)
    if request is None:
        return base
    earlier = max(locks_today(request) - 1, 0)
    return min(base * (2 ** min(earlier, 10)), dt.timedelta(days=1))


def lock_noted(request, username: str) -> None:
    """Count a lock once, however many refused attempts axes reports while it lasts."""
    names = {"username": str(username)[:150], "address": _address(request)}
    if not cache.add(CURRENT_KEY.format(**names), 1, int(cool_off(request).total_seconds())):
        return
    key = LOCKS_KEY.format(**names)
    cache.add(key, 0, DAY)
    cache.incr(key)
    cache.touch(CURRENT_KEY.format(**names), int(cool_off(request).total_seconds()))


def address_failure_noted(request) -> None:
    if request is None:
        return
    key = ADDRESS_KEY.format(address=_address(request))
    cache.add(key, 0, 60 * 60)
    cache.incr(key)


def address_blocked(request) -> bool:
    limit = settings.XUEHUI_LOGIN_ADDRESS_LIMIT
    return cache.get(ADDRESS_KEY.format(address=_address(request)), 0) >= limit


def locked_attempts(usernames=None):
    """The current locks (user name, address, failures, since), newest first."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    return attempts.order_by("-attempt_time")
