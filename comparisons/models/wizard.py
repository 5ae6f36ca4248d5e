"""The decision wizard's rules, as data editors can change: questions, choices, weights and the
prerequisites an outcome needs before it can be recommended."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ..vocabulary import WEIGHT_BASES
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
        help_text="The source the rationale rests on (required when its basis is the source).",
    )
    basis = models.CharField(
        max_length=10,
        choices=WEIGHT_BASES,
        default="judgement",
        help_text="Does the source say this, or is it the portal's own judgement? The result "
        "page shows which.",
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

    def clean(self) -> None:
        # Not a database constraint: deleting a source sets its weights' source to NULL, and
        # that must not fail; the catalog checks and this form check keep new claims honest.
        if self.basis == "article" and self.source_id is None:
            raise ValidationError({"source": "A rationale based on a source must name it."})

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


class WizardInvariant(Versioned):
    """What the wizard must always (or must never) recommend on a class of answer sets.

    E.g. "never Kubeflow when the stage is prototyping": the source's sentence, paraphrased in
    `statement`, with the source. The answer sets are those whose answers are among `when`
    (grouped by question; every answer set if empty). The catalog load and every admin edit of
    the rules check all invariants over every answer set and refuse rules that break one.
    """

    EXPECT = [("always", "Always one of"), ("never", "Never any of")]

    slug = models.SlugField(max_length=80, unique=True)
    expect = models.CharField(max_length=6, choices=EXPECT)
    outcomes = models.ManyToManyField(Outcome, related_name="invariants")
    when = models.ManyToManyField(
        Choice,
        blank=True,
        related_name="invariants",
        help_text="The answers it speaks about: per question, the choices listed (none: all).",
    )
    statement = models.CharField(
        max_length=300, help_text="What it guarantees and the source sentence, paraphrased."
    )
    source = models.ForeignKey(Source, models.PROTECT, related_name="invariants")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[outcomes, when])

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.slug
