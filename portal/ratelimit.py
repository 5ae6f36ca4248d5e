"""Rate limits on the shared cache: `limit(request, group, rate)` counts a request and raises
`RateLimited` once the rate is spent; `portal.middleware.RateLimitMiddleware` turns that into a
429 page that says when to retry, with a Retry-After header.

A small helper of our own rather than django-ratelimit: the 429 page and Retry-After need the
moment the window ends, which django-ratelimit does not expose, and limits here are keyed on
more than the address (the account a password reset targets). Counting is one atomic
`add` + `incr` on the cache, so with Redis (REDIS_URL) every worker and every host shares the
same counters. Windows are fixed and aligned on the clock ("5/h" resets on the hour): at most
twice the rate can pass around a boundary, which these limits tolerate.

Every limit of the portal is listed in RATES, so the README table and the code cannot drift.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import caches
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


def _cache_key(group: str, key: str, rate: Rate, now: float) -> str:
    # Keys are hashed: user input (an email) never becomes a cache key verbatim.
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"rl:{group}:{digest}:{int(now // rate.seconds)}"


def _retry_after(rate: Rate, now: float) -> int:
    return max(1, int(rate.seconds - now % rate.seconds))


def rate_for(group: str, rate: str | None) -> Rate:
    return Rate.parse(rate or RATES[group][0])


def limit(request: HttpRequest, group: str, rate: str | None = None, key: str | None = None):
    """Count this request against `group` (per client address unless `key` is given)."""
    parsed, now = rate_for(group, rate), time.time()
    cache_key = _cache_key(
        group, (client_ip(request) or "unknown") if key is None else key, parsed, now
    )
    cache = caches["default"]
    cache.add(cache_key, 0, timeout=parsed.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.add(cache_key, 1, timeout=parsed.seconds + 1)
        count = 1
    if count > parsed.count:
        raise RateLimited(group, _retry_after(parsed, now))


def check(request: HttpRequest, group: str, rate: str | None = None, key: str | None = None):
    """Raise RateLimited if the group is already spent, without counting this request."""
    parsed, now = rate_for(group, rate), time.time()
    cache_key = _cache_key(
        group, (client_ip(request) or "unknown") if key is None else key, parsed, now
    )
    if (caches["default"].get(cache_key) or 0) >= parsed.count:
        raise RateLimited(group, _retry_after(parsed, now))
