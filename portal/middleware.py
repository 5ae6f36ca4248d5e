"""Site-wide request and response rules that no single view should have to remember."""

import math
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .ratelimit import RateLimited

Handler = Callable[[HttpRequest], HttpResponse]


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
