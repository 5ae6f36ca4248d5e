"""A stand-in for portal.ratelimit (being built alongside): the same `limit()` call and
`RateLimited` exception, so the share view switches over by changing one import.

Counting is an atomic `add` + `incr` on the default cache (Redis in production, shared by every
worker and host); windows are fixed and aligned on the clock, so at most twice the rate passes
around a window boundary, which a lookup limit tolerates.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

# group: (count, seconds)
RATES = {"share-address": (60, 60)}


class RateLimited(Exception):
    def __init__(self, group: str, retry_after: int):
        super().__init__(f"rate limit {group} reached; retry in {retry_after}s")
        self.group = group
        self.retry_after = retry_after


def limit(request: HttpRequest, group: str) -> None:
    """Count this request against `group` per client address; raise RateLimited past the rate."""
    count, seconds = RATES[group]
    now = time.time()
    key = f"rl:{group}:{request.META.get('REMOTE_ADDR', 'unknown')}:{int(now // seconds)}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.add(key, 1, timeout=seconds + 1)
        used = 1
    if used > count:
        raise RateLimited(group, max(1, int(seconds - now % seconds)))
