"""Tool profiles, insights, use cases, sources, and what search engines and links read."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.html import escape

from comparisons import models as m
from comparisons.charts import bar_chart


def test_tool_profile_shows_focus_description_ratings_pros_cons_and_evidence(client, catalog):
    html = client.get("/tools/kubeflow/").content.decode()
    assert "<h1>Kubeflow</h1>" in html
    assert "Focus: workflow-centric + scalable orchestration on Kubernetes" in html
    assert "Kubeflow is a set of subprojects" in html
    assert "Kubeflow Pipelines: Python-defined DAGs with parallel loops" in html
    assert "<dt>Hosting</dt><dd>Self-hosted</dd>" in html
    assert (
        '26.03.1 (platform); KFP SDK 2.17.3 <span class="help">at the time of review</span>' in html
    )
    assert 'id="update-kubeflow-registry-now-hub"' in html
    assert 'class="level-label">Excellent<' in html
    for item in m.ProCon.objects.filter(tool__slug="kubeflow"):
        assert item.text in html
    assert "<strong>49%</strong> Run Kubeflow in production" in html
    assert "Rated highly on the CNCF Tech Radar for batch and AI compute" in html
    assert "Outlook" in html
    assert 'href="/use-cases/#enterprise-production-mlops"' in html
    assert 'href="/use-cases/#hybrid-best-of-both"' in html
    assert 'href="/use-cases/#early-stage-experimentation"' not in html
    assert 'href="/compare/kubeflow-vs-mlflow/">Kubeflow vs MLflow' in html


def test_tool_profile_puts_outlook_findings_under_outlook_only(client, catalog):
    html = client.get("/tools/mlflow/").content.decode()
    outlook = html.split('id="outlook-heading"')[1]
    evidence = html.split('id="evidence-heading"')[1].split('id="outlook-heading"')[0]
    assert "MLflow 3.0 turns towards generative AI" in outlook
    assert "MLflow 3.0 turns towards generative AI" not in evidence
    assert (
        '<span class="as-of">As of <time datetime="2026-02-13">13 February 2026</time>:</span>'
        in outlook
    )
    assert "Ahead in experiment tracking and metadata storage" in evidence


def test_insights_draw_every_figure_as_an_svg_bar_with_a_table_and_source(client, catalog):
    html = client.get("/insights/").content.decode()
    assert html.count('<ul class="bars">') == 1
    for label, percent in [
        ("Deploy more than one Kubeflow component", 84),
        ("Run Kubeflow in production", 49),
        ("Name documentation as a pain point", 55),
    ]:
        assert f'<tr><th scope="row">{label}</th><td>{percent}%</td></tr>' in html
        assert f'y="0" width="{percent}" height="10"' in html  # the bar is the percent, 0–100
    assert "<summary>Show the numbers" in html
    assert "Who was asked:" in html
    assert "<figcaption" in html
    # Read through the article: no address of its own, so no read date either.
    assert "Kubeflow User Survey 2023, Kubeflow community, 2023 (survey). <a" in html
    assert 'href="/sources/#kubeflow-user-survey-2023">Claims citing it' in html
    assert " style=" not in html and "<style" not in html


def test_insights_list_findings_with_their_sources(client, catalog):
    html = client.get("/insights/").content.decode()
    for finding in m.Finding.objects.all():
        assert escape(finding.title) in html
        assert f'id="{finding.slug}"' in html
    assert "CNCF Technology Radar, Q3 2024: batch and AI compute" in html
    assert ", Cloud Native Computing Foundation, Q3 2024 (technology radar). <a" in html


def test_use_cases_show_the_outcome_and_the_pipeline_steps_in_order(client, catalog):
    html = client.get("/use-cases/").content.decode()
    enterprise = html.split('id="enterprise-production-mlops"')[1].split('class="use-case"')[0]
    assert "Recommended: <strong>Kubeflow</strong>" in enterprise
    steps = re.findall(r'<span class="step-name">(.*?)</span>', enterprise)
    assert steps == ["Ingestion", "Feature store", "Training", "Tuning", "Validation", "Deployment"]
    assert '<ol class="steps"' in enterprise
    assert "Recommended: <strong>MLflow + Kubeflow (hybrid)</strong>" in html
    assert 'href="/wizard/"' in html
    assert "no Kubernetes skills" in html


def test_sources_page_lists_every_source_with_publisher_date_and_citing_claims(client, catalog):
    html = client.get("/sources/").content.decode()
    for source in m.Source.objects.all():
        assert f'id="{source.slug}"' in html
        assert escape(source.publisher) in html
    assert "Transcloud · 13 February 2026" in html
    assert "Cloud Native Computing Foundation · Q3 2024" in html
    assert "undated (cited 13 February 2026)" in html
    survey = html.split('id="kubeflow-user-survey-2023"')[1].split("<li id=")[0]
    assert "Kubeflow User Survey 2023: Run Kubeflow in production, 49%." in survey
    assert "About half of surveyed users run it in production" in survey
    transcloud = html.split('id="transcloud-2026-mlflow-vs-kubeflow"')[1].split("<li id=")[0]
    assert "MLflow, Workflow orchestration: Limited." in transcloud
    assert (
        'Article&#x27;s claim:</span> <a href="/tools/mlflow/'
        '#update-mlflow-registry-stages-to-aliases">' in transcloud
    )
    assert 'read <time datetime="2026-12-06">6 December 2026</time>' in html
    assert (
        '<a href="https://wetranscloud.com/blog/mlflow-vs-kubeflow-mlops" '
        'rel="noopener noreferrer">' in html
    )
    registry = html.split('id="mlflow-docs-model-registry"')[1].split("<li id=")[0]
    assert "Official documentation · read" in registry
    assert (
        'Since the article:</span> <a href="/tools/mlflow/'
        '#update-mlflow-registry-stages-to-aliases">' in registry
    )


def test_a_tools_licence_cites_the_page_that_states_it(client, catalog):
    html = client.get("/tools/mlflow/").content.decode()
    licence = html.split("<dt>Licence</dt>")[1].split("</dd>")[0]
    assert licence.startswith("<dd>Apache-2.0")
    number = licence.split('href="#ref-')[1].split('"')[0]
    entry = html.split(f'id="ref-{number}"')[1].split("</li>")[0]
    assert "mlflow: project page (current release 3.18.0" in entry
    assert 'href="https://pypi.org/project/mlflow/" rel="noopener noreferrer"' in entry
    assert "(package registry); read" in entry and "6 Dec 2026" in entry


def test_the_sources_page_lists_licences_among_the_claims(client, catalog):
    html = client.get("/sources/").content.decode()
    kfp = html.split('id="pypi-kfp"')[1].split("<li id=")[0]
    assert "Kubeflow is licensed under Apache-2.0." in kfp


def test_sources_page_leaves_out_claims_about_unpublished_tools(client, catalog):
    m.Tool.objects.filter(slug="mlflow").update(is_published=False)
    m.CatalogRevision.bump()
    html = client.get("/sources/").content.decode()
    assert "MLflow, Hyperparameter tuning" not in html
    assert "Kubeflow, Hyperparameter tuning" in html


PAGES = {
    "/": "MLOps Decision Portal",
    "/compare/": "Compare MLOps tools",
    "/compare/kubeflow-vs-mlflow/": "Kubeflow and MLflow compared",
    "/tools/mlflow/": "MLflow, experiment-centric model management",
    "/insights/": "Insights",
    "/use-cases/": "Use cases",
    "/sources/": "Sources",
}


@pytest.mark.parametrize(("url", "title"), PAGES.items())
def test_pages_have_title_description_canonical_and_opengraph(client, catalog, url, title):
    html = client.get(url).content.decode()
    assert re.search(rf"<title>[^<]*{re.escape(title)}", html)
    assert re.search(r'<meta name="description" content="[^"]{30,}">', html)
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert f'<meta property="og:url" content="http://testserver{url}">' in html
    assert '<meta property="og:title" content="' in html
    assert '<meta property="og:description" content="' in html


def test_sitemap_lists_public_pages_tools_and_canonical_pairs(client, catalog):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {el.text for el in ET.fromstring(response.content).findall(".//s:loc", ns)}
    paths = {loc.removeprefix("http://testserver") for loc in locs}
    assert {"/", "/compare/", "/insights/", "/use-cases/", "/sources/"} <= paths
    assert {"/tools/kubeflow/", "/tools/mlflow/", "/compare/kubeflow-vs-mlflow/"} <= paths
    assert "/compare/mlflow-vs-kubeflow/" not in paths
    for path in paths:
        assert client.get(path).status_code == 200


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/admin/", "/teams/", "/join/", "/accounts/", "/wizard/result/"):
        assert f"Disallow: {path}\n" in text


@pytest.mark.parametrize("url", ["/insights/", "/use-cases/", "/sources/"])
def test_listing_pages_render_with_an_empty_catalog(client, db, url):
    assert client.get(url).status_code == 200


def test_a_tool_page_is_404_while_the_catalog_is_empty(client, db):
    assert client.get("/tools/mlflow/").status_code == 404


def test_insights_group_findings_under_each_tool_once(client, catalog):
    html = client.get("/insights/").content.decode()
    findings = html.split('id="findings-heading"')[1]
    assert findings.count('<h3><a href="/tools/kubeflow/">Kubeflow</a></h3>') == 1
    assert findings.count('<h3><a href="/tools/mlflow/">MLflow</a></h3>') == 1
    assert findings.index("/tools/kubeflow/") < findings.index("/tools/mlflow/")
    assert findings.index("/tools/mlflow/") < findings.index("<h3>General</h3>")


def test_the_footer_links_to_the_catalog_editor_only_for_staff(client, catalog, make_user):
    assert 'href="/admin/"' not in client.get("/insights/").content.decode()
    client.force_login(make_user("stella", is_staff=True))
    assert 'href="/admin/">Edit the catalog' in client.get("/insights/").content.decode()


def test_bar_chart_puts_adoption_first_largest_first_and_problems_apart():
    chart = bar_chart([("a", 49, False), ("pain", 55, True), ("b", 90, False), ("c", 120, False)])
    assert [(bar.label, bar.percent) for bar in chart.bars] == [
        ("c", 100),
        ("b", 90),
        ("a", 49),
        ("pain", 55),
    ]
    assert chart.has_negative and not bar_chart([("a", 1, False)]).has_negative


@pytest.mark.parametrize(
    "url",
    [
        "/tools/kubeflow/",
        "/tools/mlflow/",
        "/insights/",
        "/use-cases/",
        "/compare/kubeflow-vs-mlflow/",
        "/tools/amazon-sagemaker/",
    ],
)
def test_pages_cite_with_numbered_footnotes_and_one_bibliography(client, catalog, url):
    html = client.get(url).content.decode()
    cited = set(re.findall(r'href="#ref-(\d+)"', html))
    listed = re.findall(r'id="ref-(\d+)"', html)
    assert cited and cited == set(listed) and len(listed) == len(set(listed))
    assert html.count('id="page-sources"') == 1
    # No article title spelled out inline, and no brackets inside brackets.
    # (Footnote markers carry the title for screen readers only, in a visually hidden span.)
    main = html.split('id="page-sources"')[0]
    main = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", main)
    assert "Choosing the Right Orchestration Framework" not in main
    assert not re.search(r"\([^()<]*\([^()<]*\)\)", main)


def test_no_finding_refers_back_to_a_review_it_has_not_named(client, catalog):
    for finding in m.Finding.objects.all():
        assert not finding.text.startswith("The same")
