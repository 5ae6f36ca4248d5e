"""The decision engine: the article's three paths, properties over random rules, failure paths.

Pure tests: rules are built from plain data (tests/wizard_rules.py), never from the database.
"""

import dataclasses
import itertools
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decisions.engine import (
    InvalidAnswers,
    InvalidRules,
    RuleChoice,
    RuleOutcome,
    RuleQuestion,
    Rules,
    decide,
    partial_leader,
    validate_answers,
)
from decisions.schemas import dump_result, dump_rules, load_result, load_rules
from tests.wizard_rules import (
    JUST_STARTING,
    KUBERNETES_MATURE_AND_AUTOMATED,
    TRACKING_AND_ORCHESTRATION,
    WIZARD_RULES,
)

# No deadline: the brute-force checks call the engine a few dozen times per example, and a
# timing limit would only make them flaky under xdist load.
properties = settings(deadline=None)


# --- strategies ------------------------------------------------------------------------------


@st.composite
def random_rules(draw) -> Rules:
    """Two to four outcomes, up to five questions, small integer weights (so ties are common)."""
    outcomes = tuple(RuleOutcome(f"o{i}", f"Outcome {i}") for i in range(draw(st.integers(2, 4))))
    slugs = [outcome.slug for outcome in outcomes]
    questions = tuple(
        RuleQuestion(
            slug=f"q{q}",
            prompt=f"Question {q}?",
            choices=tuple(
                RuleChoice(
                    slug=f"c{c}",
                    label=f"Choice {c}",
                    points=draw(st.dictionaries(st.sampled_from(slugs), st.integers(-3, 3))),
                )
                for c in range(draw(st.integers(1, 4)))
            ),
        )
        for q in range(draw(st.integers(0, 5)))
    )
    return Rules(outcomes=outcomes, questions=questions)


def any_rules():
    return st.one_of(st.just(WIZARD_RULES), random_rules())


@st.composite
def complete_cases(draw) -> tuple[Rules, dict[str, str]]:
    rules = draw(any_rules())
    answers = {q.slug: draw(st.sampled_from([c.slug for c in q.choices])) for q in rules.questions}
    return rules, answers


@st.composite
def partial_cases(draw) -> tuple[Rules, dict[str, str]]:
    rules, answers = draw(complete_cases())
    kept = draw(st.sets(st.sampled_from(list(answers)))) if answers else set()
    return rules, {slug: choice for slug, choice in answers.items() if slug in kept}


# --- independent helpers ---------------------------------------------------------------------


def summed_weights(answers: dict[str, str], rules: Rules) -> dict[str, int]:
    return {
        outcome.slug: sum(
            q.choice(answers[q.slug]).points.get(outcome.slug, 0)
            for q in rules.questions
            if q.slug in answers
        )
        for outcome in rules.outcomes
    }


def first_with_top_score(scores: dict[str, int], order: list[str]) -> str:
    top = max(scores.values())
    return next(slug for slug in order if scores[slug] == top)


def single_changes(answers: dict[str, str], rules: Rules):
    for question in rules.questions:
        for choice in question.choices:
            if choice.slug != answers[question.slug]:
                yield question, choice, {**answers, question.slug: choice.slug}


def rules_with_bonus(rules: Rules, answers: dict[str, str], outcome: str, bonus: list[int]):
    """The same rules, with `bonus[i]` more points to `outcome` on question i's chosen answer."""
    questions = []
    for question, extra in zip(rules.questions, bonus, strict=True):
        choices = []
        for choice in question.choices:
            if choice.slug == answers[question.slug]:
                points = dict(choice.points)
                points[outcome] = points.get(outcome, 0) + extra
                choice = dataclasses.replace(choice, points=points)
            choices.append(choice)
        questions.append(dataclasses.replace(question, choices=tuple(choices)))
    return dataclasses.replace(rules, questions=tuple(questions))


def two_outcome_rules(*choices: RuleChoice) -> Rules:
    return Rules(
        outcomes=(RuleOutcome("a", "A"), RuleOutcome("b", "B")),
        questions=(RuleQuestion("q", "Question?", choices),),
    )


# --- the article's three paths ---------------------------------------------------------------


def test_a_team_just_starting_without_kubernetes_gets_mlflow_clearly():
    result = decide(JUST_STARTING, WIZARD_RULES)

    assert result.winner == "mlflow"
    assert [dataclasses.astuple(score) for score in result.scores] == [
        ("mlflow", "MLflow", 17),
        ("hybrid", "MLflow + Kubeflow", -1),
        ("kubeflow", "Kubeflow", -10),
    ]
    assert (result.runner_up, result.margin, result.swing) == ("hybrid", 18, 9)
    assert result.confidence == "clear"
    assert result.flips == ()
    assert result.flip_statement == "No single changed answer would change this recommendation."
    assert [reason.question for reason in result.reasons] == [
        "kubernetes",
        "complexity",
        "priority",
    ]


