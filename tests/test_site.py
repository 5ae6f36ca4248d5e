"""Site-wide guards and the home page."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

PUBLIC_PAGES = [
    "/",
    "/compare/",
    "/compare/kubeflow-vs-mlflow/",
    "/compare/?tools=kubeflow&tools=mlflow&diff=1",
    "/compare/?tools=mlflow",
    "/tools/kubeflow/",
    "/tools/mlflow/",
    "/insights/",
    "/use-cases/",
    "/sources/",
    "/api/",
]
ERROR_PAGES = ["/tools/airflow/", "/compare/?tools=airflow"]


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize("url", PUBLIC_PAGES + ERROR_PAGES)
def test_every_page_has_exactly_one_h1(client, catalog, url):
    html = client.get(url).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.mark.parametrize("url", PUBLIC_PAGES + ERROR_PAGES)
def test_no_page_has_inline_scripts_styles_or_a_nonce(client, catalog, url):
    response = client.get(url)
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html
    assert "nonce" not in html


def test_home_page_shows_both_tools_with_their_focus(client, catalog):
    html = client.get("/").content.decode()
    assert "experiment-centric model management + GenAI observability" in html
    assert "workflow-centric + scalable orchestration on Kubernetes" in html


def test_home_page_shows_the_matrix_with_levels_summaries_and_numbered_sources(client, catalog):
    response = client.get("/")
    html = response.content.decode()
    matrix = response.context["matrix"]
    assert [row.capability.name for row in matrix.rows][:2] == [
        "Experiment tracking",
        "Model registry",
    ]
    assert "Excellent" in html and "Limited" in html and "Not documented" in html
    assert "pip install mlflow" in html
    assert 'href="/sources/#transcloud-2026-mlflow-vs-kubeflow"' in html
    assert "Transcloud, 13 February 2026" in html
    assert (
        'href="https://wetranscloud.com/blog/mlflow-vs-kubeflow-mlops" rel="noopener noreferrer"'
        in html
    )
    assert "(official documentation); read <time" in html


def test_home_page_renders_when_the_catalog_is_empty(client, db):
    assert client.get("/").status_code == 200


def test_home_page_query_count_is_small_and_fixed(client, catalog, django_assert_max_num_queries):
    # revision, tools, the grid's five (capabilities, ratings, their sources, updated cells,
    # sources), outcomes and their tools
    with django_assert_max_num_queries(9):
        client.get("/")


def test_pages_carry_a_strict_content_security_policy(client, catalog):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for directive in (
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in policy


def test_htmx_is_served_locally_and_configured_without_eval(client, catalog):
    html = client.get("/compare/").content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js"' in html
    assert '"allowEval": false' in html and '"includeIndicatorStyles": false' in html


@pytest.mark.parametrize("url", ["/compare/", "/wizard/"])
def test_pages_that_use_htmx_load_it(client, catalog, url):
    assert "htmx-2.min.js" in client.get(url).content.decode()


@pytest.mark.parametrize("url", ["/", "/insights/", "/tools/mlflow/", "/sources/", "/use-cases/"])
def test_pages_without_htmx_attributes_do_not_load_it(client, catalog, url):
    html = client.get(url).content.decode()
    assert "hx-" not in html.replace("htmx-config", "")
    assert "htmx-2.min.js" not in html


def test_healthz_reports_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_home_refuses_post(client, db):
    assert client.post("/").status_code == 405
