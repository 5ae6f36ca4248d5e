"""Who may do what with a team's decisions: every decisions URL × every kind of visitor."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import get_resolver

from decisions import urls as decision_urls
from decisions.models import Decision, ShareLink
from tests.wizard_rules import JUST_STARTING

LOGIN = 302  # anonymous: sent to log in
# url name -> {who: (GET status, POST status)}
MATRIX = {
    "decisions:detail": {
        "anonymous": (LOGIN, 405),
        "outsider": (404, 405),
        "staff": (404, 405),
        "member": (200, 405),
        "owner": (200, 405),
    },
    "decisions:adr": {
        "anonymous": (LOGIN, 405),
        "outsider": (404, 405),
        "staff": (404, 405),
        "member": (200, 405),
        "owner": (200, 405),
    },
    "decisions:supersede": {
        "anonymous": (405, LOGIN),
        "outsider": (405, 404),
        "staff": (405, 404),
        "member": (405, 302),
        "owner": (405, 302),
    },
    "decisions:delete": {
        "anonymous": (405, LOGIN),
        "outsider": (405, 404),
        "staff": (405, 404),
        "member": (405, 403),
        "owner": (405, 302),
    },
    "decisions:share": {
        "anonymous": (405, LOGIN),
        "outsider": (405, 404),
        "staff": (405, 404),
        "member": (405, 201),
        "owner": (405, 201),
    },
    "decisions:revoke_share": {
        "anonymous": (405, LOGIN),
        "outsider": (405, 404),
        "staff": (405, 404),
        "member": (405, 302),
        "owner": (405, 302),
    },
    "wizard:save": {
        "anonymous": (405, LOGIN),
        "outsider": (405, 404),
        "staff": (405, 404),
        "member": (405, 302),
        "owner": (405, 302),
    },
}
CASES = [
    (name, who, method, statuses[0 if method == "get" else 1])
    for name, row in MATRIX.items()
    for who, statuses in row.items()
    for method in ("get", "post")
]


def url_for(name: str, decision: Decision) -> str:
    if name == "wizard:save":
        return "/wizard/save/"
    link = ShareLink.objects.filter(decision=decision).first()
    suffix = {
        "decisions:detail": "",
        "decisions:adr": "adr.md",
        "decisions:supersede": "supersede/",
        "decisions:delete": "delete/",
        "decisions:share": "share/",
        "decisions:revoke_share": f"share/{link.pk if link else 0}/revoke/",
    }[name]
    return f"/teams/{decision.team.slug}/decisions/{decision.pk}/{suffix}"


@pytest.mark.parametrize(("name", "who", "method", "expected"), CASES)
def test_permission_matrix(
    client, decision, team, owner, member, outsider, staff, name, who, method, expected
):
    users = {"owner": owner, "member": member, "outsider": outsider, "staff": staff}
    link, _ = ShareLink.objects.issue(decision, owner, lifetime=timedelta(days=7))
    if who != "anonymous":
        client.force_login(users[who])
    data = {"older": "", "expires_in": "7"}
    if name == "wizard:save":
        data = {**JUST_STARTING, "team": team.slug}
    response = getattr(client, method)(url_for(name, decision), data if method == "post" else {})

    assert response.status_code == expected
    if expected == LOGIN and who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    # Only a member's request creates or revokes a link; a refused one changes nothing.
    if name == "decisions:delete" and method == "post" and who == "owner":
        assert not ShareLink.objects.exists()  # deleting a decision ends its links
        return
    link.refresh_from_db()
    creates = name == "decisions:share" and method == "post" and who in ("member", "owner")
    revokes = name == "decisions:revoke_share" and method == "post" and who in ("member", "owner")
    assert ShareLink.objects.filter(decision=decision).count() == (2 if creates else 1)
    assert (link.revoked_at is not None) == revokes


def test_only_the_owner_really_deletes_and_others_leave_the_decision_alone(
    client, decision, member, owner
):
    client.force_login(member)
    client.post(url_for("decisions:delete", decision))
    assert Decision.objects.filter(pk=decision.pk).exists()

    client.force_login(owner)
    response = client.post(url_for("decisions:delete", decision))
    assert response["Location"] == "/teams/platform/"
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_another_teams_decision_id_is_404_even_for_a_member_of_this_team(
    client, save_decision, outsider, other_team, member, team
):
    theirs = save_decision(outsider, other_team)
    client.force_login(member)

    assert client.get(f"/teams/{team.slug}/decisions/{theirs.pk}/").status_code == 404
    assert client.get(f"/teams/{team.slug}/decisions/{theirs.pk}/adr.md").status_code == 404
    assert client.post(f"/teams/{team.slug}/decisions/{theirs.pk}/supersede/").status_code == 404
    assert client.post(f"/teams/{team.slug}/decisions/{theirs.pk}/share/").status_code == 404


def test_a_member_cannot_revoke_another_teams_share_link_through_their_own_decision(
    client, save_decision, outsider, other_team, member, decision
):
    theirs = save_decision(outsider, other_team)
    their_link, _ = ShareLink.objects.issue(theirs, outsider, lifetime=timedelta(days=7))
    client.force_login(member)

    response = client.post(f"{decision.get_absolute_url()}share/{their_link.pk}/revoke/")

    assert response.status_code == 404
    their_link.refresh_from_db()
    assert their_link.revoked_at is None


def test_posts_to_decisions_need_a_csrf_token(decision, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.post(url_for("decisions:supersede", decision), {"older": ""}).status_code == 403
    assert client.post(url_for("decisions:delete", decision)).status_code == 403
    assert client.post(url_for("decisions:share", decision), {"expires_in": "7"}).status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert not ShareLink.objects.exists()


def test_every_decisions_url_and_the_save_url_is_in_the_matrix():
    names = {f"decisions:{p.name}" for p in decision_urls.urlpatterns} | {"wizard:save"}
    resolver = get_resolver()
    assert "decisions" in resolver.namespace_dict
    assert names == set(MATRIX)
