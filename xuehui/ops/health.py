"""健康检查: the services a request needs, each probed once, timed, and reported as ok or error.

A report carries no exception text (it may hold a host, a user or a path): only the check's
name, its status, the error's class and the milliseconds it took. The full error is logged.
"""

import logging
import secrets
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

logger = logging.getLogger(__name__)
PROBE_TIMEOUT_SECONDS = 2
PROBE_FOLDER = "healthz"


class ProbeFailed(Exception):
    """A service answered, but not what was written to it."""


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise ProbeFailed("cache")
    finally:
        cache.delete(key)
    return "ok"


def check_queue() -> str:
    """The Celery broker (Redis) answers a ping; without REDIS_URL tasks run in-process."""
    url = settings.REDIS_URL
    if not url:
        return "in-process"
    client = redis.Redis.from_url(
        url, socket_timeout=PROBE_TIMEOUT_SECONDS, socket_connect_timeout=PROBE_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def check_storage() -> str:
    content = secrets.token_bytes(16)
    name = default_storage.save(f"{PROBE_FOLDER}/{secrets.token_hex(8)}.bin", ContentFile(content))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != content:
                raise ProbeFailed("storage")
    finally:
        default_storage.delete(name)
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "storage": check_storage,
}


def run_checks() -> dict[str, dict[str, str | float]]:
    """{name: {"status": "ok" | "error", "ms": …, and "mode" or "error"}} for every check."""
    report = {}
    for name, check in CHECKS.items():
        began = time.perf_counter()
        result: dict[str, str | float]
        try:
            mode = check()
        except Exception as error:
            logger.warning("health check %s failed", name, exc_info=True)
            result = {"status": "error", "error": type(error).__name__}
        else:
            result = {"status": "ok"} if mode == "ok" else {"status": "ok", "mode": mode}
        result["ms"] = round((time.perf_counter() - began) * 1000, 1)
        report[name] = result
    return report
