"""Sharing a decision by link, in Chromium: create it, read it signed out, revoke it."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from teams.models import Membership, Role, Team
from tests.wizard_rules import JUST_STARTING


def signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_a_link_opens_the_decision_signed_out_until_it_is_revoked(
    page, browser, live_server, catalog, make_user, console_errors, assert_accessible
):
    owner = make_user("olivia")
    team = Team.objects.create(name="Platform", slug="platform")
    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
    signed_in(page, live_server, owner)
    page.goto(
        f"{live_server.url}/wizard/result/?"
        + "&".join(f"{k}={v}" for k, v in JUST_STARTING.items())
    )
    page.get_by_label("Title").fill("Start with tracking")
    page.get_by_role("button", name="Save to team").click()

    # Right after saving, the page offers a link next to the verdict.
    expect(page.get_by_text("Show this decision to someone without an account?")).to_be_visible()
    page.get_by_label("Link works for").select_option("7")
    page.get_by_role("button", name="Create share link").click()
    expect(page.locator("h1")).to_have_text("Share link for “Start with tracking”")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    link = page.get_by_label("Share link").input_value()
    assert_accessible(page)

    reader_context = browser.new_context()
    reader = reader_context.new_page()
    reader_errors: list[str] = []
    reader.on("console", lambda m: reader_errors.append(m.text) if m.type == "error" else None)
    assert reader.goto(link).status == 200
    expect(reader.locator("h1")).to_have_text("Start with tracking")
    expect(reader.get_by_text("Platform", exact=False).first).to_be_visible()
    expect(reader.get_by_role("link", name="Try it yourself")).to_be_visible()
    expect(reader.get_by_role("button", name="Revoke")).to_have_count(0)
    assert_accessible(reader)

    page.get_by_role("link", name="Back to the decision").click()
    expect(page.get_by_text("opened 1 time")).to_be_visible()
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("it no longer works")).to_be_visible()

    assert reader_errors == []
    assert reader.reload().status == 410
    expect(reader.locator("h1")).to_have_text("This shared link no longer works")
    expect(reader.get_by_text("Start with tracking")).to_have_count(0)
    assert_accessible(reader)
    reader_context.close()
    # Chromium reports the 410 itself as a failed load; nothing else (no CSP violation).
    assert reader_errors == [
        "Failed to load resource: the server responded with a status of 410 (Gone)"
    ]
    assert console_errors == []
