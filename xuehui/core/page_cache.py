"""What the main pages compute from many rows (the 工作台's counts, the 合规总览's table, a
campaign's progress, 学会名录, a society's year overview), kept across requests (lib.kept) under
the user's scope and the data's version:

- the scope (access.scope_key): two users share an entry only when they reach exactly the same
  (same roles, same 科协 and societies), so a society's secretary never reads a 科协's counts;
- the version (audit.versions.data_version), read from the database once per request: the
  audit chain's head (every service write leaves an audit entry, so a write changes it and the
  next request computes again), today's date (deadlines and ages move with the day) and, for
  pages that read the stored compliance results, their newest computation time.

An entry is kept at most XUEHUI_PAGE_CACHE_SECONDS, in case something changed the records
without going through a service (the Django admin, a shell); 0 keeps nothing.
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from xuehui.access import scope_key
from xuehui.audit.versions import data_version
from xuehui.lib.kept import kept


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
    current data; computed when the cache has none, and kept unless `keep(value)` says not to."""
    text = repr((name, scope_key(user), timezone.localdate().isoformat(), parts))
    return kept(text, lambda: data_version(stored=stored), compute, keep=keep)
