"""In Chromium: sign up, create a team, create an invite, and join it as someone else."""

import re

import pytest
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


def sign_up(page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()


@pytest.fixture
def invite_link(page, live_server, console_errors, assert_accessible) -> str:
    """Alice signs up, creates a team and an invite link; every page on the way is checked."""
    page.goto(live_server.url + "/accounts/signup/")
    assert_accessible(page)
    sign_up(page, "alice")
    expect(page.get_by_role("link", name="Teams")).to_be_visible()

    page.goto(live_server.url + "/teams/new/")
    assert_accessible(page)
    page.get_by_label("Team name").fill("Platform Crew")
    page.get_by_role("button", name="Create team").click()
    expect(page).to_have_url(live_server.url + "/teams/platform-crew/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform Crew")
    assert_accessible(page)

    page.get_by_role("button", name="Create invite link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite link for “Platform Crew”")
    assert_accessible(page)
    link = page.get_by_label("Invite link").input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/join/[A-Za-z0-9_-]{43}/", link)
    return link


def test_a_new_user_joins_a_team_through_an_invite_link(
    invite_link, browser, live_server, assert_accessible, console_errors
):
    context = browser.new_context()
    bob = context.new_page()
    bob_errors: list[str] = []
    bob.on("console", lambda m: bob_errors.append(m.text) if m.type == "error" else None)
    try:
        bob.goto(invite_link)
        expect(bob).to_have_url(re.compile(r"/accounts/login/\?next=/join/"))
        assert_accessible(bob)
        bob.get_by_role("link", name="Create an account").click()
        sign_up(bob, "bob")

        expect(bob.get_by_role("heading", level=1)).to_have_text("Join “Platform Crew”")
        assert_accessible(bob)
        bob.get_by_role("button", name="Join Platform Crew").click()

        expect(bob).to_have_url(live_server.url + "/teams/platform-crew/")
        expect(bob.get_by_role("rowheader", name="bob (you)")).to_be_visible()
        expect(bob.get_by_role("rowheader", name="alice")).to_be_visible()
        assert_accessible(bob)
        assert bob_errors == []
    finally:
        context.close()
    assert console_errors == []


def test_the_copy_button_appears_with_javascript_and_reports_what_it_did(
    invite_link, page, console_errors
):
    button = page.get_by_role("button", name="Copy link")
    expect(button).to_be_visible()
    button.click()
    expect(page.get_by_role("status")).not_to_have_text("")
    assert console_errors == []


def test_the_team_page_has_no_axe_violations_at_360_px(
    invite_link, page, live_server, assert_accessible
):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/teams/platform-crew/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_welcome_and_team_pages_have_no_axe_violations(
    invite_link, page, live_server, assert_accessible, width, scheme
):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    for path in ("/welcome/", "/teams/platform-crew/", "/teams/new/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_long_timeline_pages_by_keyboard_and_stays_accessible(
    invite_link, page, live_server, assert_accessible
):
    from django.contrib.auth import get_user_model

    from teams.models import Team
    from tests.teams.test_team_page import add_decisions

    team = Team.objects.get(slug="platform-crew")
    add_decisions(team, get_user_model().objects.get(username="alice"), 30)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/teams/platform-crew/")
    pages = page.get_by_role("navigation", name="Pages of decisions")
    expect(pages).to_contain_text("Decisions 1–25 of 30")
    assert_accessible(page)
    pages.get_by_role("link", name="Older decisions").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/teams/platform-crew/?page=2")
    expect(page.get_by_role("link", name="Decision 1", exact=True)).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
