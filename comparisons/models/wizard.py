"""The decision wizard's rules, as data editors can change: questions, choices, weights."""

from django.db import models
from simple_history.models import HistoricalRecords

from .catalog import Outcome
from .versioning import Versioned


class Question(Versioned):
    slug = models.SlugField(max_length=60, unique=True)
    prompt = models.CharField(max_length=200)
    help_text = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.prompt


class Choice(Versioned):
    question = models.ForeignKey(Question, models.CASCADE, related_name="choices")
    slug = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "slug"], name="choice_slug_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.slug}: {self.label}"


class Weight(Versioned):
    """Points a choice gives an outcome; the engine sums them per outcome."""

    choice = models.ForeignKey(Choice, models.CASCADE, related_name="weights")
    outcome = models.ForeignKey(Outcome, models.CASCADE, related_name="weights")
    points = models.IntegerField()
    rationale = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["choice", "outcome__order"]
        constraints = [
            models.UniqueConstraint(fields=["choice", "outcome"], name="weight_one_per_pair"),
            models.CheckConstraint(
                condition=models.Q(points__gte=-10, points__lte=10), name="weight_points_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.choice} → {self.outcome}: {self.points:+d}"
