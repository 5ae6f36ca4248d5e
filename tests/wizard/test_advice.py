"""The advice engine (`decisions.engine.advise`) on the shipped rules and on any rules.

The shipped rules are read from fixtures/catalog.json without a database, so every one of their
729 answer sets can be checked in a few seconds.
"""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparisons.schemas import CatalogFile
from decisions.checks import rules_from_catalog
from decisions.engine import (
    Answers,
    Prerequisite,
    RuleChoice,
    RuleOutcome,
    RuleQuestion,
    Rules,
    advise,
    every_answer_set,
    recommend,
)
from decisions.schemas import dump_advice, load_result
from tests.wizard_rules import (
    JUST_STARTING,
    KUBERNETES_MATURE_AND_AUTOMATED,
    TRACKING_AND_ORCHESTRATION,
)

CATALOG = Path(__file__).resolve().parents[2] / "fixtures" / "catalog.json"


def shipped_rules() -> Rules:
    # The same reading of the file as the catalog checks use (decisions/checks.py).
    return rules_from_catalog(CatalogFile.model_validate_json(CATALOG.read_text()))


SHIPPED = shipped_rules()
ALL = list(every_answer_set(SHIPPED))
ADVICE = [(answers, advise(answers, SHIPPED)) for answers in ALL]


def test_the_shipped_rules_have_729_answer_sets():
    assert len(ALL) == 729


def test_no_answer_set_without_kubernetes_expertise_gets_kubeflow_or_the_hybrid():
    for answers, advice in ADVICE:
        if answers["kubernetes"] == "none":
            assert advice.winner == "mlflow", answers


def test_every_prototyping_answer_set_gets_mlflow_whatever_else_is_answered():
    for answers, advice in ADVICE:
        if answers["stage"] == "prototyping":
            assert advice.winner == "mlflow", answers


def test_just_starting_without_kubernetes_is_a_clear_mlflow():
    advice = advise(Answers(JUST_STARTING), SHIPPED)

    assert (advice.winner, advice.confidence, advice.flips) == ("mlflow", "clear", ())


def test_kubernetes_maturity_and_automated_pipelines_get_kubeflow_which_only_the_priority_changes():
    advice = advise(Answers(KUBERNETES_MATURE_AND_AUTOMATED), SHIPPED)

    assert (advice.winner, advice.confidence) == ("kubeflow", "leaning")
    # Wanting tracking first, or both equally, makes it the hybrid: the article's answer for
    # both needs. Nothing else a mature production team could answer moves it off Kubeflow.
    assert [(f.change.to_choice, f.new_winner) for f in advice.flips] == [
        ("reproducibility", "hybrid"),
        ("both", "hybrid"),
    ]


def test_tracking_and_orchestration_gets_a_clear_hybrid():
    advice = advise(Answers(TRACKING_AND_ORCHESTRATION), SHIPPED)

    # Going back to prototyping removes the hybrid's prerequisite: shown as that, not a flip.
    assert (advice.winner, advice.confidence, advice.flips) == ("hybrid", "clear", ())


def test_a_kubeflow_leader_without_kubernetes_gets_mlflow_now_and_a_path_to_kubeflow():
    answers = Answers({**KUBERNETES_MATURE_AND_AUTOMATED, "kubernetes": "none"})
    advice = advise(answers, SHIPPED)

    assert (advice.winner, advice.leader) == ("mlflow", "kubeflow")
    assert advice.path is not None
    assert (advice.path.now, advice.path.next, advice.path.then) == (
        "mlflow",
        "kubeflow",
        "kubeflow",
    )
    # Kubeflow alone needs strong expertise: "some" would only reach the hybrid.
    assert [(c.question, c.to_choice) for c in advice.path.changes] == [("kubernetes", "strong")]
    assert advice.path.needs[0].explanation.startswith("Kubernetes skills in house, and strong")


def test_every_shipped_reason_has_rows_and_is_the_articles_with_its_source_or_the_portals():
    for answers, advice in ADVICE:
        for reason in advice.reasons:
            assert reason.rationale and reason.capabilities, answers
            assert (reason.basis, bool(reason.source)) in {("article", True), ("judgement", False)}


