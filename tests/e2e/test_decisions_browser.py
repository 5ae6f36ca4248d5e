"""Saving a result to a team and reading the decision, in Chromium."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from teams.models import Membership, Role, Team
from tests.wizard_rules import JUST_STARTING


def test_a_member_saves_a_result_and_reads_the_decision_without_violations(
    page, live_server, catalog, make_user, console_errors, assert_accessible
):
    user = make_user("bob")
    team = Team.objects.create(name="Platform", slug="platform")
    Membership.objects.create(team=team, user=user, role=Role.OWNER)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    query = "&".join(f"{k}={v}" for k, v in JUST_STARTING.items())
    page.goto(f"{live_server.url}/wizard/result/?{query}")
    assert_accessible(page)

    page.get_by_label("Title").fill("Start with tracking")
    page.get_by_label("Notes").fill("Revisit once pipelines grow.")
    page.get_by_role("button", name="Save to team").click()

    expect(page.locator("h1")).to_have_text("Start with tracking")
    expect(page.get_by_text("Revisit once pipelines grow.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as ADR (Markdown)").click()
    assert download.value.suggested_filename.endswith("start-with-tracking.md")
    page.get_by_role("link", name="Run again").click()
    expect(page.locator("fieldset")).to_have_count(6)  # every saved answer, to change any
    assert console_errors == []
