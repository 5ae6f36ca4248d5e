"""Creating, showing, renaming and deleting teams; members, roles and the last-owner rules."""

import re

import pytest
from django.db import IntegrityError

from decisions.models import Decision
from teams.access import get_team_for_member
from teams.models import Invite, Membership, Role, Team

from .conftest import unsaved_decision


def make_decision(team, author) -> Decision:
    decision = unsaved_decision(team, author)
    decision.save()
    return decision


def test_creating_a_team_makes_the_creator_its_owner(client, otto):
    client.force_login(otto)
    response = client.post("/teams/new/", {"name": "Data Platform"})
    team = Team.objects.get(name="Data Platform")
    assert response["Location"] == "/teams/data-platform/"
    assert team.memberships.get().user == otto
    assert team.memberships.get().role == Role.OWNER


def test_team_slugs_stay_unique_for_the_same_name(olive, otto):
    first = Team.objects.create_with_owner("Alpha", olive)
    second = Team.objects.create_with_owner("Alpha", otto)
    assert (first.slug, second.slug) == ("alpha", "alpha-2")


def test_team_slugs_fall_back_to_random_suffixes_when_numbers_run_out(olive):
    for _ in range(5):
        Team.objects.create_with_owner("Alpha", olive)
    sixth = Team.objects.create_with_owner("Alpha", olive)
    assert re.fullmatch(r"alpha-[0-9a-f]{10}", sixth.slug)


def test_a_team_never_takes_a_slug_that_shadows_a_teams_url(olive):
    assert Team.objects.create_with_owner("New", olive).slug == "new-2"


def test_a_name_without_latin_letters_still_gets_a_slug(olive):
    assert Team.objects.create_with_owner("数据平台", olive).slug == "team"


def test_a_failed_owner_membership_leaves_no_team_behind(olive, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Membership.objects, "create", refuse)
    with pytest.raises(IntegrityError):
        Team.objects.create_with_owner("Alpha", olive)
    assert not Team.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_creating_a_team_with_a_bad_name_answers_400_and_creates_nothing(client, otto, name):
    client.force_login(otto)
    response = client.post("/teams/new/", {"name": name})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not Team.objects.exists()


def test_team_list_shows_only_the_users_teams(client, alpha, olive, otto):
    Team.objects.create_with_owner("Otto's team", otto)
    client.force_login(olive)
    html = client.get("/teams/").content.decode()
    assert "Alpha" in html and "Otto" not in html.split("<main")[1]


def test_team_page_shows_members_and_the_decision_timeline(client, alpha, mo, olive):
    make_decision(alpha, olive)
    client.force_login(mo)
    response = client.get("/teams/alpha/")
    html = response.content.decode()
    assert "olive" in html and "mo (you)" in html
    assert "Pick a tracker" in html
    assert html.count("<h1") == 1


def test_team_page_shows_owner_tools_only_to_owners(client, alpha, mo, olive):
    client.force_login(mo)
    assert "Create invite link" not in client.get("/teams/alpha/").content.decode()
    client.force_login(olive)
    assert "Create invite link" in client.get("/teams/alpha/").content.decode()


def test_another_teams_decisions_never_show_on_a_team_page(client, alpha, olive, otto):
    other = Team.objects.create_with_owner("Other", otto)
    make_decision(other, otto)
    client.force_login(olive)
    assert "Pick a tracker" not in client.get("/teams/alpha/").content.decode()


def test_the_gate_refuses_a_member_lacking_the_role(rf, alpha, mo):
    from django.core.exceptions import PermissionDenied

    request = rf.get("/")
    request.user = mo
    with pytest.raises(PermissionDenied):
        get_team_for_member(request, "alpha", role=Role.OWNER)
    assert get_team_for_member(request, "alpha")[0] == alpha


def test_renaming_keeps_the_slug(client, alpha, olive):
    client.force_login(olive)
    client.post("/teams/alpha/rename/", {"name": "Alpha Squad"})
    alpha.refresh_from_db()
    assert (alpha.name, alpha.slug) == ("Alpha Squad", "alpha")


def test_renaming_to_an_empty_name_answers_400_and_keeps_the_name(client, alpha, olive):
    client.force_login(olive)
    response = client.post("/teams/alpha/rename/", {"name": ""})
    assert response.status_code == 400
    assert response.context["rename_form"].errors
    alpha.refresh_from_db()
    assert alpha.name == "Alpha"


