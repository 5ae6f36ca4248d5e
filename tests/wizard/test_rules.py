from comparisons import models as m
from decisions.rules import current_wizard
from tests.wizard_rules import WIZARD_RULES


def points_table(rules):
    return {(q.slug, c.slug): dict(c.points) for q in rules.questions for c in q.choices}


def test_the_rules_come_from_the_catalog_in_order_with_the_documented_weights(catalog):
    rules = current_wizard().rules

    assert [o.slug for o in rules.outcomes] == ["mlflow", "hybrid", "kubeflow"]
    assert [q.slug for q in rules.questions] == [q.slug for q in WIZARD_RULES.questions]
    assert points_table(rules) == points_table(WIZARD_RULES)
    assert current_wizard().help_texts["kubernetes"].startswith("Kubeflow runs on Kubernetes")


def test_building_the_rules_takes_five_queries_and_a_cached_read_one(
    catalog, django_assert_num_queries
):
    with django_assert_num_queries(5):  # revision, outcomes, questions, choices, weights
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
    assert before.question("kubernetes").choice("none").points_for("mlflow") == 4
    assert after.question("kubernetes").choice("none").points_for("mlflow") == 7


def test_a_weights_rationale_reaches_the_engine(catalog):
    m.Weight.objects.filter(choice__slug="none", outcome__slug="mlflow").update(
        rationale="MLflow is a pip install."
    )
    m.CatalogRevision.bump()  # .update() skips signals; the admin saves, which bumps

    choice = current_wizard().rules.question("kubernetes").choice("none")
    assert choice.rationales["mlflow"] == "MLflow is a pip install."


def test_a_question_without_choices_yet_is_not_asked(catalog):
    m.Question.objects.create(slug="draft", prompt="Half-written?", order=99)

    assert not current_wizard().rules.has_question("draft")


def test_the_wizard_says_it_is_not_ready_when_there_are_no_outcomes(client, db):
    response = client.get("/wizard/")

    assert response.status_code == 503
    assert "The decision wizard is not ready" in response.content.decode()
    assert client.get("/wizard/result/?kubernetes=none").status_code == 503
