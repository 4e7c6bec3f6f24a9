"""Rate limits of the API (DRF throttling): each account (all its tokens and its session
together, so more tokens buy no more requests) and each client address without a valid token,
counted in the Django cache, which production shares between the workers (Redis). The address
is the platform's one client address (xuehui.lib.addresses), so behind the documented nginx
every client has its own count. A key that does not authenticate counts against its address
too, so guessing keys is slowed like any other anonymous request.

The rates are settings (XUEHUI_API_RATE_USER, XUEHUI_API_RATE_ANON, e.g. "120/minute"; empty:
no limit), read on every request. Over the limit: 429 with Retry-After and a Chinese detail."""

from django.conf import settings
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle

from xuehui.lib.addresses import client_address


class RateLimited(exceptions.Throttled):
    default_detail = "请求过于频繁，已超过数据接口的访问频率限制。"
    extra_detail_singular = extra_detail_plural = "请在{wait}秒后重试。"


class UserRateThrottle(SimpleRateThrottle):
    """Requests of one account, whichever of its tokens (or its session) sends them."""

    scope = "user"

    def get_rate(self) -> str | None:
        return settings.XUEHUI_API_RATE_USER or None

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AddressRateThrottle(SimpleRateThrottle):
    """Requests without a valid token (the schema, the documentation, refused keys), per
    client address."""

    scope = "anon"

    def get_rate(self) -> str | None:
        return settings.XUEHUI_API_RATE_ANON or None

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.address_key(request)

    def address_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class _RefusedKeyThrottle(AddressRateThrottle):
    """The address's count, taken while authenticating (the user is not known yet)."""

    def get_cache_key(self, request, view) -> str | None:
        return self.address_key(request)


def refused_key_counted(request) -> None:
    """Count a key that did not authenticate against its address; 429 once over the rate."""
    throttle = _RefusedKeyThrottle()
    if not throttle.allow_request(request, None):
        raise RateLimited(wait=throttle.wait())
