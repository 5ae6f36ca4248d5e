"""No input gets a server error: for every URL of the site, 200 random requests each — GETs with
random query strings and path segments, POSTs with random form bodies (NUL bytes, invalid
UTF-8, over-long strings, unknown and known field names, with and without a CSRF token).

Runs on whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL), where
a NUL byte reaching a query is a DataError. Each example is one request, so the whole crawl
costs about 200 requests per URL.
"""

from types import SimpleNamespace
from urllib.parse import quote_from_bytes, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_no_server_errors import samples
from tests.wizard_rules import JUST_STARTING

EXAMPLES = 200

# Field names the site's forms read, so random values reach real validation, plus noise.
FIELDS = sorted(
    {
        *JUST_STARTING,
        *("name", "confirm", "role", "max_uses", "expires_in", "title", "notes", "team"),
        *("email", "username", "password", "password1", "password2", "old_password"),
        *("new_password1", "new_password2", "next", "tools", "diff", "q", "outcome", "step"),
    }
)

_fake = SimpleNamespace(slug="t", pk=1)
URL_NAMES = sorted(
    samples(
        {
            "team": _fake,
            "decision": _fake,
            "token": "x",
            "member_membership": _fake,
            "invite": _fake,
            "share_link": _fake,
            "share_token": "x",
        }
    )
)

hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20).map(lambda t: t + "\x00"),
    st.integers(min_value=151, max_value=20_000).map(lambda n: "x" * n),
    st.sampled_from(["-1", "0", "99999999999999999999", "1e9", "../..", "%00", "\u202e", ""]),
)
raw_bytes = st.binary(max_size=60)  # invalid UTF-8 more often than not


@st.composite
def query_strings(draw) -> str:
    pairs = draw(st.lists(st.tuples(st.sampled_from(FIELDS), hostile_text), max_size=4))
    query = urlencode(pairs)
    if draw(st.booleans()):
        query += "&" + quote_from_bytes(draw(raw_bytes)) + "=" + quote_from_bytes(draw(raw_bytes))
    return query


@st.composite
def paths(draw, path: str) -> str:
    """The sample path, or one of its segments replaced by random (percent-encoded) bytes."""
    segments = path.strip("/").split("/")
    if segments != [""] and draw(st.booleans()):
        index = draw(st.integers(min_value=0, max_value=len(segments) - 1))
        segments[index] = quote_from_bytes(draw(raw_bytes) or b"\x00", safe="")
    return "/" + "/".join(segments) + ("/" if path.endswith("/") else "")


@st.composite
def form_bodies(draw) -> bytes:
    pairs = draw(st.lists(st.tuples(st.sampled_from(FIELDS), hostile_text), max_size=6))
    body = urlencode(pairs).encode()
    if draw(st.booleans()):
        body += b"&" + quote_from_bytes(draw(raw_bytes)).encode() + b"=" + draw(raw_bytes)
    return body


@pytest.mark.parametrize("name", URL_NAMES)
def test_no_random_request_gets_a_server_error(name, world):
    owner = world["users"]["owner"]
    sample = samples(world)[name]
    path = urlsplit(sample).path
    # Signed-in and anonymous visitors, each with and without CSRF checks. Only a POST can
    # sign someone out (GET never changes state), so only then is the log-in renewed.
    clients = {
        (signed_in, with_csrf): Client(enforce_csrf_checks=not with_csrf)
        for signed_in in (True, False)
        for with_csrf in (True, False)
    }
    for (signed_in, _), client in clients.items():
        if signed_in:
            client.force_login(owner)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        method=st.sampled_from(["get", "post"]),
        target=paths(path),
        query=query_strings(),
        body=form_bodies(),
        with_csrf=st.booleans(),
        signed_in=st.booleans(),
    )
    def request_never_fails(method, target, query, body, with_csrf, signed_in):
        cache.clear()  # rate limits would otherwise answer every later example with 429
        client = clients[signed_in, with_csrf]
        url = f"{target}?{query}" if query else target
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            if signed_in:
                client.force_login(owner)
        assert response.status_code < 500, f"{method.upper()} {url} {body[:300]!r}"

    request_never_fails()


def test_admin_list_filters_refuse_a_nul_byte_with_400(client, world):
    client.force_login(world["users"]["staff"])
    response = client.get("/admin/decisions/decision/?outcome_slug=%00")
    assert response.status_code == 400
    assert "contains control characters" in response.content.decode()


@pytest.mark.parametrize(
    "model", ["decisions/decision", "teams/team", "comparisons/tool", "auth/user"]
)
def test_admin_lists_survive_garbage_filters(client, world, model):
    client.force_login(world["users"]["staff"])
    for query in ("q=" + "x" * 5000, "o=99.-3", "p=-1", "id__in=a,b", "e=1", "all=%ff%fe"):
        assert client.get(f"/admin/{model}/?{query}").status_code < 500, query
