"""Exports of a comparison: CSV, JSON (versioned pydantic schema) and Markdown."""

import csv
import io
import json
import re

import pytest

from comparisons import models as m
from comparisons.exports import EXPORT_FORMAT, ComparisonExport


def test_csv_has_one_row_per_capability_and_a_level_and_summary_column_per_tool(client, catalog):
    response = client.get("/compare/kubeflow-vs-mlflow.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kubeflow-vs-mlflow.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Capability",
        "Kubeflow level",
        "Kubeflow summary",
        "MLflow level",
        "MLflow summary",
        "Sources",
    ]
    assert len(rows) == 1 + 12
    tuning = next(row for row in rows if row[0] == "Hyperparameter tuning")
    assert tuning[1] == "Excellent" and tuning[3] == "Partial"
    assert tuning[2].startswith("Katib: Bayesian, TPE, CMA-ES, Hyperband, NAS and early stopping")
    assert "] MLflow vs Kubeflow: Choosing the Right Orchestration Framework" in tuning[5]
    assert "Transcloud, 13 February 2026. Article." in tuning[5]
    assert "https://wetranscloud.com/blog/mlflow-vs-kubeflow-mlops (read 6 Dec 2026)" in tuning[5]


def test_csv_neutralises_spreadsheet_formulas(client, catalog):
    m.Rating.objects.filter(tool__slug="mlflow", capability__slug="scalability").update(
        summary='=HYPERLINK("http://evil")'
    )
    m.CatalogRevision.bump()
    body = client.get("/compare/kubeflow-vs-mlflow.csv").content.decode()
    assert "'=HYPERLINK" in body


def test_json_export_validates_against_the_versioned_schema(client, catalog):
    response = client.get("/compare/kubeflow-vs-mlflow.json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    export = ComparisonExport.model_validate(data)
    assert export.format == EXPORT_FORMAT == "mlops-portal-comparison/1"
    assert [tool.slug for tool in export.tools] == ["kubeflow", "mlflow"]
    assert export.catalog_revision == m.CatalogRevision.current()
    assert export.url == "http://testserver/compare/kubeflow-vs-mlflow/"
    registry = next(row for row in export.rows if row.capability == "model-registry")
    kubeflow, mlflow = registry.cells
    assert (kubeflow.tool, kubeflow.level) == ("kubeflow", "partial")
    assert (mlflow.tool, mlflow.level, mlflow.level_label) == ("mlflow", "strong", "Strong")
    numbers = {source.number for source in export.sources}
    assert all(n in numbers for row in export.rows for cell in row.cells for n in cell.sources)
    article = next(s for s in export.sources if s.slug == "transcloud-2026-mlflow-vs-kubeflow")
    assert article.url == "https://wetranscloud.com/blog/mlflow-vs-kubeflow-mlops"
    assert article.accessed_on.isoformat() == "2026-12-06" and article.kind == "Article"
    assert all(s.url.startswith("https://") and s.accessed_on for s in export.sources)
    assert mlflow.changed_since_article == "/tools/mlflow/#update-mlflow-registry-stages-to-aliases"
    assert [(t.hosting, t.version) for t in export.tools] == [
        ("self-hosted", "26.03.1 (platform); KFP SDK 2.17.3"),
        ("both", "3.18.0"),
    ]


def test_json_export_of_any_set_with_only_differences(client, catalog):
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="scalability")
    rating.level = m.Level.PARTIAL  # same as MLflow now
    rating.save()
    data = client.get("/compare/export.json?tools=mlflow&tools=kubeflow&diff=1").json()
    assert data["only_differences"] is True
    assert "scalability" not in [row["capability"] for row in data["rows"]]
    assert len(data["rows"]) == 9  # 10 rows differ in the catalog, less scalability
    assert data["url"].endswith("/compare/kubeflow-vs-mlflow/?diff=1")


def test_json_export_marks_a_missing_rating_as_null(client, catalog):
    m.Rating.objects.filter(tool__slug="mlflow", capability__slug="scalability").delete()
    data = client.get("/compare/kubeflow-vs-mlflow.json").json()
    row = next(row for row in data["rows"] if row["capability"] == "scalability")
    assert row["cells"][1] is None
    assert row["cells"][0]["level"] == "excellent"


def test_markdown_export_is_a_table_with_sources_as_footnotes(client, catalog):
    response = client.get("/compare/kubeflow-vs-mlflow.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    lines = text.splitlines()
    assert "| Capability | Kubeflow | MLflow |" in lines
    assert "|---|---|---|" in lines
    row = next(line for line in lines if line.startswith("| Model registry |"))
    assert (
        "**Partial**: Kubeflow Hub (formerly Model Registry) ships by default since 26.03.1" in row
    )
    assert "(changed since the article)" in row
    assert "]: MLflow vs Kubeflow: Choosing the Right Orchestration Framework" in text
    assert "Transcloud, 13 February 2026. Article." in text
    assert "- MLflow: Self-hosted or managed, version 3.18.0 at the time of review" in lines


def test_markdown_escapes_pipes_and_newlines_so_the_table_holds(client, catalog):
    m.Rating.objects.filter(tool__slug="mlflow", capability__slug="scalability").update(
        summary="Fast | cheap\nand light"
    )
    m.CatalogRevision.bump()
    text = client.get("/compare/kubeflow-vs-mlflow.md").content.decode()
    row = next(line for line in text.splitlines() if line.startswith("| Scalability |"))
    assert "Fast \\| cheap and light" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 4  # three cells: four unescaped pipes


def test_export_in_the_other_order_redirects_to_the_canonical_export(client, catalog):
    response = client.get("/compare/mlflow-vs-kubeflow.md")
    assert response.status_code == 301
    assert response["Location"] == "/compare/kubeflow-vs-mlflow.md"


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_compare_page_links_to_each_export_of_the_same_comparison(client, catalog, fmt):
    html = client.get("/compare/?tools=kubeflow&tools=mlflow&diff=1").content.decode()
    assert f'href="/compare/kubeflow-vs-mlflow.{fmt}?diff=1"' in html
    assert client.get(f"/compare/kubeflow-vs-mlflow.{fmt}?diff=1").status_code == 200


def test_export_of_a_set_other_than_a_pair_uses_the_query_form(client, big_catalog):
    html = client.get("/compare/?tools=tool-00&tools=tool-01&tools=tool-02").content.decode()
    assert 'href="/compare/export.csv?tools=tool-00&amp;tools=tool-01&amp;tools=tool-02"' in html
    body = client.get("/compare/export.csv?tools=tool-00&tools=tool-01&tools=tool-02").content
    header = body.decode().splitlines()[0]
    assert header.count(" level") == 3


def test_export_schema_documentation_names_the_current_version(settings):
    from pathlib import Path

    text = (Path(settings.BASE_DIR) / "docs" / "exports.md").read_text(encoding="utf-8")
    assert EXPORT_FORMAT in text
    for field in ComparisonExport.model_fields:
        assert f"`{field}`" in text
    assert json.dumps(ComparisonExport.model_json_schema())  # the schema itself is valid JSON
