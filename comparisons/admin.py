"""The editors' admin: every catalog and wizard model, with history, diffs and revert
(django-simple-history), conflict-checked saves (editing/locking.py) and one catalog revision
bump per save. The matrix editor, catalog import and export and the suggestion queue are
admin pages too (comparisons/editing/)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from . import models as m
from .editing import matrix_editor, suggestions, transfer
from .editing.locking import VersionedAdmin, VersionedModelForm, VersionedTabularInline
from .editing.rules_guard import GuardedRulesAdmin
from .forms import ReviewedAfterSourcesMixin
from .models.versioning import VersionConflict


@admin.register(m.Source)
class SourceAdmin(VersionedAdmin):
    list_display = ["title", "publisher", "published_on", "accessed_on", "kind", "via"]
    list_filter = ["kind", "publisher"]
    list_select_related = ["via"]
    search_fields = ["title", "publisher", "slug", "url"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["via"]


class RatingInline(VersionedTabularInline):
    model = m.Rating
    extra = 0
    fields = ["capability", "level", "summary", "reviewed_on"]
    show_change_link = True  # sources and the note are edited on the rating's own page


class ProConInline(VersionedTabularInline):
    model = m.ProCon
    extra = 0
    fields = ["kind", "text", "slug", "order"]
    show_change_link = True


@admin.register(m.Tool)
class ToolAdmin(VersionedAdmin):
    list_display = [
        "name",
        "focus",
        "hosting",
        "reviewed_version",
        "licence",
        "is_published",
        "order",
        "rating_count",
    ]
    list_filter = ["is_published", "hosting"]
    autocomplete_fields = ["licence_source", "version_source"]
    search_fields = ["name", "slug", "tagline", "focus"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingInline, ProConInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(Count("ratings"))

    @admin.display(description="Ratings", ordering="ratings__count")
    def rating_count(self, tool: m.Tool) -> int:
        return tool.ratings__count


@admin.register(m.Capability)
class CapabilityAdmin(VersionedAdmin):
    list_display = ["name", "group", "order"]
    list_filter = ["group"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class RatingForm(ReviewedAfterSourcesMixin, VersionedModelForm):
    class Meta:
        model = m.Rating
        fields = "__all__"


@admin.register(m.Rating)
class RatingAdmin(VersionedAdmin):
    form = RatingForm
    list_display = ["capability", "tool", "level", "summary", "reviewed_on", "version"]
    list_filter = ["tool", "capability", "level", "reviewed_on"]
    list_select_related = ["tool", "capability"]
    search_fields = ["summary", "note", "tool__name", "capability__name"]
    filter_horizontal = ["sources"]
    fields = ["tool", "capability", "level", "summary", "note", "sources", "reviewed_on"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("matrix/", view(matrix_editor.matrix_editor), name="comparisons_rating_matrix"),
            path(
                "cell/<slug:tool>/<slug:capability>/",
                view(self.edit_cell),
                name="comparisons_rating_cell",
            ),
            *super().get_urls(),
        ]

    def edit_cell(self, request, tool: str, capability: str):
        """The public matrix knows cells by tool and capability; the admin by id."""
        rating = get_object_or_404(m.Rating, tool__slug=tool, capability__slug=capability)
        return redirect(reverse("admin:comparisons_rating_change", args=[rating.pk]))


class SurveyFigureInline(VersionedTabularInline):
    model = m.SurveyFigure
    extra = 0
    fields = ["order", "slug", "label", "percent", "tool", "note"]


@admin.register(m.Survey)
class SurveyAdmin(VersionedAdmin):
    list_display = ["title", "publisher", "year", "sample_size"]
    list_filter = ["year", "publisher"]
    search_fields = ["title", "publisher", "slug"]
    inlines = [SurveyFigureInline]


@admin.register(m.SurveyFigure)
class SurveyFigureAdmin(VersionedAdmin):
    list_display = ["label", "percent", "survey", "tool"]
    list_filter = ["survey", "tool"]
    list_select_related = ["survey", "tool"]
    search_fields = ["label", "slug", "note"]


@admin.register(m.Finding)
class FindingAdmin(VersionedAdmin):
    list_display = ["title", "tool", "kind", "as_of"]
    list_filter = ["kind", "tool"]
    list_select_related = ["tool"]
    search_fields = ["title", "text", "slug"]
    filter_horizontal = ["sources"]


@admin.register(m.ProCon)
class ProConAdmin(VersionedAdmin):
    list_display = ["text", "tool", "kind", "order"]
    list_filter = ["tool", "kind"]
    list_select_related = ["tool"]
    search_fields = ["text", "slug"]
    filter_horizontal = ["sources"]


@admin.register(m.Update)
class UpdateAdmin(VersionedAdmin):
    """Since the article: the article's claim and the current docs, both kept."""

    list_display = ["tool", "capability", "article_claim", "current"]
    list_filter = ["tool", "capability"]
    list_select_related = ["tool", "capability"]
    search_fields = ["article_claim", "current", "slug"]
    filter_horizontal = ["sources"]
    autocomplete_fields = ["claimed_in"]


class PrerequisiteFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if not kept:
            return
        free = m.Outcome.objects.exclude(pk=self.instance.pk).filter(prerequisites__isnull=True)
        if not free.exists():
            # Otherwise some answer sets would get no recommendation and the wizard would close.
            raise forms.ValidationError(
                "At least one outcome must have no prerequisites, so that every team gets a "
                "recommendation. Every other outcome already has some."
            )


class OutcomePrerequisiteInline(VersionedTabularInline):
    """What an outcome needs before the wizard may recommend it (e.g. Kubernetes expertise)."""

    model = m.OutcomePrerequisite
    formset = PrerequisiteFormSet
    extra = 0
    fields = ["question", "choices", "explanation", "source", "order"]


@admin.register(m.Outcome)
class OutcomeAdmin(GuardedRulesAdmin, VersionedAdmin):
    list_display = ["name", "order"]
    search_fields = ["name", "slug", "summary"]
    filter_horizontal = ["tools"]
    inlines = [OutcomePrerequisiteInline]


class UseCaseStepInline(VersionedTabularInline):
    model = m.UseCaseStep
    extra = 0
    fields = ["order", "name", "detail"]


@admin.register(m.UseCase)
class UseCaseAdmin(VersionedAdmin):
    list_display = ["title", "stage", "outcome"]
    list_filter = ["outcome", "stage"]
    list_select_related = ["outcome"]
    search_fields = ["title", "summary", "slug"]
    inlines = [UseCaseStepInline]
    filter_horizontal = ["sources"]


class PointsPerOutcome:
    """Shows a choice's weights in one column, fetched with the choices (no query per row)."""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("weights", queryset=m.Weight.objects.select_related("outcome"))
            )
        )

    @admin.display(description="Points per outcome")
    def points_per_outcome(self, choice: m.Choice) -> str:
        return _points_summary(choice)


class ChoiceInline(PointsPerOutcome, VersionedTabularInline):
    model = m.Choice
    extra = 0
    fields = ["order", "slug", "label", "points_per_outcome"]
    readonly_fields = ["points_per_outcome"]
    # Weights are edited on the choice's own page (a nested inline is not possible here).
    show_change_link = True


