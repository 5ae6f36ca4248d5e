"""The guide's invariants: held by the shipped rules on every answer set, and enforced by the
catalog checks on any rules, naming the answer set that breaks one.

The shipped rules and invariants are read from fixtures/catalog.json the way the catalog checks
read them (decisions/checks.py); the invariants the issue asks for are also written out here,
so a test does not merely trust the data it checks.
"""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparisons.catalog import CatalogInvalid, parse_catalog
from comparisons.schemas import CatalogFile
from decisions.checks import invariants_from_catalog, rules_from_catalog
from decisions.engine import CLOSE_CALL_FIT, advise, every_answer_set, recommend

CATALOG_TEXT = (Path(__file__).resolve().parents[2] / "fixtures" / "catalog.json").read_text()
CATALOG = CatalogFile.model_validate_json(CATALOG_TEXT)
RULES = rules_from_catalog(CATALOG)
INVARIANTS = invariants_from_catalog(CATALOG)
ADVICE = [(answers, advise(answers, RULES)) for answers in every_answer_set(RULES)]


# --- the shipped rules, every answer set -------------------------------------------------------


def test_every_answer_set_keeps_every_invariant_the_catalog_states():
    assert len(ADVICE) == 729
    assert len(INVARIANTS) == 7
    broken = [
        (invariant.slug, answers)
        for invariant in INVARIANTS
        for answers, advice in ADVICE
        if invariant.applies_to(answers) and not invariant.allows(advice.winner)
    ]

    assert broken == []


def test_kubeflow_alone_needs_strong_kubernetes_and_the_hybrid_at_least_some():
    for answers, advice in ADVICE:
        if answers["kubernetes"] != "strong":
            assert advice.winner != "kubeflow", answers
        if answers["kubernetes"] == "none":
            assert advice.winner == "mlflow", answers


def test_prototyping_gets_mlflow_whatever_else_and_every_route_away_leaves_prototyping():
    for answers, advice in ADVICE:
        if answers["stage"] != "prototyping":
            continue
        assert advice.winner == "mlflow", answers
        for route in advice.routes:  # what would change it later
            assert route.reachable
            assert "stage" in {change.question for change in route.changes}, answers


def test_both_equally_and_reproducibility_first_never_get_kubeflow_alone():
    for answers, advice in ADVICE:
        if answers["priority"] in ("both", "reproducibility"):
            assert advice.winner != "kubeflow", answers


def test_the_articles_kubeflow_and_hybrid_paths_hold_on_every_answer_set_they_describe():
    for answers, advice in ADVICE:
        mature = answers["kubernetes"] == "strong" and answers["stage"] == "production"
        if mature and answers["priority"] == "orchestration":
            assert advice.winner == "kubeflow", answers
        on_kubernetes = answers["kubernetes"] in ("some", "strong")
        if on_kubernetes and answers["stage"] == "production" and answers["priority"] == "both":
            assert advice.winner == "hybrid", answers


def test_every_asked_question_changes_the_advice_for_some_answer_set():
    for question in RULES.questions:
        assert any(
            recommend({**answers, question.slug: choice.slug}, RULES) != advice.winner
            for answers, advice in ADVICE
            for choice in question.choices
        ), question.slug


def test_the_confidence_label_never_contradicts_the_flips():
    for answers, advice in ADVICE:
        runner_up = advice.fit_of(advice.runner_up)
        gap = advice.fit_of(advice.winner).fit - runner_up.fit
        if advice.confidence == "clear":
            assert advice.flips == (), answers
        else:
            assert advice.flips, answers
        if advice.confidence == "close call":
            assert runner_up.eligible and gap < CLOSE_CALL_FIT, answers
        if advice.confidence == "leaning":
            assert not runner_up.eligible or gap >= CLOSE_CALL_FIT, answers
        for flip in advice.flips:  # each flip really changes it, keeping its prerequisites
            changed = {**answers, flip.change.question: flip.change.to_choice}
            assert recommend(changed, RULES) == flip.new_winner != advice.winner


