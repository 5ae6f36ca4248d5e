"""The request type views annotate when they read `request.htmx` (set by django-htmx), and
how the site's own refusals answer requests to the JSON API."""

import functools

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@functools.cache
def _api_root() -> str:
    return reverse("api:api-v1:api-root")


def is_api(request: HttpRequest) -> bool:
    """A request to the JSON API, whose refusals (400, 404) must be JSON as its schema says,
    also when they come from the site's own handlers rather than from the API's views."""
    return request.path_info.startswith(_api_root())


def json_refusal(message: str, status: int) -> HttpResponse:
    """The API's refusal shape: {"detail": message}."""
    return JsonResponse({"detail": message}, status=status)
