"""Every POST checks CSRF: without the token a signed-in user's POST changes nothing."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from teams.models import Membership, Team

PASSWORD = "correct horse battery staple"


@pytest.fixture
def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token(client: Client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/teams/new/", {"name": "Beta"}),
        ("/teams/alpha/rename/", {"name": "Hacked"}),
        ("/teams/alpha/delete/", {"confirm": "Alpha"}),
        ("/teams/alpha/invites/", {"max_uses": "1", "expires_in": "7"}),
        ("/teams/alpha/leave/", {}),
        ("/accounts/logout/", {}),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(strict_client, alpha, olive, path, data):
    strict_client.force_login(olive)
    response = strict_client.post(path, data)
    assert response.status_code == 403
    assert list(Team.objects.values_list("name", flat=True)) == ["Alpha"]
    assert alpha.invites.count() == 0
    assert Membership.objects.count() == 2
    assert SESSION_KEY in strict_client.session


def test_joining_without_the_csrf_token_is_refused(strict_client, alpha, invite, otto):
    strict_client.force_login(otto)
    assert strict_client.post(f"/join/{invite[1]}/").status_code == 403
    assert not alpha.memberships.filter(user=otto).exists()


def test_the_same_post_with_the_token_from_the_page_succeeds(strict_client, alpha, olive):
    strict_client.force_login(olive)
    token = csrf_token(strict_client, "/teams/alpha/")
    response = strict_client.post(
        "/teams/alpha/rename/", {"name": "Alpha 2", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    alpha.refresh_from_db()
    assert alpha.name == "Alpha 2"


def test_login_and_signup_check_csrf(strict_client, make_user):
    make_user("nina")
    login = strict_client.post("/accounts/login/", {"username": "nina", "password": PASSWORD})
    assert login.status_code == 403
    signup = strict_client.post(
        "/accounts/signup/", {"username": "zed", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert signup.status_code == 403
    assert SESSION_KEY not in strict_client.session
