"""Secrets in URLs (invite, share and password-reset tokens) never reach a log line.

Redaction works on the text of every line, by the shape of the path, not on the request's
resolved URL: a path that resolves to nothing (an extra segment, a missing final slash that
CommonMiddleware answers with a 301, a %00, a CSRF failure before any view) still carries a
live token. LOGGING attaches `RedactSecretsFilter` to every logger that prints a path
(django.request, django.security.csrf, django.server — runserver's access log — and
portal.requests) and to every handler of ours, so any other logger is covered as well.
"""

import logging
import re
from functools import cache

from django.urls import reverse

REDACTED = "[redacted]"
_MARK = "zzsecretzz"
# URL names whose `token` argument is a secret, with their other arguments (the reset link's user
# id), which are matched as any path segment.
SECRET_ROUTES = {
    "teams:join": {},
    "share:view": {},
    "password_reset_confirm": {"uidb64": f"{_MARK}uid"},
}


@cache
def _secret_paths() -> re.Pattern[str]:
    prefixes = []
    for name, others in SECRET_ROUTES.items():
        path = reverse(name, kwargs={"token": f"{_MARK}token", **others})
        prefix = re.escape(path.split(f"{_MARK}token")[0])
        prefixes.append(prefix.replace(re.escape(f"{_MARK}uid"), "[^/?#\\s]*"))
    # The token: everything up to the next path separator, query, space or quote — raw (%00,
    # %2F as written in an access log) or decoded (a NUL byte, as in request.path).
    return re.compile(f"((?:{'|'.join(prefixes)}))[^/?#\\s\"']+", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` with every secret URL argument replaced by [redacted]."""
    return _secret_paths().sub(rf"\1{REDACTED}", text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record's message with URL secrets blanked out ("Gone: /join/[redacted]/")."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
