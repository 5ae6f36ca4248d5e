"""Two app servers on one PostgreSQL and one Redis behave as one site: an edit shows on both at
the next request, a session from one is valid on the other, and log-in and rate limits count
across both. Runs only where both services are configured (the CI's PostgreSQL + Redis leg)."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from comparisons.models import Tool

pytestmark = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL", "").startswith("postgres") and settings.REDIS_URL),
    reason="needs DATABASE_URL on PostgreSQL and REDIS_URL: two servers must share both",
)
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One visitor's cookies, sent to whichever server it asks (cookies ignore the port)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode()
        connection.close()
        return response.status, text

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict):
        if "csrftoken" not in self.cookies:
            self.get(port, path)
        return self.request(port, "POST", path, form)


@pytest.fixture
def servers(transactional_db, catalog, tmp_path):
    """Two gunicorn processes with production settings on the test database and cache."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "scale-out-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        # Production serves hashed static files: collect them once for both servers.
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture
def nina(make_user):
    """A user the servers can log in: they use production's hasher, not the tests' fast one."""
    user = make_user("nina")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def tool_heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def test_an_edit_shows_on_both_servers_at_the_next_request(servers):
    a, b = servers
    visitor = Browser()
    assert tool_heading(visitor.get(a, "/tools/mlflow/")[1]) == "MLflow"
    assert tool_heading(visitor.get(b, "/tools/mlflow/")[1]) == "MLflow"  # both caches warm
    tool = Tool.objects.get(slug="mlflow")
    tool.name = "MLflow (edited)"
    tool.save()  # as the admin saves it: the revision bump invalidates every server's cache
    assert tool_heading(visitor.get(a, "/tools/mlflow/")[1]) == "MLflow (edited)"
    assert tool_heading(visitor.get(b, "/tools/mlflow/")[1]) == "MLflow (edited)"


def test_a_session_from_one_server_is_valid_on_the_other(servers, nina):
    a, b = servers
    browser = Browser()
    status, _ = browser.post(a, "/accounts/login/", {"username": "nina", "password": PASSWORD})
    assert status == 302
    assert browser.get(b, "/teams/")[0] == 200
    assert browser.post(b, "/accounts/logout/", {})[0] == 302
    assert browser.get(a, "/teams/")[0] == 302  # to the log-in page: the session is gone


def test_login_lockout_counts_failures_on_both_servers(servers, nina):
    a, b = servers
    browser = Browser()
    for port in (a, b, a, b):
        assert (
            browser.post(port, "/accounts/login/", {"username": "nina", "password": "x"})[0] == 400
        )
    assert browser.post(b, "/accounts/login/", {"username": "nina", "password": "x"})[0] == 429
    assert browser.post(a, "/accounts/login/", {"username": "nina", "password": PASSWORD})[0] == 429


def test_rate_limits_count_requests_on_both_servers(servers):
    a, b = servers
    browser = Browser()
    statuses = [browser.post(port, "/accounts/signup/", {"username": ""})[0] for port in [a, b] * 5]
    assert statuses == [400] * 10
    assert browser.post(a, "/accounts/signup/", {"username": ""})[0] == 429
    assert browser.post(b, "/accounts/signup/", {"username": ""})[0] == 429
