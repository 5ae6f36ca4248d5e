from comparisons import models as m
from decisions.rules import current_wizard
from tests.wizard_rules import WIZARD_RULES

# The shipped weights (fixtures/catalog.json), reviewed against the article's decision guide,
# as (MLflow, hybrid, Kubeflow) per choice. Prerequisites, not points, keep Kubeflow from teams
# without strong Kubernetes expertise and keep everything but MLflow from prototyping teams.
# Portability: the article calls both portable; only the portal's judgement gives MLflow +1.
SHIPPED_POINTS = {
    ("kubernetes", "none"): (2, 0, 0),
    ("kubernetes", "some"): (1, 1, 0),
    ("kubernetes", "strong"): (0, 2, 3),
    ("complexity", "simple"): (3, 0, -1),
    ("complexity", "moderate"): (1, 2, 1),
    ("complexity", "complex"): (-1, 2, 3),
    ("training-scale", "small"): (2, 0, -1),
    ("training-scale", "periodic"): (0, 2, 1),
    ("training-scale", "large-distributed"): (-1, 2, 3),
    ("priority", "reproducibility"): (4, 2, -3),
    ("priority", "both"): (0, 5, 0),
    ("priority", "orchestration"): (-2, 2, 5),
    ("portability", "low"): (0, 0, 0),
    ("portability", "medium"): (0, 0, 0),
    ("portability", "high"): (1, 0, 0),
    ("stage", "prototyping"): (3, 0, 0),
    ("stage", "pilot"): (1, 1, 0),
    ("stage", "production"): (0, 2, 3),
}


def points_table(rules):
    return {
        (q.slug, c.slug): tuple(c.points_for(o.slug) for o in rules.outcomes)
        for q in rules.questions
        for c in q.choices
    }


def test_the_rules_come_from_the_catalog_in_order_with_the_documented_weights(catalog):
    rules = current_wizard().rules

    assert [o.slug for o in rules.outcomes] == ["mlflow", "hybrid", "kubeflow"]
    assert [q.slug for q in rules.questions] == [q.slug for q in WIZARD_RULES.questions]
    assert points_table(rules) == SHIPPED_POINTS
    assert current_wizard().help_texts["kubernetes"].startswith("Kubeflow runs on Kubernetes")


def test_every_shipped_weight_has_a_rationale_a_basis_and_capability_rows(catalog):
    rules = current_wizard().rules

    for question in rules.questions:
        for choice in question.choices:
            assert set(choice.rationales) == set(choice.points), (question.slug, choice.slug)
            assert set(choice.bases) == set(choice.points)
            assert set(choice.capabilities) == set(choice.points)
            # A weight from the article cites it; the portal's judgement cites nothing.
            article = {o for o, basis in choice.bases.items() if basis == "article"}
            assert set(choice.sources) == article
            assert set(choice.sources.values()) <= {"transcloud-2026-mlflow-vs-kubeflow"}


def test_the_pilot_stage_and_portability_are_the_portals_judgement_not_the_articles(catalog):
    rules = current_wizard().rules

    assert set(rules.question("stage").choice("pilot").bases.values()) == {"judgement"}
    assert set(rules.question("portability").choice("high").bases.values()) == {"judgement"}


def test_kubeflow_needs_strong_kubernetes_the_hybrid_some_and_both_a_team_past_prototyping(
    catalog,
):
    outcomes = {o.slug: o for o in current_wizard().rules.outcomes}

    assert outcomes["mlflow"].prerequisites == ()
    needs = {
        slug: [(p.question, p.choices) for p in outcomes[slug].prerequisites]
        for slug in ("hybrid", "kubeflow")
    }
    assert needs == {
        "hybrid": [("kubernetes", ("some", "strong")), ("stage", ("pilot", "production"))],
        "kubeflow": [("kubernetes", ("strong",)), ("stage", ("pilot", "production"))],
    }
    kubernetes = outcomes["hybrid"].prerequisites[0]
    assert kubernetes.explanation.startswith("Kubernetes skills in house, at least some")
    assert "Kubeflow needs Kubernetes experts" in kubernetes.explanation  # its Kubeflow half
    for slug in ("hybrid", "kubeflow"):
        assert {p.source for p in outcomes[slug].prerequisites} == {
            "transcloud-2026-mlflow-vs-kubeflow"
        }


def test_building_the_rules_takes_eight_queries_and_a_cached_read_one(
    catalog, django_assert_num_queries
):
    # revision, prerequisites' choices, prerequisites, outcomes, questions, choices, weights,
    # weights' capability rows: a constant, whatever the number of questions and choices
    with django_assert_num_queries(8):
        current_wizard()
    with django_assert_num_queries(1):  # the revision, to find the cached rules
        current_wizard()


def test_an_editors_weight_change_is_used_on_the_next_request(catalog):
    before = current_wizard().rules
    weight = m.Weight.objects.get(
        choice__question__slug="kubernetes", choice__slug="none", outcome__slug="mlflow"
    )
    weight.points = 7
    weight.save()

    after = current_wizard().rules
    assert before.question("kubernetes").choice("none").points_for("mlflow") == 2
    assert after.question("kubernetes").choice("none").points_for("mlflow") == 7


def test_a_weights_rationale_reaches_the_engine(catalog):
    m.Weight.objects.filter(choice__slug="none", outcome__slug="mlflow").update(
        rationale="MLflow is a pip install."
    )
    m.CatalogRevision.bump()  # .update() skips signals; the admin saves, which bumps

    choice = current_wizard().rules.question("kubernetes").choice("none")
    assert choice.rationales["mlflow"] == "MLflow is a pip install."


def test_a_question_without_two_choices_yet_is_not_asked(catalog):
    draft = m.Question.objects.create(slug="draft", prompt="Half-written?", order=99)
    assert not current_wizard().rules.has_question("draft")

    m.Choice.objects.create(question=draft, slug="only", label="The only one")
    assert not current_wizard().rules.has_question("draft")


def test_the_wizard_says_it_is_not_ready_when_there_are_no_outcomes(client, db):
    response = client.get("/wizard/")

    assert response.status_code == 503
    assert "The decision wizard is not ready" in response.content.decode()
    assert client.get("/wizard/result/?kubernetes=none").status_code == 503
