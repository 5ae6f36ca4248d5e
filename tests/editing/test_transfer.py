"""Import and export in the admin: validated like load_catalog, previewed, applied atomically."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comparisons.editing import transfer
from comparisons.models import CatalogRevision, Rating

from .conftest import signed_in

IMPORT = reverse("admin:comparisons_catalog_import")


def upload(text: str, **extra) -> dict:
    return {"file": SimpleUploadedFile("catalog.json", text.encode()), **extra}


def edited(catalog_text: str, summary: str) -> str:
    data = json.loads(catalog_text)
    data["ratings"][0]["summary"] = summary
    return json.dumps(data)


def test_the_preview_lists_the_change_and_changes_nothing(catalog, catalog_text, editor):
    client = signed_in(editor)
    revision = CatalogRevision.current()

    response = client.post(IMPORT, upload(edited(catalog_text, "Edited in the file.")))

    assert response.status_code == 200
    assert response.context["counts"] == "0 created, 1 changed, 0 removed"
    assert [c for c in response.context["changes"] if c.startswith("~ ratings")]
    assert not Rating.objects.filter(summary="Edited in the file.").exists()
    assert CatalogRevision.current() == revision


def test_apply_loads_the_previewed_file_with_one_revision_bump(catalog, catalog_text, editor):
    client = signed_in(editor)
    preview = client.post(IMPORT, upload(edited(catalog_text, "Edited in the file.")))
    revision = CatalogRevision.current()

    response = client.post(IMPORT, {"signed": preview.context["apply"]["signed"].value()})

    assert response.status_code == 302
    rating = Rating.objects.get(summary="Edited in the file.")
    assert CatalogRevision.current() == revision + 1
    assert rating.history.first().history_user == editor


def test_a_file_failing_validation_changes_nothing_and_lists_its_problems(
    catalog, catalog_text, editor
):
    data = json.loads(catalog_text)
    data["ratings"][0]["tool"] = "no-such-tool"
    revision = CatalogRevision.current()

    response = signed_in(editor).post(IMPORT, upload(json.dumps(data)))

    assert response.status_code == 400
    assert any("no-such-tool" in problem for problem in response.context["problems"])
    assert CatalogRevision.current() == revision


def test_a_tampered_preview_is_refused(catalog, catalog_text, editor):
    client = signed_in(editor)
    preview = client.post(IMPORT, upload(edited(catalog_text, "Previewed.")))
    signed = preview.context["apply"]["signed"].value()

    response = client.post(IMPORT, {"signed": signed[:-3] + "xyz"})

    assert response.status_code == 400
    assert not Rating.objects.filter(summary="Previewed.").exists()


def test_garbage_is_a_clear_400(catalog, editor):
    client = signed_in(editor)
    for text in ["not json", "{}", '{"x": "\\u0000"}']:
        assert client.post(IMPORT, upload(text)).status_code == 400
    bytes_upload = {"file": SimpleUploadedFile("c.json", b"\xff\xfe")}
    assert client.post(IMPORT, bytes_upload).status_code == 400


def test_export_downloads_the_catalog_that_imports_unchanged(catalog, editor):
    client = signed_in(editor)
    exported = client.get(reverse("admin:comparisons_catalog_export"))
    assert exported["Content-Disposition"].startswith("attachment")

    preview = client.post(IMPORT, upload(exported.content.decode()))

    assert preview.context["counts"] == "0 created, 0 changed, 0 removed"


def test_import_is_for_editors_only(catalog, make_user):
    client = signed_in(make_user("stan", is_staff=True))
    assert client.get(IMPORT).status_code == 403
    assert client.get(reverse("admin:comparisons_catalog_export")).status_code == 403


def test_a_stale_preview_answers_409_with_a_fresh_one_and_keeps_the_other_editors_save(
    catalog, catalog_text, editor, second_editor
):
    client = signed_in(editor)
    preview = client.post(IMPORT, upload(edited(catalog_text, "Edited in the file.")))
    # Meanwhile the second editor saves another cell, which the file holds as it was before.
    other = Rating.objects.order_by("pk").last()
    other.summary = "Saved by the second editor."
    other._history_user = second_editor
    other.save()

    response = client.post(IMPORT, {"signed": preview.context["apply"]["signed"].value()})

    assert response.status_code == 409
    assert "the catalog changed since that preview" in response.content.decode()
    assert Rating.objects.filter(summary="Saved by the second editor.").exists()
    assert not Rating.objects.filter(summary="Edited in the file.").exists()
    # The fresh preview, against today's catalog, undoes the second editor's save openly.
    assert any(change.startswith("~ ratings") for change in response.context["changes"])
    again = client.post(IMPORT, {"signed": response.context["apply"]["signed"].value()})
    assert again.status_code == 302
    assert Rating.objects.filter(summary="Edited in the file.").exists()


def test_an_expired_preview_answers_409_with_a_fresh_one(
    catalog, catalog_text, editor, monkeypatch
):
    client = signed_in(editor)
    preview = client.post(IMPORT, upload(edited(catalog_text, "Edited in the file.")))
    later = time.time() + transfer.PREVIEW_SECONDS + 1
    monkeypatch.setattr(transfer.time, "time", lambda: later)

    response = client.post(IMPORT, {"signed": preview.context["apply"]["signed"].value()})

    assert response.status_code == 409
    assert not Rating.objects.filter(summary="Edited in the file.").exists()
    again = client.post(IMPORT, {"signed": response.context["apply"]["signed"].value()})
    assert again.status_code == 302


@pytest.mark.parametrize(
    ("text", "message"),
    [("[" * 100_000, "nest deeper than"), ("1" * 5000, "more digits")],
)
def test_the_upload_refuses_deep_nesting_and_huge_numbers_with_a_message(
    catalog, editor, text, message
):
    response = signed_in(editor).post(IMPORT, upload(text))
    assert response.status_code == 400
    assert message in response.content.decode()