def test_equally_near_changes_are_all_shown_not_broken_by_choice_order():
    tied = 0
    for answers, advice in ADVICE:
        for route in advice.routes:
            options = [route.changes, *(a.changes for a in route.alternatives)]
            sizes = {(len(c), sum(steps(answers, x) for x in c)) for c in options}
            assert len(sizes) == 1, answers  # all equally near
            assert len(set(options)) == len(options)
            tied += bool(route.alternatives)
    assert tied > 0  # the shipped rules do have ties, and they are shown


def steps(answers, change) -> int:
    slugs = [c.slug for c in RULES.question(change.question).choices]
    return abs(slugs.index(change.to_choice) - slugs.index(answers[change.question]))


# --- the catalog checks, on any rules ----------------------------------------------------------

OUTCOMES = ("mlflow", "hybrid", "kubeflow")


@st.composite
def edited_catalogs(draw) -> dict:
    """The shipped catalog with random points (-4..6) and random Kubernetes and stage
    prerequisites for the hybrid and Kubeflow: rules an editor could write, many of which
    break an invariant."""
    raw = json.loads(CATALOG_TEXT)
    for question in raw["wizard"]["questions"]:
        for choice in question["choices"]:
            points = {o: draw(st.integers(-4, 6)) for o in OUTCOMES}
            choice["points"] = points
            choice["reasons"] = {o: r for o, r in choice.get("reasons", {}).items() if o in points}
    for prerequisite in raw["wizard"]["prerequisites"]:
        offered = [c["slug"] for q in raw["wizard"]["questions"] if q["slug"] ==
                   prerequisite["question"] for c in q["choices"]]  # fmt: skip
        chosen = draw(st.lists(st.sampled_from(offered), min_size=1, unique=True))
        prerequisite["choices"] = [c for c in offered if c in chosen]
    return raw


def brute_force(raw: dict) -> tuple[dict[int, list], set[str]]:
    """Every answer set breaking each invariant (by index), and the questions that never
    matter, found by trying every answer set."""
    catalog = CatalogFile.model_validate(raw)
    rules, invariants = rules_from_catalog(catalog), invariants_from_catalog(catalog)
    winners = {tuple(a.values()): recommend(a, rules) for a in every_answer_set(rules)}
    slugs = [q.slug for q in rules.questions]
    broken = {}
    for i, invariant in enumerate(invariants):
        bad = [
            key
            for key, winner in winners.items()
            if invariant.applies_to(dict(zip(slugs, key, strict=True)))
            and not invariant.allows(winner)
        ]
        if bad:
            broken[i] = bad
    idle = set()
    for q, question in enumerate(rules.questions):
        groups: dict = {}
        for key, winner in winners.items():
            groups.setdefault(key[:q] + key[q + 1 :], set()).add(winner)
        if all(len(g) == 1 for g in groups.values()):
            idle.add(question.slug)
    return broken, idle


def reported(raw: dict) -> list:
    try:
        parse_catalog(json.dumps(raw))
    except CatalogInvalid as invalid:
        return invalid.problems
    return []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_catalogs())
def test_the_catalog_checks_refuse_exactly_the_rules_that_break_an_invariant(raw):
    broken, idle = brute_force(raw)
    problems = reported(raw)

    flagged = {
        int(m.group(1))
        for p in problems
        if (m := re.match(r"\$\.wizard\.invariants\[(\d+)\]$", p.path))
    }
    assert flagged == set(broken)
    questions = [q["slug"] for q in raw["wizard"]["questions"]]
    flagged_questions = {
        questions[int(m.group(1))]
        for p in problems
        if (m := re.match(r"\$\.wizard\.questions\[(\d+)\]$", p.path))
    }
    assert flagged_questions == idle
    # Each message names an answer set that really breaks its invariant.
    for problem in problems:
        m = re.match(r"\$\.wizard\.invariants\[(\d+)\]$", problem.path)
        if not m:
            continue
        named = dict(re.findall(r"([a-z-]+)=([a-z-]+)", problem.message.split(" gets ")[0]))
        assert tuple(named[q] for q in questions) in broken[int(m.group(1))]


