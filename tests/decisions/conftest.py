"""A team with an owner and a member, an outsider, a staff user outside the team, and a
decision saved through the real save view."""

import pytest

from decisions.models import Decision
from teams.models import Membership, Role, Team
from tests.wizard_rules import JUST_STARTING


@pytest.fixture
def team(db):
    return Team.objects.create(name="Platform", slug="platform")


@pytest.fixture
def other_team(db):
    return Team.objects.create(name="Research", slug="research")


@pytest.fixture
def owner(make_user, team):
    user = make_user("olivia")
    Membership.objects.create(team=team, user=user, role=Role.OWNER)
    return user


@pytest.fixture
def member(make_user, team):
    user = make_user("bob")
    Membership.objects.create(team=team, user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def outsider(make_user, other_team):
    user = make_user("charlie")
    Membership.objects.create(team=other_team, user=user, role=Role.OWNER)
    return user


@pytest.fixture
def staff(make_user):
    return make_user("stella", is_staff=True, is_superuser=True)


@pytest.fixture
def save_decision(client, catalog):
    """Save a wizard result through the real view, as `user`; return the new Decision."""

    def save(user, team, answers=JUST_STARTING, **fields) -> Decision:
        client.force_login(user)
        response = client.post("/wizard/save/", {**answers, "team": team.slug, **fields})
        assert response.status_code == 302, response.content.decode()[:2000]
        client.logout()
        return Decision.objects.latest("id")

    return save


@pytest.fixture
def decision(save_decision, owner, member, team):
    return save_decision(member, team, title="Start with tracking", notes="Revisit in Q3.")