@admin.register(m.Question)
class QuestionAdmin(GuardedRulesAdmin, VersionedAdmin):
    # No list_editable: the changelist's inline editing cannot carry a row's version, and
    # every edit here is conflict-checked.
    list_display = ["prompt", "slug", "order", "choice_count"]
    search_fields = ["prompt", "slug", "help_text"]
    prepopulated_fields = {"slug": ["prompt"]}
    inlines = [ChoiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(Count("choices"))

    @admin.display(description="Choices", ordering="choices__count")
    def choice_count(self, question: m.Question) -> int:
        return question.choices__count


class WeightInline(VersionedTabularInline):
    """One row per outcome: the points this choice gives it (missing means 0)."""

    model = m.Weight
    extra = 0
    fields = ["outcome", "points", "rationale", "basis", "source", "capabilities"]


@admin.register(m.Choice)
class ChoiceAdmin(GuardedRulesAdmin, PointsPerOutcome, VersionedAdmin):
    list_display = ["label", "question", "order", "points_per_outcome"]
    list_filter = ["question"]
    list_select_related = ["question"]
    search_fields = ["label", "slug", "question__prompt"]
    inlines = [WeightInline]


def _points_summary(choice: m.Choice) -> str:
    """'MLflow +4 · Kubeflow −4': what the wizard's engine will add for this choice."""
    weights = sorted(choice.weights.all(), key=lambda w: (w.outcome.order, w.outcome.slug))
    return " · ".join(f"{w.outcome.name} {w.points:+d}" for w in weights if w.points) or "none"


@admin.register(m.Weight)
class WeightAdmin(GuardedRulesAdmin, VersionedAdmin):
    list_display = ["choice", "outcome", "points", "basis", "rationale"]
    list_filter = ["outcome", "basis", "choice__question"]
    list_select_related = ["choice__question", "outcome"]
    search_fields = ["rationale", "choice__label"]


@admin.register(m.WizardInvariant)
class WizardInvariantAdmin(GuardedRulesAdmin, VersionedAdmin):
    """What the wizard must always or never recommend, with the source sentence it encodes;
    edits here and to the rules are refused when the rules would break one."""

    list_display = ["slug", "expect", "statement", "order"]
    search_fields = ["slug", "statement"]
    filter_horizontal = ["outcomes", "when"]
    fields = ["slug", "expect", "outcomes", "when", "statement", "source", "order"]


@admin.register(m.CatalogRevision)
class CatalogRevisionAdmin(admin.ModelAdmin):
    """The catalog as a whole: its revision, and the import and export of the catalog file."""

    list_display = ["number", "changed_at"]
    readonly_fields = ["number", "changed_at"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(transfer.import_catalog), name="comparisons_catalog_import"),
            path("export/", view(transfer.export_catalog), name="comparisons_catalog_export"),
            *super().get_urls(),
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text="The author sees this on their suggestions page.",
    )


@admin.register(m.Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """The review queue: the current value beside the proposal; accept or decline."""

    list_display = ["rating", "author", "status", "conflicting", "created_at"]
    list_filter = ["status"]
    list_select_related = ["rating__tool", "rating__capability", "author"]
    search_fields = ["comment", "summary", "author__username"]

    def has_add_permission(self, request) -> bool:
        return False  # visitors suggest on the public site

    @admin.display(boolean=True, description="Rating changed since")
    def conflicting(self, suggestion: m.Suggestion) -> bool:
        return suggestion.is_conflicting

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = get_object_or_404(
            m.Suggestion.objects.select_related("rating__tool", "rating__capability", "author"),
            pk=object_id if str(object_id).isdigit() else None,
        )
        if not self.has_view_or_change_permission(request, suggestion):
            raise PermissionDenied
        decline_form = DeclineForm(request.POST if "_decline" in request.POST else None)
        if request.method == "POST":
            if not self.has_change_permission(request, suggestion):
                raise PermissionDenied
            if response := self._decide(request, suggestion, decline_form):
                return response
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {suggestion}",
            "opts": self.opts,
            "suggestion": suggestion,
            "rating": suggestion.rating,
            "decline_form": decline_form,
            "can_decide": self.has_change_permission(request, suggestion),
        }
        status = 400 if decline_form.is_bound else 200
        return render(request, "admin/comparisons/suggestion_review.html", context, status=status)

    def _decide(self, request, suggestion, decline_form):
        try:
            if "_decline" in request.POST:
                if not decline_form.is_valid():
                    return None
                suggestions.decline(suggestion, request.user, decline_form.cleaned_data["reason"])
                self.message_user(request, "Declined; the author sees your reason.")
            else:
                over_newer = "_accept_over_newer" in request.POST
                suggestions.accept(suggestion, request.user, over_newer=over_newer)
                self.message_user(request, "Accepted: the rating shows the correction now.")
        except suggestions.NotPending:
            self.message_user(request, "This suggestion was already decided.", messages.WARNING)
        except VersionConflict:
            self.message_user(
                request,
                "The rating changed since the suggestion was made: compare and decide again.",
                messages.ERROR,
            )
            return redirect(request.path)
        return redirect(reverse("admin:comparisons_suggestion_changelist"))
