"""Who is asking: the client's address behind a known number of reverse proxies, and the
username a log-in claims, cut to a length that is safe to store and log.

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
with PROXY_COUNT=N proxies the client is the N-th entry counted from the right. Everything to
the left of it was sent by the client and may be forged; it is never read. With PROXY_COUNT=0
(the app faces the internet) the header is ignored and REMOTE_ADDR is the client.

django-ipware's `proxy_count` counts differently (it expects the nearest proxy in the header
as well, and answers None for the common single-nginx setup, which would pool every visitor
under one address), so django-axes is pointed at this function instead (AXES_CLIENT_IP_CALLABLE).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when there is none to trust (a request built in code).

    None rather than a placeholder: django-axes stores the address in an inet column on
    PostgreSQL, which refuses anything that is not an address.
    """
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        # The request did not pass through every proxy (or they are misconfigured): the only
        # address we can vouch for is the one that connected to us.
        return remote
    return _valid(entries[-proxies]) or remote


# Django's User.username holds 150 characters; nothing longer can name an account.
USERNAME_MAX = 150


def shorten(text: object, limit: int = USERNAME_MAX) -> str:
    """User input made safe for a log line: bounded, one line, no NUL."""
    value = str(text).replace("\x00", "").replace("\n", " ").replace("\r", " ")
    return value if len(value) <= limit else value[:limit] + "…"


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username django-axes records for an attempt (its column is a varchar(255))."""
    source = credentials if credentials else getattr(request, "POST", {})
    return shorten(source.get("username") or "", USERNAME_MAX)
