"""Keeps share tokens out of Django's request log ("Not Found: /s/<token>/", "Gone: …").

A stand-in until portal.logs' filter (which blanks every URL argument named `token`) is on
main; the two do the same thing, so either can go once both are merged.
"""

import logging

REDACTED = "[redacted]"


class RedactTokenFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        match = getattr(getattr(record, "request", None), "resolver_match", None)
        token = match.kwargs.get("token") if match is not None else None
        if isinstance(token, str) and token and isinstance(record.args, tuple):
            record.args = tuple(
                arg.replace(token, REDACTED) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
