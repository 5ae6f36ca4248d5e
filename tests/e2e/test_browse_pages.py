"""Every browsing page in Chromium: zero axe violations and console errors, at two widths."""

import pytest
from playwright.sync_api import expect

from tests.test_site import ERROR_PAGES, PUBLIC_PAGES

# The home page has its own browser test (test_home_browser.py).
PAGES = [url for url in PUBLIC_PAGES if url != "/"] + ERROR_PAGES
WIDTHS = {"desktop": (1280, 900), "360px": (360, 780)}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", PAGES)
def test_page_has_no_axe_violations_or_console_errors(
    page, live_server, catalog, console_errors, assert_accessible, url, width, scheme
):
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + url)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    if width == "360px":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The 404 and 400 pages log their status as a console error in Chromium; nothing else may.
    expected = 1 if url in ("/tools/airflow/", "/compare/?tools=airflow") else 0
    assert len(console_errors) == expected, console_errors


def test_insights_chart_keeps_its_text_size_and_shows_the_numbers_on_request(
    page, live_server, catalog
):
    sizes = {}
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + "/insights/")
        bars = page.locator("svg.bar-svg rect.bar")
        assert bars.count() == 4
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        label = page.locator(".bar-label").first
        sizes[width] = label.evaluate("el => getComputedStyle(el).fontSize")
        # The value text ends inside the chart, never past it.
        chart = page.locator("figure.chart").first.bounding_box()
        for value in page.locator(".bar-value").all():
            box = value.bounding_box()
            assert box["x"] + box["width"] <= chart["x"] + chart["width"]
    assert sizes[1280] == sizes[360]
    values = page.locator(".bar-row:not(.bar-row-negative) .bar-value").all_inner_texts()
    assert values == sorted(values, key=lambda v: -int(v.rstrip("%")))
    expect(page.locator(".bar-row-negative")).to_contain_text("Problem")
    page.locator(".chart-numbers > summary").click()
    table = page.get_by_role("table", name="Kubeflow User Survey 2023, share of respondents")
    assert table.get_by_role("row").count() == 5


def test_use_case_steps_read_left_to_right_on_desktop_and_top_down_at_360(
    page, live_server, catalog
):
    page.goto(live_server.url + "/use-cases/")
    steps = page.locator("#enterprise-production-mlops .step")
    first, second = steps.nth(0).bounding_box(), steps.nth(1).bounding_box()
    assert second["x"] > first["x"]
    page.set_viewport_size({"width": 360, "height": 780})
    first, second = steps.nth(0).bounding_box(), steps.nth(1).bounding_box()
    assert second["y"] > first["y"] and abs(second["x"] - first["x"]) < 2


def test_print_layout_hides_the_form_and_opens_the_notes(page, live_server, catalog):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    page.emulate_media(media="print")
    assert not page.locator("form.compare-form").is_visible()
    assert not page.locator(".site-header").is_visible()
    note = page.locator("#row-experiment-tracking .cell-note").first
    assert note.is_visible()
