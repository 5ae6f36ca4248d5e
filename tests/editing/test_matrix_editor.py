"""The matrix editor: every cell of the chosen tools on one page, saved all or nothing."""

from django.urls import reverse

from comparisons.models import CatalogRevision, Level, Rating

from .conftest import rating_form_data, signed_in

URL = reverse("admin:comparisons_rating_matrix")
BOTH = "?tools=mlflow&tools=kubeflow"


def formset_data(client, query: str = BOTH) -> dict:
    """The formset as the page renders it: every field's current value."""
    formset = client.get(URL + query).context["formset"]
    data = {f"form-{name}": value for name, value in formset.management_form.initial.items()}
    for form in formset.forms:
        for field in form:
            value = field.value()
            if value is None:
                value = ""
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else value
    return data


def cell_prefix(client, rating: Rating, query: str = BOTH) -> str:
    formset = client.get(URL + query).context["formset"]
    return next(f.prefix for f in formset.forms if f.instance.pk == rating.pk)


def test_the_editor_first_asks_which_tools(catalog, editor):
    response = signed_in(editor).get(URL)
    assert response.status_code == 200
    assert response.context["formset"] is None
    assert 'name="tools"' in response.content.decode()


def test_the_editor_shows_every_cell_of_the_chosen_tools(catalog, editor):
    response = signed_in(editor).get(URL + BOTH)
    chosen = Rating.objects.filter(tool__slug__in=["kubeflow", "mlflow"])
    assert len(response.context["formset"].forms) == chosen.count() == 24
    assert "experiment-tracking" in response.content.decode()


def test_saving_changes_the_cells_and_bumps_the_revision_once(rating, editor):
    client = signed_in(editor)
    data = formset_data(client)
    prefix = cell_prefix(client, rating)
    data[f"{prefix}-level"] = Level.LIMITED
    data[f"{prefix}-summary"] = "Changed in the matrix."
    revision = CatalogRevision.current()

    response = client.post(URL + BOTH, data)

    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.level, rating.summary, rating.version) == (
        Level.LIMITED,
        "Changed in the matrix.",
        2,
    )
    assert CatalogRevision.current() == revision + 1
    assert rating.history.first().history_user == editor


def test_one_invalid_cell_saves_nothing(rating, editor):
    client = signed_in(editor)
    data = formset_data(client)
    prefix = cell_prefix(client, rating)
    other = next(k for k in data if k.endswith("-summary") and not k.startswith(prefix + "-"))
    data[f"{prefix}-summary"] = "Would be saved if the save were not atomic."
    data[other] = ""  # required

    response = client.post(URL + BOTH, data)

    assert response.status_code == 400
    rating.refresh_from_db()
    assert rating.summary != "Would be saved if the save were not atomic."


def test_of_two_editors_in_the_matrix_the_second_gets_a_conflict_per_cell(
    rating, editor, second_editor
):
    first, second = signed_in(editor), signed_in(second_editor)
    seen_by_both = formset_data(first)
    prefix = cell_prefix(first, rating)

    won = first.post(URL + BOTH, {**seen_by_both, f"{prefix}-summary": "First."})
    lost = second.post(URL + BOTH, {**seen_by_both, f"{prefix}-summary": "Second."})

    assert won.status_code == 302
    assert lost.status_code == 409
    page = lost.content.decode()
    assert "Saved meanwhile as: First." in page
    assert 'value="Second."' in page
    conflicted = [f.instance.pk for f in lost.context["formset"].forms if f.conflict]
    assert conflicted == [rating.pk]
    rating.refresh_from_db()
    assert rating.summary == "First."


def test_the_matrix_editor_is_for_editors_only(catalog, make_user):
    staff_without_permission = make_user("stan", is_staff=True)
    assert signed_in(staff_without_permission).get(URL + BOTH).status_code == 403


NO_COLUMN_HOLDS = "9" * 30  # past any integer column: SQLite's driver overflows on it


def test_a_row_id_or_source_no_column_can_hold_is_refused_with_a_message(rating, editor):
    client = signed_in(editor)
    prefix = cell_prefix(client, rating)
    for field in ("sources", "id"):
        data = formset_data(client)
        data[f"{prefix}-{field}"] = [NO_COLUMN_HOLDS] if field == "sources" else NO_COLUMN_HOLDS
        data[f"{prefix}-summary"] = "Not saved."

        response = client.post(URL + BOTH, data)

        assert response.status_code == 400, field
        assert "Nothing was saved" in response.content.decode()
    rating.refresh_from_db()
    assert rating.summary != "Not saved."


def test_a_change_form_refuses_a_key_no_column_can_hold(rating, editor):
    change = reverse("admin:comparisons_rating_change", args=[rating.pk])
    data = rating_form_data(rating, tool=NO_COLUMN_HOLDS, sources=[NO_COLUMN_HOLDS])

    response = signed_in(editor).post(change, data)

    assert response.status_code == 200  # the admin shows its form again with the errors
    form = response.context["adminform"].form
    assert form.errors["tool"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert form.errors["sources"] == [f"“{NO_COLUMN_HOLDS}” is not a valid value."]
