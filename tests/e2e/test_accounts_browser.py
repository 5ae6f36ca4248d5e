"""In Chromium: the log-in, lockout and password pages are accessible and work by keyboard."""

import pytest
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


@pytest.fixture
def nina(make_user):
    return make_user("nina", email="nina@example.com")


def log_in(page, password: str) -> None:
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")


def test_login_page_has_no_axe_violations(page, live_server, db, assert_accessible):
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page)


def test_logging_in_by_keyboard_lands_where_the_user_was_going(page, live_server, nina):
    page.goto(live_server.url + "/teams/")
    log_in(page, PASSWORD)
    expect(page).to_have_url(live_server.url + "/teams/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your teams")


def test_a_wrong_password_is_explained_on_the_page(page, live_server, nina, assert_accessible):
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, "wrong")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    assert_accessible(page)


def test_the_lockout_page_explains_the_wait_and_is_accessible(
    page, live_server, nina, assert_accessible
):
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(5):
        log_in(page, "wrong")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed log-ins")
    expect(page.get_by_role("alert")).to_contain_text("15 minutes")
    assert_accessible(page)


@pytest.mark.parametrize(
    "path", ["/accounts/signup/", "/accounts/password/reset/", "/accounts/password/reset/sent/"]
)
def test_account_pages_have_no_axe_violations(page, live_server, db, assert_accessible, path):
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_logging_out_ends_the_session(page, live_server, nina):
    page.goto(live_server.url + "/accounts/login/?next=/teams/")
    log_in(page, PASSWORD)
    page.get_by_role("button", name="Log out").click()
    page.goto(live_server.url + "/teams/")
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/teams/")
