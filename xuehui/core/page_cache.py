"""What the main pages compute from many rows (the 工作台's counts, the 合规总览's table, a
campaign's progress), kept across requests in Django's cache (Redis in production, each
process's memory otherwise) under the user's scope and the data's version:

- the scope: two users share an entry only when they reach exactly the same (same roles, same
  科协 and societies), so a society's secretary never reads a 科协's counts;
- the version, read from the database once per request: the audit chain's head (every service
  write leaves an audit entry, so a write changes it and the next request computes again),
  today's date (deadlines and ages move with the day) and, for pages that read the stored
  compliance results, their newest computation time (a recomputation is not an audited write).

An entry is kept at most XUEHUI_PAGE_CACHE_SECONDS, in case something changed the records
without going through a service (the Django admin, a shell); 0 keeps nothing.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from xuehui.access import scope_for
from xuehui.audit.chain import HEAD_PK
from xuehui.audit.models import AuditChainHead

_MISSING = object()


def scope_key(user) -> str:
    """The same for two users exactly when they reach the same 科协 and societies in the same
    roles (a stable text: Redis keys are shared between processes)."""
    scope = scope_for(user)
    parts = (
        scope.is_system_admin,
        sorted(scope.admin_federation_ids),
        sorted(scope.viewer_federation_ids),
        sorted(scope.editor_society_ids),
        sorted(scope.expert_society_ids),
        sorted(scope.roles),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def data_version(*, stored: bool = False) -> str:
    """The audit chain's last hash and, with `stored`, the newest stored result's computation
    time, in one query."""
    sql = f"SELECT (SELECT last_hash FROM {AuditChainHead._meta.db_table} WHERE id = %s)"
    if stored:
        from xuehui.rules.models import StoredResult

        sql += f", (SELECT MAX(computed_at) FROM {StoredResult._meta.db_table})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [HEAD_PK])
        row = cursor.fetchone()
    return "|".join(str(value) for value in row)


def cached(
    name: str,
    user,
    parts: tuple,
    compute: Callable[[], Any],
    *,
    stored: bool = False,
    keep: Callable[[Any], bool] | None = None,
) -> Any:
    """`compute()`'s value for this page (`name`, `parts`: its filters), the user's scope and the
    current data; computed when the cache has none, and kept unless `keep(value)` says not to.
    The version is read before computing, so a write committed meanwhile leaves the value
    under a version no later request asks for."""
    seconds = settings.XUEHUI_PAGE_CACHE_SECONDS
    if not seconds:
        return compute()
    version = data_version(stored=stored)
    text = repr((name, scope_key(user), timezone.localdate().isoformat(), version, parts))
    key = "page:" + hashlib.sha256(text.encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep is None or keep(value):
            cache.set(key, value, seconds)
    return value
