"""Abuse limits: the client address behind a proxy, log-in spraying, sign-up, password reset
and invite joins, each answered with a 429 page that says when to retry."""

import logging

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory

from portal import ratelimit
from portal.clients import attempted_username, client_ip
from teams.models import Invite, Team

from .conftest import PASSWORD


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def login(client, username: str, password: str = "wrong", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


# The client address


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(request_from("198.51.100.9", "6.6.6.6")) == "198.51.100.9"


def test_behind_one_proxy_the_client_is_the_right_most_forwarded_entry(proxied):
    assert client_ip(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"


def test_behind_one_proxy_a_forged_left_most_entry_is_not_believed(proxied):
    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(settings):
    settings.PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.3", "6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_a_header_that_skipped_the_proxy_or_is_garbage_falls_back_to_the_peer(proxied):
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"


def test_a_forged_forwarded_entry_neither_escapes_the_lock_nor_locks_out_the_victim(
    client, make_user, proxied
):
    make_user("nina")
    attacker, victim = "203.0.113.66", "198.51.100.10"
    for n in range(5):
        # Each try claims another address on the left; the proxy appends the real one.
        login(client, "nina", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, {attacker}")
    assert login(client, "nina", PASSWORD, HTTP_X_FORWARDED_FOR=attacker).status_code == 429
    forged_victim = f"{victim}, {attacker}"
    assert login(client, "nina", PASSWORD, HTTP_X_FORWARDED_FOR=forged_victim).status_code == 429
    assert AccessAttempt.objects.get().ip_address == attacker
    response = login(client, "nina", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=victim)
    assert response.status_code == 302


# Log-in


def test_spraying_many_usernames_from_one_address_is_stopped_after_thirty_failures(
    client, make_user
):
    make_user("nina")
    for n in range(30):
        assert login(client, f"user{n}", REMOTE_ADDR="203.0.113.5").status_code == 400
    response = login(client, "nina", PASSWORD, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "Too many requests" in response.content.decode()
    assert login(client, "nina", PASSWORD, REMOTE_ADDR="203.0.113.6").status_code == 302


def test_twenty_nine_sprayed_failures_still_let_the_right_password_in(client, make_user):
    make_user("nina")
    for n in range(29):
        login(client, f"user{n}", REMOTE_ADDR="203.0.113.5")
    assert login(client, "nina", PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == 302


def test_the_axes_lock_out_page_says_when_to_retry(client, make_user):
    make_user("nina")
    for _ in range(5):
        login(client, "nina")
    response = login(client, "nina", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"


@pytest.mark.parametrize("length", [151, 2_000_000])
def test_an_over_long_username_is_refused_before_authentication(client, db, length):
    response = login(client, "u" * length)
    assert response.status_code == 400
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_axes_records_at_most_a_bounded_username(rf):
    request = rf.post("/accounts/login/", {"username": "u" * 5000})
    assert len(attempted_username(request, {"username": "x\x00" * 5000})) <= 151
    assert "\x00" not in attempted_username(request, {"username": "x\x00y"})


def test_log_lines_cut_a_long_username(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts"):
        # 150 characters pass the form and fail authentication; the log line stays bounded.
        login(client, "u" * 150 + "\n")
    lines = [record.getMessage() for record in caplog.records if record.name == "accounts"]
    assert lines and all(len(line) < 250 and "\n" not in line for line in lines)


# Sign-up, password reset, invite joins


def test_sign_up_allows_ten_tries_an_hour_from_one_address(client, db):
    for _ in range(10):
        assert client.post("/accounts/signup/", {"username": ""}).status_code == 400
    response = client.post("/accounts/signup/", {"username": "eve"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert client.post("/accounts/signup/", {}, REMOTE_ADDR="10.9.9.9").status_code == 400


def test_reset_mails_to_one_account_stop_after_three_an_hour_from_any_address(client, make_user):
    make_user("nina", email="nina@example.com")
    statuses = [
        client.post(
            "/accounts/password/reset/", {"email": "Nina@example.com"}, REMOTE_ADDR=f"10.1.0.{n}"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_the_reset_limit_answers_alike_for_known_and_unknown_addresses(client, make_user):
    make_user("nina", email="nina@example.com")
    for email in ("nina@example.com", "nobody@example.com"):
        statuses = [
            client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=f"10.2.0.{n}")
            for n in range(4)
        ]
        assert [r.status_code for r in statuses] == [302, 302, 302, 429]
        assert statuses[0]["Location"] == "/accounts/password/reset/sent/"


def test_reset_requests_from_one_address_stop_after_ten_an_hour(client, db):
    for n in range(10):
        client.post("/accounts/password/reset/", {"email": f"p{n}@example.com"})
    response = client.post("/accounts/password/reset/", {"email": "last@example.com"})
    assert response.status_code == 429


def test_invite_lookups_stop_after_thirty_an_hour_from_one_address(client, make_user):
    owner = make_user("olive")
    team = Team.objects.create_with_owner("Alpha", owner)
    _, token = Invite.objects.issue(team, owner, max_uses=5)
    client.force_login(make_user("guesser"))
    for n in range(30):
        assert client.get(f"/join/guess{n}/").status_code == 404
    response = client.get(f"/join/{token}/")
    assert response.status_code == 429
    assert response.has_header("Retry-After")


# The helper other views reuse


def test_limit_counts_per_key_and_tells_how_long_until_the_window_ends(rf, monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 3600 * 1000 + 15.0)
    request = rf.get("/s/abc/")
    for _ in range(60):
        ratelimit.limit(request, "share-address")
    with pytest.raises(ratelimit.RateLimited) as raised:
        ratelimit.limit(request, "share-address")
    assert raised.value.retry_after == 45
    ratelimit.limit(request, "share-address", key="someone else")


def test_a_new_window_starts_the_count_again(rf, monkeypatch):
    now = [7200.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    request = rf.get("/")
    for _ in range(3):
        ratelimit.limit(request, "reset-target", key="x")
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.limit(request, "reset-target", key="x")
    now[0] += 3600
    ratelimit.limit(request, "reset-target", key="x")


def test_a_burst_that_straddles_the_hour_is_still_counted_whole(rf, monkeypatch):
    # CI once sprayed thirty log-ins across 00:00 and the thirty-first got in: the aligned
    # window had restarted. The half-period window holds the whole burst.
    now = [7200.0 - 0.5]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    request = rf.get("/")
    for _ in range(3):
        ratelimit.limit(request, "reset-target", key="x")
        now[0] += 0.3
    with pytest.raises(ratelimit.RateLimited) as raised:
        ratelimit.limit(request, "reset-target", key="x")
    assert raised.value.retry_after == 1800
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check(request, "reset-target", key="x")


@pytest.mark.parametrize("offset", [0.0, 0.4, 449.9, 450.0, 899.6, 1799.0])
def test_wherever_a_burst_falls_the_rate_plus_one_is_refused_within_one_period(
    rf, monkeypatch, offset
):
    now = [9000.0 + offset]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    request = rf.get("/")
    for _ in range(30):
        ratelimit.limit(request, "login-address")
        now[0] += 0.02
    with pytest.raises(ratelimit.RateLimited) as checked:
        ratelimit.check(request, "login-address")
    assert 0 < checked.value.retry_after <= 900


def test_retry_after_waits_for_every_full_window_not_just_the_first_to_end(rf, monkeypatch):
    # Three requests ten seconds before the hour fill both windows. The aligned one ends on
    # the hour, but the offset one still holds three until half past: a retry on the hour
    # would be refused again.
    now = [3600.0 * 3 - 10]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    request = rf.get("/")
    for _ in range(3):
        ratelimit.limit(request, "reset-target", key="y")
    with pytest.raises(ratelimit.RateLimited) as raised:
        ratelimit.limit(request, "reset-target", key="y")
    assert raised.value.retry_after == 1810
    now[0] += 10
    with pytest.raises(ratelimit.RateLimited) as still:
        ratelimit.check(request, "reset-target", key="y")
    assert still.value.retry_after == 1800
    now[0] += 1800
    ratelimit.limit(request, "reset-target", key="y")


def test_rates_read_as_count_per_period():
    assert ratelimit.Rate.parse("30/15m") == ratelimit.Rate(30, 900)
    assert ratelimit.Rate.parse("10/h") == ratelimit.Rate(10, 3600)


def test_the_readme_table_states_every_rate_the_code_enforces(settings):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    for group, (rate, _) in ratelimit.RATES.items():
        count, period = rate.split("/")
        words = {"15m": "15 min", "h": "hour", "m": "minute"}[period]
        assert f"| {count} / {words}" in readme, group


def test_a_request_without_an_address_has_none_rather_than_a_placeholder(settings):
    # PostgreSQL keeps axes' addresses in an inet column: a placeholder would be a DataError.
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None


def test_look_alike_spellings_of_one_address_share_its_reset_limit(client, make_user):
    # On PostgreSQL each of these reaches sam@example.com's mailbox (Django's reset form
    # compares addresses casefolded in NFKC), so each must count against the same limit.
    make_user("sam", email="sam@example.com")
    spellings = [
        "sam@example.com",
        "\u017fam@example.com",
        "SAM@example.com",
        "\uff53am@example.com",
    ]
    statuses = [
        client.post(
            "/accounts/password/reset/", {"email": email}, REMOTE_ADDR=f"10.3.0.{n}"
        ).status_code
        for n, email in enumerate(spellings)
    ]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) <= 3


def test_the_reset_link_points_at_site_url_whatever_host_the_request_named(
    client, make_user, settings
):
    settings.SITE_URL = "https://portal.example.com"
    settings.ALLOWED_HOSTS = ["portal.example.com", "evil.example"]
    make_user("nina", email="nina@example.com")
    response = client.post(
        "/accounts/password/reset/", {"email": "nina@example.com"}, HTTP_HOST="evil.example"
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "https://portal.example.com/accounts/password/reset/" in message.body
    assert "evil.example" not in message.body