def test_kubernetes_maturity_with_automated_pipelines_gets_kubeflow():
    result = decide(KUBERNETES_MATURE_AND_AUTOMATED, WIZARD_RULES)

    assert result.winner == "kubeflow"
    assert [score.score for score in result.scores] == [-6, 13, 19]
    assert (result.runner_up, result.margin, result.confidence) == ("hybrid", 6, "clear")
    assert result.reasons[0].question == "priority"
    assert result.reasons[0].explanation == (
        "“Orchestration and automation” adds 5 points to Kubeflow "
        "and adds 1 point to MLflow + Kubeflow."
    )
    # Only the roadmap priority can overturn it, and only towards the hybrid.
    assert {(flip.question, flip.to_choice, flip.new_winner) for flip in result.flips} == {
        ("priority", "reproducibility", "hybrid"),
        ("priority", "both", "hybrid"),
    }
    assert result.flip_statement == (
        "Changing “What matters more on your short-term roadmap?” from “Orchestration and "
        "automation” to “Reproducibility and tracking” would make MLflow + Kubeflow the "
        "recommendation, by 1 point."
    )


@pytest.mark.parametrize(
    ("kubernetes", "complexity"),
    list(itertools.product(["some", "strong"], ["moderate", "complex"])),
)
def test_needing_tracking_and_orchestration_gets_the_hybrid(kubernetes, complexity):
    # Whatever the scale, portability and stage: "both" with a cluster and real pipelines.
    for scale, portability, stage in itertools.product(
        ["small", "periodic", "large-distributed"],
        ["low", "medium", "high"],
        ["prototyping", "pilot", "production"],
    ):
        answers = {
            "kubernetes": kubernetes,
            "complexity": complexity,
            "training-scale": scale,
            "priority": "both",
            "portability": portability,
            "stage": stage,
        }
        result = decide(answers, WIZARD_RULES)
        assert result.winner == "hybrid", answers
        assert result.margin > 0, answers  # won on points, not on the tie-break
        assert result.reasons[0].question == "priority", answers


def test_without_kubernetes_kubeflow_alone_is_never_a_clear_recommendation():
    others = [q for q in WIZARD_RULES.questions if q.slug != "kubernetes"]
    for combo in itertools.product(*[[c.slug for c in q.choices] for q in others]):
        answers = {"kubernetes": "none", **dict(zip([q.slug for q in others], combo, strict=True))}
        result = decide(answers, WIZARD_RULES)
        assert (result.winner, result.confidence) != ("kubeflow", "clear"), answers


def test_the_typical_hybrid_team_is_a_clear_call_that_no_single_answer_overturns():
    result = decide(TRACKING_AND_ORCHESTRATION, WIZARD_RULES)

    assert [score.score for score in result.scores] == [3, 14, 4]
    assert (result.winner, result.margin, result.confidence) == ("hybrid", 10, "clear")
    assert result.flips == ()


def test_kubernetes_mature_team_wanting_both_leans_to_the_hybrid_and_says_what_would_flip_it():
    result = decide({**KUBERNETES_MATURE_AND_AUTOMATED, "priority": "both"}, WIZARD_RULES)

    assert (result.winner, result.runner_up, result.margin) == ("hybrid", "kubeflow", 3)
    assert result.confidence == "leaning"
    assert result.confidence_label == "Leaning recommendation"
    assert result.confidence_note == (
        "MLflow + Kubeflow leads Kubeflow by 3 points; "
        "changing one answer moves that gap by at most 9 points."
    )
    assert (result.flips[0].question, result.flips[0].to_choice) == ("priority", "orchestration")
    assert result.flips[0].new_winner == "kubeflow"


# --- properties ------------------------------------------------------------------------------


@properties
@given(complete_cases())
def test_each_score_is_the_sum_of_the_chosen_answers_weights(case):
    rules, answers = case
    result = decide(answers, rules)

    assert [score.outcome for score in result.scores] == [o.slug for o in rules.outcomes]
    assert {s.outcome: s.score for s in result.scores} == summed_weights(answers, rules)
    assert [s.name for s in result.scores] == [o.name for o in rules.outcomes]


