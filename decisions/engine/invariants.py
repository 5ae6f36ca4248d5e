"""The guide's invariants: what the recommendation must (or must never) be on whole classes of
answer sets, checked over every answer set of a rule set.

An invariant is data, kept in the catalog next to the rules it constrains, each with the source
sentence it encodes (paraphrased) and the source's slug, so an editor sees why it holds:

    when      {question: allowed choices}: the answer sets it speaks about (all of them if empty)
    expect    "always": the recommendation is one of `outcomes` on every such answer set;
              "never": it is none of `outcomes` on any of them.

A rule set *breaks* an invariant when some answer set in `when` gets a recommendation the
invariant rules out. `breaches` finds one such answer set per invariant and outcome with the
exact search of routes.py (limited to `when`), so it never lists the answer sets one by one and
the breaking answer set it names is the one nearest to each question's first choice.

The shipped catalog states the article's guide as seven of them: never Kubeflow alone without
strong Kubernetes expertise, never the hybrid without any; always MLflow while prototyping; never
Kubeflow alone when tracking and orchestration matter equally, nor when reproducibility comes
first; always Kubeflow for a production team with strong Kubernetes that puts orchestration
first; always the hybrid for a production team on Kubernetes that wants both equally.

Beyond the invariants in the data, every rule set must let each asked question matter: a
question that no answer set's advice depends on wastes the visitor's time and suggests it was
weighed. `idle_questions` checks every answer set up to EXHAUSTIVE_LIMIT of them; a larger
wizard (an editor's experiment, the benchmarks' 30 questions) is sampled with a fixed seed, so a
question reported there has not been seen to matter on any sample.
"""

import random
from dataclasses import dataclass, field
from typing import Literal

from .routes import nearest
from .rules import Answers, FrozenMap, InvalidRules, Prerequisite, RuleOutcome, Rules
from .scoring import answer_set_count, every_answer_set, recommend

EXHAUSTIVE_LIMIT = 50_000  # answer sets checked one by one; beyond, a fixed-seed sample
SAMPLES = 2_000

Expectation = Literal["always", "never"]


@dataclass(frozen=True)
class Invariant:
    slug: str
    expect: Expectation
    outcomes: tuple[str, ...]
    when: FrozenMap[tuple[str, ...]] = field(default_factory=FrozenMap)
    statement: str = ""  # what it guarantees, in plain words
    source: str = ""  # the catalog source whose sentence it encodes

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcomes", tuple(self.outcomes))
        when = {q: tuple(choices) for q, choices in dict(self.when).items()}
        object.__setattr__(self, "when", FrozenMap(when))
        if self.expect not in ("always", "never"):
            raise InvalidRules(f"invariant {self.slug!r}: expect must be 'always' or 'never'")
        if not self.outcomes:
            raise InvalidRules(f"invariant {self.slug!r} names no outcome")

    def applies_to(self, answers: Answers) -> bool:
        return all(answers[q] in choices for q, choices in self.when.items())

    def allows(self, outcome: str) -> bool:
        return (outcome in self.outcomes) == (self.expect == "always")


@dataclass(frozen=True)
class Breach:
    """An answer set whose recommendation breaks an invariant (or a question that never
    matters, with `answers` None)."""

    subject: str  # the invariant's or the question's slug
    message: str
    answers: Answers | None = None
    recommended: str = ""


def check(rules: Rules, invariants: tuple[Invariant, ...]) -> list[Breach]:
    """Every way `rules` breaks `invariants` or lets a question not matter; empty if none."""
    found = []
    for invariant in invariants:
        found += breaches(rules, invariant)
    return found + idle_questions(rules)


def breaches(rules: Rules, invariant: Invariant) -> list[Breach]:
    """One breaking answer set per outcome the invariant rules out and some answers get."""
    _check_references(rules, invariant)
    within = tuple(Prerequisite(q, choices, "") for q, choices in invariant.when.items())
    base = {q.slug: q.choices[0].slug for q in rules.questions}
    found = []
    for outcome in rules.outcomes:
        if invariant.allows(outcome.slug):
            continue
        targets = nearest(base, rules, outcome, within=within)
        if targets:
            found.append(_breach(rules, invariant, targets[0], outcome))
    return found


def _breach(rules: Rules, invariant: Invariant, answers: Answers, got: RuleOutcome) -> Breach:
    shown = ", ".join(f"{q}={c}" for q, c in answers.items())
    names = " or ".join(rules.outcome(o).name for o in invariant.outcomes)
    rule = f"always {names}" if invariant.expect == "always" else f"never {names}"
    message = (
        f"the answer set {shown} gets {got.name}, which breaks the invariant "
        f"“{invariant.slug}” ({rule}"
        + (f" when {_when(invariant)}" if invariant.when else "")
        + f"): {invariant.statement}"
    )
    return Breach(invariant.slug, message, answers, got.slug)


def _when(invariant: Invariant) -> str:
    return " and ".join(f"{q} is {' or '.join(c)}" for q, c in invariant.when.items())


def _check_references(rules: Rules, invariant: Invariant) -> None:
    known = {o.slug for o in rules.outcomes}
    if unknown := set(invariant.outcomes) - known:
        raise InvalidRules(f"invariant {invariant.slug!r} names unknown outcomes {sorted(unknown)}")
    for question, choices in invariant.when.items():
        if not rules.has_question(question) or not all(
            rules.question(question).has_choice(c) for c in choices
        ):
            raise InvalidRules(
                f"invariant {invariant.slug!r} speaks of {question!r} choices the wizard lacks"
            )


def idle_questions(rules: Rules) -> list[Breach]:
    """The asked questions whose answer changes the recommendation on no answer set."""
    if answer_set_count(rules) <= EXHAUSTIVE_LIMIT:
        idle = _idle_exhaustive(rules)
        how = "on none of its answer sets"
    else:
        idle = _idle_sampled(rules)
        how = f"on none of {SAMPLES} sampled answer sets"
    return [
        Breach(
            slug,
            f"the question “{slug}” never changes the advice ({how}): give its choices "
            "different points or prerequisites, or remove it from the wizard",
        )
        for slug in idle
    ]


def _idle_exhaustive(rules: Rules) -> list[str]:
    winners = {tuple(a.values()): recommend(a, rules) for a in every_answer_set(rules)}
    idle = []
    for i, question in enumerate(rules.questions):
        seen: dict[tuple[str, ...], str] = {}
        matters = False
        for key, winner in winners.items():
            rest = key[:i] + key[i + 1 :]
            if seen.setdefault(rest, winner) != winner:
                matters = True
                break
        if not matters:
            idle.append(question.slug)
    return idle


def _idle_sampled(rules: Rules) -> list[str]:
    rng = random.Random(0)  # fixed: the same rules always get the same verdict
    unproven = {q.slug for q in rules.questions}
    for _ in range(SAMPLES):
        if not unproven:
            break
        answers = {q.slug: rng.choice(q.choices).slug for q in rules.questions}
        winner = recommend(answers, rules)
        for question in [q for q in rules.questions if q.slug in unproven]:
            if any(
                recommend({**answers, question.slug: c.slug}, rules) != winner
                for c in question.choices
            ):
                unproven.discard(question.slug)
    return [q.slug for q in rules.questions if q.slug in unproven]
