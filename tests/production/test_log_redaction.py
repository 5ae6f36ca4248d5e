"""Live invite, share and password-reset tokens never reach a log line, whatever the path looks
like and whichever logger prints it: the request line, django.request, CSRF failures and
runserver's access log. Read from the handlers the site configures, as an operator would."""

import io
import logging

import pytest
from django.test import Client

from portal.logs import redact


@pytest.fixture
def log_output(caplog):
    """Everything the configured handlers write while the test runs, INFO and up."""
    loggers = [logging.getLogger(name) for name in ("", "portal.requests", "django.server")]
    handlers = {handler for logger in loggers for handler in logger.handlers}
    # Ours only: pytest adds handlers of its own (subclasses) to the root logger.
    handlers = {handler for handler in handlers if type(handler) is logging.StreamHandler}
    buffer = io.StringIO()
    previous = {handler: handler.setStream(buffer) for handler in handlers}
    assert len(previous) == 3  # console, requests and django.server
    with caplog.at_level(logging.INFO):
        yield buffer
    for handler, stream in previous.items():
        handler.setStream(stream)


def visit_every_shape_of_secret_path(world) -> list[str]:
    token, share_token = world["token"], world["share_token"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["outsider"])
    for secret, prefix in ((token, "/join/"), (share_token, "/s/")):
        client.post(f"{prefix}{secret}/")  # no CSRF token: 403 from the CSRF middleware
        client.get(f"{prefix}{secret}")  # no final slash: 301
        client.get(f"{prefix}{secret}/extra/")  # resolves to nothing: 404
        client.get(f"{prefix}{secret}%00/")  # a NUL: 400
        client.get(f"{prefix}{secret}/")
    return [token, share_token]


def test_no_log_line_holds_an_invite_or_share_token(world, log_output):
    secrets = visit_every_shape_of_secret_path(world)
    logged = log_output.getvalue()
    assert "Forbidden (CSRF" in logged and " 301 " in logged and "Not Found" in logged
    assert logged.count("[redacted]") >= 10
    assert not [secret for secret in secrets if secret in logged]


def test_runservers_access_log_is_redacted(world, log_output):
    token = world["token"]
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"POST /join/{token}%00/ HTTP/1.1", "403", "0"
    )
    logged = log_output.getvalue()
    assert "POST /join/[redacted]/ HTTP/1.1" in logged
    assert token not in logged


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /join/abcDEF-_123/", "Not Found: /join/[redacted]/"),
        ("GET /s/tok%00en/x/ HTTP/1.1", "GET /s/[redacted]/x/ HTTP/1.1"),
        ("GET /JOIN/tok", "GET /JOIN/[redacted]"),
        ("/accounts/password/reset/MQ/c0ffee-12ab/", "/accounts/password/reset/MQ/[redacted]/"),
        ("/accounts/password/reset/done/", "/accounts/password/reset/done/"),
        ("GET /teams/join-us/ 200", "GET /teams/join-us/ 200"),
    ],
)
def test_redaction_goes_by_the_shape_of_the_path(db, line, expected):
    assert redact(line) == expected
