"""The compare page in Chromium: htmx swaps, pushed URLs, back button, keyboard use."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from comparisons import models as m


@pytest.fixture
def three_tools(catalog):
    """The real catalog plus a third published tool, rated like MLflow on experiment tracking."""
    zenml = m.Tool.objects.create(
        slug="zenml",
        name="ZenML",
        tagline="Pipelines",
        focus="pipeline framework",
        description="A test tool.",
        licence="Apache-2.0",
        order=5,
    )
    source = m.Source.objects.first()
    for capability in m.Capability.objects.all():
        rating = m.Rating.objects.create(
            tool=zenml,
            capability=capability,
            level=m.Level.PARTIAL,
            summary=f"ZenML on {capability.name}.",
            reviewed_on=dt.date(2026, 2, 1),
        )
        rating.sources.add(source)
    return zenml


def header_names(page) -> list[str]:
    return page.locator("#matrix-table thead th").all_inner_texts()


def test_ticking_a_tool_swaps_the_matrix_and_pushes_the_url(
    page, live_server, three_tools, console_errors
):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    assert header_names(page) == ["Capability", "Kubeflow", "MLflow"]
    page.get_by_label("ZenML").check()
    expect(page.locator("#matrix-table thead th")).to_have_count(4)
    assert header_names(page)[-1] == "ZenML"
    expect(page).to_have_url(re.compile(r"/compare/\?tools=kubeflow&tools=mlflow&tools=zenml$"))
    assert page.locator("h1").count() == 1  # a fragment, not a page inside the page
    assert console_errors == []


def test_back_and_reload_restore_the_same_view(page, live_server, three_tools, console_errors):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    page.get_by_label("ZenML").check()
    expect(page.locator("#matrix-table thead th")).to_have_count(4)
    page.get_by_label("Kubeflow").uncheck()
    expect(page).to_have_url(re.compile(r"tools=mlflow&tools=zenml$"))
    expect(page.locator("#matrix-table thead th")).to_have_count(3)
    page.go_back()
    expect(page).to_have_url(re.compile(r"tools=kubeflow&tools=mlflow&tools=zenml$"))
    expect(page.locator("#matrix-table thead th")).to_have_count(4)
    expect(page.get_by_label("Kubeflow")).to_be_checked()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/compare/kubeflow-vs-mlflow/$"))
    expect(page.locator("#matrix-table thead th")).to_have_count(3)
    expect(page.get_by_label("ZenML")).not_to_be_checked()
    page.go_forward()
    expect(page.locator("#matrix-table thead th")).to_have_count(4)
    page.reload()
    expect(page.locator("#matrix-table thead th")).to_have_count(4)
    expect(page.get_by_label("ZenML")).to_be_checked()
    assert console_errors == []


def test_only_differences_hides_rows_with_equal_levels(page, live_server, catalog, console_errors):
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="serving-deployment")
    rating.level = m.Level.PARTIAL  # MLflow's level, so the row no longer differs
    rating.save()
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    row = page.locator("#row-serving-deployment")
    expect(row).to_be_visible()
    page.get_by_label("Only differences").check()
    expect(row).to_have_count(0)
    expect(page.locator("#row-experiment-tracking")).to_be_visible()
    expect(page).to_have_url(re.compile(r"diff=1"))
    expect(page.get_by_role("status")).to_contain_text("1 with equal levels hidden")
    page.get_by_label("Only differences").uncheck()
    expect(row).to_be_visible()
    assert console_errors == []


def test_fewer_than_two_tools_shows_a_prompt(page, live_server, catalog, console_errors):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    page.get_by_label("MLflow").uncheck()
    expect(page.get_by_role("heading", name="Choose at least two tools")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    assert console_errors == []


def test_keyboard_alone_reaches_and_works_every_control(page, live_server, catalog):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    reached = set()
    for _ in range(150):  # the whole page: header, form, 14 cells with details and sources
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                """() => { const e = document.activeElement;
                   return e.name ? `${e.tagName}:${e.name}:${e.value}` :
                          `${e.tagName}:${e.textContent.trim().slice(0, 40)}`; }"""
            )
        )
    for control in (
        "INPUT:tools:kubeflow",
        "INPUT:tools:mlflow",
        "INPUT:diff:1",
        "BUTTON:Update comparison",
        "A:Download as CSV",
        "A:Download as JSON",
        "A:Download as Markdown",
    ):
        assert any(item.startswith(control) for item in reached), (control, reached)
    assert any(item.startswith("SUMMARY:Details") for item in reached)
    assert any(item.startswith("DIV:") for item in reached)  # the scrollable matrix region
    page.get_by_label("Only differences").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"diff=1"))


def test_header_row_stays_visible_while_the_matrix_scrolls(page, live_server, catalog):
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    region = page.locator(".matrix-scroll")
    region.evaluate("el => el.scrollTo(0, el.scrollHeight)")
    header = page.locator("#matrix-table thead th").first
    region_top = region.bounding_box()["y"]
    assert abs(header.bounding_box()["y"] - region_top) < 4


def test_at_360_px_the_matrix_becomes_cards_labelled_with_the_tool(page, live_server, catalog):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    cell = page.locator("#row-model-registry td").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Kubeflow"'


def test_the_form_works_without_javascript(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/compare/")
    page.get_by_label("Kubeflow").check()
    page.get_by_label("MLflow").check()
    page.get_by_role("button", name="Update comparison").click()
    expect(page).to_have_url(re.compile(r"/compare/\?tools=kubeflow&tools=mlflow"))
    expect(page.locator("#matrix-table thead th")).to_have_count(3)
    context.close()
