"""The compare page in Chromium: htmx swaps, pushed URLs, back button, keyboard use."""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from comparisons import models as m


@pytest.fixture
def three_tools(catalog):
    """The real catalog, whose third tool is ZenML."""
    return m.Tool.objects.get(slug="zenml")


@pytest.fixture
def every_tool(catalog) -> str:
    """The query comparing every shipped tool (eight)."""
    return urlencode([("tools", slug) for slug in m.Tool.objects.values_list("slug", flat=True)])


def open_picker(page) -> None:
    """The tool picker is folded away while a comparison shows; open it like a visitor would."""
    page.locator(".compare-picker > summary").click()


def header_names(page) -> list[str]:
    return page.locator("#matrix-table thead th").all_inner_texts()


def test_ticking_a_tool_swaps_the_matrix_and_pushes_the_url(
    page, live_server, three_tools, console_errors
):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    assert header_names(page) == ["Capability", "Kubeflow", "MLflow"]
    open_picker(page)
    page.get_by_label("ZenML").check()
    expect(page.locator("#matrix-table thead th")).to_have_count(4)
    assert header_names(page)[-1] == "ZenML"
    expect(page).to_have_url(re.compile(r"/compare/\?tools=kubeflow&tools=mlflow&tools=zenml$"))
    assert page.locator("h1").count() == 1  # a fragment, not a page inside the page
    assert console_errors == []


def test_back_and_reload_restore_the_same_view(page, live_server, three_tools, console_errors):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    open_picker(page)
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
    open_picker(page)
    page.get_by_label("Only differences").check()
    expect(row).to_have_count(0)
    expect(page.locator("#row-experiment-tracking")).to_be_visible()
    expect(page).to_have_url(re.compile(r"diff=1"))
    # lineage and portability were equal already
    expect(page.get_by_role("status")).to_contain_text("3 with equal levels hidden")
    page.get_by_label("Only differences").uncheck()
    expect(row).to_be_visible()
    assert console_errors == []


def test_fewer_than_two_tools_shows_a_prompt(page, live_server, catalog, console_errors):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    open_picker(page)
    page.get_by_label("MLflow").uncheck()
    expect(page.get_by_role("heading", name="Choose at least two tools")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    assert console_errors == []


def test_keyboard_alone_reaches_and_works_every_control(page, live_server, catalog):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    open_picker(page)
    reached = set()
    for _ in range(300):  # the whole page: header, form, 24 cells with details and sources
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
    assert any(item.startswith("SUMMARY:More") for item in reached)
    page.get_by_label("Only differences").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"diff=1"))


def scrollable_ancestors(page, selector: str) -> list[str]:
    return page.eval_on_selector(
        selector,
        """el => { const found = [];
          for (let a = el.parentElement; a; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (/(auto|scroll)/.test(style.overflowX + style.overflowY)
                && a !== document.scrollingElement) found.push(a.tagName + "." + a.className);
          }
          return found; }""",
    )


def test_at_1280_every_row_shows_with_no_scroll_box_around_the_grid(page, live_server, catalog):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    assert scrollable_ancestors(page, "#matrix-table") == []
    rows = page.locator("#matrix-table tbody tr")
    assert rows.count() == m.Capability.objects.count()
    for i in range(rows.count()):
        expect(rows.nth(i)).to_be_visible()


def test_header_row_stays_visible_while_the_page_scrolls(page, live_server, catalog):
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    page.locator("#matrix-table tbody tr").last.scroll_into_view_if_needed()
    header = page.locator("#matrix-table thead th").first
    table_top = page.locator("#matrix-table").bounding_box()["y"]
    assert table_top < 0  # the table itself has scrolled up past the window's top
    assert abs(header.bounding_box()["y"]) < 2  # while its header row stays pinned there


def test_opening_a_cell_does_not_shift_the_columns(page, live_server, catalog):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    widths = page.locator("#matrix-table thead th").evaluate_all("a => a.map(e => e.offsetWidth)")
    page.locator("#row-scalability .cell-details > summary").first.click()
    after = page.locator("#matrix-table thead th").evaluate_all("a => a.map(e => e.offsetWidth)")
    assert after == widths


def test_at_360_px_the_tools_stay_side_by_side_without_sideways_scroll(page, live_server, catalog):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for row in page.locator("#matrix-table tbody tr").all():
        first, second = (cell.bounding_box() for cell in row.locator(".level-label").all())
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]


