"""No lost updates: every editing form carries the version it was rendered with.

Written once and used by every catalog admin (change forms and inlines) and the matrix editor:

- `VersionedModelForm` renders the row's version in a hidden field. On validation it reads the
  row as stored (locked with SELECT … FOR UPDATE inside a transaction, so a concurrent editor
  waits); if the version moved on, the form is invalid: a message says who saved meanwhile,
  each field the other editor left different shows the stored value, the editor's input stays
  in the fields, and the hidden version is advanced so that saving again is a deliberate
  overwrite of values the editor has now seen.
- The save itself is the authority: `Versioned.save()` claims the row with a conditional
  UPDATE and raises `VersionConflict` if it lost a race the check could not see (SQLite has no
  row locks; a list of inline forms checks row by row). `VersionedAdmin` then renders the view
  again, and the check reports the conflict.
- A refused save answers 409 Conflict: the page is the same form with the message, and the
  status lets tests and tools tell a conflict from a plain validation error.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from ..models.versioning import VersionConflict, Versioned
from ..signals import one_revision_bump

VERSION = "version"


def stored_row(obj: models.Model) -> models.Model | None:
    """The row as committed now; locked until the transaction ends when there is one."""
    queryset = type(obj)._default_manager.filter(pk=obj.pk)
    if transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.first()


def display(obj: models.Model, field: models.Field) -> str:
    if field.many_to_many:
        return "; ".join(str(o) for o in getattr(obj, field.name).all()) or "none"
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    return "empty" if value in (None, "") else str(value)


def same(stored: models.Model, field: models.Field, value: Any) -> bool:
    if field.many_to_many:
        return {o.pk for o in getattr(stored, field.name).all()} == {o.pk for o in value or []}
    if field.is_relation:
        return getattr(stored, field.attname) == (value.pk if value is not None else None)
    return getattr(stored, field.attname) == value


def last_editor(obj: models.Model) -> str:
    record = obj.history.select_related("history_user").first() if hasattr(obj, "history") else None
    if record is None:
        return "Someone else"
    who = record.history_user.get_username() if record.history_user else "The catalog loader"
    return f"{who} (on {date_format(record.history_date, 'j M Y, H:i')})"


class VersionInput(forms.HiddenInput):
    """The version as a hidden input that no label points at.

    The admin prints a label for every field of a fieldset, hidden ones included, and a label's
    `for` may only name a control a person can reach: without an id to point at, the label
    stays text in a row the admin hides anyway.
    """

    def id_for_label(self, id_: str) -> str:
        return ""


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to save over a version it was not based on."""

    conflict: models.Model | None = None

    def __init__(self, *args, stored_version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if VERSION not in self.fields:
            return
        field = self.fields[VERSION]
        field.widget = VersionInput()
        field.required = False  # a new row has no version yet
        if stored_version is not None and not self.is_bound:
            # Reverting to an old record: base the edit on the row's current version.
            self.initial[VERSION] = stored_version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if VERSION not in self.fields:
            return cleaned
        # The version is never written from the form: Versioned.save() advances it.
        expected = cleaned.pop(VERSION, None)
        if self.instance.pk is None or self.instance._state.adding:
            return cleaned
        stored = stored_row(self.instance)
        if stored is None:
            raise forms.ValidationError(
                "This row was deleted by another editor while you were editing it.",
                code="deleted",
            )
        if expected == stored.version:
            self.instance.expect_version(expected)
        elif differing := self._differing(stored, cleaned):
            self._report_conflict(stored, differing)
        # else: the row moved on, but saving the editor's values would undo nothing of it.
        return cleaned

    def _differing(self, stored: models.Model, cleaned: dict[str, Any]) -> list[models.Field]:
        """Fields where saving this form would replace what is stored."""
        return [
            field
            for name in self.fields
            if name != VERSION
            and name in cleaned
            and (field := _model_field(stored, name)) is not None
            and not field.primary_key  # an inline row's id field
            and not same(stored, field, cleaned[name])
        ]

    def _report_conflict(self, stored: models.Model, differing: list[models.Field]) -> None:
        self.conflict = stored
        for field in differing:
            self.add_error(field.name, f"Saved meanwhile as: {display(stored, field)}")
        # Advance the hidden version: submitting again overwrites values the editor has seen.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION)] = stored.version
        summary = (
            f"{last_editor(stored)} saved this {stored._meta.verbose_name} while you were "
            f"editing it (now version {stored.version}). "
        )
        summary += "The fields marked below show their saved values; your input is kept. "
        summary += "Save again to keep your version, or reload the page to start from theirs."
        self.add_error(None, forms.ValidationError(summary, code="conflict"))


def _model_field(obj: models.Model, name: str) -> models.Field | None:
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def has_conflict(form: forms.BaseForm | None) -> bool:
    return getattr(form, "conflict", None) is not None


def with_one_bump(view, *args, **kwargs) -> HttpResponse:
    """Run an admin view in one transaction that bumps the catalog revision at most once."""
    with transaction.atomic(), one_revision_bump():
        return view(*args, **kwargs)


class VersionedAdmin(SimpleHistoryAdmin):
    """History, diffs and revert (django-simple-history), conflict-checked saves, one revision
    bump per save. Inlines of versioned models should use `VersionedInline`."""

    form = VersionedModelForm

    def get_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_fields(request, obj))
        if issubclass(self.model, Versioned) and VERSION not in fields:
            fields.append(VERSION)
        return fields

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {f for _, opts in fieldsets for line in opts["fields"] for f in _flat(line)}
        if issubclass(self.model, Versioned) and VERSION not in named:
            fieldsets.append((None, {"fields": [VERSION]}))
        return fieldsets

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        stored_version = getattr(request, "_stored_version", None)
        if stored_version is None:
            return form

        class RevertForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, stored_version=stored_version, **kwargs)

        return RevertForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        try:
            return with_one_bump(view, request, object_id, form_url, extra_context)
        except VersionConflict:
            # Lost a race the form's check could not see; the check sees it now.
            return with_one_bump(view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        stored = self.model._default_manager.filter(pk=object_id).first()
        if isinstance(stored, Versioned):
            request._stored_version = stored.version
        view = super().history_form_view
        try:
            return with_one_bump(view, request, object_id, version_id, extra_context)
        except VersionConflict:
            return with_one_bump(view, request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        adminform = context.get("adminform")
        if adminform is not None and has_conflict(adminform.form):
            kwargs["status"] = 409
        return super().render_history_view(request, template, context, **kwargs)

    def delete_view(self, request, object_id, extra_context=None):
        return with_one_bump(super().delete_view, request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return with_one_bump(super().changelist_view, request, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        forms_shown = [context["adminform"].form] + [
            f for inline in context.get("inline_admin_formsets", []) for f in inline.formset
        ]
        if any(has_conflict(f) for f in forms_shown):
            response.status_code = 409
        return response


def _flat(line) -> list[str]:
    return list(line) if isinstance(line, list | tuple) else [line]


class VersionedInline:
    """Mixin for inlines of versioned models: the hidden version travels with each row."""

    form = VersionedModelForm

    def get_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_fields(request, obj))
        if issubclass(self.model, Versioned) and VERSION not in fields:
            fields.append(VERSION)
        return fields


class VersionedTabularInline(VersionedInline, admin.TabularInline):
    pass
