from comparisons import models as m
from decisions.rules import current_wizard
from tests.admin_forms import inline_rows


def test_a_choices_admin_page_edits_its_weights_inline_and_lists_points_per_outcome(
    client, catalog, make_user
):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    choice = m.Choice.objects.get(question__slug="kubernetes", slug="strong")

    listing = client.get("/admin/comparisons/choice/").content.decode()
    page = client.get(f"/admin/comparisons/choice/{choice.pk}/change/").content.decode()
    question = client.get(f"/admin/comparisons/question/{choice.question_id}/change/")

    assert "MLflow + Kubeflow (hybrid) +1 · Kubeflow +3" in listing
    assert 'name="weights-0-points"' in page
    assert question.status_code == 200
    assert "Kubeflow +3" in question.content.decode()


def test_saving_a_weight_in_the_choice_admin_changes_the_next_recommendation(
    client, catalog, make_user
):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    choice = m.Choice.objects.get(question__slug="kubernetes", slug="strong")
    rows = []
    for weight in choice.weights.order_by("outcome__order"):
        row = {
            "id": weight.pk,
            "choice": choice.pk,
            "outcome": weight.outcome_id,
            "points": 9 if weight.outcome.slug == "kubeflow" else weight.points,
            "rationale": weight.rationale,
            "version": weight.version,
        }
        if weight.source_id:
            row["source"] = weight.source_id
        if capabilities := [c.pk for c in weight.capabilities.all()]:
            row["capabilities"] = capabilities
        rows.append(row)
    data = {
        "question": choice.question_id,
        "slug": choice.slug,
        "label": choice.label,
        "order": choice.order,
        "version": choice.version,
    } | inline_rows("weights", rows)

    response = client.post(f"/admin/comparisons/choice/{choice.pk}/change/", data)
    assert response.status_code == 302
    rules = current_wizard().rules
    assert rules.question("kubernetes").choice("strong").points_for("kubeflow") == 9
