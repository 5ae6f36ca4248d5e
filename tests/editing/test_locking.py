"""No lost updates: of two editors saving the same row from the same version, one wins and the
other sees a conflict with the newer values, their own input kept."""

import datetime as dt

import pytest
from django.urls import reverse

from comparisons.models import CatalogRevision, Level, Question, Rating, Tool
from comparisons.models.versioning import VersionConflict
from tests.admin_forms import inline_rows

from .conftest import rating_form_data, signed_in


def change_url(obj) -> str:
    return reverse(f"admin:comparisons_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_change_form_carries_the_version_in_a_hidden_field(rating, editor):
    response = signed_in(editor).get(change_url(rating))
    assert (
        f'<input type="hidden" name="version" value="{rating.version}"' in response.content.decode()
    )


def test_a_save_advances_the_version(rating, editor):
    response = signed_in(editor).post(
        change_url(rating), rating_form_data(rating, summary="Tracks runs and metrics.")
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.summary, rating.version) == ("Tracks runs and metrics.", 2)


def test_of_two_editors_on_the_same_rating_the_second_gets_a_conflict(
    rating, editor, second_editor
):
    seen_by_both = rating_form_data(rating)
    first = signed_in(editor).post(
        change_url(rating), {**seen_by_both, "level": Level.PARTIAL, "summary": "First."}
    )
    second = signed_in(second_editor).post(
        change_url(rating), {**seen_by_both, "level": Level.LIMITED, "summary": "Second."}
    )

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "edna" in page and "saved this rating while you were editing it" in page
    assert "Saved meanwhile as: First." in page
    assert "Saved meanwhile as: Partial" in page
    assert 'value="Second."' in page  # the second editor's input is kept
    rating.refresh_from_db()
    assert (rating.summary, rating.level, rating.version) == ("First.", Level.PARTIAL, 2)


def test_saving_again_after_a_conflict_overwrites_knowingly(rating, editor, second_editor):
    seen_by_both = rating_form_data(rating)
    signed_in(editor).post(change_url(rating), {**seen_by_both, "summary": "First."})
    other = signed_in(second_editor)
    conflict = other.post(change_url(rating), {**seen_by_both, "summary": "Second."})
    advanced = conflict.context["adminform"].form["version"].value()

    again = other.post(
        change_url(rating), {**seen_by_both, "summary": "Second.", "version": advanced}
    )

    assert again.status_code == 302
    rating.refresh_from_db()
    assert (rating.summary, rating.version) == ("Second.", 3)


def test_a_conflict_changes_nothing_and_does_not_bump_the_revision(rating, editor, second_editor):
    seen_by_both = rating_form_data(rating)
    signed_in(editor).post(change_url(rating), {**seen_by_both, "summary": "First."})
    revision = CatalogRevision.current()

    signed_in(second_editor).post(change_url(rating), {**seen_by_both, "summary": "Second."})

    assert CatalogRevision.current() == revision


def test_a_conflicting_inline_row_refuses_the_whole_save(catalog, editor, second_editor):
    question = Question.objects.get(slug="kubernetes")
    choice = question.choices.first()
    data = question_form_data(question)
    choice_prefix = f"choices-{list(question.choices.all()).index(choice)}"
    choice.label = "Changed by someone else"
    choice.save()

    response = signed_in(editor).post(
        change_url(question),
        {**data, "prompt": "Renamed", f"{choice_prefix}-label": "Mine"},
    )

    assert response.status_code == 409
    question.refresh_from_db()
    assert question.prompt != "Renamed"


def test_an_inline_row_whose_values_the_editor_would_not_change_is_no_conflict(catalog, editor):
    question = Question.objects.get(slug="kubernetes")
    data = question_form_data(question)
    choice = question.choices.first()
    choice.save()  # another writer saved it: a new version, the same values

    response = signed_in(editor).post(change_url(question), {**data, "prompt": "Renamed"})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.prompt == "Renamed"


def test_a_save_that_loses_the_race_after_its_check_raises_a_conflict(rating):
    stale = Rating.objects.get(pk=rating.pk)
    rating.summary = "Won the race."
    rating.save()

    stale.summary = "Lost the race."
    stale.expect_version(1)
    with pytest.raises(VersionConflict):
        stale.save()
    rating.refresh_from_db()
    assert rating.summary == "Won the race."


def test_a_save_without_a_form_advances_the_version(rating):
    # The loader and scripts save without a form: last write wins, and the version advances.
    rating.reviewed_on = dt.date(2026, 11, 1)
    rating.save()
    stored = Rating.objects.get(pk=rating.pk)
    assert (stored.reviewed_on, stored.version) == (dt.date(2026, 11, 1), 2)


def test_every_catalog_change_form_carries_a_version(catalog, editor):
    client = signed_in(editor)
    for obj in [Tool.objects.first(), Question.objects.first()]:
        page = client.get(change_url(obj)).content.decode()
        assert 'type="hidden" name="version"' in page


def question_form_data(question: Question) -> dict:
    rows = [
        {
            "id": choice.pk,
            "question": question.pk,
            "order": choice.order,
            "slug": choice.slug,
            "label": choice.label,
            "version": choice.version,
        }
        for choice in question.choices.all()
    ]
    return {
        "slug": question.slug,
        "prompt": question.prompt,
        "help_text": question.help_text,
        "order": question.order,
        "version": question.version,
    } | inline_rows("choices", rows)


def test_the_admin_refuses_a_tool_without_its_hosting(catalog, editor):
    """The catalog file requires where a tool runs; a tool saved without it could not be dumped
    (nor served by the API)."""
    tool = Tool.objects.get(slug="mlflow")
    client = signed_in(editor)
    url = reverse("admin:comparisons_tool_change", args=[tool.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(hosting="", version=tool.version)
    response = client.post(url, data)
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    tool.refresh_from_db()
    assert tool.hosting == "both"
