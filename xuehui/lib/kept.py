"""Values kept across requests in Django's cache (Redis in production, each process's memory
otherwise) under a text naming what was computed and a version of the data it was computed
from: a request that finds the same version gets the value without computing it again.

The caller names the value (for a page: its name, the user's scope, its filters) and gives the
version as a function, read only when keeping is on (XUEHUI_PAGE_CACHE_SECONDS, 0: keep
nothing); core.page_cache and the to-do registry build on it.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

_MISSING = object()


def kept(
    text: str,
    version: Callable[[], str],
    compute: Callable[[], Any],
    *,
    keep: Callable[[Any], bool] | None = None,
) -> Any:
    """`compute()`'s value for `text` and the data's current `version()`; computed when the
    cache has none, and kept unless `keep(value)` says not to. The version is read before
    computing, so a write committed meanwhile leaves the value under a version no later
    request asks for."""
    seconds = settings.XUEHUI_PAGE_CACHE_SECONDS
    if not seconds:
        return compute()
    named = repr((text, version()))
    key = "page:" + hashlib.sha256(named.encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep is None or keep(value):
            cache.set(key, value, seconds)
    return value
