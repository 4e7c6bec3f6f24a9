"""Where an audited write comes from: the client address of the request being served.

`AuditAddressMiddleware` sets it for the request (the address as the settings resolve it:
xuehui.lib.addresses: REMOTE_ADDR, or X-Forwarded-For behind XUEHUI_PROXY_COUNT trusted proxies,
the address the lockout counts); every entry written meanwhile
records it. Commands and background tasks have none (empty)."""

import contextvars

from xuehui.lib.addresses import client_address

_address: contextvars.ContextVar[str] = contextvars.ContextVar("audit_address", default="")


def current_address() -> str:
    return _address.get()


class AuditAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)
