"""The wizard in Chromium: one step at a time with htmx, one form without JavaScript."""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.wizard_rules import JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED

LABELS = {  # the choice labels for the Kubeflow path, question by question
    "kubernetes": "Strong: a platform team runs it",
    "complexity": "Complex: many-step pipelines",
    "training-scale": "Large, distributed",
    "priority": "Orchestration and automation",
    "portability": "High",
    "stage": "Production",
}


@pytest.fixture
def wizard(page, live_server, catalog, console_errors):
    page.goto(live_server.url + "/wizard/")
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()
    return page


def test_with_htmx_the_wizard_steps_in_place_to_kubeflow_with_a_live_preview(
    wizard, console_errors, assert_accessible
):
    assert_accessible(wizard)
    for number, label in enumerate(LABELS.values(), start=1):
        expect(wizard.get_by_text(f"Step {number} of 6")).to_be_visible()
        assert wizard.locator("fieldset").count() == 1
        wizard.get_by_label(label, exact=True).check()
        expect(wizard.locator("#preview")).to_contain_text(f"After {number} of 6 answers")
        if number < 6:
            wizard.get_by_role("button", name="Next").click()
            expect(wizard).to_have_url(re.compile(rf"step={number + 1}"))
    expect(wizard.locator("#preview")).to_contain_text("Kubeflow leads")
    wizard.get_by_role("button", name="See the recommendation").click()

    expect(wizard.locator("h1")).to_have_text("Recommendation: Kubeflow")
    assert_accessible(wizard)
    assert console_errors == []


def test_back_keeps_the_answers_and_next_without_an_answer_shows_the_error(wizard, console_errors):
    wizard.get_by_label("None yet").check()
    wizard.get_by_role("button", name="Next").click()
    expect(wizard.get_by_text("Step 2 of 6")).to_be_visible()
    wizard.get_by_role("button", name="Next").click()

    expect(wizard.get_by_text("This question needs an answer.", exact=True)).to_be_visible()
    expect(wizard.get_by_role("alert")).to_contain_text("How complex are your ML workflows?")
    expect(wizard.get_by_text("Step 2 of 6")).to_be_visible()
    wizard.get_by_role("button", name="Back").click()
    expect(wizard.get_by_text("Step 1 of 6")).to_be_visible()
    expect(wizard.get_by_label("None yet")).to_be_checked()
    assert console_errors == []


def test_the_wizard_works_from_the_keyboard_alone(wizard):
    wizard.get_by_label("None yet").focus()
    wizard.keyboard.press("ArrowDown")  # radio groups move and select with the arrows
    expect(wizard.get_by_label("Some: we run a cluster")).to_be_checked()
    wizard.keyboard.press("Tab")
    assert wizard.evaluate("document.activeElement.id") == "wizard-next"
    wizard.keyboard.press("Enter")

    expect(wizard.get_by_text("Step 2 of 6")).to_be_visible()
    # Focus moves into the new step, so the keyboard user carries on where they are.
    expect(wizard.locator("#q-complexity-simple")).to_be_focused()


def test_reloading_a_pushed_step_url_comes_back_to_that_step(wizard, live_server):
    wizard.get_by_label("None yet").check()
    wizard.get_by_role("button", name="Next").click()
    expect(wizard).to_have_url(re.compile(r"step=2"))
    wizard.reload()

    expect(wizard.get_by_text("Step 2 of 6")).to_be_visible()


