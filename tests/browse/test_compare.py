"""The compare page: any set of tools, the canonical pair page, htmx fragments, bad input."""

import re

import pytest

from comparisons import models as m


def test_pair_page_shows_both_tools_levels_summaries_sources_and_dates(client, catalog):
    response = client.get("/compare/kubeflow-vs-mlflow/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kubeflow and MLflow side by side" in html
    assert "Kubeflow Pipelines: Python-defined DAGs with parallel loops" in html
    assert "Low overhead: pip install mlflow and mlflow server" in html
    assert 'class="level-label">Excellent<' in html and 'class="level-label">Limited<' in html
    assert 'href="/sources/#transcloud-2026-mlflow-vs-kubeflow"' in html
    assert '<time datetime="' in html and "Reviewed" in html
    assert '<details class="cell-details">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_cells_cite_their_sources_in_number_order(client, catalog):
    html = client.get("/compare/kubeflow-vs-mlflow/").content.decode()
    for cell in re.findall(r'<p class="cell-sources">(.*?)</p>', html, re.S):
        numbers = [int(n) for n in re.findall(r">\[(\d+)\]<", cell)]
        assert numbers == sorted(numbers)


def test_pair_in_the_other_order_redirects_permanently_to_the_alphabetical_one(client, catalog):
    response = client.get("/compare/mlflow-vs-kubeflow/?diff=1")
    assert response.status_code == 301
    assert response["Location"] == "/compare/kubeflow-vs-mlflow/?diff=1"


def test_any_set_by_query_shows_the_same_matrix_as_the_pair_page(client, catalog):
    by_query = client.get("/compare/?tools=mlflow&tools=kubeflow")
    assert by_query.status_code == 200
    matrix = by_query.context["matrix"]
    assert [tool.slug for tool in matrix.tools] == ["kubeflow", "mlflow"]  # catalog order
    assert len(matrix.rows) == 12
    canonical = 'rel="canonical" href="http://testserver/compare/kubeflow-vs-mlflow/"'
    assert canonical in by_query.content.decode()


def test_only_differences_hides_rows_where_every_tool_has_the_same_level(client, catalog):
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="model-registry")
    mlflow = m.Rating.objects.get(tool__slug="mlflow", capability__slug="model-registry")
    rating.level = mlflow.level
    rating.save()
    html = client.get("/compare/kubeflow-vs-mlflow/?diff=1").content.decode()
    assert 'id="row-experiment-tracking"' in html
    assert 'id="row-model-registry"' not in html
    # lineage and portability were equal already: 9 of 12 differ once the registry is equal too
    assert "Showing the 9 of 12 capabilities where the tools differ" in html
    full = client.get("/compare/kubeflow-vs-mlflow/").content.decode()
    assert 'id="row-model-registry"' in full


def test_only_differences_says_so_when_nothing_differs(client, catalog):
    m.Rating.objects.filter(tool__slug="kubeflow").update(level=None)
    m.Rating.objects.filter(tool__slug="mlflow").update(level=None)
    html = client.get("/compare/?tools=kubeflow&tools=mlflow&diff=1").content.decode()
    assert "the same level on every capability" in html
    assert "<table" not in html


def test_compare_with_nothing_chosen_shows_every_tool_when_there_are_few(client, catalog):
    m.Tool.objects.exclude(slug__in=["kubeflow", "mlflow"]).update(is_published=False)
    response = client.get("/compare/")
    assert [tool.slug for tool in response.context["chosen"]] == ["kubeflow", "mlflow"]
    assert "Kubeflow and MLflow side by side" in response.content.decode()


def test_compare_with_nothing_chosen_and_many_tools_asks_to_choose(client, big_catalog):
    html = client.get("/compare/").content.decode()
    assert "Choose at least two tools" in html and "<table" not in html


def test_the_shipped_eight_tools_are_offered_and_an_empty_compare_asks_to_choose(client, catalog):
    html = client.get("/compare/").content.decode()
    assert html.count('name="tools" value=') == 8
    assert "Choose at least two tools" in html
    assert "On a narrow screen the grid shows the first four chosen tools" in html


def test_compare_page_says_when_to_choose_each_outcome_with_sources(client, catalog):
    html = client.get("/compare/kubeflow-vs-mlflow/").content.decode()
    glance = html[html.index('id="glance-heading"') : html.index('id="results-heading"')]
    for outcome in ("Choose MLflow for", "Choose Kubeflow for", "Choose MLflow + Kubeflow"):
        assert outcome in glance
    assert 'href="#ref-' in glance
    assert 'href="/wizard/">Not sure? Answer 6 questions' in glance


def test_every_footnote_on_the_compare_page_has_one_bibliography_entry(client, catalog):
    html = client.get("/compare/kubeflow-vs-mlflow/").content.decode()
    cited = set(re.findall(r'href="#ref-(\d+)"', html))
    listed = re.findall(r'id="ref-(\d+)"', html)
    assert cited and cited == set(listed) and len(listed) == len(set(listed))


@pytest.mark.parametrize("query", ["?tools=mlflow"])
def test_fewer_than_two_tools_gets_a_prompt_not_an_error(client, catalog, query):
    response = client.get("/compare/" + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least two tools" in html
    assert 'href="/compare/kubeflow-vs-mlflow/"' in html
    assert "<table" not in html


def test_one_tool_chosen_is_offered_its_profile(client, catalog):
    html = client.get("/compare/?tools=mlflow").content.decode()
    assert 'href="/tools/mlflow/">MLflow’s profile' in html


def test_the_form_shows_every_published_tool_with_the_chosen_ones_ticked(client, catalog):
    html = client.get("/compare/kubeflow-vs-mlflow/?diff=1").content.decode()
    assert 'name="tools" value="kubeflow" checked' in html
    assert 'name="tools" value="mlflow" checked' in html
    assert 'name="diff" value="1" aria-describedby="diff-help" checked' in html
    assert 'data-hx-get="/compare/"' in html and 'data-hx-push-url="true"' in html
    assert 'action="/compare/"' in html  # works without JavaScript too


def test_unpublished_tools_are_neither_offered_nor_comparable(client, catalog):
    m.Tool.objects.filter(slug="kubeflow").update(is_published=False)
    html = client.get("/compare/").content.decode()
    assert 'value="kubeflow"' not in html
    assert client.get("/compare/?tools=kubeflow&tools=mlflow").status_code == 400
    assert client.get("/compare/kubeflow-vs-mlflow/").status_code == 404


def test_htmx_request_gets_only_the_matrix_fragment(client, catalog):
    response = client.get("/compare/?tools=kubeflow&tools=mlflow", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="matrix"')
    assert "<html" not in html and "<form" not in html
    assert "Kubeflow and MLflow side by side" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, catalog):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get("/compare/?tools=kubeflow&tools=mlflow", headers=headers).content.decode()
    assert "<html" in html and "<form" in html


def test_fragment_and_page_are_cached_apart(client, catalog):
    client.get("/compare/?tools=kubeflow&tools=mlflow", headers={"HX-Request": "true"})
    page = client.get("/compare/?tools=kubeflow&tools=mlflow").content.decode()
    assert "<html" in page


def test_compare_refuses_post(client, catalog):
    assert client.post("/compare/").status_code == 405
    assert client.post("/compare/kubeflow-vs-mlflow/").status_code == 405
