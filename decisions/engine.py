"""The decision engine: wizard answers + rules -> an explained recommendation.

Two engines live here. `advise` is the one the wizard uses (result format 2); `decide` is the
first engine, kept unchanged because decisions saved before prerequisites store its `Result`
and are rendered from it. The rules of `advise` come first; those of `decide` after them.

Advice (`advise`)
    Prerequisites: an outcome may require answers (`RuleOutcome.prerequisites`, e.g. Kubeflow
    and the hybrid need Kubernetes expertise "some" or "strong"). An outcome whose prerequisites
    the answers do not meet is *ineligible*: it is never recommended, whatever its points.

    Recommendation: the eligible outcome with the most points (ties: the earlier outcome in
    `Rules.outcomes`). The rules must keep one outcome without prerequisites, so there always is
    one. The *runner-up* is the best other eligible outcome (or, if there is none, the best
    other outcome).

    Path: when the outcome with the most points overall (the *leader*) is ineligible, the advice
    carries a path: adopt the recommendation now, and the leader next, once its prerequisites
    are met. The path's changes are the nearest answers to the prerequisite questions that meet
    them (preferring ones under which the leader is then recommended); `then` says what those
    answers recommend.

    Fit: points on one 0-100 scale shared by every outcome, from the fewest points any outcome
    can get from these rules (0) to the most (100). Fit ranks the outcomes exactly as points do
    and is never negative; the exact points stay available next to it.

    Confidence:
      clear       no single changed answer changes the recommendation. A change that removes
                  the recommendation's own prerequisites (Kubernetes "strong" -> "none" for
                  Kubeflow) does not count: it is shown as the prerequisite, not as a flip.
      close call  some single change (keeping its prerequisites) changes it, and the runner-up's
                  fit is within CLOSE_CALL_FIT (5) of the recommendation's.
      leaning     some single change (keeping its prerequisites) changes it, and the top two are
                  further apart than that.
    So "clear" never sits next to a flip: `flips` is empty exactly when confidence is "clear".

    Routes (what would change it): for every other outcome, the nearest complete answer set that
    recommends it, by (drops the current recommendation's prerequisites, number of changed
    answers, steps along the choices; then the earlier choices in question order) - an exact
    search (`_NearestSearch`) finds it without listing every answer set, so the route is the
    smallest there is however many questions the wizard has. An outcome no answer set
    recommends is "not reachable by answers alone", with the prerequisites that block it.

    Reasons: the chosen answers whose weight for the recommendation beats their weight for the
    runner-up and that carry an editor's rationale, largest difference first (ties in question
    order), at most MAX_ADVICE_REASONS; each with its rationale, source and capability rows.

First engine (`decide`)

Pure: plain frozen dataclasses in, plain data out; no Django, no database, no request. The
views turn database rows into `Rules`; the boundary (the wizard's form, or the `WizardAnswers`
schema for saved answers) checks the visitor's answers once with `validate_answers`, and the
checked `Answers` go to `decide` (a finished wizard) or `partial_leader` (the live preview).
decisions/schemas.py turns `Rules` and `Result` into JSON and back.

Scoring
    Every choice gives points (integers, possibly negative) to outcomes; a choice that names no
    points for an outcome gives it 0. An outcome's score is the sum of the points its chosen
    answers give it. Nothing else counts.

Tie-break
    The highest score wins. On equal scores the outcome listed *earlier* in `Rules.outcomes`
    wins; the same order picks the runner-up among equal seconds. The wizard lists the simplest
    outcome first, so a tie recommends the smaller commitment.

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

import bisect
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, NewType, get_args

from pydantic_core import core_schema

Confidence = Literal["clear", "leaning", "close call"]

CONFIDENCE_LABELS: dict[str, str] = {
    "clear": "Clear recommendation",
    "leaning": "Leaning recommendation",
    "close call": "Close call",
}
MAX_REASONS = 3

# {question slug: choice slug} in question order, as `validate_answers` returns it: the only
# answers the engine takes, so it never checks them again.
Answers = NewType("Answers", dict[str, str])


class InvalidRules(ValueError):
    """The rules contradict themselves: an editor's or a snapshot's problem, not the visitor's."""


