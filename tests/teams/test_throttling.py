"""Login throttling (django-axes): 5 failures for a username from one address lock that pair."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

PASSWORD = "correct horse battery staple"


@pytest.fixture
def nina(make_user):
    return make_user("nina")


def attempt(client, password: str, username: str = "nina", ip: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail_five_times(client, **kwargs) -> None:
    for _ in range(5):
        assert attempt(client, "wrong", **kwargs).status_code in (400, 429)


def test_four_failures_still_allow_the_right_password(client, nina):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 400
    assert attempt(client, PASSWORD).status_code == 302


def test_after_five_failures_even_the_right_password_is_refused_with_429(client, nina):
    fail_five_times(client)
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "Too many failed log-ins" in html
    assert "paused for 15 minutes" in html
    assert html.count("<h1") == 1


def test_the_fifth_failure_already_answers_with_the_lockout_page(client, nina):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "wrong").status_code == 429


def test_lockout_is_per_username_and_address_pair(client, nina, make_user):
    make_user("mia")
    fail_five_times(client)
    assert attempt(client, PASSWORD, username="mia").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD, ip="10.0.0.2").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, nina):
    fail_five_times(client)
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=15, seconds=1)
    )
    assert attempt(client, PASSWORD).status_code == 302


def test_lockout_is_still_on_just_before_fifteen_minutes(client, nina):
    fail_five_times(client)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=14)
    )
    assert attempt(client, PASSWORD).status_code == 429


def test_a_success_resets_the_failure_count(client, nina):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 400


def test_failures_are_stored_in_the_database_so_every_worker_sees_them(client, nina):
    for _ in range(3):
        attempt(client, "wrong")
    assert (
        AccessAttempt.objects.get(username="nina", ip_address="10.0.0.1").failures_since_start == 3
    )
