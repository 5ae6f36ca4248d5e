"""Rate limits on the shared cache: `limit(request, group, rate)` counts a request and raises
`RateLimited` once the rate is spent; `portal.middleware.RateLimitMiddleware` turns that into a
429 page that says when to retry, with a Retry-After header.

A small helper of our own rather than django-ratelimit: the 429 page and Retry-After need the
moment the window ends, which django-ratelimit does not expose, and limits here are keyed on
more than the address (the account a password reset targets). Counting is one atomic
`add` + `incr` on the cache, so with Redis (REDIS_URL) every worker and every host shares the
same counters.

Windows are fixed, and every request counts in two of them: one aligned on the clock ("5/h"
resets on the hour) and one offset by half a period (resets on the half hour). A request is
refused when either is spent. With one aligned window a burst that straddles the hour would be
split between two counts and could pass at twice the rate; with two, every span of half a
period lies wholly inside one window, so a burst is always counted whole. Over a full period
at most twice the rate can still pass (two bursts half a period apart), which these limits
tolerate; Retry-After never exceeds one period.

Every limit of the portal is listed in RATES, so the README table and the code cannot drift.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest

from .clients import client_ip

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# group: (rate, what it protects). Sign-up and reset cost a password hash or an email each.
RATES = {
    "login-address": ("30/15m", "failed log-ins from one address, any usernames (spraying)"),
    "signup-address": ("10/h", "sign-up attempts from one address"),
    "reset-address": ("10/h", "password-reset requests from one address"),
    "reset-target": ("3/h", "password-reset requests naming one email address"),
    "join-address": ("30/h", "invite-link lookups and joins from one address"),
    "share-address": ("60/m", "share-link lookups from one address"),
    "api-address": ("300/m", "API requests from one address (API_RATE_LIMIT overrides it)"),
}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "5/h", "30/15m": a count per period (an optional multiple of s, m, h or d)."""
        count, period = text.split("/")
        multiple = int(period[:-1]) if len(period) > 1 else 1
        return cls(int(count), multiple * UNITS[period[-1]])


class RateLimited(Exception):
    def __init__(self, group: str, retry_after: int):
        super().__init__(f"rate limit {group} reached; retry in {retry_after}s")
        self.group = group
        self.retry_after = retry_after


def _windows(group: str, key: str, rate: Rate, now: float) -> list[tuple[str, int]]:
    """The cache key of each window `now` falls in, with the seconds until that window ends."""
    # Keys are hashed: user input (an email) never becomes a cache key verbatim.
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    windows = []
    for phase, offset in (("a", 0.0), ("b", rate.seconds / 2)):
        shifted = now - offset
        index = int(shifted // rate.seconds)
        ends_in = max(1, math.ceil(rate.seconds - shifted % rate.seconds))
        windows.append((f"rl:{group}:{digest}:{phase}{index}", ends_in))
    return windows


def rate_for(group: str, rate: str | None) -> Rate:
    return Rate.parse(rate or RATES[group][0])


def _count(cache: BaseCache, key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.add(key, 1, timeout=timeout)
        return 1


def _subject(request: HttpRequest, key: str | None) -> str:
    return (client_ip(request) or "unknown") if key is None else key


def limit(request: HttpRequest, group: str, rate: str | None = None, key: str | None = None):
    """Count this request against `group` (per client address unless `key` is given)."""
    parsed, now = rate_for(group, rate), time.time()
    cache = caches["default"]
    counted = [
        (_count(cache, cache_key, parsed.seconds + 1), ends_in)
        for cache_key, ends_in in _windows(group, _subject(request, key), parsed, now)
    ]
    if any(count > parsed.count for count, _ in counted):
        # Retry once every window that is full has ended, or the next request is refused too.
        raise RateLimited(group, max(ends for count, ends in counted if count >= parsed.count))


def check(request: HttpRequest, group: str, rate: str | None = None, key: str | None = None):
    """Raise RateLimited if the group is already spent, without counting this request."""
    parsed, now = rate_for(group, rate), time.time()
    windows = _windows(group, _subject(request, key), parsed, now)
    counts = caches["default"].get_many([cache_key for cache_key, _ in windows])
    spent = [
        ends_in for cache_key, ends_in in windows if (counts.get(cache_key) or 0) >= parsed.count
    ]
    if spent:
        raise RateLimited(group, max(spent))