class InvalidAnswers(ValueError):
    """The answers do not fit the rules; `problems` lists every (question slug, message)."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems: list[tuple[str, str]] = list(problems)
        super().__init__("; ".join(f"{slug}: {message}" for slug, message in self.problems))

    def by_question(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for slug, message in self.problems:
            grouped.setdefault(slug, []).append(message)
        return grouped


class FrozenMap[V](Mapping[str, V]):
    """A read-only, hashable, picklable mapping (so rules can be cache keys and cache values)."""

    def __init__(self, data: Mapping[str, V] | Iterable[tuple[str, V]] = ()) -> None:
        self._data: dict[str, V] = dict(data)

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        # Read and written as a plain JSON object (decisions/schemas.py stores rules this way).
        (value_type,) = get_args(source) or (Any,)
        return core_schema.no_info_after_validator_function(
            cls,
            handler.generate_schema(dict[str, value_type]),
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


def _omit_when_empty(*names: str) -> classmethod:
    """A pydantic hook that leaves the named fields out of JSON while they are empty.

    Fields added after decisions were first saved are written only when they hold something, so
    rules without prerequisites or sources dump exactly as they always did (saved decisions and
    their byte-for-byte tests stay unchanged), and read back with their defaults.
    """

    def hook(cls: type, source: Any, handler: Any) -> core_schema.CoreSchema:
        schema = handler(source)

        def serialise(value: Any, nxt: Any) -> Any:
            data = nxt(value)
            for name in names:
                if name in data and not data[name]:
                    del data[name]
            return data

        schema["serialization"] = core_schema.wrap_serializer_function_ser_schema(
            serialise, schema=schema.copy()
        )
        return schema

    return classmethod(hook)


# --- rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleChoice:
    """One answer to a question and the points it gives each outcome.

    `points` accepts any mapping or pairs and is stored read-only; zero entries are dropped
    (missing means 0), so two choices giving the same points compare equal. `rationales` holds
    the editor's one-line "why" per outcome, in domain terms; `sources` the slug of the catalog
    source each rationale rests on; `capabilities` the capability rows (slugs) it concerns.
    """

    slug: str
    label: str
    points: FrozenMap[int] = field(default_factory=FrozenMap)
    rationales: FrozenMap[str] = field(default_factory=FrozenMap)
    sources: FrozenMap[str] = field(default_factory=FrozenMap)
    capabilities: FrozenMap[tuple[str, ...]] = field(default_factory=FrozenMap)

    __get_pydantic_core_schema__ = _omit_when_empty("sources", "capabilities")

    def __post_init__(self) -> None:
        points = dict(self.points)
        for outcome, value in points.items():
            if type(value) is not int:
                raise InvalidRules(f"choice {self.slug!r}: points for {outcome!r} must be an int")
        object.__setattr__(self, "points", FrozenMap((k, v) for k, v in points.items() if v))
        rationales = {k: v for k, v in dict(self.rationales).items() if v}
        object.__setattr__(self, "rationales", FrozenMap(rationales))
        object.__setattr__(
            self, "sources", FrozenMap((k, v) for k, v in dict(self.sources).items() if v)
        )
        capabilities = {k: tuple(v) for k, v in dict(self.capabilities).items() if v}
        object.__setattr__(self, "capabilities", FrozenMap(capabilities))

    def points_for(self, outcome: str) -> int:
        return self.points.get(outcome, 0)


@dataclass(frozen=True)
class RuleQuestion:
    slug: str
    prompt: str
    choices: tuple[RuleChoice, ...]

    def __post_init__(self) -> None:
        choices = tuple(self.choices)
        object.__setattr__(self, "choices", choices)
        if not choices:
            raise InvalidRules(f"question {self.slug!r} has no choices")
        slugs = [choice.slug for choice in choices]
        if len(set(slugs)) != len(slugs):
            raise InvalidRules(f"question {self.slug!r} repeats a choice slug")

    def choice(self, slug: str) -> RuleChoice:
        """The choice with this slug; KeyError if there is none."""
        for choice in self.choices:
            if choice.slug == slug:
                return choice
        raise KeyError(slug)

    def has_choice(self, slug: object) -> bool:
        return any(choice.slug == slug for choice in self.choices)


@dataclass(frozen=True)
class Prerequisite:
    """An outcome can be recommended only if `question` is answered with one of `choices`.

    `explanation` says in plain words what the team needs ("Kubernetes skills in house: ...");
    `source` is the slug of the catalog source it rests on.
    """

    question: str
    choices: tuple[str, ...]
    explanation: str
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", tuple(self.choices))

    def met_by(self, answers: Mapping[str, str]) -> bool:
        return answers.get(self.question) in self.choices


@dataclass(frozen=True)
class RuleOutcome:
    slug: str
    name: str
    prerequisites: tuple[Prerequisite, ...] = ()

    __get_pydantic_core_schema__ = _omit_when_empty("prerequisites")

    def __post_init__(self) -> None:
        object.__setattr__(self, "prerequisites", tuple(self.prerequisites))

    def unmet(self, answers: Mapping[str, str]) -> tuple[Prerequisite, ...]:
        return tuple(p for p in self.prerequisites if not p.met_by(answers))


@dataclass(frozen=True)
class Rules:
    """Everything the engine needs, as data.

    `outcomes` is in tie-break order: on equal scores the earlier outcome wins. At least two
    outcomes, because a recommendation needs an alternative (and a runner-up). `questions` is in
    the order the wizard asks them, which also orders reasons and flips with equal weight.
    """

    outcomes: tuple[RuleOutcome, ...]
    questions: tuple[RuleQuestion, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcomes", tuple(self.outcomes))
        object.__setattr__(self, "questions", tuple(self.questions))
        outcome_slugs = [outcome.slug for outcome in self.outcomes]
        if len(outcome_slugs) < 2:
            raise InvalidRules("the rules need at least two outcomes")
        if len(set(outcome_slugs)) != len(outcome_slugs):
            raise InvalidRules("the rules repeat an outcome slug")
        question_slugs = [question.slug for question in self.questions]
        if len(set(question_slugs)) != len(question_slugs):
            raise InvalidRules("the rules repeat a question slug")
        known = set(outcome_slugs)
        for question in self.questions:
            for choice in question.choices:
                unknown = (set(choice.points) | set(choice.rationales)) - known
                if unknown:
                    raise InvalidRules(
                        f"{question.slug}/{choice.slug} names unknown outcomes {sorted(unknown)}"
                    )
        for outcome in self.outcomes:
            for prerequisite in outcome.prerequisites:
                if not self.has_question(prerequisite.question):
                    raise InvalidRules(
                        f"{outcome.slug} requires unknown question {prerequisite.question!r}"
                    )
                question = self.question(prerequisite.question)
                if not prerequisite.choices or not all(
                    question.has_choice(c) for c in prerequisite.choices
                ):
                    raise InvalidRules(
                        f"{outcome.slug} requires choices that {question.slug!r} does not offer"
                    )
        if all(outcome.prerequisites for outcome in self.outcomes):
            # Some answers must be able to get a recommendation whatever else they say.
            raise InvalidRules("at least one outcome must have no prerequisites")

    def question(self, slug: str) -> RuleQuestion:
        for question in self.questions:
            if question.slug == slug:
                return question
        raise KeyError(slug)

    def has_question(self, slug: object) -> bool:
        return any(question.slug == slug for question in self.questions)


# --- answers ---------------------------------------------------------------------------------


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


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeScore:
    outcome: str
    name: str
    score: int


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


NO_FLIP_STATEMENT = "No single changed answer would change this recommendation."


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


# --- the engine ------------------------------------------------------------------------------


def decide(answers: Answers, rules: Rules) -> Result:
    """Score complete, checked answers (see `validate_answers`) and explain the outcome."""
    chosen = [(question, question.choice(answers[question.slug])) for question in rules.questions]
    totals = _totals((choice for _, choice in chosen), rules)
    winner, runner_up = _ranking(totals, rules)[:2]
    margin = totals[winner.slug] - totals[runner_up.slug]
    swing = max((_gap_range(q, winner.slug, runner_up.slug) for q in rules.questions), default=0)
    return Result(
        scores=_scores(totals, rules),
        winner=winner.slug,
        runner_up=runner_up.slug,
        margin=margin,
        swing=swing,
        confidence=_confidence(margin, swing),
        reasons=_reasons(chosen, winner, runner_up),
        flips=_flips(chosen, totals, winner.slug, rules),
    )


def partial_leader(answers: Answers, rules: Rules) -> Preview:
    """Scores of the checked answers given so far and who leads (tie-break as in `decide`)."""
    chosen = [q.choice(answers[q.slug]) for q in rules.questions if q.slug in answers]
    totals = _totals(chosen, rules)
    return Preview(
        scores=_scores(totals, rules),
        leader=_ranking(totals, rules)[0].slug if answers else None,
        answered=len(answers),
        total=len(rules.questions),
    )


def _totals(choices: Iterable[RuleChoice], rules: Rules) -> dict[str, int]:
    totals = {outcome.slug: 0 for outcome in rules.outcomes}
    for choice in choices:
        for outcome, points in choice.points.items():
            totals[outcome] += points
    return totals


def _ranking(totals: Mapping[str, int], rules: Rules) -> list[RuleOutcome]:
    # sorted() is stable, so equal scores keep tie-break (rules) order.
    return sorted(rules.outcomes, key=lambda outcome: -totals[outcome.slug])


def _scores(totals: Mapping[str, int], rules: Rules) -> tuple[OutcomeScore, ...]:
    return tuple(OutcomeScore(o.slug, o.name, totals[o.slug]) for o in rules.outcomes)


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
            new_winner, new_runner_up = _ranking(changed, rules)[:2]
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


# --- advice: prerequisites, fit, confidence, routes (result format 2) --------------------------
#
# `decide` above is the first engine, kept because decisions saved before prerequisites store its
# `Result` and render from it. New results come from `advise`; the rules are in the module
# docstring's second half (see ADVICE_RULES, which the result page also shows).

CLOSE_CALL_FIT = 5  # fit points (of 100) within which the top two eligible options are "close"
MAX_ADVICE_REASONS = 4

ADVICE_CONFIDENCE_NOTES: dict[str, str] = {
    "clear": "No single changed answer would change this recommendation. An answer that would "
    "remove what it needs is listed under its prerequisites instead.",
    "leaning": "One changed answer would change it: see what would change it below.",
    "close call": "The top two options are within {close} of 100 fit points, and one changed "
    "answer would change it.",
}


@dataclass(frozen=True)
class AnswerChange:
    question: str
    prompt: str
    from_choice: str
    from_label: str
    to_choice: str
    to_label: str

    @property
    def statement(self) -> str:
        return f"“{self.prompt}” from “{self.from_label}” to “{self.to_label}”"


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
    """One answer that speaks for the recommendation, in the editor's words, with its source."""

    question: str
    prompt: str
    choice: str
    choice_label: str
    rationale: str
    source: str
    capabilities: tuple[str, ...]
    points_to_winner: int
    points_to_runner_up: int

    @property
    def explanation(self) -> str:
        """What an ADR or a plain-text report says for this reason: the rationale itself."""
        return self.rationale


