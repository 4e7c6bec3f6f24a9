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


REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_the_count_is_kept_in_redis_where_every_worker_reads_it(settings, secretary_a):
    """As in production (REDIS_URL): the count lives in Redis, not in the process. A second
    connection of its own, as another gunicorn worker would open, sees this worker's count,
    and a request answered after it is counted against the same limit."""
    from uuid import uuid4

    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    prefix = f"throttle-test-{uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    caches.close_all()
    other_worker = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    try:
        client = client_with(token_issue(user=secretary_a, actor=SYSTEM)[1])
        assert _statuses(client, 2) == [200, 200]
        [key] = [
            k.decode().split(":", 2)[-1]
            for k in other_worker._cache.get_client().keys(f"{prefix}:*throttle*")
        ]
        assert len(other_worker.get(key)) == 2  # this worker's two requests, seen from another
        other_worker.set(key, other_worker.get(key) * 2, 60)  # two more, answered elsewhere
        assert _statuses(client, 1) == [429]
        other_worker.delete(key)
        assert _statuses(client, 1) == [200]
    finally:
        other_worker._cache.get_client().delete(
            *other_worker._cache.get_client().keys(f"{prefix}:*") or [f"{prefix}:none"]
        )
        caches.close_all()
