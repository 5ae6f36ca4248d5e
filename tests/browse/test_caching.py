"""Public pages are cached by catalog revision, answer conditional requests, vary on htmx."""

import gzip

import brotli
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comparisons import models as m
from comparisons.caching import cache_key, preferred_encoding

URL = "/compare/kubeflow-vs-mlflow/"


def test_an_edited_rating_shows_on_the_next_request(client, catalog):
    assert "Katib: Bayesian, TPE, CMA-ES" in client.get(URL).content.decode()
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="hyperparameter-tuning")
    # An update without signals leaves the revision alone: the cached page is still served,
    # which proves the page is cached at all.
    m.Rating.objects.filter(pk=rating.pk).update(summary="Silently changed.")
    assert "Silently changed." not in client.get(URL).content.decode()
    rating.refresh_from_db()
    rating.summary = "Katib tunes hyperparameters across the cluster, now with a new summary."
    rating.save()  # an editor's save bumps the revision in the database
    assert "now with a new summary" in client.get(URL).content.decode()


def test_a_cached_page_costs_one_query(client, catalog):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(queries) == 1  # the catalog revision


def test_conditional_request_with_the_etag_gets_304(client, catalog):
    first = client.get(URL)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_when_the_catalog_changes(client, catalog):
    etag = client.get(URL)["ETag"]
    rating = m.Rating.objects.get(tool__slug="mlflow", capability__slug="model-registry")
    rating.summary = "A registry, edited."
    rating.save()
    response = client.get(URL, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_pages_vary_on_htmx_and_cookie_and_must_revalidate(client, catalog):
    response = client.get(URL)
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"HX-Request", "HX-History-Restore-Request", "Cookie"} <= vary
    assert "no-cache" in response["Cache-Control"]


def test_cached_pages_hold_no_csrf_token_or_nonce(client, catalog):
    client.get(URL)
    response = client.get(URL)
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html and "nonce" not in html
    assert "nonce-" not in response["Content-Security-Policy"]
    assert not response.cookies


def test_signed_in_pages_are_never_served_from_the_anonymous_cache(client, catalog, make_user):
    client.get(URL)  # fills the anonymous entry
    client.force_login(make_user("alice"))
    response = client.get(URL)
    html = response.content.decode()
    assert "Log out" in html and "alice" in html
    assert "private" in response["Cache-Control"]
    assert response["ETag"]


def test_signed_in_pages_are_not_stored_for_anonymous_visitors(client, catalog, make_user):
    client.force_login(make_user("bob"))
    client.get(URL)
    client.logout()
    client.cookies.clear()
    assert "bob" not in client.get(URL).content.decode()


def test_query_variants_with_tracking_tags_share_one_entry(client, catalog):
    client.get("/insights/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/insights/?utm_source=mail")
    assert len(queries) == 1


def test_errors_are_not_cached_but_good_pages_are(client, catalog, rf):
    revision = m.CatalogRevision.current()
    bad, good = rf.get("/compare/?tools=nope"), rf.get("/compare/?tools=mlflow")
    for request in (bad, good):
        request.htmx = False
        client.get(request.get_full_path())
    assert cache.get(cache_key(bad, ["tools", "diff"], revision)) is None
    assert cache.get(cache_key(good, ["tools", "diff"], revision)) is not None


@pytest.mark.parametrize(
    "url", ["/", "/compare/", "/tools/mlflow/", "/insights/", "/use-cases/", "/sources/"]
)
def test_every_public_page_is_cached_and_answers_304(client, catalog, url):
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert len(queries) == 1


# The fast path: outside a transaction the revision comes from the shared cache, so a repeat
# anonymous request is answered by PageCacheMiddleware before the database is touched.
# transactional_db, because the usual test transaction keeps reads on the database.


def test_a_repeat_anonymous_request_touches_no_database(transactional_db, client, catalog):
    client.get(URL)
    client.get(URL)  # the first request after a bump reads the revision and caches it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200 and "Katib" in response.content.decode()
    assert len(queries) == 0


def test_an_edit_shows_on_the_next_request_when_the_revision_is_cached(
    transactional_db, client, catalog
):
    client.get(URL), client.get(URL)
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="hyperparameter-tuning")
    rating.summary = "Katib, edited while the page sat in every cache."
    rating.save()  # commits at once: the bump forgets the cached revision after the commit
    assert "edited while the page sat" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
