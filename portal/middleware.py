"""Site-wide request and response rules that no single view should have to remember."""

import logging
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .clients import shorten
from .http import is_api, json_refusal
from .logs import redact
from .ratelimit import RateLimited

Handler = Callable[[HttpRequest], HttpResponse]
request_logger = logging.getLogger("portal.requests")


class RequestLogMiddleware:
    """One line per request on stdout: method, path (secrets redacted), status, duration."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        # Redacted before it is escaped: a token with %00 in it is still one path segment.
        path = redact(request.path)
        request_logger.info(
            "%s %s %s %.1fms",
            request.method[:16],
            path.encode("unicode_escape").decode("ascii")[:500],
            response.status_code,
            duration_ms,
        )
        return response


def validates_own_query(view):
    """Marks a view that gives its own, more specific 400 for a NUL in its query string."""
    view.validates_own_query = True
    return view


def _first_with_nul(data) -> str | None:
    for name, values in data.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name
    return None


class RejectNulMiddleware:
    """400 for a NUL byte in the path, a query parameter or a form field.

    No text column can hold one: PostgreSQL refuses NUL in text outright, so a lookup or a save
    with one raises DataError, a 500. Refusing it at the door protects every view and the
    admin's list filters (`?outcome_slug=%00`) alike, instead of each form remembering to.
    Invalid UTF-8 needs no rule: Django decodes it to U+FFFD, which every database stores.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            return refuse(request, "The address contains control characters.")
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        # The API reads its own JSON body (request.body): parsing it here as a form would
        # consume the stream first. It stores nothing, so a NUL there reaches no database.
        form_post = request.method == "POST" and not is_api(request)
        checked = [request.POST] if form_post else []
        if not getattr(view_func, "validates_own_query", False):
            checked.append(request.GET)
        for data in checked:
            if (name := _first_with_nul(data)) is not None:
                return refuse(request, f"“{shorten(name, 40)}” contains control characters.")
        return None


def refuse(request: HttpRequest, message: str) -> HttpResponse:
    if is_api(request):
        return json_refusal(message, 400)
    return render(request, "400.html", {"message": message}, status=400)


class SecurityHeadersMiddleware:
    """Headers Django has no setting for: Cross-Origin-Resource-Policy on every response, and
    `Cache-Control: no-store` on every page of a signed-in person and on all team and account
    pages, so no shared or browser cache keeps a team's data or an export.

    Public pages for anonymous visitors keep the revalidating cache of comparisons/caching.py;
    API answers (api/http.py) are the same for everyone and keep their public caching.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response
        self._private_prefixes: tuple[str, ...] | None = None

    def private_prefixes(self) -> tuple[str, ...]:
        if self._private_prefixes is None:
            self._private_prefixes = (
                reverse("teams:list"),
                reverse("teams:join", args=["x"]).removesuffix("x/"),
                reverse("login").removesuffix("login/"),
                reverse("share:view", args=["x"]).removesuffix("x/"),
            )
        return self._private_prefixes

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Also on answers that end before XFrameOptionsMiddleware runs (static files, a 400).
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if getattr(response, "shared_by_everyone", False):
            return response  # the API: the same for everyone, never read from the session
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith(self.private_prefixes()):
            add_never_cache_headers(response)
        return response


class SessionIdleMiddleware:
    """Sessions end after a period without use: SESSION_IDLE_SECONDS for members, the shorter
    SESSION_IDLE_SECONDS_STAFF for staff (they can edit the catalog).

    The session's expiry is pushed forward at most once per SESSION_IDLE_REFRESH_SECONDS, so a
    busy visitor does not cost a session write on every request.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request):
            # The API reads no session: touching it would load it (a query), send a cookie and
            # `Vary: Cookie` with answers that shared caches may keep for everyone.
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idle = settings.SESSION_IDLE_SECONDS_STAFF if user.is_staff else None
            idle = idle or settings.SESSION_IDLE_SECONDS
            now = int(time.time())
            stale = now - request.session.get("seen", 0) >= settings.SESSION_IDLE_REFRESH_SECONDS
            if stale or request.session.get("_session_expiry") != idle:
                request.session.set_expiry(idle)
                request.session["seen"] = now
        return self.get_response(request)


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    minutes = math.ceil(retry_after / 60)
    context = {"retry_after": retry_after, "minutes": minutes, "page_title": "Too many requests"}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Answers a spent rate limit (RateLimited, raised by portal.ratelimit) with a 429 page, and
    adds Retry-After to django-axes' lock-out page, which leaves it out."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 429 and "Retry-After" not in response:
            # The lock-out lasts AXES_COOLOFF_TIME hours from the last counted failure.
            response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME * 3600))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception.retry_after)
        return None
