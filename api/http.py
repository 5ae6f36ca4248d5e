"""What every API answer shares with the public pages: caching by catalog revision, a rate
limit per client address, and CORS for reading from any origin.

- ETag: the catalog revision and the API's own schema digest. Every catalog write bumps the
  revision (comparisons/signals.py) and a deploy that changes a response shape changes the
  schema digest, so a client revalidating with If-None-Match gets 304 exactly while its copy
  is current — and a 304 costs no catalog read at all.
- Cache-Control: public, max-age=MAX_AGE. The API is the same for everyone (no cookies, no
  session), so browsers and shared caches may keep it; after an edit a cache may serve the
  old answer for up to MAX_AGE seconds, then revalidates.
- The body of a 200 is kept in the shared cache per revision, origin, path and query, plain
  and compressed, so a repeat request neither rebuilds nor recompresses it (the page cache
  does the same for pages).
- Access-Control-Allow-Origin: * without credentials: any web page may read the catalog, and
  no browser sends or exposes cookies to it, so nothing personal can leak.
"""

import functools
import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

from comparisons.caching import encodings, etag_matches, preferred_encoding
from comparisons.models import CatalogRevision
from portal.http import is_api
from portal.links import site_root
from portal.ratelimit import RateLimited, limit

MAX_AGE = 60
BODY_TIMEOUT = 24 * 60 * 60  # keyed by revision, so never stale; this only frees memory
JSON = "application/json; charset=utf-8"
RATE_GROUP = "api-address"

View = Callable[..., HttpResponse]


def allow_any_origin(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    # So a script on another origin can read the validator and the back-off it is given.
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    # The answer is the same for everyone: the signed-in rule (no-store) must not apply.
    response.shared_by_everyone = True
    return response


def json_response(data: object, status: int) -> HttpResponse:
    return HttpResponse(json.dumps(data), status=status, content_type=JSON)


def count_request(request: HttpRequest) -> HttpResponse | None:
    """Count the request against the per-address limit; a 429 with Retry-After once spent."""
    try:
        limit(request, RATE_GROUP, settings.API_RATE_LIMIT or None)
    except RateLimited as error:
        response = json_response(
            {"detail": f"Too many requests: try again in {error.retry_after} seconds."}, 429
        )
        response["Retry-After"] = str(error.retry_after)
        return allow_any_origin(response)
    return None


@functools.cache
def schema_digest() -> str:
    """A digest of the OpenAPI document (without its examples, which are data): it changes
    when a response shape does."""
    from .v1 import api  # the API module applies this module's decorators

    schema = api.get_openapi_schema(path_prefix="/", examples=False)
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()[:16]


def etag_for(revision: int) -> str:
    return f'"{revision}-{schema_digest()}"'


def body_key(request: HttpRequest, revision: int) -> str:
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = repr((site_root(request), request.path, query))
    return f"api:{revision}:{hashlib.sha256(raw.encode()).hexdigest()}"


def public_get(view: View) -> View:
    """A read-only API answer: rate limited, ETag by catalog revision, 304, public caching,
    readable from any origin."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (refused := count_request(request)) is not None:
            return refused
        request.catalog_revision = revision = CatalogRevision.current()
        etag = etag_for(revision)
        if etag_matches(request.META.get("HTTP_IF_NONE_MATCH", ""), etag):
            response = HttpResponseNotModified()
        else:
            key = body_key(request, revision)
            bodies = cache.get(key)
            if bodies is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return allow_any_origin(response)  # refusals are cheap and never kept
                bodies = encodings(response.content)
                cache.set(key, bodies, BODY_TIMEOUT)
            accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
            encoding = preferred_encoding(accepted, bodies)
            response = HttpResponse(bodies[encoding], content_type=JSON)
            if encoding:  # compressed once per revision; GZipMiddleware leaves it alone
                response["Content-Encoding"] = encoding
                etag = f"W/{etag}"  # another representation of the same answer
        patch_vary_headers(response, ("Accept-Encoding",))
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return allow_any_origin(response)

    return wrapper


def counted(view: View) -> View:
    """A computed API answer (POST): rate limited like the reads, and never cached."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (refused := count_request(request)) is not None:
            return refused
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_store=True)
        return response

    return wrapper


class HeadAsGetMiddleware:
    """HEAD of an API read answers as its GET does, as `require_safe` pages do.

    django-ninja routes HEAD to no operation (405), and listing it beside each GET would put a
    second operation with the same id into the OpenAPI document.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD" or not is_api(request):
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        request.method = "HEAD"
        if not response.streaming:
            response.content = b""  # the headers (ETag, caching, CORS) as for the GET
        return response
