"""The result page as a platform lead reads it: verdict, path, reasons with sources, routes."""

import html as html_lib
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl

from django.template.loader import render_to_string

from decisions.engine import decide
from decisions.models import Decision
from decisions.rules import current_wizard
from decisions.snapshot import build_snapshot
from decisions.views.team_decisions import saved_report
from teams.models import Team
from tests.wizard.conftest import query
from tests.wizard_rules import (
    JUST_STARTING,
    KUBERNETES_MATURE_AND_AUTOMATED,
    TRACKING_AND_ORCHESTRATION,
)

NO_KUBERNETES_LEADER = {**KUBERNETES_MATURE_AND_AUTOMATED, "kubernetes": "none"}


def page(client, answers) -> str:
    response = client.get("/wizard/result/?" + query(answers))
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def links(html: str, section: str, path: str) -> list[str]:
    part = html.split(f'id="{section}"')[1].split("</section>")[0]
    return re.findall(rf'href="{re.escape(path)}\?([^"#]+)"', part)


def recommendation(client, query_string: str) -> str:
    html = client.get("/wizard/result/?" + query_string).content.decode()
    return re.search(r"<h1>Recommendation: ([^<]+)</h1>", html).group(1)


def test_a_kubeflow_workload_without_kubernetes_gets_mlflow_now_and_kubeflow_next(client, catalog):
    html = page(client, NO_KUBERNETES_LEADER)

    assert "<h1>Recommendation: MLflow</h1>" in html
    assert "Now MLflow, next Kubeflow" in html
    assert "Kubeflow fits your workload best, but it needs what you said you don’t have yet" in html
    assert "Kubernetes skills in house, and strong: the article makes Kubernetes maturity" in html
    assert "Start with MLflow now; revisit when your answer to “Do you have Kubernetes" in html
    (path_query,) = links(html, "verdict-heading", "/wizard/result/")
    assert dict(parse_qsl(path_query))["kubernetes"] == "strong"
    assert recommendation(client, html_lib.unescape(path_query)) == "Kubeflow"
    assert f'href="/wizard/?{path_query}"' in html


def test_the_reasons_are_rationales_with_a_source_and_links_to_the_comparison_rows(client, catalog):
    html = page(client, KUBERNETES_MATURE_AND_AUTOMATED)
    reasons = html.split('id="reasons-heading"')[1].split("</section>")[0]

    assert "full pipeline automation are the article's reasons to choose Kubeflow." in reasons
    assert '(From the source: <a href="/sources/#transcloud-2026-mlflow-vs-kubeflow">' in reasons
    assert '/compare/?tools=kubeflow&tools=mlflow#row-workflow-orchestration">' in reasons
    assert "points" not in reasons
    assert "The portal’s judgement" not in reasons  # every reason here is the article's


def test_a_reason_that_is_the_portals_judgement_says_so_and_cites_no_source(client, catalog):
    html = page(client, TRACKING_AND_ORCHESTRATION)
    reasons = html.split('id="reasons-heading"')[1].split("</section>")[0]
    items = re.findall(r"<li>(.*?)</li>", reasons, re.S)
    pilot = next(item for item in items if "Scheduled retraining fits a Kubeflow pipeline" in item)
    article = next(item for item in items if "the article's case for the hybrid" in item)

    assert "(The portal’s judgement: the source does not say this.)" in pilot
    assert "/sources/" not in pilot
    assert "(From the source: " in article


def test_the_result_links_to_the_comparison_of_the_tools_involved(client, catalog):
    html = page(client, KUBERNETES_MATURE_AND_AUTOMATED)
    evidence = html.split('id="evidence-heading"')[1].split("</section>")[0]

    link = (
        '<a href="/compare/?tools=kubeflow&tools=mlflow">Compare Kubeflow and MLflow side by side'
    )
    assert link in evidence


