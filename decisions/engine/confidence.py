"""How sure the advice is, said so that it never contradicts what would change it.

Flips: every change of exactly one answer that changes the recommendation. A change that
removes the recommendation's own prerequisites (Kubernetes "strong" -> "none" for Kubeflow)
does not count: it is shown as the prerequisite, not as a flip.

Confidence:
  clear       no single changed answer (keeping its prerequisites) changes the recommendation.
  close call  some single change does, and the runner-up is eligible and its fit is within
              CLOSE_CALL_FIT (5 of 100) of the recommendation's.
  leaning     some single change does, and the top two are further apart than that (or the
              runner-up cannot be adopted now).
So "clear" never sits next to a flip: `flips` is empty exactly when confidence is "clear", and
"close call" and "leaning" always come with at least one flip to show.
"""

from dataclasses import dataclass
from typing import Literal

from .answers import AnswerChange, changes_between
from .rules import Answers, RuleOutcome, Rules
from .scoring import recommend

Confidence = Literal["clear", "leaning", "close call"]

CONFIDENCE_LABELS: dict[str, str] = {
    "clear": "Clear recommendation",
    "leaning": "Leaning recommendation",
    "close call": "Close call",
}
NO_FLIP_STATEMENT = "No single changed answer would change this recommendation."
CLOSE_CALL_FIT = 5  # fit points (of 100) within which the top two eligible options are "close"

ADVICE_CONFIDENCE_NOTES: dict[str, str] = {
    "clear": "No single changed answer would change this recommendation. An answer that would "
    "remove what it needs is listed under its prerequisites instead.",
    "leaning": "One changed answer would change it: see what would change it below.",
    "close call": "The top two options are within {close} of 100 fit points, and one changed "
    "answer would change it.",
}


@dataclass(frozen=True)
class AdviceFlip:
    """One changed answer, keeping the recommendation's prerequisites, that changes it."""

    change: AnswerChange
    new_winner: str
    new_winner_name: str

    @property
    def statement(self) -> str:
        return (
            f"Changing {self.change.statement} would make {self.new_winner_name} "
            "the recommendation."
        )


def advice_flips(answers: Answers, rules: Rules, winner: RuleOutcome) -> tuple[AdviceFlip, ...]:
    flips = []
    for question in rules.questions:
        for choice in question.choices:
            if choice.slug == answers[question.slug]:
                continue
            changed = {**answers, question.slug: choice.slug}
            if winner.unmet(changed):
                continue  # removes what the recommendation needs: shown as a prerequisite
            new_winner = recommend(changed, rules)
            if new_winner != winner.slug:
                change = changes_between(answers, changed, rules)[0]
                flips.append(AdviceFlip(change, new_winner, rules.outcome(new_winner).name))
    return tuple(flips)


def advice_confidence(
    flips: tuple[AdviceFlip, ...], fit_gap: int, runner_up_eligible: bool
) -> Confidence:
    if not flips:
        return "clear"
    if runner_up_eligible and fit_gap < CLOSE_CALL_FIT:
        return "close call"
    return "leaning"
