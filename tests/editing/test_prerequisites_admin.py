"""Prerequisites in the admin: an editor cannot leave the wizard without an outcome it can
always recommend."""

from django.urls import reverse

from comparisons.models import Outcome, OutcomePrerequisite, Question, Source
from tests.admin_forms import inline_rows

from .conftest import signed_in


def outcome_form_data(outcome: Outcome, added: list[dict]) -> dict:
    existing = [
        {
            "id": row.pk,
            "question": row.question_id,
            "choices": [choice.pk for choice in row.choices.all()],
            "explanation": row.explanation,
            "source": row.source_id,
            "order": row.order,
            "version": row.version,
        }
        for row in outcome.prerequisites.all()
    ]
    rows = [{**row, "outcome": outcome.pk} for row in existing + added]
    return {
        "slug": outcome.slug,
        "name": outcome.name,
        "summary": outcome.summary,
        "tools": [tool.pk for tool in outcome.tools.all()],
        "order": outcome.order,
        "version": outcome.version,
    } | inline_rows("prerequisites", rows, initial=len(existing))


def kubernetes_row(**overrides) -> dict:
    question = Question.objects.get(slug="kubernetes")
    return {
        "question": question.pk,
        "choices": [question.choices.get(slug="strong").pk],
        "explanation": "Needs a platform team that runs Kubernetes.",
        "source": Source.objects.first().pk,
        "order": 0,
        **overrides,
    }


def change_url(outcome: Outcome) -> str:
    return reverse("admin:comparisons_outcome_change", args=[outcome.pk])


def test_a_prerequisite_on_the_last_free_outcome_is_refused_and_nothing_is_saved(catalog, editor):
    mlflow = Outcome.objects.get(slug="mlflow")

    response = signed_in(editor).post(
        change_url(mlflow), outcome_form_data(mlflow, [kubernetes_row()])
    )

    assert response.status_code == 200
    assert "At least one outcome must have no prerequisites" in response.content.decode()
    assert not mlflow.prerequisites.exists()


def test_a_prerequisite_may_be_added_while_another_outcome_stays_free(catalog, editor):
    # Kubeflow alone only for an orchestration-first team: it keeps every invariant.
    kubeflow = Outcome.objects.get(slug="kubeflow")
    question = Question.objects.get(slug="priority")
    row = kubernetes_row(
        question=question.pk, choices=[question.choices.get(slug="orchestration").pk]
    )

    response = signed_in(editor).post(change_url(kubeflow), outcome_form_data(kubeflow, [row]))

    assert response.status_code == 302
    assert kubeflow.prerequisites.count() == 3


def test_a_second_prerequisite_on_the_same_question_is_refused(catalog, editor):
    hybrid = Outcome.objects.get(slug="hybrid")

    response = signed_in(editor).post(
        change_url(hybrid), outcome_form_data(hybrid, [kubernetes_row()])
    )

    assert response.status_code == 200
    assert "Outcome prerequisite with this Outcome and Question already exists." in (
        response.content.decode()
    )
    assert OutcomePrerequisite.objects.filter(outcome=hybrid).count() == 2  # kubernetes, stage
