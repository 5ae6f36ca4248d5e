from django.contrib import admin

from .models import Decision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "outcome_name", "author", "created_at"]
    list_filter = ["outcome_slug"]
    list_select_related = ["team", "author"]
    readonly_fields = [
        "answers",
        "result",
        "rules_snapshot",
        "catalog_snapshot",
        "catalog_revision",
    ]
