"""A small world for team tests: team Alpha with an owner and a member, plus people outside."""

from datetime import timedelta

import pytest
from django.utils import timezone

from decisions.models import Decision
from teams.models import Invite, Membership, Role, Team


@pytest.fixture
def olive(make_user):
    return make_user("olive")


@pytest.fixture
def mo(make_user):
    return make_user("mo")


@pytest.fixture
def otto(make_user):
    return make_user("otto")


@pytest.fixture
def stella(make_user):
    """Staff (a catalog editor) who is in no team: gets no special access to team data."""
    return make_user("stella", is_staff=True)


@pytest.fixture
def alpha(olive, mo) -> Team:
    team = Team.objects.create_with_owner("Alpha", olive)
    Membership.objects.create(team=team, user=mo, role=Role.MEMBER)
    return team


@pytest.fixture
def mo_membership(alpha, mo) -> Membership:
    return alpha.memberships.get(user=mo)


@pytest.fixture
def olive_membership(alpha, olive) -> Membership:
    return alpha.memberships.get(user=olive)


@pytest.fixture
def make_invite(olive):
    def make(team, *, max_uses=1, expires_in=timedelta(days=7), **fields) -> tuple[Invite, str]:
        invite, token = Invite.objects.issue(team, olive, lifetime=expires_in, max_uses=max_uses)
        if fields:
            Invite.objects.filter(pk=invite.pk).update(**fields)
            invite.refresh_from_db()
        return invite, token

    return make


@pytest.fixture
def invite(alpha, make_invite) -> tuple[Invite, str]:
    return make_invite(alpha)


@pytest.fixture
def expired_invite(alpha, make_invite):
    return make_invite(alpha, expires_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def revoked_invite(alpha, make_invite):
    return make_invite(alpha, revoked_at=timezone.now())


def unsaved_decision(team: Team, author, title: str = "Pick a tracker") -> Decision:
    """A minimal decision for timeline and deletion tests; its snapshots are empty."""
    return Decision(
        team=team,
        author=author,
        title=title,
        answers={},
        outcome_slug="mlflow",
        outcome_name="MLflow",
        result={},
        rules_snapshot={},
        catalog_snapshot={},
        catalog_revision=1,
    )
