"""Visitors' proposed corrections to a rating; nothing public changes until an editor accepts."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .catalog import Level, Rating


class Suggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    rating = models.ForeignKey(Rating, models.CASCADE, related_name="suggestions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="suggestions")
    # Empty proposed fields mean "keep as it is".
    level = models.IntegerField(choices=Level, null=True, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    source_title = models.CharField(max_length=300, blank=True)
    source_publisher = models.CharField(max_length=200, blank=True)
    source_published_on = models.DateField(null=True, blank=True)
    source_url = models.URLField(blank=True)
    comment = models.TextField(max_length=2000)
    # The rating's version the author saw: a later edit makes the suggestion "conflicting".
    base_version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    reason = models.TextField(blank=True, help_text="Shown to the author when declined.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=False) | ~Q(summary="") | ~Q(source_title=""),
                name="suggestion_proposes_something",
            )
        ]

    def __str__(self) -> str:
        return f"Suggestion on {self.rating} by {self.author}"

    def get_absolute_url(self) -> str:
        return reverse("comparisons:my_suggestions")

    @property
    def is_conflicting(self) -> bool:
        return self.status == self.Status.PENDING and self.rating.version != self.base_version

    @property
    def source_published_display(self) -> str:
        day: dt.date | None = self.source_published_on
        return f"{day.day} {day.strftime('%B %Y')}" if day else ""
