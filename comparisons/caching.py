"""Whole-page caching for public catalog pages, keyed by the catalog revision.

Why not Django's per-site cache middleware: it keys on time, not on the data, so an editor's
change would show only after a timeout; here every catalog write bumps the catalog revision
(comparisons/signals.py), so the next request in any worker process misses the cache and renders
fresh. Old entries are simply never read again and expire.

Two halves:

- `cached_public_page(params)` marks a view as cacheable and names the query parameters it reads.
  It gives every answer an ETag, `Vary` and `Cache-Control: no-cache`, so browsers revalidate and
  get a cheap 304, signed in or not.
- `PageCacheMiddleware`, near the top of the stack, answers a repeat anonymous request before the
  rest of the middleware, the URL dispatcher's view and the database see it: one revision read
  from the shared cache, one dictionary lookup, the body already compressed (brotli or gzip) and
  every header the full stack added the first time (CSP, HSTS, ...). A 304 costs the same.

Only anonymous requests are served from and stored in the cache: a signed-in page carries a
CSRF token and the user's name (base.html), and a page with flash messages is personal. Those
render fresh every time, and still get an ETag so a repeat visit can be answered with 304.
"""

import functools
import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from portal.links import site_root

from .models import CatalogRevision

try:  # whitenoise compresses static files with it too; without it, pages go out gzipped
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency; this keeps a broken venv serving
    brotli = None

# Headers the views set themselves and that a cached copy must repeat.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
VARY = ("HX-Request", "HX-History-Restore-Request", "Cookie")
TIMEOUT = 24 * 60 * 60  # a revision's pages are never stale; this only frees memory
MESSAGE_COOKIE = "messages"  # django.contrib.messages' CookieStorage
# Recomputed for every answer, or describe a body other than the one stored.
NOT_STORED = {"content-length", "content-encoding", "etag", "set-cookie", "date", "server"}
LOCAL_BYTES = 32 * 1024 * 1024  # per worker process; entries of older revisions age out first

View = Callable[..., HttpResponse]


def is_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    if htmx is None:  # before HtmxMiddleware ran (the page cache sits above it)
        return _header_true(request, "HX-Request") and not _header_true(
            request, "HX-History-Restore-Request"
        )
    return bool(htmx) and not htmx.history_restore_request


def _header_true(request: HttpRequest, name: str) -> bool:
    # META, not request.headers: that builds a dictionary of every header on first use.
    return request.META.get(_meta_name(name)) == "true"


def _meta_name(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def has_no_personal_cookies(request: HttpRequest) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGE_COOKIE not in request.COOKIES
    )


def is_shareable(request: HttpRequest) -> bool:
    """True when the page is the same for everyone: no session, no pending messages."""
    # Belt and braces: a signed-in page may carry staff-only "Edit this" links.
    return has_no_personal_cookies(request) and not request.user.is_authenticated


# For views whose parameters are data (the wizard's answers): every parameter is in the key.
EVERY_PARAMETER = None


def cache_key(request: HttpRequest, params: Iterable[str] | None, revision: int) -> str:
    # Only the parameters the view reads are part of the key, so tracking tags such as
    # ?utm_source=… share one entry instead of filling the cache. Values keep their
    # multiplicity (a repeated value must still reach the view and get its 400).
    names = request.GET.keys() if params is EVERY_PARAMETER else params
    query = sorted((name, value) for name in names for value in request.GET.getlist(name))
    # Pages print absolute links (canonical, OpenGraph); in development those follow the
    # request's host and port, so a page rendered for one origin must not serve another.
    # A fragment may depend on which element asked for it (the wizard focuses its new step
    # only after "Next" or "Back").
    fragment = is_fragment(request) and (True, request.META.get("HTTP_HX_TRIGGER", ""))
    raw = repr((site_root(request), request.path, query, fragment))
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


def cached_public_page(params: Iterable[str] | None = ()) -> Callable[[View], View]:
    """Mark a public GET view as cached by PageCacheMiddleware, keyed by origin, path, the
    `params` it reads (EVERY_PARAMETER: all), htmx and the catalog revision; every answer gets
    an ETag."""
    params = EVERY_PARAMETER if params is EVERY_PARAMETER else tuple(params)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            shared = is_shareable(request)
            # Read once per request (the middleware may have); exports print it.
            if getattr(request, "catalog_revision", None) is None:
                request.catalog_revision = CatalogRevision.current()
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response  # errors and redirects are cheap and never cached
            etag = etag_for(response.content)
            if shared and not response.cookies:
                # The middleware stores it on the way out, with the headers the stack adds.
                request.page_cache_body = (response.content, etag)
            return _finish(request, response, etag, shared)

        wrapper.page_cache_params = params
        return wrapper

    return decorator


