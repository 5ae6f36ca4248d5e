"""Logging helpers with no Django imports of weight, so LOGGING can name them at start-up."""

import logging

from django.http import HttpRequest

# URL arguments that are secrets (invite tokens, share tokens): never written to a log.
SECRET_URL_ARGUMENTS = ("token",)
REDACTED = "[redacted]"


def redact(request: HttpRequest, text: str) -> str:
    """`text` (usually the path) with the secret URL arguments of `request` blanked out."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return text
    for name, value in match.kwargs.items():
        if name in SECRET_URL_ARGUMENTS and isinstance(value, str) and value:
            text = text.replace(value, REDACTED)
    return text


class RedactSecretsFilter(logging.Filter):
    """Blanks URL secrets out of django.request's lines ("Gone: /join/<token>/")."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple):
            record.args = tuple(
                redact(request, arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
