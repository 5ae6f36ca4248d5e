from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Values every page's <head> needs (canonical and OpenGraph links)."""
    return {"SITE_URL": settings.SITE_URL}
