from functools import cache

from django.http import HttpRequest
from django.urls import reverse

from .links import site_root

# The links of every page's header and footer, by URL name.
NAV = (
    "comparisons:home",
    "comparisons:compare",
    "wizard:start",
    "comparisons:insights",
    "comparisons:use_cases",
    "comparisons:sources",
    "teams:list",
    "logout",
    "login",
    "signup",
    "admin:index",
    "api:index",
)


@cache
def nav_links() -> dict[str, str]:
    """Reversed once per process (the URLconf is fixed while it runs): a dozen `{% url %}`
    tags were a tenth of a signed-in page's rendering time."""
    return {name.replace(":", "_"): reverse(name) for name in NAV}


def site(request: HttpRequest) -> dict:
    """Values every page's <head> needs (the origin of its canonical and OpenGraph links) and
    the header's and footer's links."""
    return {"SITE_ROOT": site_root(request), "nav": nav_links()}