def test_without_javascript_the_wizard_steps_through_to_the_result(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/wizard/")

    for number, label in enumerate(
        [
            "Some: we run a cluster",
            "Moderate: a few chained steps",
            "Periodic retraining",
            "Both equally",
            "Medium",
            "Pilot",
        ],
        start=1,
    ):
        expect(page.get_by_text(f"Step {number} of 6")).to_be_visible()
        expect(page.locator("fieldset")).to_have_count(1)
        page.get_by_label(label).check()
        name = "Next" if number < 6 else "See the recommendation"
        page.get_by_role("button", name=name).click()

    expect(page.locator("h1")).to_have_text("Recommendation: MLflow + Kubeflow (hybrid)")
    context.close()


def test_all_questions_on_one_page_is_a_link_away_and_reaches_the_result(
    browser, live_server, catalog
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/wizard/")
    page.get_by_role("link", name="Show all questions on one page").click()

    expect(page.locator("fieldset")).to_have_count(6)
    page.get_by_label("Some: we run a cluster").check()
    page.get_by_label("Moderate: a few chained steps").check()
    page.get_by_label("Periodic retraining").check()
    page.get_by_label("Both equally").check()
    page.get_by_label("Medium").check()
    page.get_by_label("Pilot").check()
    page.get_by_role("button", name="See the recommendation").click()

    expect(page.locator("h1")).to_have_text("Recommendation: MLflow + Kubeflow (hybrid)")
    context.close()


def test_the_first_paint_already_shows_step_one_and_nothing_shifts(
    page, live_server, catalog, console_errors
):
    # Sum every layout shift from the first byte on (the page's own CLS), and note whether
    # the step was ever replaced after the HTML arrived.
    page.add_init_script(
        """window.__shift = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries())
          if (!e.hadRecentInput) window.__shift += e.value; })
          .observe({type: "layout-shift", buffered: true});"""
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    response = page.goto(live_server.url + "/wizard/")
    html = response.text()
    assert "Step 1 of 6" in html and html.count("<fieldset") == 1
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()
    assert page.evaluate("window.__shift") < 0.1
    assert console_errors == []


def test_without_javascript_a_missing_answer_reshows_the_form_with_the_error(
    browser, live_server, catalog
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/wizard/?all=1")
    page.get_by_label("None yet").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="See the recommendation").click()
    response = navigation.value

    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("cannot give a recommendation yet")
    expect(page.get_by_label("None yet")).to_be_checked()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize(
    "path, fieldsets",
    [("/wizard/", 1), ("/wizard/?all=1", 6), ("/wizard/result/?kubernetes=none", 6)],
)
def test_the_no_javascript_pages_have_no_axe_violations(
    page, live_server, catalog, assert_accessible, path, fieldsets, width, scheme
):
    # axe needs JavaScript itself, so keep it on and stop htmx instead: the page stays exactly
    # what a browser without JavaScript shows (the full form; the error summary).
    page.route("**/htmx*.js", lambda route: route.abort())
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + path)

    assert page.locator("fieldset").count() == fieldsets
    assert_accessible(page)


@pytest.mark.parametrize("answers", [JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED])
def test_the_result_page_is_accessible_at_360_px_with_no_console_errors(
    page, live_server, catalog, console_errors, assert_accessible, answers
):
    page.set_viewport_size({"width": 360, "height": 780})
    query = "&".join(f"{k}={v}" for k, v in answers.items())
    page.goto(f"{live_server.url}/wizard/result/?{query}")
    page.wait_for_load_state("networkidle")

    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert console_errors == []


def test_a_kubeflow_workload_without_kubernetes_reads_now_mlflow_next_kubeflow(
    page, live_server, catalog, console_errors, assert_accessible
):
    answers = {**KUBERNETES_MATURE_AND_AUTOMATED, "kubernetes": "none"}
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/wizard/result/?" + urlencode(answers))

    expect(page.locator("h1")).to_have_text("Recommendation: MLflow")
    expect(page.get_by_role("heading", name="Now MLflow, next Kubeflow")).to_be_visible()
    # The verdict and the actions come first: in view without scrolling.
    expect(page.locator(".confidence")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Export ADR (Markdown)")).to_be_in_viewport()
    assert_accessible(page)

    page.get_by_role("link", name="See that result").first.click()
    expect(page.locator("h1")).to_have_text("Recommendation: Kubeflow")
    assert_accessible(page)
    assert console_errors == []
