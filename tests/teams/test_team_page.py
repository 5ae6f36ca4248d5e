"""The team page reads top-down: decisions, members, settings, then a separate danger zone,
and it offers only the actions the visitor can actually take."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Decision
from teams.models import Membership, Role, Team

from .conftest import unsaved_decision

SECTIONS = ["Decisions", "Members", "Settings", "Danger zone"]


def sections(html: str) -> list[str]:
    shown = [name for name in SECTIONS if f">{name}</h2>" in html]
    return sorted(shown, key=lambda name: html.index(f">{name}</h2>"))


def test_an_owner_sees_decisions_members_settings_then_the_danger_zone(client, alpha, olive):
    client.force_login(olive)
    html = client.get(f"/teams/{alpha.slug}/").content.decode()
    assert sections(html) == ["Decisions", "Members", "Settings", "Danger zone"]


def test_a_member_sees_no_settings_and_only_leave_in_the_danger_zone(client, alpha, mo):
    client.force_login(mo)
    html = client.get(f"/teams/{alpha.slug}/").content.decode()
    assert sections(html) == ["Decisions", "Members", "Danger zone"]
    assert f"Leave {alpha.name}" in html
    assert "Delete team" not in html and "Set role" not in html


def test_a_sole_owner_is_not_offered_actions_on_themselves_that_cannot_work(client, olive, mo):
    team = Team.objects.create_with_owner("Solo", olive)
    Membership.objects.create(team=team, user=mo, role=Role.MEMBER)
    client.force_login(olive)
    html = client.get(f"/teams/{team.slug}/").content.decode()
    own_row = html[html.index("olive (you)") : html.index("</tr>", html.index("olive (you)"))]
    assert "Set role" not in own_row and "Remove" not in own_row
    assert "You are the only owner." in own_row
    assert "Leave Solo" not in html
    mo_row = html[html.index(">mo<") : html.index("</tr>", html.index(">mo<"))]
    assert "Set role" in mo_row and "Remove" in mo_row


def test_with_a_second_owner_an_owner_may_leave(client, alpha, olive, mo_membership):
    mo_membership.role = Role.OWNER
    mo_membership.save()
    client.force_login(olive)
    html = client.get(f"/teams/{alpha.slug}/").content.decode()
    assert f"Leave {alpha.name}" in html


# --- The timeline, 25 decisions a page ---------------------------------------------------


def add_decisions(team: Team, author, count: int) -> None:
    """`count` decisions titled "Decision 1" (oldest) to "Decision <count>" (newest)."""
    Decision.objects.bulk_create(
        unsaved_decision(team, author, f"Decision {n}") for n in range(1, count + 1)
    )


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">(Decision \d+)</a></h3>', html)


def test_the_timeline_shows_the_newest_25_decisions_and_links_to_older_ones(client, alpha, olive):
    add_decisions(alpha, olive, 60)
    client.force_login(olive)
    html = client.get(f"/teams/{alpha.slug}/").content.decode()
    assert titles(html) == [f"Decision {n}" for n in range(60, 35, -1)]
    assert "Decisions 1–25 of 60, newest first (page 1 of 3)." in html
    assert 'href="?page=2" rel="next" class="button secondary">Older decisions</a>' in html
    assert "Newer decisions" not in html


def test_the_last_page_links_back_to_newer_decisions(client, alpha, olive):
    add_decisions(alpha, olive, 60)
    client.force_login(olive)
    html = client.get(f"/teams/{alpha.slug}/?page=3").content.decode()
    assert titles(html) == [f"Decision {n}" for n in range(10, 0, -1)]
    assert 'href="?page=2" rel="prev" class="button secondary">Newer decisions</a>' in html
    assert "Older decisions" not in html


def test_a_page_number_past_either_end_shows_the_nearest_page(client, alpha, olive):
    add_decisions(alpha, olive, 30)
    client.force_login(olive)
    assert titles(client.get(f"/teams/{alpha.slug}/?page=99").content.decode())[0] == "Decision 5"
    assert titles(client.get(f"/teams/{alpha.slug}/?page=0").content.decode())[0] == "Decision 30"


def test_a_page_that_is_not_a_number_is_not_found(client, alpha, olive):
    client.force_login(olive)
    assert client.get(f"/teams/{alpha.slug}/?page=two").status_code == 404


def test_a_short_timeline_has_no_page_links(client, alpha, olive):
    add_decisions(alpha, olive, 3)
    client.force_login(olive)
    html = client.get(f"/teams/{alpha.slug}/").content.decode()
    assert len(titles(html)) == 3 and "Pages of decisions" not in html


def test_the_team_page_costs_the_same_queries_for_10_and_100_decisions(client, alpha, olive):
    client.force_login(olive)
    client.get(f"/teams/{alpha.slug}/")  # the first request after signing in touches the session
    add_decisions(alpha, olive, 10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(f"/teams/{alpha.slug}/").status_code == 200
    add_decisions(alpha, olive, 90)
    with CaptureQueriesContext(connection) as hundred:
        assert client.get(f"/teams/{alpha.slug}/?page=2").status_code == 200
    assert len(ten) == len(hundred)