# Every word of a capability's name, measured in the name's own font, against the room its
# cell leaves for text. Chromium here has no hyphenation dictionary: a word that does not fit
# is broken mid-word without a hyphen ("Hyperparamete / r").
WORDS_TOO_WIDE = """() => {
  const canvas = document.createElement("canvas").getContext("2d");
  const tooWide = [];
  for (const name of document.querySelectorAll("#matrix-table tbody th .capability-name")) {
    const style = getComputedStyle(name);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = name.getBoundingClientRect().width;
    for (const word of name.textContent.trim().split(/\\s+/)) {
      if (canvas.measureText(word).width > room) tooWide.push(word);
    }
  }
  return tooWide;
}"""


def test_at_360_px_no_capability_name_breaks_inside_a_word(page, live_server, catalog):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    assert page.locator("#matrix-table tbody th .capability-name").count() == 12
    assert page.evaluate(WORDS_TOO_WIDE) == []


TOOL_NAMES_TOO_WIDE = WORDS_TOO_WIDE.replace(
    "#matrix-table tbody th .capability-name", "#matrix-table thead th:not(.beyond-phone) a"
)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 740)])
def test_eight_tools_fit_the_screen_without_sideways_scroll(
    page, live_server, every_tool, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/compare/?" + every_tool)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert scrollable_ancestors(page, "#matrix-table") == []
    assert page.evaluate(WORDS_TOO_WIDE) == []
    assert page.evaluate(TOOL_NAMES_TOO_WIDE) == []


def test_on_a_phone_eight_tools_show_four_side_by_side_and_name_the_rest(
    page, live_server, every_tool
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/compare/?" + every_tool)
    expect(page.locator(".notice.phone-only")).to_be_visible()
    expect(page.locator(".notice.phone-only")).to_contain_text("4 of the 8 tools side by side")
    visible = [th for th in page.locator("#matrix-table thead th").all() if th.is_visible()]
    assert [th.inner_text() for th in visible] == ["Kubeflow", "MLflow", "ZenML", "Metaflow"]
    row = page.locator("#row-model-registry")
    labels = [label for label in row.locator(".level-label").all() if label.is_visible()]
    boxes = [label.bounding_box() for label in labels]
    assert len(boxes) == 4
    assert all(abs(box["y"] - boxes[0]["y"]) < 2 for box in boxes)  # one line, side by side
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)


def test_on_a_wide_screen_all_eight_tools_show_and_the_phone_notice_does_not(
    page, live_server, every_tool
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/compare/?" + every_tool)
    expect(page.locator(".notice.phone-only")).to_be_hidden()
    assert all(th.is_visible() for th in page.locator("#matrix-table thead th").all())
    assert page.locator("#matrix-table thead th").count() == 9


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (360, "light"), (360, "dark")])
def test_eight_tools_have_no_axe_violations(
    page, live_server, every_tool, assert_accessible, width, scheme
):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + "/compare/?" + every_tool)
    assert_accessible(page)


def test_a_changed_cell_leads_to_both_statements_on_the_profile(page, live_server, catalog):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    page.locator("#row-model-registry .cell-update a").last.click()
    expect(page).to_have_url(
        re.compile(r"/tools/mlflow/#update-mlflow-registry-stages-to-aliases$")
    )
    update = page.locator("#update-mlflow-registry-stages-to-aliases")
    expect(update.locator(".update-then")).to_contain_text("13 February 2026")
    expect(update.locator(".update-now")).to_contain_text("read 6 December 2026")


def test_the_stronger_tool_is_marked_in_words_not_colour_alone(page, live_server, catalog):
    page.goto(live_server.url + "/compare/kubeflow-vs-mlflow/")
    expect(page.locator("#row-workflow-orchestration td").first).to_contain_text("stronger")


def test_the_form_works_without_javascript(browser, live_server, catalog):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/compare/?tools=kubeflow")
    page.get_by_label("MLflow").check()
    page.get_by_role("button", name="Update comparison").click()
    expect(page).to_have_url(re.compile(r"/compare/\?tools=kubeflow&tools=mlflow"))
    expect(page.locator("#matrix-table thead th")).to_have_count(3)
    context.close()
