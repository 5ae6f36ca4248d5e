import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any database failure means "not healthy", never a 500 page
        return False


def _cache_ok() -> bool:
    # A write and a read back: sessions, page cache and rate limits all need both.
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, timeout=10)
        ok = cache.get(key) == value
        cache.delete(key)
        return ok
    except Exception:  # an unreachable Redis raises its own errors; all mean "down"
        return False


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Database and cache reachability, for load balancers: 200 when both work, else 503."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    body = {"status": "ok" if all(checks.values()) else "error"}
    body |= {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
