"""Log successful and failed log-ins to the "accounts" logger: who, from where, never secrets."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from portal.clients import client_ip as resolved_client_ip
from portal.clients import shorten

logger = logging.getLogger("accounts")


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "unknown"
    return resolved_client_ip(request) or "unknown"  # honours PROXY_COUNT


@receiver(user_logged_in, dispatch_uid="accounts-log-login")
def log_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    logger.info("login succeeded user=%r ip=%s", user.get_username(), client_ip(request))


@receiver(user_logged_out, dispatch_uid="accounts-log-logout")
def log_logout(sender, request: HttpRequest | None, user, **kwargs) -> None:
    username = user.get_username() if user is not None else None
    logger.info("logout user=%r ip=%s", username, client_ip(request))


@receiver(user_login_failed, dispatch_uid="accounts-log-login-failure")
def log_login_failure(sender, credentials: dict, request: HttpRequest | None = None, **kw) -> None:
    # Only the username is read: `credentials` is cleansed by Django, but reading just what
    # we need keeps any future field (a one-time code, say) out of the logs as well.
    username = shorten(credentials.get("username") or "")  # user input: bounded in the log
    logger.warning("login failed user=%r ip=%s", username, client_ip(request))