@properties
@given(complete_cases())
def test_exactly_one_winner_the_earliest_outcome_with_the_top_score(case):
    rules, answers = case
    result = decide(answers, rules)
    scores = {s.outcome: s.score for s in result.scores}
    order = [o.slug for o in rules.outcomes]

    assert result.winner == first_with_top_score(scores, order)
    others = [slug for slug in order if slug != result.winner]
    assert result.runner_up == first_with_top_score({s: scores[s] for s in others}, others)
    assert result.margin == scores[result.winner] - scores[result.runner_up] >= 0


@properties
@given(complete_cases(), st.data())
def test_tie_break_follows_the_outcome_order_whatever_that_order_is(case, data):
    rules, answers = case
    reordered = dataclasses.replace(
        rules, outcomes=tuple(data.draw(st.permutations(rules.outcomes)))
    )
    result = decide(answers, reordered)
    scores = {s.outcome: s.score for s in result.scores}

    assert result.winner == first_with_top_score(scores, [o.slug for o in reordered.outcomes])
    assert decide(answers, reordered) == result  # same input, same answer, every time


def test_all_level_scores_go_to_the_first_outcome_as_a_close_call():
    rules = two_outcome_rules(RuleChoice("x", "X", {"a": 2, "b": 2}), RuleChoice("y", "Y"))
    result = decide({"q": "x"}, rules)

    assert (result.winner, result.margin, result.confidence) == ("a", 0, "close call")
    assert result.reasons == ()
    assert (
        result.confidence_note == "A and B score the same; A is listed first, so it wins the tie."
    )


@properties
@given(complete_cases())
def test_every_reported_flip_really_changes_the_winner_when_applied(case):
    rules, answers = case
    result = decide(answers, rules)

    for flip in result.flips:
        assert answers[flip.question] == flip.from_choice
        flipped = decide({**answers, flip.question: flip.to_choice}, rules)
        assert flipped.winner == flip.new_winner != result.winner
        assert flipped.margin == flip.new_margin


@properties
@given(complete_cases())
def test_every_single_change_that_changes_the_winner_is_reported(case):
    rules, answers = case
    result = decide(answers, rules)
    reported = {(flip.question, flip.to_choice) for flip in result.flips}

    for question, choice, changed in single_changes(answers, rules):
        changes_winner = decide(changed, rules).winner != result.winner
        assert changes_winner == ((question.slug, choice.slug) in reported)
    if not result.flips:
        assert result.flip_statement.startswith("No single changed answer")


@properties
@given(complete_cases())
def test_flips_come_smallest_first_then_nearest_choice_then_question_order(case):
    rules, answers = case
    flips = decide(answers, rules).flips
    question_index = {q.slug: i for i, q in enumerate(rules.questions)}

    def key(flip):
        slugs = [c.slug for c in rules.question(flip.question).choices]
        to_index = slugs.index(flip.to_choice)
        steps = abs(to_index - slugs.index(flip.from_choice))
        return (flip.new_margin, steps, question_index[flip.question], to_index)

    assert list(flips) == sorted(flips, key=key)
    if flips:
        assert decide(answers, rules).flip_statement == flips[0].statement


@properties
@given(complete_cases(), st.data())
def test_more_points_to_the_winner_on_the_chosen_answers_never_changes_the_winner(case, data):
    rules, answers = case
    before = decide(answers, rules)
    bonus = data.draw(
        st.lists(st.integers(0, 5), min_size=len(rules.questions), max_size=len(rules.questions))
    )
    after = decide(answers, rules_with_bonus(rules, answers, before.winner, bonus))

    assert after.winner == before.winner
    assert after.margin >= before.margin


@properties
@given(complete_cases())
def test_reasons_are_the_answers_that_helped_the_winner_most_against_the_runner_up(case):
    rules, answers = case
    result = decide(answers, rules)
    contributions = {
        q.slug: q.choice(answers[q.slug]).points.get(result.winner, 0)
        - q.choice(answers[q.slug]).points.get(result.runner_up, 0)
        for q in rules.questions
    }

    assert len(result.reasons) == min(3, sum(1 for c in contributions.values() if c > 0))
    shown = [reason.contribution for reason in result.reasons]
    assert shown == sorted(shown, reverse=True)
    for reason in result.reasons:
        assert reason.choice == answers[reason.question]
        assert reason.contribution == contributions[reason.question] > 0
    left_out = [
        c for slug, c in contributions.items() if slug not in {r.question for r in result.reasons}
    ]
    assert all(c <= min(shown, default=0) for c in left_out if c > 0)