@dataclass(frozen=True)
class Path:
    """The points leader is out of reach for now: adopt `now`, move to `next` once `needs` holds.

    `changes` is the smallest change of answers that meets `needs`; `then` is what those answers
    recommend (the leader, unless meeting the prerequisite also moves the points).
    """

    now: str
    now_name: str
    next: str
    next_name: str
    needs: tuple[Prerequisite, ...]
    changes: tuple[AnswerChange, ...]
    then: str
    then_name: str


@dataclass(frozen=True)
class Route:
    """What it would take for another option to be recommended.

    `changes` is the smallest set of changed answers that makes `outcome` the recommendation
    (keeping the current recommendation's prerequisites where possible, then fewest changes, then
    the nearest choices); empty with `reachable` False when no answers at
    all make it the recommendation, in which case `blocked_by` names its prerequisites.
    """

    outcome: str
    name: str
    reachable: bool
    changes: tuple[AnswerChange, ...] = ()
    blocked_by: tuple[Prerequisite, ...] = ()


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
    totals = _totals((q.choice(answers[q.slug]) for q in rules.questions), rules)
    low, high = _points_scale(rules)
    ranked = _ranking(totals, rules)
    eligible = [o for o in ranked if not o.unmet(answers)]
    winner = eligible[0]
    runner_up = eligible[1] if len(eligible) > 1 else next(o for o in ranked if o != winner)
    leader = ranked[0]
    fits = tuple(
        Fit(
            outcome=o.slug,
            name=o.name,
            points=totals[o.slug],
            fit=_fit(totals[o.slug], low, high),
            eligible=not o.unmet(answers),
            unmet=o.unmet(answers),
        )
        for o in ranked
    )
    flips = _advice_flips(answers, rules, winner)
    margin = totals[winner.slug] - totals[runner_up.slug]
    gap = _fit(totals[winner.slug], low, high) - _fit(totals[runner_up.slug], low, high)
    confidence: Confidence
    if not flips:
        confidence = "clear"
    elif runner_up in eligible and gap < CLOSE_CALL_FIT:
        confidence = "close call"
    else:
        confidence = "leaning"
    return Advice(
        fits=fits,
        winner=winner.slug,
        runner_up=runner_up.slug,
        leader=leader.slug,
        margin=margin,
        confidence=confidence,
        flips=flips,
        reasons=_advice_reasons(answers, rules, winner, runner_up),
        prerequisites=winner.prerequisites,
        path=_path(answers, rules, winner, leader) if leader != winner else None,
        routes=tuple(
            _route(answers, rules, outcome, winner)
            for outcome in rules.outcomes
            if outcome != winner
        ),
        min_points=low,
        max_points=high,
    )


