"""History: every change records who, when and what; an editor can revert to an earlier version."""

from django.urls import reverse

from comparisons.models import Level, Rating

from .conftest import rating_form_data, signed_in


def test_an_admin_save_records_the_editor_and_the_change(rating, editor):
    signed_in(editor).post(
        reverse("admin:comparisons_rating_change", args=[rating.pk]),
        rating_form_data(rating, level=Level.PARTIAL),
    )

    newest, before = rating.history.all()[:2]
    assert newest.history_user == editor
    assert [c.field for c in newest.diff_against(before).changes] == ["level", "version"]


def test_the_history_page_shows_the_changes_readably(rating, editor):
    client = signed_in(editor)
    client.post(
        reverse("admin:comparisons_rating_change", args=[rating.pk]),
        rating_form_data(rating, summary="A new summary."),
    )

    page = client.get(reverse("admin:comparisons_rating_history", args=[rating.pk]))

    assert page.status_code == 200
    assert "A new summary." in page.content.decode()
    assert "edna" in page.content.decode()


def test_revert_restores_the_old_values_as_a_new_version(rating, editor):
    client = signed_in(editor)
    original_summary = rating.summary
    client.post(
        reverse("admin:comparisons_rating_change", args=[rating.pk]),
        rating_form_data(rating, summary="A mistake."),
    )
    first_record = rating.history.earliest()
    revert_url = reverse(
        "admin:comparisons_rating_simple_history", args=[rating.pk, first_record.history_id]
    )
    form = client.get(revert_url).context["adminform"].form
    assert form["version"].value() == 2  # based on the row as it is now, not as it was

    response = client.post(
        revert_url, rating_form_data(Rating.objects.get(pk=rating.pk), summary=original_summary)
    )

    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.summary, rating.version) == (original_summary, 3)
    assert rating.history.first().history_user == editor


def test_a_stale_revert_is_refused_as_a_conflict(rating, editor, second_editor):
    client = signed_in(editor)
    first_record = rating.history.earliest()
    revert_url = reverse(
        "admin:comparisons_rating_simple_history", args=[rating.pk, first_record.history_id]
    )
    stale = rating_form_data(rating, summary="Reverted.")
    signed_in(second_editor).post(
        reverse("admin:comparisons_rating_change", args=[rating.pk]),
        rating_form_data(rating, summary="Newer."),
    )

    response = client.post(revert_url, stale)

    assert response.status_code == 409
    rating.refresh_from_db()
    assert rating.summary == "Newer."


def test_the_catalog_loader_records_history_without_a_user(rating):
    assert rating.history.earliest().history_type == "+"
    assert {record.history_user for record in rating.history.all()} == {None}