def test_every_what_would_change_it_link_produces_the_outcome_it_names(client, catalog):
    for answers in (JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED, NO_KUBERNETES_LEADER):
        html = page(client, answers)
        routes = html.split('id="flip-heading"')[1].split("</section>")[0]
        items = re.findall(r"<li><strong>([^<]+)</strong>:(.*?)</li>", routes, re.S)
        assert len(items) == 2
        for name, body in items:
            result_query = re.search(r'href="/wizard/result/\?([^"]+)"', body).group(1)
            wizard_query = re.search(r'href="/wizard/\?([^"]+)"', body).group(1)
            assert result_query == wizard_query
            assert recommendation(client, result_query) == name


def test_the_recommendations_prerequisites_and_risks_are_shown_with_sources(client, catalog):
    html = page(client, KUBERNETES_MATURE_AND_AUTOMATED)
    needs = html.split('id="needs-heading"')[1].split("</section>")[0]

    assert "Prerequisite:</strong> Kubernetes skills in house, and strong" in needs
    assert "Prerequisite:</strong> Past prototyping" in needs
    assert "55% of Kubeflow User Survey 2023 respondents named documentation" in needs
    assert '<a href="/sources/#kubeflow-user-survey-2023">' in needs


def test_fit_is_shown_0_to_100_and_exact_points_only_in_the_explanation(client, catalog):
    html = page(client, NO_KUBERNETES_LEADER)

    fits = dict(re.findall(r"(MLflow|Kubeflow): fit (\d+) of 100", html))
    assert int(fits["Kubeflow"]) > int(fits["MLflow"])  # the leader, out of reach for now
    assert "-" not in "".join(re.findall(r"fit (-?\d+) of 100", html))
    assert "<summary>The exact points behind the fit</summary>" in html
    assert "<td>Not yet</td>" in html  # Kubeflow cannot be adopted without Kubernetes skills


def test_the_action_bar_comes_right_after_the_verdict(client, catalog):
    html = page(client, JUST_STARTING)

    verdict = html.index('id="verdict-heading"')
    actions = html.index('id="actions-heading"')
    assert verdict < actions < html.index('id="reasons-heading"')
    assert 'href="/wizard/result.md?' in html
    assert 'id="result-link"' in html and "data-copy-target" in html


def test_the_result_exports_an_adr_without_saving(client, catalog):
    response = client.get("/wizard/result.md?" + query(NO_KUBERNETES_LEADER))
    text = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "Chosen option: “MLflow”, because it fits the answers best" in text
    assert client.get("/wizard/result.md?kubernetes=lots").status_code == 400
    assert not Decision.objects.exists()


SAVED_BEFORE_PYDANTIC = Path(__file__).with_name("decision_saved_before_pydantic.json")


def test_a_decision_saved_before_prerequisites_renders_as_it_always_did(client, catalog, make_user):
    saved = json.loads(SAVED_BEFORE_PYDANTIC.read_text())
    team = Team.objects.create(slug="old", name="Old")
    decision = Decision.objects.create(
        team=team,
        author=make_user("old"),
        title="Before",
        answers=KUBERNETES_MATURE_AND_AUTOMATED,
        outcome_slug="kubeflow",
        outcome_name="Kubeflow",
        result=saved["result"],
        rules_snapshot=saved["rules"],
        catalog_snapshot=first_snapshot(),
        catalog_revision=1,
    )
    html = render_to_string("decisions/_report.html", {"report": saved_report(decision)})

    assert '<h2 id="scores-heading">Scores</h2>' in html  # the first layout, raw points
    assert "“Orchestration and automation” adds 5 points to Kubeflow" in html
    assert "Now " not in html and "fit " not in html


def first_snapshot() -> dict:
    """A catalog snapshot as the first engine's decisions stored it."""
    setup = current_wizard()
    result = decide(KUBERNETES_MATURE_AND_AUTOMATED, setup.rules)
    return build_snapshot(result, setup.revision).model_dump(mode="json")