def recommend(answers: Mapping[str, str], rules: Rules) -> str:
    """The recommendation alone: the eligible outcome with the most points (tie-break order)."""
    totals = _totals((q.choice(answers[q.slug]) for q in rules.questions), rules)
    return next(o.slug for o in _ranking(totals, rules) if not o.unmet(answers))


def every_answer_set(rules: Rules) -> Iterator[Answers]:
    """All complete answer sets of the rules, in question and choice order."""
    slugs = [q.slug for q in rules.questions]
    for combo in itertools.product(*[[c.slug for c in q.choices] for q in rules.questions]):
        yield Answers(dict(zip(slugs, combo, strict=True)))


def _fit(points: int, low: int, high: int) -> int:
    """Points on a 0-100 scale from the least to the most any outcome can score."""
    if high == low:
        return 100
    return round((points - low) * 100 / (high - low))


@lru_cache(maxsize=16)
def _points_scale(rules: Rules) -> tuple[int, int]:
    lows = []
    highs = []
    for outcome in rules.outcomes:
        per_question = [[c.points_for(outcome.slug) for c in q.choices] for q in rules.questions]
        lows.append(sum(min(p) for p in per_question))
        highs.append(sum(max(p) for p in per_question))
    return min(lows), max(highs)


def _changes(answers: Mapping[str, str], target: Mapping[str, str], rules: Rules) -> tuple:
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


