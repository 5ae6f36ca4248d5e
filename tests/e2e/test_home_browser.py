import pytest


@pytest.fixture
def home(page, live_server, catalog, console_errors):
    page.goto(live_server.url + "/")
    return page


def test_home_page_shows_both_tools_and_the_matrix_in_chromium(home):
    assert home.locator("h1").count() == 1
    assert home.get_by_role("table").locator("tbody tr").count() == 12
    assert home.get_by_role("link", name="MLflow", exact=True).first.is_visible()


def test_home_page_has_no_console_errors_so_the_csp_holds(home, console_errors):
    home.wait_for_load_state("networkidle")
    assert console_errors == []


def test_home_page_has_no_axe_violations(home, assert_accessible):
    assert_accessible(home)


def test_home_page_has_no_axe_violations_at_360_px(page, live_server, catalog, assert_accessible):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_skip_link_is_the_first_thing_the_keyboard_reaches(home):
    home.keyboard.press("Tab")
    focused = home.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    home.keyboard.press("Enter")
    assert home.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [1280, 360])
def test_home_page_has_no_axe_violations_in_dark_mode(
    page, live_server, catalog, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + "/")
    assert_accessible(page)
