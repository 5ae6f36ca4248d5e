"""Every response carries the security headers: pages, htmx fragments, exports, errors and
static files; private pages are never stored by a cache; HEAD answers wherever GET does."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_no_server_errors import samples

CSP_EXPECTED = {
    "default-src": "'none'",
    "style-src": "'self'",
    "img-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}


def csp_directives(header: str) -> dict[str, str]:
    parts = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return dict(parts)


def assert_security_headers(response, where: str) -> None:
    directives = csp_directives(response["Content-Security-Policy"])
    for name, value in CSP_EXPECTED.items():
        assert directives[name] == value, f"{where}: {name}"
    assert directives["script-src"].startswith("'self'"), where
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    # A capability URL must not leak through the Referer header, not even to this site.
    expected_referrer = "no-referrer" if "share:view" in where.split() else "same-origin"
    assert response["Referrer-Policy"] == expected_referrer, where
    assert response["X-Frame-Options"] == "DENY", where


def is_private(url: str) -> bool:
    return url.startswith(("/teams/", "/accounts/", "/join/"))


def is_api_answer(name: str) -> bool:
    """A JSON read of the public API (its root only redirects to the HTML page /api/)."""
    return name.startswith("api:api-v1:") and name not in (
        "api:api-v1:api-root",
        "api:api-v1:evaluate",
    )


@pytest.mark.parametrize("visitor", ["anonymous", "owner"])
def test_every_page_carries_the_security_headers(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world["users"][visitor])
    for name, url in samples(world).items():
        for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **extra)
            assert_security_headers(response, f"{visitor} {name} {extra}")
            if is_api_answer(name):
                # The same for everyone, cookies or not (api/http.py): a shared cache may keep it.
                assert response["Cache-Control"] == "public, max-age=60", f"{visitor} {name}"
            elif visitor != "anonymous" or is_private(url):
                assert "no-store" in response["Cache-Control"], f"{visitor} {name}"


def test_public_pages_keep_their_revalidating_cache_for_anonymous_visitors(client, world):
    response = client.get("/compare/kubeflow-vs-mlflow/")
    assert response["Cache-Control"] == "no-cache"
    assert response.has_header("ETag")


@pytest.mark.parametrize("url", ["/no-such-page/", "/tools/%00/", "/compare/?tools=x"])
def test_error_pages_carry_the_security_headers(client, catalog, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert_security_headers(response, url)


def test_static_files_carry_the_security_headers(client, db):
    response = client.get("/static/js/copy.js")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    response.close()
    assert_security_headers(response, "static")


def test_every_url_answers_head_as_it_answers_get(client, world):
    client.force_login(world["users"]["owner"])
    mismatched = {}
    for name, url in samples(world).items():
        get, head = client.get(url), client.head(url)
        if head.status_code != get.status_code or head.content:
            mismatched[name] = (get.status_code, head.status_code)
    assert mismatched == {}


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def test_our_scripts_load_with_an_integrity_hash_of_the_file(client, db, world):
    html = client.get("/compare/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)" integrity="([^"]+)" defer>', html)
    htmx = Path(__import__("django_htmx").__file__).parent / "static/django_htmx/htmx-2.min.js"
    assert ("/static/django_htmx/htmx-2.min.js", sri(htmx)) in scripts
    assert "<script src" not in re.sub(r'<script src="[^"]+" integrity="[^"]+"', "", html)
    copy_js = Path(settings.BASE_DIR) / "static/js/copy.js"
    client.force_login(world["users"]["owner"])
    page = client.post(f"/teams/{world['team'].slug}/invites/", {"max_uses": 1, "expires_in": "7"})
    assert f'src="/static/js/copy.js" integrity="{sri(copy_js)}"' in page.content.decode()


def test_pages_are_compressed_for_clients_that_accept_gzip(client, catalog):
    response = client.get("/sources/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_production_cookies_carry_the_host_prefix():
    from tests.test_settings import settings_value

    result = settings_value(
        "(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)",
        DEBUG="False",
        SECRET_KEY="x" * 50,
        SITE_URL="https://portal.example.com",
    )
    assert result.stdout.strip() == "('__Host-sessionid', '__Host-csrftoken', True)"


def test_staff_sessions_end_after_twelve_idle_hours_and_members_after_two_weeks(client, world):
    client.force_login(world["users"]["staff"])
    client.get("/teams/")
    assert client.session.get_expiry_age() == 12 * 60 * 60
    client.force_login(world["users"]["member"])
    client.get("/teams/")
    assert client.session.get_expiry_age() == 14 * 24 * 60 * 60


@pytest.mark.parametrize("url", ["/", "/wizard/", "/accounts/login/", "/compare/"])
def test_an_unknown_host_name_gets_a_400_not_a_500(client, catalog, settings, url):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get(url, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert b"host name" in response.content
