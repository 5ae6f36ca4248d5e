"""Catalog import and export in the admin, through the same code as `load_catalog`.

Import is two steps. Upload: the file is validated with the catalog's pydantic schema and
reference checks (`parse_catalog`), then loaded in a dry run that is rolled back, and the
preview lists what would be created, changed and removed. Apply: the previewed text comes back
signed (so what is applied is exactly what was previewed, and a tampered form is refused), is
validated again, and is loaded in one transaction with one catalog revision bump — a file that
fails anywhere changes nothing. Export is the `dump_catalog` JSON as a download.

A preview holds for the catalog revision it was computed against, for PREVIEW_SECONDS. If
another editor saved anything since (or the preview is older), applying it would silently undo
their change: the answer is 409 with a fresh preview of the same file against today's catalog,
which the editor reads and applies again. The revision row is locked while applying, so no save
slips in between the check and the load.
"""

import time

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from .. import models as m
from ..catalog import (
    CatalogInvalid,
    LoadReport,
    catalog_to_json,
    dump_catalog,
    load_catalog,
    parse_catalog,
)
from ..signals import WATCHED

MAX_BYTES = 2 * 1024 * 1024  # the curated catalog is ~40 kB
SALT = "comparisons.catalog-import"
PREVIEW_SECONDS = 30 * 60  # long enough to read a preview, short enough not to be forgotten


def editor_permissions(action: str) -> list[str]:
    return [f"comparisons.{action}_{model._meta.model_name}" for model in WATCHED]


class UploadForm(forms.Form):
    file = forms.FileField(label="Catalog file (JSON)", help_text="As written by the export.")
    prune = forms.BooleanField(
        required=False,
        label="Remove rows the file leaves out",
        help_text="Without this, rows missing from the file are kept.",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_BYTES // 1024} kB.")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text.") from None


class ApplyForm(forms.Form):
    signed = forms.CharField(widget=forms.HiddenInput)

    def clean_signed(self) -> dict:
        try:
            return signing.loads(self.cleaned_data["signed"], salt=SALT)
        except signing.BadSignature:
            raise forms.ValidationError("The previewed file did not come back intact.") from None


def check(text: str, *, prune: bool, dry_run: bool) -> tuple[LoadReport | None, list[str]]:
    """Validate and load (for real or as a dry run); the report, or the problems found."""
    if "\x00" in text or "\\u0000" in text:
        return None, ["$: the file contains NUL characters, which no catalog field may hold"]
    try:
        return load_catalog(parse_catalog(text), dry_run=dry_run, prune=prune), []
    except CatalogInvalid as invalid:
        return None, [str(problem) for problem in invalid.problems]
    except DatabaseError as error:  # e.g. a value longer than its column on PostgreSQL
        return None, [f"$: the database refused the file: {error}"]


@require_http_methods(["GET", "POST"])
def import_catalog(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perms(editor_permissions("change") + editor_permissions("add")):
        raise PermissionDenied
    if request.method == "POST" and "signed" in request.POST:
        return _apply(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return _render(request, {"form": form}, status=status)
    return _preview(request, form, form.cleaned_data["file"], form.cleaned_data["prune"])


def _preview(
    request: HttpRequest, form: forms.Form, text: str, prune: bool, *, status: int = 200
) -> HttpResponse:
    # Read before the dry run: a save in between makes the preview look older, never newer.
    revision = m.CatalogRevision.stored()
    report, problems = check(text, prune=prune, dry_run=True)
    if problems:
        return _render(request, {"form": form, "problems": problems}, status=400)
    payload = {"text": text, "prune": prune, "revision": revision, "issued": time.time()}
    signed = signing.dumps(payload, salt=SALT, compress=True)
    context = {"report": report, "prune": prune, "apply": ApplyForm(initial={"signed": signed})}
    return _render(request, {**context, "stale": status == 409}, status=status)


def _apply(request: HttpRequest) -> HttpResponse:
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return _render(request, {"form": UploadForm(), "problems": form.errors["signed"]}, 400)
    payload = form.cleaned_data["signed"]
    fresh = time.time() - payload.get("issued", 0) <= PREVIEW_SECONDS
    with transaction.atomic():
        locked = m.CatalogRevision.objects.select_for_update().filter(id=1)
        current = next(iter(locked.values_list("number", flat=True)), 0)
        stale = not fresh or current != payload.get("revision")
        if not stale:
            report, problems = check(payload["text"], prune=payload["prune"], dry_run=False)
    if stale:
        return _preview(request, UploadForm(), payload["text"], payload["prune"], status=409)
    if problems:
        return _render(request, {"form": UploadForm(), "problems": problems}, status=400)
    assert report is not None
    if report.changed:
        messages.success(request, f"Imported the catalog: {_counts(report)}.")
    else:
        messages.info(request, "The file matches the catalog: nothing changed.")
    return redirect(reverse("admin:comparisons_catalog_import"))


def _counts(report: LoadReport) -> str:
    return (
        f"{report.created.total()} created, {report.updated.total()} changed, "
        f"{report.deleted.total()} removed"
    )


def _render(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    report = context.get("report")
    context = {
        **admin.site.each_context(request),
        "title": "Import the catalog",
        "opts": m.CatalogRevision._meta,
        "counts": _counts(report) if report else "",
        "changes": report.changes if report else [],
        **context,
    }
    return render(request, "admin/comparisons/catalog_import.html", context, status=status)


@require_safe
def export_catalog(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perms(editor_permissions("view")):
        raise PermissionDenied
    revision = m.CatalogRevision.current()
    response = HttpResponse(
        catalog_to_json(dump_catalog()), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="catalog-revision-{revision}.json"'
    return response
