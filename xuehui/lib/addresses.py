"""The client's address, one rule for the sign-in lockout (django-axes), the audit log and the
portal's throttle: REMOTE_ADDR, or behind XUEHUI_PROXY_COUNT trusted proxies (the documented
nginx: 1) the address the nearest of them appended to X-Forwarded-For. Anything further left in
that header is the client's own claim and never trusted."""

from django.conf import settings


def client_address(request) -> str:
    proxies = settings.XUEHUI_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:64]
    return (request.META.get("REMOTE_ADDR") or "")[:64]
