"""One client address for the lockout, the audit log and the portal: REMOTE_ADDR, or behind
XUEHUI_PROXY_COUNT trusted proxies the hop the nearest one appended (never the client's claim)."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from xuehui.audit.context import AuditAddressMiddleware, current_address
from xuehui.lib.addresses import client_address
from xuehui.portal import throttle


def request(forwarded: str | None = None, remote: str = "10.0.0.2"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.2"),
        (0, "198.51.100.1", "10.0.0.2"),  # no proxy trusted: the header is the client's claim
        (1, None, "10.0.0.2"),
        (1, "198.51.100.1", "198.51.100.1"),  # what the documented nginx sends
        (1, "203.0.113.9, 198.51.100.1", "198.51.100.1"),  # a forged hop on the left is ignored
        (2, "203.0.113.9, 198.51.100.1, 10.0.0.7", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.2"),  # fewer hops than proxies: not through them, not trusted
        (1, " , ", "10.0.0.2"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, proxies, forwarded, expected
):
    settings.XUEHUI_PROXY_COUNT = proxies
    assert client_address(request(forwarded)) == expected


def test_the_lockout_the_audit_log_and_the_portal_count_the_same_address(settings):
    settings.XUEHUI_PROXY_COUNT = 1
    req = request("203.0.113.9, 198.51.100.1", remote="127.0.0.1")
    seen = []
    AuditAddressMiddleware(lambda r: seen.append(current_address()))(req)
    assert get_client_ip_address(req) == "198.51.100.1"
    assert throttle.client_address(req) == "198.51.100.1"
    assert seen == ["198.51.100.1"]
    assert current_address() == ""  # reset after the request
