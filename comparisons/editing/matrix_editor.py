"""The matrix editor: every cell of the matrix for the chosen tools on one admin page.

Choose tools with a GET form, then edit each rating's level, summary, note, sources and
reviewed date in one formset. The save is all or nothing, in one transaction that bumps the
catalog revision once; each cell carries its version, so a cell another editor saved in the
meantime is refused with its newer values shown beside the editor's input (409).
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import modelformset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import models as m
from ..forms import ReviewedAfterSourcesMixin
from ..models.versioning import VersionConflict
from ..signals import one_revision_bump
from .locking import VersionedModelForm, has_conflict

CELL_FIELDS = ["level", "summary", "note", "sources", "reviewed_on", "version"]


class ToolChoiceForm(forms.Form):
    tools = forms.ModelMultipleChoiceField(
        queryset=m.Tool.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text="Every capability is shown for each tool you choose.",
    )


class CellForm(ReviewedAfterSourcesMixin, VersionedModelForm):
    class Meta:
        model = m.Rating
        fields = CELL_FIELDS
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "reviewed_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "sources": forms.SelectMultiple(attrs={"size": 4}),
        }


CellFormSet = modelformset_factory(m.Rating, form=CellForm, fields=CELL_FIELDS, extra=0)


@dataclass(frozen=True)
class CapabilityRow:
    capability: m.Capability
    cells: list  # (tool, bound form or None when the tool has no rating for it yet)


def rows_for(tools: list[m.Tool], formset) -> list[CapabilityRow]:
    by_cell = {(f.instance.tool_id, f.instance.capability_id): f for f in formset.forms}
    return [
        CapabilityRow(capability, [(tool, by_cell.get((tool.pk, capability.pk))) for tool in tools])
        for capability in m.Capability.objects.all()
    ]


@require_http_methods(["GET", "POST"])
def matrix_editor(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("comparisons.change_rating"):
        raise PermissionDenied
    choice = ToolChoiceForm(request.GET or None)
    tools = list(choice.cleaned_data["tools"]) if choice.is_valid() else []
    queryset = (
        m.Rating.objects.filter(tool__in=tools)
        .select_related("tool", "capability")
        .prefetch_related("sources")
        .order_by("capability__order", "tool__order")
    )
    if request.method == "POST" and tools:
        try:
            return _save(request, queryset)
        except VersionConflict:
            # Lost a race after the check; validating again shows the conflict.
            return _save(request, queryset)
    formset = CellFormSet(queryset=queryset) if tools else None
    return _render(request, choice, tools, formset)


def _save(request: HttpRequest, queryset) -> HttpResponse:
    with transaction.atomic(), one_revision_bump():
        formset = CellFormSet(request.POST, queryset=queryset)
        if formset.is_valid():
            formset.save()
            changed = len(formset.changed_objects)
            messages.success(request, f"Saved {changed} changed cell{pluralize(changed)}.")
            url = reverse("admin:comparisons_rating_matrix")
            return redirect(f"{url}?{request.GET.urlencode()}")
    choice = ToolChoiceForm(request.GET)
    choice.is_valid()
    tools = list(choice.cleaned_data["tools"])
    status = 409 if any(has_conflict(f) for f in formset.forms) else 400
    return _render(request, choice, tools, formset, status=status)


def _render(request, choice, tools, formset, status: int = 200) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": "Matrix editor",
        "opts": m.Rating._meta,
        "choice": choice,
        "tools": tools,
        "formset": formset,
        "rows": rows_for(tools, formset) if formset is not None else [],
    }
    return render(request, "admin/comparisons/matrix_editor.html", context, status=status)