def test_every_other_outcome_has_a_route_and_each_route_produces_it():
    for answers, advice in ADVICE:
        assert {r.outcome for r in advice.routes} == {"mlflow", "hybrid", "kubeflow"} - {
            advice.winner
        }
        for route in advice.routes:
            assert route.reachable  # on the shipped rules nothing is a dead end
            changed = {**answers, **{c.question: c.to_choice for c in route.changes}}
            assert recommend(changed, SHIPPED) == route.outcome


def test_fit_is_between_0_and_100_and_ranks_like_the_points():
    for _, advice in ADVICE:
        fits = [f.fit for f in advice.fits]
        assert all(0 <= f <= 100 for f in fits)
        assert fits == sorted(fits, reverse=True)


def test_a_new_result_reads_back_the_same():
    advice = advise(Answers({**KUBERNETES_MATURE_AND_AUTOMATED, "kubernetes": "none"}), SHIPPED)

    assert load_result(json.loads(json.dumps(dump_advice(advice)))) == advice


# --- properties over any rules ---------------------------------------------------------------

OUTCOMES = ("a", "b", "c")


@st.composite
def rules_and_answers(draw):
    questions = []
    for q in range(draw(st.integers(2, 4))):
        choices = tuple(
            RuleChoice(
                f"c{c}",
                f"Choice {c}",
                {o: draw(st.integers(-4, 4)) for o in OUTCOMES},
            )
            for c in range(draw(st.integers(2, 3)))
        )
        questions.append(RuleQuestion(f"q{q}", f"Question {q}?", choices))
    outcomes = [RuleOutcome("a", "A")]
    for slug in ("b", "c"):
        needs = ()
        if draw(st.booleans()):
            question = draw(st.sampled_from(questions))
            allowed = draw(
                st.lists(
                    st.sampled_from([c.slug for c in question.choices]), min_size=1, unique=True
                )
            )
            needs = (Prerequisite(question.slug, tuple(allowed), f"{slug} needs {question.slug}"),)
        outcomes.append(RuleOutcome(slug, slug.upper(), needs))
    rules = Rules(tuple(outcomes), tuple(questions))
    answers = Answers(
        {q.slug: draw(st.sampled_from([c.slug for c in q.choices])) for q in questions}
    )
    return rules, answers


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(rules_and_answers())
def test_the_recommendation_never_violates_its_prerequisites(case):
    rules, answers = case
    advice = advise(answers, rules)
    winner = next(o for o in rules.outcomes if o.slug == advice.winner)

    assert not winner.unmet(answers)


@PROPERTY
@given(rules_and_answers())
def test_a_clear_result_is_never_changed_by_one_answer_that_keeps_its_prerequisites(case):
    rules, answers = case
    advice = advise(answers, rules)
    winner = next(o for o in rules.outcomes if o.slug == advice.winner)
    if advice.confidence != "clear":
        return
    for question in rules.questions:
        for choice in question.choices:
            changed = {**answers, question.slug: choice.slug}
            if not winner.unmet(changed):
                assert recommend(changed, rules) == advice.winner


@PROPERTY
@given(rules_and_answers())
def test_every_suggested_change_produces_the_outcome_it_claims(case):
    rules, answers = case
    advice = advise(answers, rules)

    for flip in advice.flips:
        changed = {**answers, flip.change.question: flip.change.to_choice}
        assert recommend(changed, rules) == flip.new_winner != advice.winner
    for route in advice.routes:
        if route.reachable:
            changed = {**answers, **{c.question: c.to_choice for c in route.changes}}
            assert recommend(changed, rules) == route.outcome
        else:
            assert all(recommend(a, rules) != route.outcome for a in every_answer_set(rules))
    if advice.path is not None:
        changed = {**answers, **{c.question: c.to_choice for c in advice.path.changes}}
        assert recommend(changed, rules) == advice.path.then


@PROPERTY
@given(rules_and_answers(), st.integers(1, 5))
def test_adding_points_to_the_winner_never_changes_it(case, bonus):
    rules, answers = case
    winner = advise(answers, rules).winner
    question = rules.questions[0]
    chosen = question.choice(answers[question.slug])
    boosted = RuleChoice(
        chosen.slug, chosen.label, {**chosen.points, winner: chosen.points_for(winner) + bonus}
    )
    richer = Rules(
        rules.outcomes,
        (
            RuleQuestion(
                question.slug,
                question.prompt,
                tuple(boosted if c.slug == chosen.slug else c for c in question.choices),
            ),
            *rules.questions[1:],
        ),
    )

    assert advise(answers, richer).winner == winner
