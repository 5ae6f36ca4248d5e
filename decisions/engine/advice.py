"""The advice engine, `advise`: checked answers + rules -> an explained recommendation.

This is the engine the wizard uses (result format 2); decisions saved before prerequisites keep
the first engine's `Result` (first.py).

Prerequisites: an outcome may require answers (`RuleOutcome.prerequisites`: Kubeflow needs
Kubernetes expertise "strong", the hybrid at least "some", and both need the team past
prototyping). An outcome whose prerequisites the answers do not meet is *ineligible*: it is
never recommended, whatever its points.

Recommendation: the eligible outcome with the most points (ties: the earlier outcome in
`Rules.outcomes`; see scoring.py). The *runner-up* is the best other eligible outcome (or, if
there is none, the best other outcome). The *leader* has the most points, eligible or not; when
it is not the recommendation, a path says what would make it one (routes.py).

Fit: points on the shared 0-100 scale of scoring.py, next to the exact points.

Confidence and flips: confidence.py ("clear" exactly when no single changed answer changes it).

Routes and path: routes.py (the nearest answers for every other option; ties all shown).

Reasons: the chosen answers whose weight for the recommendation beats their weight for the
runner-up and that carry an editor's rationale, largest difference first (ties in question
order), at most MAX_ADVICE_REASONS; each with its rationale, its basis (the article's, or the
portal's own judgement), its source and its capability rows.

The invariants the shipped rules must keep on every answer set (invariants.py) are data in the
catalog, checked when the catalog is loaded and when an editor changes the rules.
"""

from dataclasses import dataclass

from .confidence import (
    ADVICE_CONFIDENCE_NOTES,
    CLOSE_CALL_FIT,
    CONFIDENCE_LABELS,
    NO_FLIP_STATEMENT,
    AdviceFlip,
    Confidence,
    advice_confidence,
    advice_flips,
)
from .routes import Path, Route, path, route
from .rules import Answers, Prerequisite, RuleOutcome, Rules, omit_when_empty
from .scoring import OutcomeScore, answer_totals, fit, points_scale, ranking

MAX_ADVICE_REASONS = 4


@dataclass(frozen=True)
class Fit:
    """How well one option fits the answers, 0-100, and whether the team can adopt it now."""

    outcome: str
    name: str
    points: int
    fit: int
    eligible: bool
    unmet: tuple[Prerequisite, ...] = ()


@dataclass(frozen=True)
class AdviceReason:
    """One answer that speaks for the recommendation, in the editor's words, with its source
    and its basis: "article" (the source says so) or "judgement" (the portal's own)."""

    question: str
    prompt: str
    choice: str
    choice_label: str
    rationale: str
    source: str
    capabilities: tuple[str, ...]
    points_to_winner: int
    points_to_runner_up: int
    basis: str = ""  # empty in advice saved before weights said where they came from

    __get_pydantic_core_schema__ = omit_when_empty("basis")

    @property
    def explanation(self) -> str:
        """What an ADR or a plain-text report says for this reason: the rationale itself."""
        return self.rationale


@dataclass(frozen=True)
class Advice:
    """An explained recommendation: what `advise` returns, and what new decisions store."""

    fits: tuple[Fit, ...]  # every outcome, best first (points, then tie-break order)
    winner: str  # the recommendation: the best eligible outcome
    runner_up: str  # the best other eligible outcome
    leader: str  # the most points, eligible or not
    margin: int  # winner's points minus the runner-up's
    confidence: Confidence
    flips: tuple[AdviceFlip, ...]  # single changes, keeping its prerequisites, that change it
    reasons: tuple[AdviceReason, ...]
    prerequisites: tuple[Prerequisite, ...]  # what the recommendation asks of the team
    path: Path | None
    routes: tuple[Route, ...]  # every other outcome, in tie-break order
    min_points: int  # the scale `fit` is measured on
    max_points: int

    @property
    def scores(self) -> tuple[OutcomeScore, ...]:
        return tuple(OutcomeScore(f.outcome, f.name, f.points) for f in self.fits)

    def fit_of(self, slug: str) -> Fit:
        return next(f for f in self.fits if f.outcome == slug)

    @property
    def winner_name(self) -> str:
        return self.fit_of(self.winner).name

    @property
    def runner_up_name(self) -> str:
        return self.fit_of(self.runner_up).name

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABELS[self.confidence]

    @property
    def confidence_note(self) -> str:
        return ADVICE_CONFIDENCE_NOTES[self.confidence].format(close=CLOSE_CALL_FIT)

    @property
    def flip_statement(self) -> str:
        return self.flips[0].statement if self.flips else NO_FLIP_STATEMENT


def advise(answers: Answers, rules: Rules) -> Advice:
    """Recommend the best eligible outcome for complete, checked answers, and explain it."""
    totals = answer_totals(answers, rules)
    low, high = points_scale(rules)
    ranked = ranking(totals, rules)
    eligible = [o for o in ranked if not o.unmet(answers)]
    winner = eligible[0]
    runner_up = eligible[1] if len(eligible) > 1 else next(o for o in ranked if o != winner)
    leader = ranked[0]
    fits = tuple(
        Fit(
            outcome=o.slug,
            name=o.name,
            points=totals[o.slug],
            fit=fit(totals[o.slug], low, high),
            eligible=not o.unmet(answers),
            unmet=o.unmet(answers),
        )
        for o in ranked
    )
    flips = advice_flips(answers, rules, winner)
    gap = fit(totals[winner.slug], low, high) - fit(totals[runner_up.slug], low, high)
    return Advice(
        fits=fits,
        winner=winner.slug,
        runner_up=runner_up.slug,
        leader=leader.slug,
        margin=totals[winner.slug] - totals[runner_up.slug],
        confidence=advice_confidence(flips, gap, runner_up in eligible),
        flips=flips,
        reasons=_reasons(answers, rules, winner, runner_up),
        prerequisites=winner.prerequisites,
        path=path(answers, rules, winner, leader) if leader != winner else None,
        routes=tuple(
            route(answers, rules, outcome, winner)
            for outcome in rules.outcomes
            if outcome != winner
        ),
        min_points=low,
        max_points=high,
    )


def _reasons(
    answers: Answers, rules: Rules, winner: RuleOutcome, runner_up: RuleOutcome
) -> tuple[AdviceReason, ...]:
    reasons = []
    for question in rules.questions:
        choice = question.choice(answers[question.slug])
        to_winner, to_runner_up = choice.points_for(winner.slug), choice.points_for(runner_up.slug)
        if to_winner - to_runner_up <= 0 or not choice.rationales.get(winner.slug):
            continue
        reasons.append(
            AdviceReason(
                question=question.slug,
                prompt=question.prompt,
                choice=choice.slug,
                choice_label=choice.label,
                rationale=choice.rationales[winner.slug],
                source=choice.sources.get(winner.slug, ""),
                capabilities=choice.capabilities.get(winner.slug, ()),
                points_to_winner=to_winner,
                points_to_runner_up=to_runner_up,
                basis=choice.bases.get(winner.slug, ""),
            )
        )
    reasons.sort(key=lambda r: -(r.points_to_winner - r.points_to_runner_up))  # stable
    return tuple(reasons[:MAX_ADVICE_REASONS])
