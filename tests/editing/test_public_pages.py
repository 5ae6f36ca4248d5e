"""The public side of editing: links for editors that never leak into cached pages, and
cached pages that refresh after an editor's save."""

from django.test import Client
from django.urls import reverse

from comparisons.models import CatalogRevision, Source

from .conftest import rating_form_data, signed_in

COMPARE = reverse("comparisons:compare") + "?tools=mlflow&tools=kubeflow"
EDIT_THIS = "Edit this"


def test_an_editor_sees_edit_links_and_visitors_do_not(catalog, editor, make_user):
    assert EDIT_THIS in signed_in(editor).get(COMPARE).content.decode()
    assert EDIT_THIS not in signed_in(make_user("vera")).get(COMPARE).content.decode()
    assert EDIT_THIS not in Client().get(COMPARE).content.decode()


def test_an_editors_page_is_never_served_to_anonymous_visitors(catalog, editor):
    signed_in(editor).get(COMPARE)
    anonymous = Client()
    first, second = anonymous.get(COMPARE), anonymous.get(COMPARE)
    assert EDIT_THIS not in first.content.decode() + second.content.decode()


def test_the_edit_link_leads_to_the_ratings_change_page(rating, editor):
    response = signed_in(editor).get(
        reverse("admin:comparisons_rating_cell", args=["mlflow", "experiment-tracking"])
    )
    assert response["Location"] == reverse("admin:comparisons_rating_change", args=[rating.pk])


def test_every_cell_links_to_suggest_a_correction_for_everyone(catalog):
    page = Client().get(COMPARE).content.decode()
    assert reverse("comparisons:suggest", args=["mlflow", "experiment-tracking"]) in page


def test_the_footer_shows_the_editors_link_to_staff_only(catalog, editor):
    admin_link = f'href="{reverse("admin:index")}"'
    assert admin_link not in Client().get(COMPARE).content.decode()
    assert admin_link in signed_in(editor).get(COMPARE).content.decode()


def test_an_admin_save_refreshes_a_cached_page_with_one_revision_bump(rating, editor):
    anonymous = Client()
    assert "Edited by an editor." not in anonymous.get(COMPARE).content.decode()  # now cached
    revision = CatalogRevision.current()

    other_source = Source.objects.exclude(ratings=rating).first()
    response = signed_in(editor).post(
        reverse("admin:comparisons_rating_change", args=[rating.pk]),
        rating_form_data(rating, summary="Edited by an editor.", sources=[other_source.pk]),
    )

    assert response.status_code == 302
    assert CatalogRevision.current() == revision + 1  # a field and the sources: one bump
    assert "Edited by an editor." in anonymous.get(COMPARE).content.decode()
