from django.http import HttpRequest

from .links import site_root


def site(request: HttpRequest) -> dict[str, str]:
    """Values every page's <head> needs: the origin of its canonical and OpenGraph links."""
    return {"SITE_ROOT": site_root(request)}
