"""Routes and paths found by search are exactly those the old exhaustive engine found.

`advise` used to look at every answer set (itertools.product over all questions) to find the
nearest set recommending each other outcome (a route) and the nearest answers meeting the
leader's prerequisites (the path). That is kept below, unchanged, as the reference; the engine
now searches (`decisions.engine.routes._NearestSearch`) and must give the same advice, equally
near alternatives included, for every shipped answer set and for random rules with prerequisites.
"""

import dataclasses
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.engine import (
    MAX_TIED,
    Advice,
    Alternative,
    Answers,
    Path,
    Prerequisite,
    Route,
    RuleChoice,
    RuleOutcome,
    RuleQuestion,
    Rules,
    advise,
    every_answer_set,
    recommend,
)
from decisions.engine import changes_between as _changes
from decisions.engine import distance as _distance
from tests.wizard.test_advice import SHIPPED

# --- the reference: the engine's exhaustive routes and path before the search ------------------


def reference_recommendations(rules: Rules) -> tuple[tuple[Answers, str], ...]:
    return tuple((answers, recommend(answers, rules)) for answers in every_answer_set(rules))


def reference_nearest(
    answers: Mapping[str, str],
    rules: Rules,
    wanted: Any,
    keep: RuleOutcome | None,
    every: tuple[tuple[Answers, str], ...],
) -> list[Answers]:
    """Every nearest set, in answer-set order, at most MAX_TIED of them."""
    found = []
    for candidate, recommended in every:
        if wanted(candidate, recommended):
            drops = bool(keep and keep.unmet(candidate))
            found.append(((drops, *_distance(answers, candidate, rules)), candidate))
    if not found:
        return []
    best = min(key for key, _ in found)
    return [candidate for key, candidate in found if key == best][:MAX_TIED]


def reference_route(answers, rules, outcome, current, every) -> Route:
    targets = reference_nearest(
        answers, rules, lambda _, recommended: recommended == outcome.slug, current, every
    )
    if not targets:
        return Route(outcome.slug, outcome.name, False, blocked_by=outcome.prerequisites)
    first, *others = (_changes(answers, target, rules) for target in targets)
    return Route(
        outcome.slug,
        outcome.name,
        True,
        changes=first,
        alternatives=tuple(Alternative(c, outcome.slug, outcome.name) for c in others),
    )


def reference_path(answers, rules, winner, leader, every) -> Path:
    unmet = leader.unmet(answers)
    needed = {p.question for p in unmet}

    def meets(candidate: Mapping[str, str], recommended: str) -> bool:
        same_otherwise = all(candidate[q] == answers[q] for q in answers if q not in needed)
        return same_otherwise and not leader.unmet(candidate)

    options = [
        ((recommended != leader.slug, _distance(answers, c, rules)), c, recommended)
        for c, recommended in every
        if meets(c, recommended)
    ]
    best = min(key for key, _, _ in options)
    name = {o.slug: o.name for o in rules.outcomes}
    tied = [
        Alternative(_changes(answers, c, rules), then, name[then])
        for key, c, then in options
        if key == best
    ][:MAX_TIED]
    return Path(
        now=winner.slug,
        now_name=winner.name,
        next=leader.slug,
        next_name=leader.name,
        needs=unmet,
        changes=tied[0].changes,
        then=tied[0].then,
        then_name=tied[0].then_name,
        alternatives=tuple(tied[1:]),
    )


def reference_advise(answers: Answers, rules: Rules, every=None) -> Advice:
    """`advise` with the old exhaustive routes and path (everything else is the same code)."""
    every = reference_recommendations(rules) if every is None else every
    advice = advise(answers, rules)
    outcome = {o.slug: o for o in rules.outcomes}
    winner, leader = outcome[advice.winner], outcome[advice.leader]
    return dataclasses.replace(
        advice,
        path=reference_path(answers, rules, winner, leader, every) if leader != winner else None,
        routes=tuple(
            reference_route(answers, rules, o, winner, every) for o in rules.outcomes if o != winner
        ),
    )


# --- the shipped rules ---------------------------------------------------------------------------


def test_every_shipped_answer_set_gets_the_same_advice_as_the_exhaustive_engine():
    every = reference_recommendations(SHIPPED)
    assert len(every) == 729
    differences = [
        answers
        for answers, _ in every
        if advise(answers, SHIPPED) != reference_advise(answers, SHIPPED, every)
    ]

    assert differences == []


def test_the_shipped_answers_exercise_the_path_search():
    advice = [advise(answers, SHIPPED) for answers in every_answer_set(SHIPPED)]

    assert sum(a.path is not None for a in advice) > 0


def test_a_route_that_must_drop_the_recommendations_prerequisites_is_found_in_a_second_pass():
    # b needs q0 = yes and then always wins; the only way to a is to lose what b needs.
    yes_no = (RuleChoice("no", "No"), RuleChoice("yes", "Yes", {"b": 10}))
    rules = Rules(
        (RuleOutcome("a", "A"), RuleOutcome("b", "B", (Prerequisite("q0", ("yes",), "b"),))),
        (RuleQuestion("q0", "Q0?", yes_no), RuleQuestion("q1", "Q1?", yes_no)),
    )
    answers = Answers({"q0": "yes", "q1": "no"})
    advice = advise(answers, rules)

    assert advice == reference_advise(answers, rules)
    assert [(c.question, c.to_choice) for c in advice.routes[0].changes] == [("q0", "no")]


# --- random rules --------------------------------------------------------------------------------


@st.composite
def rules_with_prerequisites(draw) -> Rules:
    """2-4 outcomes, 3-7 questions of 2-4 choices, points -5..5, random prerequisites."""
    outcome_slugs = [f"o{i}" for i in range(draw(st.integers(2, 4)))]
    questions = tuple(
        RuleQuestion(
            f"q{q}",
            f"Question {q}?",
            tuple(
                RuleChoice(
                    f"c{c}",
                    f"Choice {c}",
                    {o: draw(st.integers(-5, 5)) for o in outcome_slugs},
                )
                for c in range(draw(st.integers(2, 4)))
            ),
        )
        for q in range(draw(st.integers(3, 7)))
    )
    free = draw(st.sampled_from(outcome_slugs))  # the rules keep one outcome without any
    outcomes = []
    for slug in outcome_slugs:
        needs = []
        if slug != free:
            # At most one prerequisite per question and outcome, as the database enforces.
            for question in draw(st.lists(st.sampled_from(questions), max_size=2, unique=True)):
                allowed = draw(
                    st.lists(
                        st.sampled_from([c.slug for c in question.choices]),
                        min_size=1,
                        unique=True,
                    )
                )
                needs.append(Prerequisite(question.slug, tuple(allowed), f"{slug} needs it"))
        outcomes.append(RuleOutcome(slug, slug.upper(), tuple(needs)))
    return Rules(tuple(outcomes), questions)


def answer_sets(rules: Rules):
    return st.fixed_dictionaries(
        {q.slug: st.sampled_from([c.slug for c in q.choices]) for q in rules.questions}
    ).map(Answers)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_rules_get_the_same_advice_as_the_exhaustive_engine(data):
    rules = data.draw(rules_with_prerequisites())
    every = reference_recommendations(rules)
    for _ in range(3):
        answers = data.draw(answer_sets(rules))
        assert advise(answers, rules) == reference_advise(answers, rules, every)