def test_a_broken_invariant_is_reported_with_its_path_and_the_answer_set_that_breaks_it():
    raw = json.loads(CATALOG_TEXT)
    kubeflow = next(p for p in raw["wizard"]["prerequisites"]
                    if (p["outcome"], p["question"]) == ("kubeflow", "stage"))  # fmt: skip
    kubeflow["choices"] = ["prototyping", "pilot", "production"]  # "prototyping" now allowed

    problem, *others = reported(raw)

    assert problem.path == "$.wizard.invariants[2]"
    assert problem.message == (
        "the answer set kubernetes=strong, complexity=simple, training-scale=periodic, "
        "priority=orchestration, portability=low, stage=prototyping gets Kubeflow, which breaks "
        "the invariant “prototyping-gets-mlflow” (always MLflow when stage is prototyping): "
        "MLflow for a team that is prototyping, whatever else it answers: the article's advice "
        "for teams just starting out or doing rapid prototyping."
    )
    # With the hybrid still barred from prototyping, Kubeflow then takes "both" and
    # "reproducibility" teams too: each broken invariant is reported with its own answer set.
    assert [p.path for p in others] == ["$.wizard.invariants[3]", "$.wizard.invariants[4]"]
    assert "priority=both" in others[0].message


def test_a_question_that_never_changes_the_advice_is_refused():
    raw = json.loads(CATALOG_TEXT)
    portability = raw["wizard"]["questions"][4]
    for choice in portability["choices"]:
        choice["points"], choice["reasons"] = {}, {}

    (problem,) = reported(raw)

    assert problem.path == "$.wizard.questions[4]"
    assert "“portability” never changes the advice" in problem.message


def test_an_invariant_naming_an_unknown_choice_is_a_reference_problem():
    raw = json.loads(CATALOG_TEXT)
    raw["wizard"]["invariants"][0]["when"] = {"kubernetes": ["expert"]}

    assert [str(p) for p in reported(raw)] == [
        "$.wizard.invariants[0].when.kubernetes[0]: no such choice 'expert'"
    ]


@pytest.mark.django_db
def test_loading_a_catalog_checks_the_rules_the_database_then_holds(catalog):
    from comparisons import models as m
    from comparisons.catalog import load_catalog

    # An invariant an editor added that the file does not mention (kept: no prune), and that
    # the shipped rules break: the load that keeps it is refused, the database unchanged.
    stray = m.WizardInvariant.objects.create(
        slug="never-mlflow-in-production",
        expect="never",
        statement="A test's own invariant.",
        source=m.Source.objects.get(slug="transcloud-2026-mlflow-vs-kubeflow"),
    )
    stray.outcomes.set([m.Outcome.objects.get(slug="mlflow")])
    stray.when.set([m.Choice.objects.get(question__slug="stage", slug="production")])
    revision = m.CatalogRevision.current()

    with pytest.raises(CatalogInvalid) as refused:
        load_catalog(parse_catalog(CATALOG_TEXT), prune=False)

    (problem,) = refused.value.problems
    assert problem.path == "$.wizard"
    assert "never-mlflow-in-production" in problem.message
    assert "stage=production gets MLflow" in problem.message
    assert m.CatalogRevision.current() == revision


def test_without_a_registered_checker_a_catalog_with_a_wizard_is_refused_not_waved_through(
    monkeypatch,
):
    from comparisons import wizard_checks

    monkeypatch.setattr(wizard_checks, "_checker", None)

    assert [str(p) for p in reported(json.loads(CATALOG_TEXT))] == [
        f"$.wizard: {wizard_checks.NOT_REGISTERED}"
    ]


def test_the_outcome_table_command_counts_every_shipped_answer_set():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("wizard_outcomes", stdout=out)
    table = out.getvalue()

    assert "729 answer sets" in table
    assert "| strong × production | 5 | 49 | 27 |" in table
    assert "| some × production | 14 | 67 | 0 |" in table
    assert "| both | 138 | 105 | 0 |" in table
    assert "| all | 459 | 216 | 54 |" in table
