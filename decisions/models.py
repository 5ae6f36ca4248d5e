"""A team's saved wizard runs: each keeps what it was decided on, so it reads the same later."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from teams.models import Team


class DecisionQuerySet(models.QuerySet):
    def timeline(self):
        """Newest first, with what a timeline row shows; `team.decisions.timeline()` for a team."""
        return (
            self.select_related("author", "team", "supersedes__team")
            .prefetch_related(
                models.Prefetch("superseded_by", queryset=Decision.objects.select_related("team"))
            )
            .order_by("-created_at", "-id")
        )


class Decision(models.Model):
    team = models.ForeignKey(Team, models.CASCADE, related_name="decisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="decisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    # JSON checked by pydantic on the way in and out (see decisions.schemas).
    answers = models.JSONField()
    outcome_slug = models.SlugField(max_length=60)
    outcome_name = models.CharField(max_length=100)
    result = models.JSONField()
    rules_snapshot = models.JSONField()
    catalog_snapshot = models.JSONField()
    catalog_revision = models.PositiveBigIntegerField()
    supersedes = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="superseded_by"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.team.slug, self.pk])
