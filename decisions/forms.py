"""The wizard's HTML input: the questions as radio groups, saving a result, superseding.

The questions are data, so the answers are checked by the engine's `validate_answers` (which also
catches repeated and unknown parameters a Django form would silently drop); its problems come
back per question and render next to the radio group they belong to. This is the one check:
the engine takes the `Answers` it returns as they are.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.http import QueryDict

from .engine import Answers, InvalidAnswers, Rules, validate_answers
from .models import DEFAULT_SHARE_LIFETIME_DAYS, SHARE_LIFETIME_DAYS, Decision

# Query parameters that steer the wizard rather than answer a question: which step to show,
# and "all" for every question on one page.
CONTROL_KEYS = frozenset({"step", "all"})


@dataclass(frozen=True)
class ChoiceField:
    slug: str
    label: str
    checked: bool


@dataclass(frozen=True)
class QuestionField:
    number: int
    slug: str
    prompt: str
    help_text: str
    choices: tuple[ChoiceField, ...]
    errors: tuple[str, ...]

    @property
    def html_id(self) -> str:
        return f"q-{self.slug}"


@dataclass(frozen=True)
class AnswersCheck:
    """What the visitor sent: the answers that fit, and every problem by question."""

    answers: Answers  # only the valid ones, in question order
    problems: dict[str, list[str]]  # question slug (or an unknown key) -> messages

    @property
    def is_valid(self) -> bool:
        return not self.problems


def answer_params(data: QueryDict) -> QueryDict:
    """`data` without the wizard's control parameters (and the CSRF token and save fields)."""
    params = data.copy()
    for key in [*CONTROL_KEYS, *SAVE_FIELDS]:
        params.pop(key, None)
    return params


def check_answers(data: QueryDict, rules: Rules, *, partial: bool) -> AnswersCheck:
    params = answer_params(data)
    try:
        return AnswersCheck(validate_answers(params, rules, partial=partial), {})
    except InvalidAnswers as error:
        problems = error.by_question()
    # Keep every answer that is itself fine, so a re-shown form loses nothing.
    good = {}
    for question in rules.questions:
        values = params.getlist(question.slug)
        if question.slug not in problems and len(values) == 1 and values[0]:
            good[question.slug] = values[0]
    return AnswersCheck(Answers(good), problems)


def question_fields(
    rules: Rules,
    help_texts: Mapping[str, str],
    answers: Mapping[str, str],
    problems: Mapping[str, list[str]] | None = None,
) -> list[QuestionField]:
    problems = problems or {}
    return [
        QuestionField(
            number=number,
            slug=question.slug,
            prompt=question.prompt,
            help_text=help_texts.get(question.slug, ""),
            choices=tuple(
                ChoiceField(c.slug, c.label, answers.get(question.slug) == c.slug)
                for c in question.choices
            ),
            errors=tuple(problems.get(question.slug, ())),
        )
        for number, question in enumerate(rules.questions, start=1)
    ]


SAVE_FIELDS = ("csrfmiddlewaretoken", "team", "title", "notes")


class SaveDecisionForm(forms.Form):
    """Save a result to one of the signed-in person's teams (the answers travel alongside).

    `teams` are the choices offered; when saving, the view has already resolved the team (a
    non-member gets 404), so it passes just that one and the form checks title and notes.
    """

    team = forms.ChoiceField(label="Team")
    title = forms.CharField(
        label="Title",
        max_length=200,
        required=False,
        help_text="Optional; the recommendation's name is used if you leave it empty.",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, teams: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = teams


class SupersedeForm(forms.Form):
    """Mark this decision as superseding an older decision of the same team."""

    older = forms.ModelChoiceField(
        queryset=Decision.objects.none(),
        label="This decision supersedes",
        empty_label="(none)",
        required=False,
    )

    def __init__(self, *args, decision: Decision, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only an earlier decision of the same team; never itself, never one that replaces it.
        self.fields["older"].queryset = (
            Decision.objects.filter(team_id=decision.team_id, created_at__lte=decision.created_at)
            .exclude(pk=decision.pk)
            .exclude(supersedes=decision)
            .order_by("-created_at", "-id")
        )
        self.fields["older"].label_from_instance = lambda d: (
            f"{d.title} ({d.outcome_name}, {d.created_at:%d %b %Y})"
        )


class ShareLinkForm(forms.Form):
    """How long a new share link works; the link itself is random and shown once."""

    expires_in = forms.TypedChoiceField(
        label="Link works for",
        choices=[(days, f"{days} day{'s' if days > 1 else ''}") for days in SHARE_LIFETIME_DAYS],
        coerce=int,
        initial=DEFAULT_SHARE_LIFETIME_DAYS,
    )

    def lifetime(self) -> timedelta:
        return timedelta(days=self.cleaned_data["expires_in"])
