"""Absolute links: the one place that decides which scheme, host and port they carry."""

from django.conf import settings
from django.http import HttpRequest


def site_root(request: HttpRequest) -> str:
    """SITE_URL when set (always in production); in development the request's own origin."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def absolute_url(request: HttpRequest, path: str) -> str:
    """`path` (from reverse() or get_absolute_url()) as an absolute link."""
    return site_root(request) + path
