"""Invite links: shown once, stored as a hash, expire, can be revoked, count their uses."""

import hashlib
import unittest.mock
from datetime import timedelta

import pytest
from django.utils import timezone

from teams.models import Invite, Membership, Role, Team

CREATE = "/teams/alpha/invites/"


def link_token(response) -> str:
    return response.context["link"].rstrip("/").rsplit("/", 1)[1]


def test_creating_an_invite_shows_the_link_once_and_stores_only_its_hash(client, alpha, olive):
    client.force_login(olive)
    response = client.post(CREATE, {"max_uses": "3", "expires_in": "7"})
    assert response.status_code == 201
    token = link_token(response)
    assert response.context["link"] == f"http://testserver/join/{token}/"
    assert len(token) >= 43  # 32 random bytes, base64url
    invite = Invite.objects.get()
    assert invite.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invite.max_uses == 3 and invite.created_by == olive
    assert token not in client.get("/teams/alpha/").content.decode()


def test_the_invite_link_page_is_never_cached(client, alpha, olive):
    client.force_login(olive)
    response = client.post(CREATE, {"max_uses": "1", "expires_in": "7"})
    assert "no-store" in response["Cache-Control"]


def test_the_link_is_selectable_text_with_a_copy_button_from_a_static_script(client, alpha, olive):
    client.force_login(olive)
    html = client.post(CREATE, {"max_uses": "1", "expires_in": "7"}).content.decode()
    assert 'id="invite-link"' in html and "readonly" in html
    assert '<label for="invite-link">' in html
    assert 'src="/static/js/copy.js"' in html
    assert " style=" not in html and "<style" not in html


@pytest.mark.parametrize(("choice", "days"), [("1", 1), ("7", 7), ("30", 30)])
def test_an_invite_expires_after_the_chosen_days(client, alpha, olive, choice, days):
    client.force_login(olive)
    client.post(CREATE, {"max_uses": "1", "expires_in": choice})
    lifetime = Invite.objects.get().expires_at - timezone.now()
    assert timedelta(days=days) - timedelta(minutes=1) < lifetime <= timedelta(days=days)


def test_an_invite_lasts_seven_days_by_default(alpha, olive):
    invite, _ = Invite.objects.issue(alpha, olive)
    assert invite.expires_at - invite.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=1)
    )


@pytest.mark.parametrize(
    "data",
    [
        {"max_uses": "0", "expires_in": "7"},
        {"max_uses": "51", "expires_in": "7"},
        {"max_uses": "many", "expires_in": "7"},
        {"max_uses": "1", "expires_in": "365"},
        {},
    ],
)
def test_a_bad_invite_form_answers_400_and_creates_nothing(client, alpha, olive, data):
    client.force_login(olive)
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert response.context["invite_form"].errors
    assert not Invite.objects.exists()


