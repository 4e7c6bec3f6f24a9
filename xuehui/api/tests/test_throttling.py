"""Rate limits (issue 17 §7): per account across its tokens, per client address without a
valid token (the address behind the documented proxy, not what the client claims), in the
shared cache; 429 with Retry-After and a Chinese reason, exactly past the rate."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from rest_framework.test import APIClient

from xuehui.access import SYSTEM
from xuehui.api.services import token_issue

from .conftest import client_with

SOCIETIES = "/api/societies/"


@pytest.fixture(autouse=True)
def low_rates(settings):
    settings.XUEHUI_API_RATE_USER = "3/minute"
    settings.XUEHUI_API_RATE_ANON = "2/minute"


def _statuses(client, n: int, path: str = SOCIETIES, **extra) -> list[int]:
    return [client.get(path, **extra).status_code for _ in range(n)]


def test_an_account_gets_its_rate_and_then_429_with_retry_after(secretary_a):
    client = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    assert _statuses(client, 3) == [200, 200, 200]
    response = client.get(SOCIETIES)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "请求过于频繁" in response.json()["detail"]
    assert f"{response['Retry-After']}秒后重试" in response.json()["detail"]


def test_an_accounts_tokens_share_its_count(secretary_a):
    first = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    second = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    assert _statuses(first, 2) + _statuses(second, 2) == [200, 200, 200, 429]


def test_accounts_are_counted_apart(secretary_a, secretary_b):
    a = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    b = client_with(token_issue(user=secretary_b, actor=SYSTEM)[1])
    assert _statuses(a, 4) == [200, 200, 200, 429]
    assert _statuses(b, 1) == [200]


def test_the_count_lives_in_the_shared_cache(secretary_a):
    """Workers share Django's cache (Redis in production): clearing it resets the count."""
    client = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    assert _statuses(client, 4)[-1] == 429
    cache.clear()
    assert _statuses(client, 1) == [200]


def test_no_limit_when_the_rate_is_empty(settings, secretary_a):
    settings.XUEHUI_API_RATE_USER = ""
    client = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    assert set(_statuses(client, 6)) == {200}


def test_anonymous_requests_are_counted_per_address(db):
    client = APIClient()
    assert _statuses(client, 3, "/api/schema/") == [200, 200, 429]
    other = {"REMOTE_ADDR": "10.0.0.9"}
    assert _statuses(client, 1, "/api/schema/", **other) == [200]


def test_behind_the_proxy_the_address_is_the_one_nginx_appended(settings, db):
    settings.XUEHUI_PROXY_COUNT = 1
    client = APIClient()
    # The client's own claims (left of the proxy's entry) change nothing.
    statuses = [
        client.get("/api/schema/", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.5").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = client.get("/api/schema/", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response.status_code == 200


def test_refused_keys_count_against_their_address(secretary_a):
    client = client_with("xh_000000000000_guess")
    assert _statuses(client, 3) == [401, 401, 429]
    assert "请求过于频繁" in client.get(SOCIETIES).json()["detail"]
    # A valid token from the same address is counted by its account, not the address.
    valid = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
    assert _statuses(valid, 1) == [200]


@pytest.mark.parametrize("rate", ["lots", "10/fortnight", "0/minute", "10 / minute"])
def test_a_rate_drf_cannot_read_fails_the_check(settings, rate):
    settings.XUEHUI_API_RATE_USER = rate
    with pytest.raises(SystemCheckError, match="XUEHUI_API_RATE_USER"):
        call_command("check")