def _distance(answers: Mapping[str, str], target: Mapping[str, str], rules: Rules) -> tuple:
    steps = 0
    for question in rules.questions:
        slugs = [c.slug for c in question.choices]
        steps += abs(slugs.index(answers[question.slug]) - slugs.index(target[question.slug]))
    changed = sum(answers[q.slug] != target[q.slug] for q in rules.questions)
    return changed, steps


def _nearest(
    answers: Mapping[str, str], rules: Rules, wanted: RuleOutcome, keep: RuleOutcome | None = None
) -> Mapping[str, str] | None:
    """The answer set nearest to `answers` that recommends `wanted`: fewest changes, then fewest
    steps along the choices. With `keep`, sets that still meet its prerequisites come first, so a
    route reads "change what you do", not "lose the skills the current recommendation needs".
    Among equally near sets the first in `every_answer_set` order wins; None if no set at all
    recommends `wanted`."""
    if keep is not None and keep.prerequisites:
        found = _NearestSearch(answers, rules, wanted, keep).run()
        if found is not None:
            return found
    # Nothing keeps `keep`'s prerequisites (or there are none to keep): every set drops them
    # alike, so only the distance counts.
    return _NearestSearch(answers, rules, wanted, None).run()


class _NearestSearch:
    """An exact branch-and-bound for `_nearest`, so its cost follows the answer, not 3^questions.

    Depth-first over the questions (prerequisite questions first, so eligibility is settled
    early), trying the current answer first and then the others by step distance, deepening
    the number of changes allowed (as IDA*). `wanted`'s prerequisites (and `keep`'s, when
    given) limit the choices. A branch is cut when it cannot beat the best set found so far,
    from a lower bound on its (changes, steps):
      - the changes and steps so far, plus those the limits force on the open questions;
      - plus the changes the points still need. `wanted` must beat every competitor that is
        certainly eligible on this branch, on points or on the tie-break (rules order). For each
        such competitor, and for all of them summed (which catches an outcome that always sits
        between two others), the margin so far plus what the open questions give if they stay
        must be made up by the best k gains of changing open questions: the smallest such k is
        a lower bound on the changes still needed (none is big enough: the branch cannot win).
    Leaves are checked with `recommend`, and equal (changes, steps) go to the earlier choices
    in question order, as the first set in `every_answer_set` order did. Exact always; fast when
    the bounds bite, which they do for wizards an editor builds (see notes/engine.md), though
    the worst case of any exact search for this stays exponential.
    """

    def __init__(
        self,
        answers: Mapping[str, str],
        rules: Rules,
        wanted: RuleOutcome,
        keep: RuleOutcome | None,
    ) -> None:
        self.answers = answers
        self.rules = rules
        self.wanted = wanted
        questions = rules.questions
        self.size = size = len(questions)
        limits = [p for o in (wanted, keep) if o is not None for p in o.prerequisites]
        self.allowed = allowed = [
            [
                i
                for i, c in enumerate(q.choices)
                if all(c.slug in p.choices for p in limits if p.question == q.slug)
            ]
            for q in questions
        ]
        self.current = current = [
            next(i for i, c in enumerate(q.choices) if c.slug == answers[q.slug]) for q in questions
        ]
        gating = {p.question for o in rules.outcomes for p in o.prerequisites}
        self.order = order = [i for i, q in enumerate(questions) if q.slug in gating] + [
            i for i, q in enumerate(questions) if q.slug not in gating
        ]
        self.depth_of = {q: d for d, q in enumerate(order)}
        self.options = [
            sorted(allowed[q], key=lambda i, q=q: (abs(i - current[q]), i)) for q in order
        ]
        # Changes and steps the limits force on the questions from depth d on.
        self.forced_changes = [0] * (size + 1)
        self.forced_steps = [0] * (size + 1)
        for d in reversed(range(size)):
            q = order[d]
            forced = bool(allowed[q]) and current[q] not in allowed[q]
            self.forced_changes[d] = self.forced_changes[d + 1] + forced
            steps = min((abs(i - current[q]) for i in allowed[q]), default=0) if forced else 0
            self.forced_steps[d] = self.forced_steps[d + 1] + steps
        place = {o.slug: i for i, o in enumerate(rules.outcomes)}
        self.competitors = [o for o in rules.outcomes if o.slug != wanted.slug]
        # diff[o][q][c]: how much choice c of question q gives `wanted` over competitor o.
        self.diff = {
            o.slug: [
                [c.points_for(wanted.slug) - c.points_for(o.slug) for c in q.choices]
                for q in questions
            ]
            for o in self.competitors
        }
        # A tie goes to the outcome listed first: `wanted` needs a margin of 0 or of 1.
        self.need = {o.slug: int(place[o.slug] < place[wanted.slug]) for o in self.competitors}
        self.slug_index = {q.slug: i for i, q in enumerate(questions)}
        self.tables: dict[tuple[str, ...], tuple[int, list[int], list[list[int]]]] = {}

    def run(self) -> Mapping[str, str] | None:
        if not all(self.allowed):
            return None  # the limits exclude every choice of some question
        self.best: tuple[int, int, tuple[int, ...]] | None = None
        self.chosen = list(self.current)
        self.margin = dict.fromkeys(self.diff, 0)
        # Iterative deepening on the number of changes (as IDA*): a search allowed `limit`
        # changes, then one allowed the fewest changes a cut branch needed, ... The first that
        # finds a set has the fewest changes; it then settles steps and ties exactly. If no
        # branch was cut for its changes, no set recommends `wanted` at all.
        self.limit: int | None = 0
        while self.best is None and self.limit is not None:
            self.ceiling, self.limit = self.limit, None
            self._visit(0, 0, 0)
        if self.best is None:
            return None
        return self._answers(self.best[2])

    def _answers(self, indexes: Iterable[int]) -> Answers:
        return Answers(
            {q.slug: q.choices[i].slug for q, i in zip(self.rules.questions, indexes, strict=True)}
        )

    def _visit(self, depth: int, changed: int, steps: int) -> None:
        low_changed = changed + self.forced_changes[depth]
        low_steps = steps + self.forced_steps[depth]
        extra = self._changes_needed(depth)
        if extra is None:
            return
        # Each change it still needs costs at least one step too.
        low = (low_changed + extra, low_steps + extra)
        if self.best is not None and low > self.best[:2]:
            return
        if low[0] > self.ceiling:
            self.limit = low[0] if self.limit is None else min(self.limit, low[0])
            return
        if depth == self.size:
            key = (changed, steps, tuple(self.chosen))
            if (self.best is None or key < self.best) and recommend(
                self._answers(self.chosen), self.rules
            ) == self.wanted.slug:
                self.best = key
            return
        q = self.order[depth]
        was = self.current[q]
        for i in self.options[depth]:
            self.chosen[q] = i
            for slug, margin in self.margin.items():
                self.margin[slug] = margin + self.diff[slug][q][i]
            self._visit(depth + 1, changed + (i != was), steps + abs(i - was))
            for slug, margin in self.margin.items():
                self.margin[slug] = margin - self.diff[slug][q][i]
        self.chosen[q] = was

    def _changes_needed(self, depth: int) -> int | None:
        """The fewest more changes of open questions with which `wanted` could still win, or
        None if it cannot: per certainly eligible competitor, and for all of them summed."""
        sure = tuple(o.slug for o in self.competitors if self._surely_eligible(o, depth))
        rows = [(slug,) for slug in sure] + ([sure] if len(sure) > 1 else [])
        needed = 0
        for row in rows:
            need, base, top = self._table(row)
            short = need - sum(self.margin[s] for s in row) - base[depth]
            if short > 0:
                # top[depth][k]: the most the best k changes can add (non-decreasing in k).
                fewest = bisect.bisect_left(top[depth], short)
                if fewest == len(top[depth]):
                    return None
                needed = max(needed, fewest)
        return needed

    def _surely_eligible(self, outcome: RuleOutcome, depth: int) -> bool:
        # Eligible whatever the open questions get: each prerequisite is met by a decided answer,
        # or by every choice its (open) question may still take.
        for p in outcome.prerequisites:
            q = self.slug_index[p.question]
            choices = self.rules.questions[q].choices
            if self.depth_of[q] < depth:
                if choices[self.chosen[q]].slug not in p.choices:
                    return False
            elif not all(choices[i].slug in p.choices for i in self.allowed[q]):
                return False
        return True

    def _table(self, row: tuple[str, ...]) -> tuple[int, list[int], list[list[int]]]:
        """For the sum of `row`'s margins: what it needs, and from each depth on, the margin if
        the open questions stay (forced ones at their best) and the best k gains of changing."""
        if row not in self.tables:
            base = [0] * (self.size + 1)
            gains: list[list[int]] = [[] for _ in range(self.size + 1)]
            for d in reversed(range(self.size)):
                q = self.order[d]
                values = {i: sum(self.diff[s][q][i] for s in row) for i in self.allowed[q]}
                best = max(values.values())
                stay = values.get(self.current[q])
                base[d] = base[d + 1] + (best if stay is None else stay)
                gains[d] = gains[d + 1] + (
                    [best - stay] if stay is not None and best > stay else []
                )
            top = []
            for d in range(self.size + 1):
                sums = [0]
                for gain in sorted(gains[d], reverse=True):
                    sums.append(sums[-1] + gain)
                top.append(sums)
            self.tables[row] = (sum(self.need[s] for s in row), base, top)
        return self.tables[row]


