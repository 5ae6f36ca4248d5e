"""Scoring: points per outcome, the ranking, the recommendation and the fit scale.

An outcome's points are the sum of the points its chosen answers give it; nothing else counts.
The highest score ranks first; on equal scores the outcome listed *earlier* in `Rules.outcomes`
ranks first (the wizard lists the simplest outcome first, so a tie recommends the smaller
commitment). The recommendation is the best-ranked outcome whose prerequisites the answers meet
(the rules keep one outcome without prerequisites, so there always is one).

Fit puts points on one 0-100 scale shared by every outcome, from the fewest points any outcome
can get from these rules (0) to the most (100): it ranks the outcomes exactly as points do and
is never negative.
"""

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .rules import Answers, RuleChoice, RuleOutcome, Rules


@dataclass(frozen=True)
class OutcomeScore:
    outcome: str
    name: str
    score: int


@dataclass(frozen=True)
class Preview:
    """The live preview of a half-filled wizard."""

    scores: tuple[OutcomeScore, ...]  # every outcome, in tie-break order
    leader: str | None  # None until something is answered
    answered: int
    total: int

    @property
    def leader_name(self) -> str | None:
        return next((s.name for s in self.scores if s.outcome == self.leader), None)


def partial_leader(answers: Answers, rules: Rules) -> Preview:
    """Scores of the checked answers given so far and who leads (tie-break as in the ranking)."""
    chosen = [q.choice(answers[q.slug]) for q in rules.questions if q.slug in answers]
    totals = totals_of(chosen, rules)
    return Preview(
        scores=scores_of(totals, rules),
        leader=ranking(totals, rules)[0].slug if answers else None,
        answered=len(answers),
        total=len(rules.questions),
    )


def totals_of(choices: Iterable[RuleChoice], rules: Rules) -> dict[str, int]:
    totals = {outcome.slug: 0 for outcome in rules.outcomes}
    for choice in choices:
        for outcome, points in choice.points.items():
            totals[outcome] += points
    return totals


def answer_totals(answers: Mapping[str, str], rules: Rules) -> dict[str, int]:
    return totals_of((q.choice(answers[q.slug]) for q in rules.questions), rules)


def ranking(totals: Mapping[str, int], rules: Rules) -> list[RuleOutcome]:
    # sorted() is stable, so equal scores keep tie-break (rules) order.
    return sorted(rules.outcomes, key=lambda outcome: -totals[outcome.slug])


def scores_of(totals: Mapping[str, int], rules: Rules) -> tuple[OutcomeScore, ...]:
    return tuple(OutcomeScore(o.slug, o.name, totals[o.slug]) for o in rules.outcomes)


def recommend(answers: Mapping[str, str], rules: Rules) -> str:
    """The recommendation alone: the eligible outcome with the most points (tie-break order)."""
    return next(
        o.slug for o in ranking(answer_totals(answers, rules), rules) if not o.unmet(answers)
    )


def every_answer_set(rules: Rules) -> Iterator[Answers]:
    """All complete answer sets of the rules, in question and choice order."""
    slugs = [q.slug for q in rules.questions]
    for combo in itertools.product(*[[c.slug for c in q.choices] for q in rules.questions]):
        yield Answers(dict(zip(slugs, combo, strict=True)))


def answer_set_count(rules: Rules) -> int:
    return math.prod(len(question.choices) for question in rules.questions)


def fit(points: int, low: int, high: int) -> int:
    """Points on a 0-100 scale from the least to the most any outcome can score."""
    if high == low:
        return 100
    return round((points - low) * 100 / (high - low))


@lru_cache(maxsize=16)
def points_scale(rules: Rules) -> tuple[int, int]:
    lows = []
    highs = []
    for outcome in rules.outcomes:
        per_question = [[c.points_for(outcome.slug) for c in q.choices] for q in rules.questions]
        lows.append(sum(min(p) for p in per_question))
        highs.append(sum(max(p) for p in per_question))
    return min(lows), max(highs)
