"""A visitor's answers, checked once at the boundary against the rules.

The wizard's form, or the `WizardAnswers` schema for saved answers, calls `validate_answers`;
the checked `Answers` go to `advise` (a finished wizard), `decide` (the first engine) or
`partial_leader` (the live preview), which never check them again.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .rules import Answers, InvalidAnswers, Rules


def validate_answers(
    raw: Mapping[str, str | list[str]], rules: Rules, *, partial: bool = False
) -> Answers:
    """Check answers against the rules; return {question slug: choice slug} in question order.

    `raw` may map a question to one value or to a list of values (as `dict(querydict.lists())`
    gives); anything with a `getlist` method (a Django QueryDict) is read through it, so a
    repeated parameter is seen rather than silently collapsed to its last value. An empty string
    or an empty list counts as "not answered". Raises InvalidAnswers listing every problem:
    unknown questions, values that are not a choice, several values for one question, and
    unanswered questions (unless `partial`).
    """
    given = _values_by_key(raw)
    problems: list[tuple[str, str]] = []
    answers: dict[str, str] = {}
    for question in rules.questions:
        values = [value for value in given.get(question.slug, []) if value != ""]
        if not values:
            if not partial:
                problems.append((question.slug, "This question needs an answer."))
        elif len(values) > 1:
            problems.append((question.slug, "Choose one answer, not several."))
        elif not question.has_choice(values[0]):
            problems.append((question.slug, f"{_shown(values[0])} is not one of the choices."))
        else:
            answers[question.slug] = values[0]
    for key in given:
        if not rules.has_question(key):
            problems.append((str(key), "There is no such question."))
    if problems:
        raise InvalidAnswers(problems)
    return Answers(answers)


def _values_by_key(raw: Mapping[str, Any]) -> dict[str, list[Any]]:
    getlist = getattr(raw, "getlist", None)
    if callable(getlist):
        return {key: list(getlist(key)) for key in raw}
    values: dict[str, list[Any]] = {}
    for key, value in raw.items():
        values[key] = list(value) if isinstance(value, list | tuple) else [value]
    return values


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


@dataclass(frozen=True)
class AnswerChange:
    """One answer changed from one choice to another (a flip, a route or a path step)."""

    question: str
    prompt: str
    from_choice: str
    from_label: str
    to_choice: str
    to_label: str

    @property
    def statement(self) -> str:
        return f"“{self.prompt}” from “{self.from_label}” to “{self.to_label}”"


def changes_between(
    answers: Mapping[str, str], target: Mapping[str, str], rules: Rules
) -> tuple[AnswerChange, ...]:
    """The answers `target` changes, in question order."""
    changes = []
    for question in rules.questions:
        if answers[question.slug] != target[question.slug]:
            before = question.choice(answers[question.slug])
            after = question.choice(target[question.slug])
            changes.append(
                AnswerChange(
                    question.slug,
                    question.prompt,
                    before.slug,
                    before.label,
                    after.slug,
                    after.label,
                )
            )
    return tuple(changes)


def distance(answers: Mapping[str, str], target: Mapping[str, str], rules: Rules) -> tuple:
    """(answers changed, steps along the choices): how far `target` is from `answers`."""
    steps = 0
    for question in rules.questions:
        slugs = [c.slug for c in question.choices]
        steps += abs(slugs.index(answers[question.slug]) - slugs.index(target[question.slug]))
    changed = sum(answers[q.slug] != target[q.slug] for q in rules.questions)
    return changed, steps
