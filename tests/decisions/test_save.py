from urllib.parse import urlencode

from django.test import Client

from comparisons.models import Capability, CatalogRevision
from decisions.engine import advise
from decisions.models import Decision
from decisions.rules import current_wizard
from decisions.schemas import CatalogSnapshot, WizardAnswers, load_result, load_rules
from tests.wizard_rules import JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED


def post_save(client, team, answers=JUST_STARTING, **fields):
    return client.post("/wizard/save/", {**answers, "team": team.slug, **fields})


def test_a_member_saves_a_result_with_its_answers_rules_and_catalog(client, catalog, member, team):
    client.force_login(member)
    response = post_save(client, team, KUBERNETES_MATURE_AND_AUTOMATED, title="Q1", notes="Why")

    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/teams/platform/decisions/{decision.pk}/"
    assert (decision.team, decision.author, decision.title, decision.notes) == (
        team,
        member,
        "Q1",
        "Why",
    )
    assert decision.answers == KUBERNETES_MATURE_AND_AUTOMATED
    assert (decision.outcome_slug, decision.outcome_name) == ("kubeflow", "Kubeflow")
    assert load_result(decision.result) == advise(
        KUBERNETES_MATURE_AND_AUTOMATED, current_wizard().rules
    )
    assert load_rules(decision.rules_snapshot) == current_wizard().rules
    assert decision.catalog_revision == CatalogRevision.current()
    snapshot = CatalogSnapshot.model_validate(decision.catalog_snapshot)
    assert {tool.slug for tool in snapshot.tools} == {"mlflow", "kubeflow"}
    # Every cell of the involved tools' rows, so the decision reads the same after edits.
    assert len(snapshot.ratings) == 2 * Capability.objects.count()
    assert snapshot.use_case is not None
    assert snapshot.use_case.slug == "enterprise-production-mlops"


def test_an_empty_title_becomes_the_recommendation(client, catalog, member, team):
    client.force_login(member)
    post_save(client, team, title="  ")

    assert Decision.objects.get().title == "Recommendation: MLflow"


def test_saved_answers_read_back_in_question_order_whatever_the_post_order(
    client, catalog, member, team
):
    # PostgreSQL's jsonb does not keep key order, so the order comes from the rules on reading.
    client.force_login(member)
    post_save(client, team, dict(reversed(list(JUST_STARTING.items()))))

    decision = Decision.objects.get()
    rules = load_rules(decision.rules_snapshot)
    answers = WizardAnswers.model_validate(decision.answers, context={"rules": rules})
    assert list(answers.root.items()) == list(JUST_STARTING.items())


def test_an_outsider_cannot_save_to_a_team_and_gets_404(client, catalog, outsider, team):
    client.force_login(outsider)

    assert post_save(client, team).status_code == 404
    assert not Decision.objects.exists()


def test_staff_outside_the_team_cannot_save_to_it_either(client, catalog, staff, team):
    client.force_login(staff)

    assert post_save(client, team).status_code == 404
    assert not Decision.objects.exists()


def test_saving_to_a_team_that_does_not_exist_is_404(client, catalog, member):
    client.force_login(member)

    response = client.post("/wizard/save/", {**JUST_STARTING, "team": "nope"})
    assert response.status_code == 404


def test_saving_without_a_team_is_404(client, catalog, member):
    client.force_login(member)

    assert client.post("/wizard/save/", JUST_STARTING).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_saved(client, catalog, team):
    response = post_save(client, team)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Decision.objects.exists()


def test_invalid_answers_are_refused_with_400_and_nothing_is_saved(client, catalog, member, team):
    client.force_login(member)
    response = post_save(client, team, {**JUST_STARTING, "kubernetes": "plenty"})

    assert response.status_code == 400
    assert "“plenty” is not one of the choices." in response.content.decode()
    assert not Decision.objects.exists()


def test_missing_answers_are_refused_with_400(client, catalog, member, team):
    client.force_login(member)
    answers = {k: v for k, v in JUST_STARTING.items() if k != "stage"}

    response = post_save(client, team, answers)
    assert response.status_code == 400
    assert "This question needs an answer." in response.content.decode()
    assert not Decision.objects.exists()


def test_a_too_long_title_reshows_the_result_with_the_error_and_keeps_the_notes(
    client, catalog, member, team
):
    client.force_login(member)
    response = post_save(client, team, title="x" * 201, notes="Keep me")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Recommendation: MLflow" in html
    assert "Ensure this value has at most 200 characters" in html
    assert "Keep me" in html
    assert not Decision.objects.exists()


def test_saving_is_post_only(client, catalog, member):
    client.force_login(member)

    assert client.get("/wizard/save/").status_code == 405


def test_saving_without_a_csrf_token_is_refused(catalog, member, team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    assert post_save(client, team).status_code == 403
    assert not Decision.objects.exists()


def test_the_result_page_offers_a_member_their_teams_only(
    client, catalog, member, team, other_team
):
    client.force_login(member)
    html = client.get("/wizard/result/?" + "&".join(f"{k}={v}" for k, v in JUST_STARTING.items()))
    html = html.content.decode()

    assert '<option value="platform">Platform</option>' in html
    assert 'value="research"' not in html
    assert 'action="/wizard/save/"' in html


def test_a_new_decision_stores_the_prerequisites_rationales_and_path_it_showed(
    client, catalog, member, team
):
    client.force_login(member)
    answers = {**KUBERNETES_MATURE_AND_AUTOMATED, "kubernetes": "none"}
    post_save(client, team, answers)

    stored = Decision.objects.get().result
    assert stored["format"] == "mlops-portal-decision/2"
    assert stored["winner"] == "mlflow"
    assert stored["path"]["next"] == "kubeflow"
    assert stored["path"]["needs"][0]["explanation"].startswith("Kubernetes skills in house")
    for reason in stored["reasons"]:  # the article's, with its source, or the portal's own
        assert reason["rationale"]
        assert bool(reason.get("source")) == (reason["basis"] == "article")
    html = client.get(Decision.objects.get().get_absolute_url()).content.decode()
    assert "Now MLflow, next Kubeflow" in html


def test_a_save_after_viewing_the_result_stores_the_same_snapshot_as_a_cold_build(
    client, catalog, member, team, django_assert_max_num_queries
):
    from django.core.cache import cache

    from decisions.snapshot import build_snapshot

    client.force_login(member)
    client.get("/wizard/result/?" + urlencode(JUST_STARTING))  # warms the snapshot's catalog part
    with django_assert_max_num_queries(12):  # none of them for the snapshot
        assert post_save(client, team, title="Warm").status_code == 302
    saved = Decision.objects.get().catalog_snapshot
    cache.clear()
    setup = current_wizard()
    cold = build_snapshot(advise(JUST_STARTING, setup.rules), setup.revision)
    assert saved == cold.model_dump(mode="json")


def test_saving_right_after_viewing_the_result_reuses_its_advice(
    client, catalog, member, team, monkeypatch
):
    import decisions.views.result as result_views

    calls = []
    monkeypatch.setattr(
        result_views, "advise", lambda answers, rules: calls.append(1) or advise(answers, rules)
    )
    client.force_login(member)
    client.get("/wizard/result/?" + urlencode(JUST_STARTING))
    assert post_save(client, team).status_code == 302
    assert len(calls) == 1
    saved = Decision.objects.get()
    assert load_result(saved.result) == advise(JUST_STARTING, current_wizard().rules)
