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

    assert "MLflow + Kubeflow (hybrid) +2 · Kubeflow +3" in listing
    assert 'name="weights-0-points"' in page
    assert question.status_code == 200
    assert "Kubeflow +3" in question.content.decode()


def weight_rows(choice: m.Choice, **points: int) -> list[dict]:
    """The choice's weight rows as the admin posts them, with `points` changed or added."""
    rows = []
    for weight in choice.weights.order_by("outcome__order"):
        row = {
            "id": weight.pk,
            "choice": choice.pk,
            "outcome": weight.outcome_id,
            "points": points.pop(weight.outcome.slug, weight.points),
            "rationale": weight.rationale,
            "basis": weight.basis,
            "version": weight.version,
        }
        if weight.source_id:
            row["source"] = weight.source_id
        if capabilities := [c.pk for c in weight.capabilities.all()]:
            row["capabilities"] = capabilities
        rows.append(row)
    for slug, value in points.items():  # new rows
        outcome = m.Outcome.objects.get(slug=slug)
        rows.append({"choice": choice.pk, "outcome": outcome.pk, "points": value,
                     "basis": "judgement"})  # fmt: skip
    return rows


def choice_form(choice: m.Choice, **points: int) -> dict:
    rows = weight_rows(choice, **points)
    existing = choice.weights.count()
    return {
        "question": choice.question_id,
        "slug": choice.slug,
        "label": choice.label,
        "order": choice.order,
        "version": choice.version,
    } | inline_rows("weights", rows, initial=existing)


def test_saving_a_weight_in_the_choice_admin_changes_the_next_recommendation(
    client, catalog, make_user
):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    choice = m.Choice.objects.get(question__slug="kubernetes", slug="strong")

    response = client.post(
        f"/admin/comparisons/choice/{choice.pk}/change/", choice_form(choice, kubeflow=4)
    )

    assert response.status_code == 302
    rules = current_wizard().rules
    assert rules.question("kubernetes").choice("strong").points_for("kubeflow") == 4


def test_a_weight_that_breaks_an_invariant_is_refused_naming_the_answer_set(
    client, catalog, make_user
):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    both = m.Choice.objects.get(question__slug="priority", slug="both")
    revision = m.CatalogRevision.current()

    response = client.post(
        f"/admin/comparisons/choice/{both.pk}/change/", choice_form(both, kubeflow=10)
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Not saved: this change would break the wizard&#x27;s invariants." in page
    assert "both-never-kubeflow-alone" in page
    # The answer set that breaks it, in full: "Both equally" and strong Kubernetes.
    assert (
        "kubernetes=strong, complexity=simple, training-scale=small, priority=both, "
        "portability=low, stage=pilot gets Kubeflow"
    ) in page
    assert not both.weights.filter(outcome__slug="kubeflow").exists()
    assert m.CatalogRevision.current() == revision
    assert "was changed successfully" not in page


def test_loosening_kubeflows_prerequisite_in_the_admin_is_refused(client, catalog, make_user):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    kubeflow = m.Outcome.objects.get(slug="kubeflow")
    rows = []
    for p in kubeflow.prerequisites.order_by("order"):
        choices = [c.pk for c in p.choices.all()]
        if p.question.slug == "kubernetes":  # "some" would do for Kubeflow alone
            choices = [c.pk for c in p.question.choices.filter(slug__in=["some", "strong"])]
        rows.append({"id": p.pk, "outcome": kubeflow.pk, "question": p.question_id,
                     "choices": choices, "explanation": p.explanation,
                     "source": p.source_id, "order": p.order,
                     "version": p.version})  # fmt: skip
    data = {
        "slug": kubeflow.slug,
        "name": kubeflow.name,
        "summary": kubeflow.summary,
        "order": kubeflow.order,
        "tools": [t.pk for t in kubeflow.tools.all()],
        "version": kubeflow.version,
    } | inline_rows("prerequisites", rows)

    response = client.post(f"/admin/comparisons/outcome/{kubeflow.pk}/change/", data)

    assert response.status_code == 400
    assert "kubeflow-needs-strong-kubernetes" in response.content.decode()
    assert "kubernetes=some" in response.content.decode()
    needs = current_wizard().rules.outcome("kubeflow").prerequisites[0]
    assert needs.choices == ("strong",)


def test_deleting_a_choice_that_leaves_a_question_idle_is_refused(client, catalog, make_user):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    high = m.Choice.objects.get(question__slug="portability", slug="high")

    response = client.post(f"/admin/comparisons/choice/{high.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert m.Choice.objects.filter(pk=high.pk).exists()
    shown = client.get(response["Location"]).content.decode()
    assert "The question “portability” never changes the advice" in shown


def test_an_invariant_the_rules_break_cannot_be_added_in_the_admin(client, catalog, make_user):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    production = m.Choice.objects.get(question__slug="stage", slug="production")
    data = {
        "slug": "never-mlflow-in-production",
        "expect": "never",
        "outcomes": [m.Outcome.objects.get(slug="mlflow").pk],
        "when": [production.pk],
        "statement": "An editor's claim the rules do not keep.",
        "source": m.Source.objects.get(slug="transcloud-2026-mlflow-vs-kubeflow").pk,
        "order": 9,
    }

    response = client.post("/admin/comparisons/wizardinvariant/add/", data)

    assert response.status_code == 400
    assert "stage=production gets MLflow" in response.content.decode()
    assert not m.WizardInvariant.objects.filter(slug="never-mlflow-in-production").exists()

    data["expect"] = "always"  # an invariant the rules keep: one of the three, always
    data["outcomes"] = [m.Outcome.objects.get(slug=s).pk for s in ("mlflow", "hybrid", "kubeflow")]
    response = client.post("/admin/comparisons/wizardinvariant/add/", data)
    assert response.status_code == 302
    assert m.WizardInvariant.objects.filter(slug="never-mlflow-in-production").exists()
