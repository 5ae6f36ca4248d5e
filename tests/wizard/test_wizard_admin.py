from comparisons import models as m
from decisions.rules import current_wizard


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
    weights = list(choice.weights.order_by("outcome__order"))
    data = {
        "question": choice.question_id,
        "slug": choice.slug,
        "label": choice.label,
        "order": choice.order,
        "version": choice.version,
        "weights-TOTAL_FORMS": len(weights),
        "weights-INITIAL_FORMS": len(weights),
        "weights-MIN_NUM_FORMS": 0,
        "weights-MAX_NUM_FORMS": 1000,
    }
    for i, weight in enumerate(weights):
        data |= {
            f"weights-{i}-id": weight.pk,
            f"weights-{i}-choice": choice.pk,
            f"weights-{i}-outcome": weight.outcome_id,
            f"weights-{i}-points": 9 if weight.outcome.slug == "kubeflow" else weight.points,
            f"weights-{i}-rationale": weight.rationale,
            f"weights-{i}-version": weight.version,
        }
        if weight.source_id:
            data[f"weights-{i}-source"] = weight.source_id
        if capabilities := [c.pk for c in weight.capabilities.all()]:
            data[f"weights-{i}-capabilities"] = capabilities

    response = client.post(f"/admin/comparisons/choice/{choice.pk}/change/", data)
    assert response.status_code == 302
    rules = current_wizard().rules
    assert rules.question("kubernetes").choice("strong").points_for("kubeflow") == 9
