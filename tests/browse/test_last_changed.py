"""Each tool's "last changed" date: the newest edit to its entry, ratings, pros and cons,
findings or survey figures, on its profile and under the comparison grid."""

import datetime as dt

import pytest
from django.utils import timezone

from comparisons import models as m
from comparisons.matrix import ToolInfo
from comparisons.queries import last_changed

LONG_AGO = dt.datetime(2026, 3, 14, 12, tzinfo=dt.UTC)
MLFLOW, KUBEFLOW = ToolInfo("mlflow", "MLflow"), ToolInfo("kubeflow", "Kubeflow")


@pytest.fixture
def settled(catalog):
    """The curated catalog with every history record moved back to 14 March 2026."""
    for model in (m.Tool, m.Rating, m.ProCon, m.Finding, m.SurveyFigure, m.Update):
        model.history.model.objects.update(history_date=LONG_AGO)
    return catalog


def changed_on(tool: ToolInfo) -> dt.date | None:
    return next((change.on for change in last_changed([tool])), None)


def test_a_tool_last_changed_when_its_newest_history_record_was_made(settled):
    assert changed_on(MLFLOW) == changed_on(KUBEFLOW) == dt.date(2026, 3, 14)


@pytest.mark.parametrize(
    "edited, untouched, edit",
    [
        (MLFLOW, KUBEFLOW, lambda: m.Tool.objects.get(slug="mlflow").save()),
        (MLFLOW, KUBEFLOW, lambda: m.Rating.objects.filter(tool__slug="mlflow")[0].save()),
        (MLFLOW, KUBEFLOW, lambda: m.ProCon.objects.filter(tool__slug="mlflow")[0].delete()),
        (MLFLOW, KUBEFLOW, lambda: m.Finding.objects.filter(tool__slug="mlflow")[0].save()),
        (KUBEFLOW, MLFLOW, lambda: m.SurveyFigure.objects.filter(tool__slug="kubeflow")[0].save()),
    ],
    ids=["the tool", "a rating", "a deleted con", "a finding", "a survey figure"],
)
def test_an_edit_to_any_part_of_a_tool_moves_only_that_tools_date(settled, edited, untouched, edit):
    day_before = timezone.localdate()
    edit()
    assert changed_on(edited) in {day_before, timezone.localdate()}  # midnight may fall between
    assert changed_on(untouched) == dt.date(2026, 3, 14)


def test_a_tool_without_history_has_no_date_rather_than_a_made_up_one(db):
    m.Tool.objects.bulk_create([m.Tool(slug="quiet", name="Quiet")])  # no signals, no history
    assert last_changed([ToolInfo("quiet", "Quiet")]) == []


def test_changes_come_in_the_order_asked_in_two_queries(settled, django_assert_num_queries):
    with django_assert_num_queries(2):
        changes = last_changed([KUBEFLOW, MLFLOW])
    assert [change.tool.slug for change in changes] == ["kubeflow", "mlflow"]


def test_the_profile_says_when_the_tool_last_changed(client, settled):
    html = client.get("/tools/mlflow/").content.decode()
    assert "<dt>Last changed</dt>" in html
    assert '<time datetime="2026-03-14">14 Mar 2026</time>' in html


def test_the_comparison_says_when_each_tool_last_changed(client, settled):
    m.Rating.objects.filter(tool__slug="kubeflow").first().save()
    html = client.get("/compare/kubeflow-vs-mlflow/").content.decode()
    assert "Last changed in this catalog:" in html
    kubeflow = changed_on(KUBEFLOW)
    assert kubeflow != dt.date(2026, 3, 14)
    assert f'Kubeflow</a> <time datetime="{kubeflow.isoformat()}">' in html
    assert 'MLflow</a> <time datetime="2026-03-14">14 Mar 2026</time>' in html
