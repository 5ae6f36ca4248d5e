"""The decision wizard's rules, as data editors can change: questions, choices, weights and the
prerequisites an outcome needs before it can be recommended."""

from django.db import models
from simple_history.models import HistoricalRecords

from .catalog import Capability, Outcome, Source
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
    rationale = models.CharField(
        max_length=300, blank=True, help_text="Why, in one line and in domain terms."
    )
    source = models.ForeignKey(
        Source,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="weights",
        help_text="The source the rationale rests on.",
    )
    capabilities = models.ManyToManyField(
        Capability,
        blank=True,
        related_name="weights",
        help_text="The capability rows of the comparison this weight is about.",
    )

    history = HistoricalRecords(m2m_fields=[capabilities])

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


class OutcomePrerequisite(Versioned):
    """An outcome is recommended only when `question` is answered with one of `choices`.

    E.g. Kubeflow needs Kubernetes expertise "some" or "strong": with "none" the engine
    recommends the best outcome the team can adopt now and shows Kubeflow as the next step.
    """

    outcome = models.ForeignKey(Outcome, models.CASCADE, related_name="prerequisites")
    question = models.ForeignKey(Question, models.CASCADE, related_name="prerequisites")
    choices = models.ManyToManyField(Choice, related_name="prerequisites")
    explanation = models.CharField(max_length=300, help_text="What the team needs, in plain words.")
    source = models.ForeignKey(Source, models.PROTECT, related_name="prerequisites")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[choices])

    class Meta:
        ordering = ["outcome__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "question"], name="prerequisite_one_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome} needs {self.question.slug}"