@properties
@given(complete_cases())
def test_confidence_follows_the_documented_bands_of_margin_against_swing(case):
    rules, answers = case
    result = decide(answers, rules)

    def gap(choice):
        return choice.points.get(result.winner, 0) - choice.points.get(result.runner_up, 0)

    swing = max(
        (max(map(gap, q.choices)) - min(map(gap, q.choices)) for q in rules.questions), default=0
    )
    assert result.swing == swing
    if result.margin == 0:
        assert result.confidence == "close call"
    elif result.margin >= swing / 2:
        assert result.confidence == "clear"
    elif result.margin >= swing / 4:
        assert result.confidence == "leaning"
    else:
        assert result.confidence == "close call"


@pytest.mark.parametrize(
    ("lead", "other_way", "confidence"),
    [
        (4, 4, "clear"),  # margin 4 of swing 8: exactly half
        (3, 5, "leaning"),  # 3 of 8
        (2, 6, "leaning"),  # 2 of 8: exactly a quarter
        (1, 7, "close call"),  # 1 of 8
    ],
)
def test_confidence_band_edges_are_exact(lead, other_way, confidence):
    rules = two_outcome_rules(
        RuleChoice("lead", "Lead", {"a": lead}), RuleChoice("away", "Away", {"b": other_way})
    )
    result = decide({"q": "lead"}, rules)

    assert (result.margin, result.swing, result.confidence) == (lead, 8, confidence)


def test_a_lead_no_answer_can_move_is_clear_and_cannot_flip():
    rules = two_outcome_rules(RuleChoice("only", "Only", {"a": 1}))
    result = decide({"q": "only"}, rules)

    assert (result.margin, result.swing, result.confidence, result.flips) == (1, 0, "clear", ())


@properties
@given(complete_cases())
def test_a_result_survives_its_json_snapshot_unchanged(case):
    rules, answers = case
    result = decide(answers, rules)
    stored = json.loads(json.dumps(dump_result(result), allow_nan=False))

    assert load_result(stored) == result
    assert load_result(stored).flip_statement == result.flip_statement


@properties
@given(any_rules())
def test_rules_survive_their_json_snapshot_and_pickling_and_can_key_a_cache(rules):
    assert load_rules(json.loads(json.dumps(dump_rules(rules)))) == rules
    assert pickle.loads(pickle.dumps(rules)) == rules
    assert {rules: 1}[load_rules(dump_rules(rules))] == 1


@properties
@given(partial_cases())
def test_the_live_preview_sums_the_answers_so_far_and_names_the_leader(case):
    rules, answers = case
    preview = partial_leader(answers, rules)
    scores = summed_weights(answers, rules)

    assert {s.outcome: s.score for s in preview.scores} == scores
    assert (preview.answered, preview.total) == (len(answers), len(rules.questions))
    if answers:
        assert preview.leader == first_with_top_score(scores, [o.slug for o in rules.outcomes])
    else:
        assert (preview.leader, preview.leader_name) == (None, None)
    if len(answers) == len(rules.questions):
        assert preview.leader in (None, decide(answers, rules).winner)


def test_the_preview_of_the_just_starting_team_after_two_answers_leads_with_mlflow():
    preview = partial_leader({"kubernetes": "none", "priority": "reproducibility"}, WIZARD_RULES)

    assert [s.score for s in preview.scores] == [8, -1, -6]
    assert (preview.leader, preview.leader_name) == ("mlflow", "MLflow")


# --- failure paths ---------------------------------------------------------------------------


def test_every_problem_with_the_answers_is_listed_at_once():
    raw = {
        "kubernetes": "lots",
        "complexity": ["simple", "complex"],
        "priority": "",
        "colour": "blue",
        "training-scale": "small",
    }
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers(raw, WIZARD_RULES)

    assert caught.value.problems == [
        ("kubernetes", "“lots” is not one of the choices."),
        ("complexity", "Choose one answer, not several."),
        ("priority", "This question needs an answer."),
        ("portability", "This question needs an answer."),
        ("stage", "This question needs an answer."),
        ("colour", "There is no such question."),
    ]
    assert caught.value.by_question()["priority"] == ["This question needs an answer."]


def test_partial_answers_may_skip_questions_but_not_break_the_rules():
    assert validate_answers({"stage": "pilot", "priority": []}, WIZARD_RULES, partial=True) == {
        "stage": "pilot"
    }
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers({"stage": "launch", "colour": "blue"}, WIZARD_RULES, partial=True)

    assert [slug for slug, _ in caught.value.problems] == ["stage", "colour"]


def test_the_same_value_twice_is_still_a_repeated_answer():
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers({**JUST_STARTING, "stage": ["pilot", "pilot"]}, WIZARD_RULES)

    assert caught.value.problems == [("stage", "Choose one answer, not several.")]


