"""Who may do what with a team's decisions: every decisions URL × every kind of visitor."""

import pytest
from django.test import Client
from django.urls import get_resolver

from decisions import urls as decision_urls
from decisions.models import Decision
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
    suffix = {
        "decisions:detail": "",
        "decisions:adr": "adr.md",
        "decisions:supersede": "supersede/",
        "decisions:delete": "delete/",
    }[name]
    return f"/teams/{decision.team.slug}/decisions/{decision.pk}/{suffix}"


@pytest.mark.parametrize(("name", "who", "method", "expected"), CASES)
def test_permission_matrix(
    client, decision, team, owner, member, outsider, staff, name, who, method, expected
):
    users = {"owner": owner, "member": member, "outsider": outsider, "staff": staff}
    if who != "anonymous":
        client.force_login(users[who])
    data = {"older": ""}
    if name == "wizard:save":
        data = {**JUST_STARTING, "team": team.slug}
    response = getattr(client, method)(url_for(name, decision), data if method == "post" else {})

    assert response.status_code == expected
    if expected == LOGIN and who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


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


def test_posts_to_decisions_need_a_csrf_token(decision, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.post(url_for("decisions:supersede", decision), {"older": ""}).status_code == 403
    assert client.post(url_for("decisions:delete", decision)).status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_every_decisions_url_and_the_save_url_is_in_the_matrix():
    names = {f"decisions:{p.name}" for p in decision_urls.urlpatterns} | {"wizard:save"}
    resolver = get_resolver()
    assert "decisions" in resolver.namespace_dict
    assert names == set(MATRIX)
