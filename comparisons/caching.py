"""Whole-page caching for public catalog pages, keyed by the catalog revision.

Why not Django's per-site cache middleware: it keys on time, not on the data, so an editor's
change would show only after a timeout; here every catalog write bumps `CatalogRevision` in the
database (comparisons/signals.py), so the next request in any worker process misses the cache
and renders fresh. Old entries are simply never read again and expire.

Only anonymous requests are served from and stored in the cache: a signed-in page carries a
CSRF token and the user's name (base.html), and a page with flash messages is personal. Those
render fresh every time, and still get an ETag so a repeat visit can be answered with 304.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from portal.links import site_root

from .models import CatalogRevision

# Headers the views set themselves and that a cached copy must repeat.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
VARY = ("HX-Request", "HX-History-Restore-Request", "Cookie")
TIMEOUT = 24 * 60 * 60  # a revision's pages are never stale; this only frees memory
MESSAGE_COOKIE = "messages"  # django.contrib.messages' CookieStorage

View = Callable[..., HttpResponse]


def is_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def is_shareable(request: HttpRequest) -> bool:
    """True when the page is the same for everyone: no session, no pending messages."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGE_COOKIE not in request.COOKIES
        # Belt and braces: a signed-in page may carry staff-only "Edit this" links.
        and not request.user.is_authenticated
    )


def cache_key(request: HttpRequest, params: Iterable[str], revision: int) -> str:
    # Only the parameters the view reads are part of the key, so tracking tags such as
    # ?utm_source=… share one entry instead of filling the cache. Values keep their
    # multiplicity (a repeated value must still reach the view and get its 400).
    query = sorted((name, value) for name in params for value in request.GET.getlist(name))
    # Pages print absolute links (canonical, OpenGraph); in development those follow the
    # request's host and port, so a page rendered for one origin must not serve another.
    raw = repr((site_root(request), request.path, query, is_fragment(request)))
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page:{revision}:{digest}"


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _finish(request: HttpRequest, response: HttpResponse, etag: str, shared: bool):
    response["ETag"] = etag
    patch_vary_headers(response, VARY)
    # no-cache: browsers may keep the page but must ask again, and get a cheap 304.
    patch_cache_control(response, no_cache=True, **({} if shared else {"private": True}))
    return get_conditional_response(request, etag=etag, response=response)


def cached_public_page(params: Iterable[str] = ()) -> Callable[[View], View]:
    """Serve a public GET view from the cache, keyed by origin, path, params, htmx, revision."""
    params = tuple(params)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            shared = is_shareable(request)
            # Read once per request; views that print the revision (exports) reuse it.
            request.catalog_revision = revision = CatalogRevision.current()
            key = cache_key(request, params, revision) if shared else ""
            if shared and (hit := cache.get(key)) is not None:
                response = HttpResponse(hit["content"])
                for header, value in hit["headers"]:
                    response[header] = value
                return _finish(request, response, hit["etag"], shared)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response  # errors and redirects are cheap and never cached
            etag = etag_for(response.content)
            if shared and not response.cookies:
                headers = [(h, response[h]) for h in KEPT_HEADERS if response.has_header(h)]
                cache.set(
                    key,
                    {"content": response.content, "headers": headers, "etag": etag},
                    TIMEOUT,
                )
            return _finish(request, response, etag, shared)

        return wrapper

    return decorator