def test_a_signed_in_outsider_sees_the_team_name_and_a_confirm_button(client, invite, otto):
    client.force_login(otto)
    response = client.get(f"/join/{invite[1]}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Join “Alpha”" in html and 'method="post"' in html
    assert not invite[0].team.memberships.filter(user=otto).exists()


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, invite):
    response = client.get(f"/join/{invite[1]}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/join/{invite[1]}/"


def test_joining_makes_a_member_and_uses_the_link(client, alpha, invite, otto):
    client.force_login(otto)
    response = client.post(f"/join/{invite[1]}/")
    assert response["Location"] == "/teams/alpha/"
    assert alpha.memberships.get(user=otto).role == Role.MEMBER
    invite[0].refresh_from_db()
    assert invite[0].use_count == 1


def test_a_single_use_link_refuses_the_second_person_with_410(client, alpha, invite, otto, stella):
    client.force_login(otto)
    client.post(f"/join/{invite[1]}/")
    client.force_login(stella)
    for response in (client.get(f"/join/{invite[1]}/"), client.post(f"/join/{invite[1]}/")):
        assert response.status_code == 410
        assert "already been used" in response.content.decode()
    assert not alpha.memberships.filter(user=stella).exists()


def test_a_link_for_several_people_admits_exactly_that_many(client, alpha, make_invite, make_user):
    _, token = make_invite(alpha, max_uses=2)
    statuses = []
    for name in ("p1", "p2", "p3"):
        client.force_login(make_user(name))
        statuses.append(client.post(f"/join/{token}/").status_code)
    assert statuses == [302, 302, 410]
    assert alpha.memberships.count() == 4


def test_an_expired_link_answers_410_with_an_explanation(client, alpha, expired_invite, otto):
    client.force_login(otto)
    for response in (
        client.get(f"/join/{expired_invite[1]}/"),
        client.post(f"/join/{expired_invite[1]}/"),
    ):
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    assert not alpha.memberships.filter(user=otto).exists()


def test_a_revoked_link_answers_410_with_an_explanation(client, alpha, revoked_invite, otto):
    client.force_login(otto)
    for response in (
        client.get(f"/join/{revoked_invite[1]}/"),
        client.post(f"/join/{revoked_invite[1]}/"),
    ):
        assert response.status_code == 410
        assert "revoked" in response.content.decode()
    assert not alpha.memberships.filter(user=otto).exists()


def test_a_dead_link_does_not_name_the_team(client, revoked_invite, otto):
    client.force_login(otto)
    assert "Alpha" not in client.get(f"/join/{revoked_invite[1]}/").content.decode()


@pytest.mark.parametrize("token", ["unknown", "x" * 43, "a" * 500])
def test_an_unknown_link_answers_404(client, alpha, invite, otto, token):
    client.force_login(otto)
    assert client.get(f"/join/{token}/").status_code == 404
    assert client.post(f"/join/{token}/").status_code == 404
    assert not alpha.memberships.filter(user=otto).exists()


def test_a_link_is_found_only_by_its_token_not_by_its_stored_hash(client, invite, otto):
    client.force_login(otto)
    assert client.get(f"/join/{invite[0].token_hash}/").status_code == 404


def test_a_member_opening_the_link_again_does_not_use_it_up(client, alpha, invite, mo):
    client.force_login(mo)
    assert "already a member" in client.get(f"/join/{invite[1]}/").content.decode()
    assert client.post(f"/join/{invite[1]}/")["Location"] == "/teams/alpha/"
    invite[0].refresh_from_db()
    assert invite[0].use_count == 0


def test_revoking_an_invite_stops_it_and_keeps_the_first_revocation_time(
    client, alpha, olive, invite, otto
):
    client.force_login(olive)
    url = f"/teams/alpha/invites/{invite[0].pk}/revoke/"
    assert client.post(url).status_code == 302
    invite[0].refresh_from_db()
    first = invite[0].revoked_at
    assert first is not None
    client.post(url)
    invite[0].refresh_from_db()
    assert invite[0].revoked_at == first
    client.force_login(otto)
    assert client.post(f"/join/{invite[1]}/").status_code == 410


def test_an_owner_cannot_revoke_another_teams_invite(client, alpha, olive, otto):
    other = Team.objects.create_with_owner("Other", otto)
    others_invite, _ = Invite.objects.issue(other, otto)
    client.force_login(olive)
    assert client.post(f"/teams/alpha/invites/{others_invite.pk}/revoke/").status_code == 404
    others_invite.refresh_from_db()
    assert others_invite.revoked_at is None


def test_the_team_page_lists_only_links_that_still_work(
    client, alpha, olive, invite, expired_invite, revoked_invite
):
    client.force_login(olive)
    assert list(client.get("/teams/alpha/").context["invites"]) == [invite[0]]


def test_claim_never_counts_past_the_limit(alpha, make_invite):
    invite, _ = make_invite(alpha, max_uses=2)
    assert [Invite.objects.claim(invite) for _ in range(3)] == [True, True, False]
    invite.refresh_from_db()
    assert invite.use_count == 2


def test_claim_refuses_revoked_and_expired_invites(alpha, revoked_invite, expired_invite):
    assert not Invite.objects.claim(revoked_invite[0])
    assert not Invite.objects.claim(expired_invite[0])


def test_a_join_whose_membership_insert_fails_gives_the_use_back(client, alpha, invite, otto):
    # Otto joined in another tab between this request's check and its insert.
    original = Membership.objects.create

    def joined_meanwhile(**kwargs):
        original(**kwargs)
        return original(**kwargs)

    client.force_login(otto)
    with unittest.mock.patch.object(Membership.objects, "create", side_effect=joined_meanwhile):
        response = client.post(f"/join/{invite[1]}/")
    assert response["Location"] == "/teams/alpha/"
    invite[0].refresh_from_db()
    assert invite[0].use_count == 0
    assert not alpha.memberships.filter(user=otto).exists()