def test_deleting_a_team_takes_its_members_invites_and_decisions_with_it(
    client, alpha, olive, invite
):
    make_decision(alpha, olive)
    client.force_login(olive)
    response = client.post("/teams/alpha/delete/", {"confirm": "Alpha"})
    assert response["Location"] == "/teams/"
    assert not Team.objects.exists()
    assert not Membership.objects.exists()
    assert not Invite.objects.exists()
    assert not Decision.objects.exists()


@pytest.mark.parametrize("confirm", ["", "alpha", "Beta"])
def test_deleting_a_team_needs_its_exact_name(client, alpha, olive, confirm):
    make_decision(alpha, olive)
    client.force_login(olive)
    response = client.post("/teams/alpha/delete/", {"confirm": confirm})
    assert response.status_code == 400
    assert response.context["delete_form"].errors
    assert Team.objects.filter(pk=alpha.pk).exists()
    assert Decision.objects.count() == 1


def test_a_member_can_leave(client, alpha, mo):
    client.force_login(mo)
    response = client.post("/teams/alpha/leave/")
    assert response["Location"] == "/teams/"
    assert not alpha.memberships.filter(user=mo).exists()
    assert client.get("/teams/alpha/").status_code == 404


def test_the_last_owner_cannot_leave(client, alpha, olive):
    client.force_login(olive)
    response = client.post("/teams/alpha/leave/")
    assert response.status_code == 409
    assert "at least one owner" in response.content.decode()
    assert alpha.memberships.filter(user=olive, role=Role.OWNER).exists()


def test_an_owner_can_leave_when_another_owner_remains(client, alpha, olive, mo_membership):
    mo_membership.role = Role.OWNER
    mo_membership.save()
    client.force_login(olive)
    assert client.post("/teams/alpha/leave/").status_code == 302
    assert list(alpha.memberships.values_list("user__username", flat=True)) == ["mo"]


def test_the_last_owner_cannot_be_demoted(client, alpha, olive, olive_membership):
    client.force_login(olive)
    url = f"/teams/alpha/members/{olive_membership.pk}/role/"
    assert client.post(url, {"role": "member"}).status_code == 409
    olive_membership.refresh_from_db()
    assert olive_membership.role == Role.OWNER


def test_the_last_owner_cannot_be_removed(client, alpha, olive, olive_membership):
    client.force_login(olive)
    url = f"/teams/alpha/members/{olive_membership.pk}/remove/"
    assert client.post(url).status_code == 409
    assert Membership.objects.filter(pk=olive_membership.pk).exists()


def test_an_owner_can_promote_a_member_and_then_step_down(
    client, alpha, olive, olive_membership, mo_membership
):
    client.force_login(olive)
    client.post(f"/teams/alpha/members/{mo_membership.pk}/role/", {"role": "owner"})
    response = client.post(f"/teams/alpha/members/{olive_membership.pk}/role/", {"role": "member"})
    assert response.status_code == 302
    roles = dict(alpha.memberships.values_list("user__username", "role"))
    assert roles == {"olive": Role.MEMBER, "mo": Role.OWNER}


def test_an_owner_can_remove_a_member(client, alpha, olive, mo_membership):
    client.force_login(olive)
    assert client.post(f"/teams/alpha/members/{mo_membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=mo_membership.pk).exists()


def test_an_unknown_role_answers_400(client, alpha, olive, mo_membership):
    client.force_login(olive)
    url = f"/teams/alpha/members/{mo_membership.pk}/role/"
    assert client.post(url, {"role": "admin"}).status_code == 400
    mo_membership.refresh_from_db()
    assert mo_membership.role == Role.MEMBER


def test_an_owner_cannot_reach_a_membership_of_another_team(client, alpha, olive, otto):
    other = Team.objects.create_with_owner("Other", otto)
    others_membership = other.memberships.get()
    client.force_login(olive)
    assert client.post(f"/teams/alpha/members/{others_membership.pk}/remove/").status_code == 404
    url = f"/teams/alpha/members/{others_membership.pk}/role/"
    assert client.post(url, {"role": "member"}).status_code == 404
    assert Membership.objects.filter(pk=others_membership.pk).exists()


def test_an_unknown_team_and_a_real_one_look_the_same_to_an_outsider(client, alpha, otto):
    client.force_login(otto)
    real = client.get("/teams/alpha/")
    unknown = client.get("/teams/no-such-team/")
    assert real.status_code == unknown.status_code == 404

    def normalised(response, slug: str) -> str:
        html = response.content.decode().replace(slug, "<slug>")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # masked per render

    assert normalised(real, "alpha") == normalised(unknown, "no-such-team")
