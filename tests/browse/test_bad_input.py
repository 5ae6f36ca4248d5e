"""Malformed input gets a 400 or 404 with a message, never a 500."""

import pytest

BAD_QUERIES = {
    "?tools=kubeflow&tools=airflow": "There is no published tool called “airflow”.",
    "?tools=kubeflow&tools=kubeflow": "“tools” repeats a value.",
    "?tools=": "“tools” is given without a value.",
    "?tools=kubeflow&tools=mlflow&diff=": "“diff” is given without a value.",
    "?tools=kubeflow&tools=mlflow&diff=yes": "“diff” must be 1 (only differences) or 0 (all).",
    "?tools=kubeflow&tools=mlflow&diff=1&diff=0": "“diff” is given more than once.",
    "?tools=kube%00flow&tools=mlflow": "“tools” contains control characters.",
    "?tools=kubeflow&tools=" + "x" * 3000: "The query is too long.",
    "?tools=%ff%fe": "There is no published tool called",
}


@pytest.mark.parametrize(("query", "message"), BAD_QUERIES.items())
def test_malformed_compare_query_gets_400_with_a_message(client, catalog, query, message):
    response = client.get("/compare/" + query)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "\x00" not in html
    assert 'href="/tools/mlflow/"' in html  # and the names that would work


@pytest.mark.parametrize(("query", "message"), BAD_QUERIES.items())
def test_malformed_export_query_gets_400_in_plain_text(client, catalog, query, message):
    response = client.get("/compare/export.csv" + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()


def test_pair_page_rejects_a_bad_diff_value(client, catalog):
    response = client.get("/compare/kubeflow-vs-mlflow/?diff=2")
    assert response.status_code == 400


def test_export_without_tools_gets_400(client, catalog):
    response = client.get("/compare/export.json")
    assert response.status_code == 400
    assert "Name at least one tool" in response.content.decode()


def test_too_many_fields_gets_400_not_500(client, catalog):
    query = "&".join(f"x{i}=1" for i in range(1100))
    response = client.get("/compare/?" + query)
    assert response.status_code == 400
    assert "malformed" in response.content.decode()


def test_unknown_parameter_names_are_ignored_so_shared_links_with_tracking_tags_work(
    client, catalog
):
    response = client.get("/compare/kubeflow-vs-mlflow/?utm_source=newsletter")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/compare/kubeflow-vs-airflow/",
        "/compare/airflow-vs-kubeflow/",
        "/compare/mlflow-vs-mlflow/",
        "/compare/kubeflow-vs-airflow.csv",
        "/tools/airflow/",
    ],
)
def test_unknown_tool_in_the_path_gets_a_404_listing_the_known_tools(client, catalog, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert 'href="/tools/kubeflow/">Kubeflow</a>' in html
    assert 'href="/tools/mlflow/">MLflow</a>' in html
    assert 'name="robots" content="noindex"' in html


def test_unknown_tool_page_names_what_was_not_found(client, catalog):
    html = client.get("/tools/airflow/").content.decode()
    assert "There is no published tool called “airflow”." in html


def test_unpublished_tool_profile_is_404(client, catalog):
    from comparisons import models as m

    m.Tool.objects.filter(slug="mlflow").update(is_published=False)
    assert client.get("/tools/mlflow/").status_code == 404


def test_any_unknown_address_gets_the_404_page_even_with_an_empty_catalog(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