@dataclass(frozen=True)
class Entry:
    """A page as served: its headers and its body in every encoding a browser may ask for."""

    headers: tuple[tuple[str, str], ...]
    etag: str
    bodies: dict[str, bytes]  # "" (identity), "gzip", "br"

    @classmethod
    def of(cls, response: HttpResponse, body: bytes, etag: str) -> "Entry":
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
        )
        return cls(headers=headers, etag=etag, bodies=encodings(body))

    @property
    def size(self) -> int:
        return sum(map(len, self.bodies.values()))


def encodings(body: bytes) -> dict[str, bytes]:
    """`body` as it is ("") and compressed ("gzip", "br"): once per page and revision, not per
    request. No BREACH padding is needed: a cached body holds no secret (no CSRF token,
    nothing personal)."""
    bodies = {"": body, "gzip": gzip.compress(body, compresslevel=6, mtime=0)}
    if brotli is not None:
        bodies["br"] = brotli.compress(body, quality=9)
    return bodies


def preferred_encoding(accept_encoding: str, available) -> str:
    """ "br" or "gzip" when the browser accepts it (and it is stored), else "" (identity)."""
    accepted = set()
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        if params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        accepted.add(name.strip().lower())
    for encoding in ("br", "gzip"):
        if encoding in available and (encoding in accepted or "*" in accepted):
            return encoding
    return ""


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


class LocalPages:
    """A per-process LRU over the shared cache, bounded in bytes. Keys carry the revision, so
    an entry is never stale: after an edit it is simply not asked for again and ages out."""

    def __init__(self, limit: int = LOCAL_BYTES):
        self.limit, self.size = limit, 0
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()  # gthread workers share the process

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if entry.size > self.limit // 4:
            return  # one huge page must not evict everything else
        with self.lock:
            if (old := self.entries.pop(key, None)) is not None:
                self.size -= old.size
            self.entries[key] = entry
            self.size += entry.size
            while self.size > self.limit:
                _, evicted = self.entries.popitem(last=False)
                self.size -= evicted.size


NOT_CACHED = object()


@functools.lru_cache(maxsize=1024)
def page_cache_params(path_info: str):
    """What `cached_public_page` named for the view at this path, or NOT_CACHED. Memoised:
    resolving a path walks every URL pattern, which costs more than the rest of a cache hit."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return NOT_CACHED
    return getattr(match.func, "page_cache_params", NOT_CACHED)


class PageCacheMiddleware:
    """Answers repeat anonymous GETs of cached pages before the rest of the stack runs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalPages()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self.key_for(request)
        if key is not None:
            entry = self.local.get(key)
            if entry is None and (entry := cache.get(key)) is not None:
                self.local.put(key, entry)
            if isinstance(entry, Entry):
                return self.serve(request, entry)
        response = self.get_response(request)
        stored = getattr(request, "page_cache_body", None)
        if (
            key is not None
            and stored is not None
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            entry = Entry.of(response, *stored)
            cache.set(key, entry, TIMEOUT)
            self.local.put(key, entry)
        return response

    def key_for(self, request: HttpRequest) -> str | None:
        """The cache key when this request may be answered from the cache, else None."""
        if request.method != "GET" or not has_no_personal_cookies(request):
            return None
        # A NUL byte gets its 400 from RejectNulMiddleware, never a cached page.
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return None
        params = page_cache_params(request.path_info)
        if params is NOT_CACHED:
            return None
        request.get_host()  # an unknown Host gets its 400 (DisallowedHost), never a page
        request.catalog_revision = revision = CatalogRevision.current()
        return cache_key(request, params, revision)

    def serve(self, request: HttpRequest, entry: Entry) -> HttpResponse:
        encoding = preferred_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""), entry.bodies)
        # A compressed body is a different representation: its validator is weak.
        etag = f"W/{entry.etag}" if encoding else entry.etag
        if etag_matches(request.META.get("HTTP_IF_NONE_MATCH", ""), etag):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry.bodies[encoding])
            if encoding:
                response["Content-Encoding"] = encoding
        for name, value in entry.headers:
            response[name] = value
        response["ETag"] = etag
        patch_vary_headers(response, ("Accept-Encoding",))
        if response.status_code == 304:
            del response["Content-Type"]
        return response