def test_a_repeated_query_parameter_is_caught_through_getlist():
    class MultiValue(dict):
        """Behaves like a QueryDict: [] gives the last value, getlist gives them all."""

        def __getitem__(self, key):
            return super().__getitem__(key)[-1]

        def getlist(self, key):
            return super().__getitem__(key)

    query = MultiValue({slug: [choice] for slug, choice in JUST_STARTING.items()})
    assert validate_answers(query, WIZARD_RULES) == JUST_STARTING
    query["kubernetes"] = ["none", "strong"]
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers(query, WIZARD_RULES)

    assert caught.value.problems == [("kubernetes", "Choose one answer, not several.")]


def test_a_long_or_odd_value_is_shown_shortened_in_the_message():
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers({**JUST_STARTING, "stage": "x" * 100, "portability": 3}, WIZARD_RULES)

    assert caught.value.problems == [
        ("portability", "“3” is not one of the choices."),
        ("stage", f"“{'x' * 40}…” is not one of the choices."),
    ]


def test_incomplete_answers_are_refused_before_deciding_naming_each_missing_question():
    with pytest.raises(InvalidAnswers) as caught:
        validate_answers({"kubernetes": "none"}, WIZARD_RULES)

    assert [slug for slug, _ in caught.value.problems] == [
        "complexity",
        "training-scale",
        "priority",
        "portability",
        "stage",
    ]


def test_answers_for_the_preview_that_are_not_choices_are_refused_before_scoring():
    with pytest.raises(InvalidAnswers):
        validate_answers({"kubernetes": "lots"}, WIZARD_RULES, partial=True)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Rules(outcomes=(RuleOutcome("a", "A"),), questions=()),
        lambda: Rules(outcomes=(RuleOutcome("a", "A"), RuleOutcome("a", "A again")), questions=()),
        lambda: two_outcome_rules(RuleChoice("x", "X", {"c": 1})),
        lambda: two_outcome_rules(RuleChoice("x", "X"), RuleChoice("x", "X again")),
        lambda: two_outcome_rules(RuleChoice("x", "X", {"a": 1.5})),
        lambda: two_outcome_rules(RuleChoice("x", "X", {"a": True})),
        lambda: two_outcome_rules(),
    ],
    ids=[
        "one outcome",
        "repeated outcome",
        "points to an unknown outcome",
        "repeated choice",
        "fractional points",
        "boolean points",
        "question without choices",
    ],
)
def test_inconsistent_rules_are_refused_when_built(build):
    with pytest.raises(InvalidRules):
        build()


def test_a_repeated_question_is_refused():
    question = RuleQuestion("q", "Question?", (RuleChoice("x", "X"),))
    with pytest.raises(InvalidRules):
        Rules(
            outcomes=(RuleOutcome("a", "A"), RuleOutcome("b", "B")), questions=(question, question)
        )


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.pop("winner"),
        lambda data: data.update(format="something-else/1"),
        lambda data: data.update(confidence="certain"),
        lambda data: data.update(margin="18"),
        lambda data: data.update(winner="tensorflow"),
        lambda data: data["reasons"][0].pop("choice_label"),
    ],
    ids=[
        "missing field",
        "unknown format",
        "unknown confidence",
        "text margin",
        "unscored winner",
        "broken reason",
    ],
)
def test_a_damaged_result_snapshot_is_refused_with_a_value_error(damage):
    data = dump_result(decide(JUST_STARTING, WIZARD_RULES))
    damage(data)
    with pytest.raises(ValueError):
        load_result(data)


def test_a_damaged_rules_snapshot_is_refused_with_a_value_error():
    data = dump_rules(WIZARD_RULES)
    data["questions"][0]["choices"][0]["points"] = ["mlflow", 4]
    with pytest.raises(ValueError):
        load_rules(data)


SAVED_BEFORE_PYDANTIC = Path(__file__).with_name("decision_saved_before_pydantic.json")


def test_a_result_and_rules_saved_by_the_hand_written_serialiser_read_back_and_write_the_same():
    # Written by the previous to_json() for KUBERNETES_MATURE_AND_AUTOMATED, before pydantic.
    saved = json.loads(SAVED_BEFORE_PYDANTIC.read_text())
    result = decide(KUBERNETES_MATURE_AND_AUTOMATED, WIZARD_RULES)

    assert load_result(saved["result"]) == result
    assert load_rules(saved["rules"]) == WIZARD_RULES
    assert json.dumps(dump_result(result)) == json.dumps(saved["result"])
    assert json.dumps(dump_rules(WIZARD_RULES)) == json.dumps(saved["rules"])
