"""Forgetting this portal's cache entries without touching anyone else's."""

import re

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

_GLOB_SPECIAL = re.compile(r"([\\*?\[\]])")


def clear_own_entries(cache: BaseCache) -> None:
    """Delete every entry of `cache` that belongs to this portal.

    On Redis, `cache.clear()` is FLUSHDB: it empties the whole Redis database, whatever the
    KEY_PREFIX, and so also other applications' data on a shared Redis. Only keys under this
    portal's prefix (every key Django writes for it is "<KEY_PREFIX>:<version>:<key>") are
    deleted instead, in batches found with SCAN, which never blocks Redis the way KEYS does.
    The other backends hold only the portal's own entries: their clear() is exact.
    """
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    pattern = _GLOB_SPECIAL.sub(r"\\\1", cache.key_prefix) + ":*"
    batch: list[bytes] = []
    for key in client.scan_iter(match=pattern, count=1000):
        batch.append(key)
        if len(batch) == 1000:
            client.delete(*batch)
            batch.clear()
    if batch:
        client.delete(*batch)
