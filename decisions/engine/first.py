"""The first engine, `decide`: kept unchanged because decisions saved before prerequisites
store its `Result` and are rendered from it. New results come from `advise` (advice.py).

Scores and the tie-break are those of scoring.py.

Margin and confidence
    `margin` is the winner's score minus the runner-up's. It is judged against `swing`: the most
    that changing a single answer can move the gap between the winner and the runner-up (for each
    question, the largest minus the smallest of "points to winner - points to runner-up" over its
    choices; the maximum over questions). A raw margin of 3 means little if one answer can move
    the gap by 12, and a lot if it can move it by 2.

    ===========  =====================================  ===========================================
    band         rule                                   reading
    ===========  =====================================  ===========================================
    clear        margin >= swing / 2 (and margin > 0)   the winner is ahead by at least half of
                                                        what the most decisive question can move
    leaning      swing / 4 <= margin < swing / 2        ahead, but one answer could undo it
    close call   margin < swing / 4, or margin == 0     nearly level, or decided by the tie-break
    ===========  =====================================  ===========================================

    If no question moves that gap at all (swing == 0), any positive margin is "clear": no
    answer can change it. Confidence says how comfortable the lead is; `flips` says exactly which
    single answer would overturn it, so a "clear" result may still list a flip (a big one).

Reasons
    The answers that did the most for the winner *against the runner-up*: contribution = points
    to the winner - points to the runner-up, only positive contributions, largest first (equal
    contributions in question order), at most `MAX_REASONS`.

What would flip it
    Every change of exactly one answer that makes a different outcome win (ties resolved by the
    tie-break above). `flips` lists all of them, the smallest first: the one whose new winner wins
    by the smallest margin (the most marginal reversal); then the nearer choice (fewest steps
    away from the current answer in the question's choice order); then question order; then
    choice order. An empty `flips` means no single answer changes the recommendation.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .confidence import CONFIDENCE_LABELS, NO_FLIP_STATEMENT, Confidence
from .rules import Answers, RuleChoice, RuleOutcome, RuleQuestion, Rules
from .scoring import OutcomeScore, ranking, scores_of, totals_of

MAX_REASONS = 3


@dataclass(frozen=True)
class Reason:
    """One answer that helped the winner against the runner-up."""

    question: str
    prompt: str
    choice: str
    choice_label: str
    points_to_winner: int
    points_to_runner_up: int
    explanation: str  # generated one-liner about the points
    rationale: str = ""  # the editor's "why" for the winner's weight, if they wrote one

    @property
    def contribution(self) -> int:
        return self.points_to_winner - self.points_to_runner_up


@dataclass(frozen=True)
class Flip:
    """Changing one answer from `from_choice` to `to_choice` makes `new_winner` win."""

    question: str
    prompt: str
    from_choice: str
    from_label: str
    to_choice: str
    to_label: str
    new_winner: str
    new_winner_name: str
    new_margin: int  # 0: the new winner wins on the tie-break

    @property
    def statement(self) -> str:
        by = "on the tie-break" if self.new_margin == 0 else f"by {_points(self.new_margin)}"
        return (
            f"Changing “{self.prompt}” from “{self.from_label}” to “{self.to_label}” would make "
            f"{self.new_winner_name} the recommendation, {by}."
        )


@dataclass(frozen=True)
class Result:
    scores: tuple[OutcomeScore, ...]  # every outcome, in tie-break order
    winner: str
    runner_up: str
    margin: int
    swing: int  # the most one changed answer can move the winner's lead over the runner-up
    confidence: Confidence
    reasons: tuple[Reason, ...]
    flips: tuple[Flip, ...]  # smallest first; empty if no single answer changes the winner

    @property
    def winner_name(self) -> str:
        return self._name(self.winner)

    @property
    def runner_up_name(self) -> str:
        return self._name(self.runner_up)

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABELS[self.confidence]

    @property
    def confidence_note(self) -> str:
        if self.margin == 0:
            return (
                f"{self.winner_name} and {self.runner_up_name} score the same; "
                f"{self.winner_name} is listed first, so it wins the tie."
            )
        return (
            f"{self.winner_name} leads {self.runner_up_name} by {_points(self.margin)}; "
            f"changing one answer moves that gap by at most {_points(self.swing)}."
        )

    @property
    def flip_statement(self) -> str:
        return self.flips[0].statement if self.flips else NO_FLIP_STATEMENT

    def _name(self, slug: str) -> str:
        return next(score.name for score in self.scores if score.outcome == slug)


def decide(answers: Answers, rules: Rules) -> Result:
    """Score complete, checked answers (see `validate_answers`) and explain the outcome."""
    chosen = [(question, question.choice(answers[question.slug])) for question in rules.questions]
    totals = totals_of((choice for _, choice in chosen), rules)
    winner, runner_up = ranking(totals, rules)[:2]
    margin = totals[winner.slug] - totals[runner_up.slug]
    swing = max((_gap_range(q, winner.slug, runner_up.slug) for q in rules.questions), default=0)
    return Result(
        scores=scores_of(totals, rules),
        winner=winner.slug,
        runner_up=runner_up.slug,
        margin=margin,
        swing=swing,
        confidence=_confidence(margin, swing),
        reasons=_reasons(chosen, winner, runner_up),
        flips=_flips(chosen, totals, winner.slug, rules),
    )


def _gap_range(question: RuleQuestion, winner: str, runner_up: str) -> int:
    gaps = [c.points_for(winner) - c.points_for(runner_up) for c in question.choices]
    return max(gaps) - min(gaps)


def _confidence(margin: int, swing: int) -> Confidence:
    # Integer arithmetic, so the band edges are exact: 2m >= s is "m >= s/2".
    if margin == 0:
        return "close call"
    if 2 * margin >= swing:
        return "clear"
    if 4 * margin >= swing:
        return "leaning"
    return "close call"


def _reasons(
    chosen: list[tuple[RuleQuestion, RuleChoice]], winner: RuleOutcome, runner_up: RuleOutcome
) -> tuple[Reason, ...]:
    reasons = [
        Reason(
            question=question.slug,
            prompt=question.prompt,
            choice=choice.slug,
            choice_label=choice.label,
            points_to_winner=choice.points_for(winner.slug),
            points_to_runner_up=choice.points_for(runner_up.slug),
            explanation=_explain(choice, winner, runner_up),
            rationale=choice.rationales.get(winner.slug, ""),
        )
        for question, choice in chosen
    ]
    helpful = [reason for reason in reasons if reason.contribution > 0]
    helpful.sort(key=lambda reason: -reason.contribution)  # stable: ties keep question order
    return tuple(helpful[:MAX_REASONS])


def _explain(choice: RuleChoice, winner: RuleOutcome, runner_up: RuleOutcome) -> str:
    return (
        f"“{choice.label}” {_effect(choice.points_for(winner.slug), winner.name)} "
        f"and {_effect(choice.points_for(runner_up.slug), runner_up.name)}."
    )


def _effect(points: int, name: str) -> str:
    if points > 0:
        return f"adds {_points(points)} to {name}"
    if points < 0:
        return f"takes {_points(-points)} from {name}"
    return f"gives {name} nothing"


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def _flips(
    chosen: list[tuple[RuleQuestion, RuleChoice]],
    totals: Mapping[str, int],
    winner: str,
    rules: Rules,
) -> tuple[Flip, ...]:
    found: list[tuple[tuple[int, int, int, int], Flip]] = []
    for q_index, (question, current) in enumerate(chosen):
        current_index = question.choices.index(current)
        for c_index, other in enumerate(question.choices):
            if c_index == current_index:
                continue
            changed = {
                slug: total - current.points_for(slug) + other.points_for(slug)
                for slug, total in totals.items()
            }
            new_winner, new_runner_up = ranking(changed, rules)[:2]
            if new_winner.slug == winner:
                continue
            new_margin = changed[new_winner.slug] - changed[new_runner_up.slug]
            flip = Flip(
                question=question.slug,
                prompt=question.prompt,
                from_choice=current.slug,
                from_label=current.label,
                to_choice=other.slug,
                to_label=other.label,
                new_winner=new_winner.slug,
                new_winner_name=new_winner.name,
                new_margin=new_margin,
            )
            key = (new_margin, abs(c_index - current_index), q_index, c_index)
            found.append((key, flip))
    found.sort(key=lambda pair: pair[0])
    return tuple(flip for _, flip in found)