def _route(answers: Answers, rules: Rules, outcome: RuleOutcome, current: RuleOutcome) -> Route:
    target = _nearest(answers, rules, outcome, keep=current)
    if target is None:
        return Route(outcome.slug, outcome.name, False, blocked_by=outcome.prerequisites)
    return Route(outcome.slug, outcome.name, True, changes=_changes(answers, target, rules))


def _path(answers: Answers, rules: Rules, winner: RuleOutcome, leader: RuleOutcome) -> Path:
    unmet = leader.unmet(answers)
    needed = [q for q in rules.questions if q.slug in {p.question for p in unmet}]
    # Only the prerequisite questions change, so only their choices are tried (in question and
    # choice order, so the first of equally near sets wins); prefer answers that recommend the
    # leader.
    options = []
    for combo in itertools.product(*[[c.slug for c in q.choices] for q in needed]):
        candidate = {**answers, **{q.slug: slug for q, slug in zip(needed, combo, strict=True)}}
        if leader.unmet(candidate):
            continue
        recommended = recommend(candidate, rules)
        options.append(
            (
                recommended != leader.slug,
                _distance(answers, candidate, rules),
                candidate,
                recommended,
            )
        )
    _, _, target, then = min(options, key=lambda o: o[:2])
    then_name = next(o.name for o in rules.outcomes if o.slug == then)
    return Path(
        now=winner.slug,
        now_name=winner.name,
        next=leader.slug,
        next_name=leader.name,
        needs=unmet,
        changes=_changes(answers, target, rules),
        then=then,
        then_name=then_name,
    )


def _advice_flips(answers: Answers, rules: Rules, winner: RuleOutcome) -> tuple[AnswerChange, ...]:
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
                name = next(o.name for o in rules.outcomes if o.slug == new_winner)
                flips.append(AdviceFlip(_changes(answers, changed, rules)[0], new_winner, name))
    return tuple(flips)


def _advice_reasons(
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
            )
        )
    reasons.sort(key=lambda r: -(r.points_to_winner - r.points_to_runner_up))  # stable
    return tuple(reasons[:MAX_ADVICE_REASONS])