def test_a_cached_page_goes_out_compressed_as_the_browser_asks(client, catalog, accept, encoding):
    plain = client.get(URL).content
    response = client.get(URL, headers={"Accept-Encoding": accept})
    assert response.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response["Vary"]
    body = response.content
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    assert body == plain


def test_a_compressed_copy_has_a_weak_etag_that_revalidates_to_304(client, catalog):
    client.get(URL)
    etag = client.get(URL, headers={"Accept-Encoding": "br"})["ETag"]
    assert etag.startswith('W/"')
    again = client.get(URL, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and "no-cache" in again["Cache-Control"]


def test_a_cached_answer_carries_every_header_of_the_first(client, catalog):
    first = client.get(URL)
    again = client.get(URL)
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options",
        "Content-Type",
    ):
        assert again[header] == first[header]


def test_a_nul_byte_is_refused_even_when_the_page_is_cached(client, catalog):
    client.get(URL)
    assert client.get(URL + "?utm_source=%00").status_code == 400


def test_an_unknown_host_is_refused_even_when_the_page_is_cached(client, catalog):
    client.get(URL)
    client.raise_request_exception = False  # Django answers DisallowedHost with its 400
    assert client.get(URL, headers={"Host": "evil.example"}).status_code == 400


def test_a_head_request_is_answered_without_a_body(client, catalog):
    client.get(URL)
    response = client.head(URL)
    assert response.status_code == 200 and response.content == b""


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("br, gzip", "br"),
        ("gzip;q=1.0", "gzip"),
        ("identity", ""),
        ("*", "br"),
        ("br;q=0, gzip;q=0", ""),
        ("GZIP", "gzip"),
    ],
)
def test_the_preferred_encoding_honours_q_zero(header, expected):
    assert preferred_encoding(header, {"": b"", "gzip": b"", "br": b""}) == expected


def test_the_wizard_is_cached_per_answer_set(client, catalog):
    first = client.get("/wizard/?kubernetes=none")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/wizard/?kubernetes=none")
    assert again.content == first.content and len(queries) == 1  # the revision
    other = client.get("/wizard/?kubernetes=strong")
    assert other.content != first.content


def test_a_wizard_step_fragment_is_cached_per_triggering_button(client, catalog):
    htmx = {"HX-Request": "true", "HX-Target": "wizard"}
    after_next = client.get(
        "/wizard/?kubernetes=some&step=2", headers=htmx | {"HX-Trigger": "wizard-next"}
    ).content.decode()
    on_load = client.get("/wizard/?kubernetes=some&step=2", headers=htmx).content.decode()
    assert "autofocus" in after_next and "autofocus" not in on_load


# --- The compare results, cached apart from the page for signed-in visitors --------------


def test_signed_in_visitors_get_the_results_from_the_cache_with_fewer_queries(
    client, catalog, make_user
):
    client.force_login(make_user("alice"))
    with CaptureQueriesContext(connection) as fresh:
        first = client.get(URL).content.decode()
    with CaptureQueriesContext(connection) as cached:
        again = client.get(URL).content.decode()
    results = first[first.index('<div id="matrix"') :]
    assert results in again  # the page around it carries a fresh CSRF token
    assert len(cached) < len(fresh)


def test_an_edit_shows_in_the_cached_results_on_the_next_signed_in_request(
    client, catalog, make_user
):
    client.force_login(make_user("alice"))
    assert "Katib: Bayesian, TPE, CMA-ES" in client.get(URL).content.decode()
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="hyperparameter-tuning")
    rating.summary = "Katib tunes hyperparameters, as the results now say."
    rating.save()
    assert "as the results now say" in client.get(URL).content.decode()


def test_editors_and_other_visitors_never_share_cached_results(client, catalog, make_user):
    client.force_login(make_user("stella", is_staff=True, is_superuser=True))
    assert "Edit this" in client.get(URL).content.decode()
    client.force_login(make_user("alice"))
    html = client.get(URL).content.decode()
    assert "Suggest a correction" in html and "Edit this" not in html
    client.logout()
    fragment = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert "Edit this" not in fragment


def test_the_htmx_fragment_is_the_results_the_page_shows(client, catalog, make_user):
    client.force_login(make_user("alice"))
    page = client.get(URL).content.decode()
    fragment = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('\n<div id="matrix"') and fragment in page
