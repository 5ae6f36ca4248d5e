"""The team page reads top-down: decisions, members, settings, then a separate danger zone,
and it offers only the actions the visitor can actually take."""

from teams.models import Membership, Role, Team

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
