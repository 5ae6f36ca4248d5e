"""The matrix editor in a real browser: change a level, save, see it on the public page."""

from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect


def test_an_editor_changes_a_level_in_the_matrix_and_the_public_page_shows_it(
    live_server, page, catalog, make_user, assert_accessible, console_errors
):
    editor = make_user("edna", is_staff=True)
    editor.groups.add(Group.objects.get(name="Catalog editors"))
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "edna")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")

    page.goto(live_server.url + reverse("admin:comparisons_rating_matrix"))
    page.check("input[value=mlflow]")
    page.check("input[value=kubeflow]")
    page.click("text=Show their cells")
    assert_accessible(page)
    cell = page.locator("#cell-mlflow-experiment-tracking")
    cell.get_by_label("Level").select_option(label="Limited")
    page.click("text=Save all cells")
    expect(page.get_by_text("Saved 1 changed cell.")).to_be_visible()

    # The admin's pages name no favicon, so Chromium's request for one 404s; the public
    # page's console must stay clean.
    console_errors.clear()
    page.goto(live_server.url + reverse("comparisons:compare") + "?tools=mlflow&tools=kubeflow")
    row = page.locator("#row-experiment-tracking td[data-tool=MLflow]")
    assert "Limited" in row.inner_text()
    assert console_errors == []
