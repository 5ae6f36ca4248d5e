import re

import pytest
from django.template.loader import render_to_string

from comparisons import models as m
from decisions.models import Decision
from tests.wizard_rules import KUBERNETES_MATURE_AND_AUTOMATED, TRACKING_AND_ORCHESTRATION


def report_html(client, decision) -> str:
    html = client.get(decision.get_absolute_url()).content.decode()
    match = re.search(
        r'<div id="report".*?</div>\s*<section aria-labelledby="share-links-heading"', html, re.S
    )
    assert match
    return match.group(0)


def edit_rules_and_catalog() -> None:
    """What editors might do the day after: reweigh, reword, drop a choice, re-rate, rename."""
    m.Weight.objects.filter(choice__slug="none", outcome__slug="mlflow").update(points=-9)
    for weight in m.Weight.objects.filter(choice__question__slug="priority"):
        weight.points = 0
        weight.save()
    question = m.Question.objects.get(slug="kubernetes")
    question.prompt = "How much Kubernetes do you run?"
    question.save()
    m.Choice.objects.get(question__slug="stage", slug="pilot").delete()
    rating = m.Rating.objects.get(tool__slug="mlflow", capability__slug="experiment-tracking")
    rating.level, rating.summary = 1, "Downgraded by an editor."
    rating.save()
    outcome = m.Outcome.objects.get(slug="mlflow")
    outcome.name, outcome.summary = "MLflow only", "Reworded."
    outcome.save()
    for procon in m.ProCon.objects.all():
        procon.text = "Rewritten."
        procon.save()


def test_a_decision_renders_exactly_the_same_after_rules_and_catalog_edits(
    client, decision, member
):
    client.force_login(member)
    before = report_html(client, decision)

    edit_rules_and_catalog()

    assert report_html(client, Decision.objects.get(pk=decision.pk)) == before
    assert "MLflow only" not in before and "Rewritten." not in before


def test_a_decision_whose_answer_no_longer_exists_still_renders(
    client, save_decision, member, team
):
    saved = save_decision(member, team, TRACKING_AND_ORCHESTRATION)  # answers "stage: pilot"
    m.Choice.objects.get(question__slug="stage", slug="pilot").delete()
    client.force_login(member)

    response = client.get(saved.get_absolute_url())
    assert response.status_code == 200
    assert "<dd>Pilot</dd>" in response.content.decode()


def test_the_page_shows_the_snapshot_and_no_stale_warning_while_the_catalog_is_unchanged(
    client, decision, member
):
    client.force_login(member)
    html = client.get(decision.get_absolute_url()).content.decode()

    assert html.count("<h1") == 1
    assert "<h1>Start with tracking</h1>" in html
    assert "Recommendation: <strong>MLflow</strong>" in html
    assert "Revisit in Q3." in html
    assert "The catalog has changed" not in html
    assert "No single changed answer would change this recommendation." in html


def test_the_stale_warning_lists_exactly_the_ratings_that_changed(client, decision, member):
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="experiment-tracking")
    rating.level, rating.summary = 4, "Now excellent."
    rating.save()
    client.force_login(member)

    html = client.get(decision.get_absolute_url()).content.decode()
    assert "The catalog has changed since this decision" in html
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", html)
    assert len(rows) == 1
    assert rows[0][:2] == ("Kubeflow", "Experiment tracking")
    assert rows[0][2].startswith("Partial: ")
    assert rows[0][3] == "Excellent: Now excellent."


def test_a_change_elsewhere_in_the_catalog_warns_but_lists_no_rating(client, decision, member):
    outcome = m.Outcome.objects.get(slug="kubeflow")
    outcome.summary = "Changed."
    outcome.save()
    client.force_login(member)

    html = client.get(decision.get_absolute_url()).content.decode()
    assert "The catalog has changed since this decision" in html
    assert "The ratings it used are unchanged." in html


def test_run_again_opens_the_wizard_with_the_saved_answers(client, decision, member):
    client.force_login(member)
    html = client.get(decision.get_absolute_url()).content.decode()

    href = re.search(r'<a class="button secondary" href="([^"]+)">Run again</a>', html).group(1)
    wizard = client.get(href.replace("&amp;", "&")).content.decode()
    assert 'value="none" checked' in wizard
    assert 'value="prototyping" checked' in wizard


def test_the_decision_page_queries_do_not_grow(
    client, decision, member, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(12):
        client.get(decision.get_absolute_url())


# --- superseding -----------------------------------------------------------------------------


@pytest.fixture
def newer(save_decision, owner, team, decision):
    return save_decision(owner, team, KUBERNETES_MATURE_AND_AUTOMATED, title="Move to Kubeflow")


def test_a_newer_decision_supersedes_an_older_one_and_both_pages_say_so(
    client, decision, newer, member
):
    client.force_login(member)
    response = client.post(f"{newer.get_absolute_url()}supersede/", {"older": decision.pk})

    assert response.status_code == 302
    newer.refresh_from_db()
    assert newer.supersedes == decision
    assert "Supersedes <a" in client.get(newer.get_absolute_url()).content.decode()
    assert "Superseded by <a" in client.get(decision.get_absolute_url()).content.decode()


def test_an_older_decision_cannot_supersede_a_newer_one(client, decision, newer, member):
    client.force_login(member)
    response = client.post(f"{decision.get_absolute_url()}supersede/", {"older": newer.pk})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    decision.refresh_from_db()
    assert decision.supersedes is None


def test_a_decision_of_another_team_cannot_be_superseded(
    client, save_decision, newer, member, outsider, other_team
):
    theirs = save_decision(outsider, other_team)
    client.force_login(member)

    response = client.post(f"{newer.get_absolute_url()}supersede/", {"older": theirs.pk})
    assert response.status_code == 400
    newer.refresh_from_db()
    assert newer.supersedes is None


def test_a_decision_cannot_supersede_itself(client, decision, member):
    client.force_login(member)

    response = client.post(f"{decision.get_absolute_url()}supersede/", {"older": decision.pk})
    assert response.status_code == 400


def test_choosing_none_clears_what_a_decision_supersedes(client, decision, newer, member):
    newer.supersedes = decision
    newer.save()
    client.force_login(member)

    client.post(f"{newer.get_absolute_url()}supersede/", {"older": ""})
    newer.refresh_from_db()
    assert newer.supersedes is None


# --- the timeline partial (included by the team page) ---------------------------------------


def test_the_timeline_lists_decisions_newest_first_with_author_date_outcome_and_supersession(
    decision, newer, team, django_assert_max_num_queries
):
    newer.supersedes = decision
    newer.save()
    with django_assert_max_num_queries(3):
        html = render_to_string(
            "decisions/_timeline.html",
            {"team": team, "decisions": team.decisions.timeline()},
        )

    assert html.index("Move to Kubeflow") < html.index("Start with tracking")
    assert "<strong>Kubeflow</strong>,\n      by olivia" in html
    assert "<strong>MLflow</strong>,\n      by bob" in html
    assert "supersedes “Start with tracking”" in html
    assert "superseded by “Move to Kubeflow”" in html
    assert f'href="{decision.get_absolute_url()}"' in html
