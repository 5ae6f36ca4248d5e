"""Plain admin registrations; the full editing experience (history, conflicts) comes later."""

from django.contrib import admin
from django.db.models import Count, Prefetch

from . import models as m


@admin.register(m.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "kind", "via"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(m.Tool)
class ToolAdmin(admin.ModelAdmin):
    list_display = ["name", "focus", "licence", "is_published", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(m.Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(m.Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["capability", "tool", "level", "summary", "reviewed_on"]
    list_filter = ["tool", "capability"]
    list_select_related = ["tool", "capability"]
    filter_horizontal = ["sources"]
    readonly_fields = ["version"]


class SurveyFigureInline(admin.TabularInline):
    model = m.SurveyFigure
    extra = 0


@admin.register(m.Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "year", "sample_size"]
    inlines = [SurveyFigureInline]


@admin.register(m.Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["title", "tool", "kind"]
    list_filter = ["kind", "tool"]
    filter_horizontal = ["sources"]


@admin.register(m.ProCon)
class ProConAdmin(admin.ModelAdmin):
    list_display = ["text", "tool", "kind", "order"]
    list_filter = ["tool", "kind"]
    filter_horizontal = ["sources"]


class OutcomePrerequisiteInline(admin.TabularInline):
    """What an outcome needs before the wizard may recommend it (e.g. Kubernetes expertise)."""

    model = m.OutcomePrerequisite
    extra = 0
    fields = ["question", "choices", "explanation", "source", "order"]


@admin.register(m.Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    filter_horizontal = ["tools"]
    inlines = [OutcomePrerequisiteInline]


class UseCaseStepInline(admin.TabularInline):
    model = m.UseCaseStep
    extra = 0


@admin.register(m.UseCase)
class UseCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "outcome"]
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


class ChoiceInline(PointsPerOutcome, admin.TabularInline):
    model = m.Choice
    extra = 0
    fields = ["order", "slug", "label", "points_per_outcome"]
    readonly_fields = ["points_per_outcome"]
    # Weights are edited on the choice's own page (a nested inline is not possible here).
    show_change_link = True


@admin.register(m.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["prompt", "slug", "order", "choice_count"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["prompt"]}
    inlines = [ChoiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(Count("choices"))

    @admin.display(description="Choices", ordering="choices__count")
    def choice_count(self, question: m.Question) -> int:
        return question.choices__count


class WeightInline(admin.TabularInline):
    """One row per outcome: the points this choice gives it (missing means 0)."""

    model = m.Weight
    extra = 0
    fields = ["outcome", "points", "rationale", "source", "capabilities"]


@admin.register(m.Choice)
class ChoiceAdmin(PointsPerOutcome, admin.ModelAdmin):
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
class WeightAdmin(admin.ModelAdmin):
    list_display = ["choice", "outcome", "points", "rationale"]
    list_editable = ["points"]
    list_filter = ["outcome", "choice__question"]
    list_select_related = ["choice__question", "outcome"]


@admin.register(m.CatalogRevision)
class CatalogRevisionAdmin(admin.ModelAdmin):
    list_display = ["number", "changed_at"]
    readonly_fields = ["number", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
