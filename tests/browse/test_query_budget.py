"""Queries per page stay fixed however many tools and capabilities the catalog holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comparisons import models as m

from .conftest import make_catalog

# revision + published tools + capabilities + ratings + rating sources + updated cells +
# sources, and for "At a glance": sources again + outcomes (+ their tools) + use cases
# (+ sources) + questions, and "Last changed": the tools' ids + their newest history records
# (one UNION)
COMPARE_BUDGET = 15
# the same, as the export reuses the revision the cache read
EXPORT_BUDGET = 7
# revision + tools + 5 for the matrix + pros/cons (2) + figures + findings (2) + use cases
# + updates (2) + last changed (2)
PROFILE_BUDGET = 17


def count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def test_compare_page_queries_do_not_grow_with_tools_or_capabilities(client, big_catalog):
    status, two = count(client, "/compare/?" + big_catalog.query_for(tools=2))
    assert status == 200
    status, twenty = count(client, "/compare/?" + big_catalog.query_for(tools=20))
    assert status == 200
    assert two == twenty <= COMPARE_BUDGET


def test_compare_page_with_20_tools_shows_all_2000_cells(client, big_catalog):
    response = client.get("/compare/?" + big_catalog.query_for(tools=20))
    matrix = response.context["matrix"]
    assert len(matrix.tools) == 20 and len(matrix.rows) == 100
    assert response.content.decode().count('class="cell-summary"') == 2000


def test_only_differences_costs_no_extra_queries(client, big_catalog):
    status, queries = count(client, "/compare/?" + big_catalog.query_for(tools=20, diff="1"))
    assert status == 200 and queries <= COMPARE_BUDGET


def test_pair_page_queries_stay_within_budget(client, big_catalog):
    status, queries = count(client, "/compare/tool-00-vs-tool-19/")
    assert status == 200 and queries <= COMPARE_BUDGET


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_export_queries_do_not_grow_with_tools(client, big_catalog, fmt):
    status, two = count(client, f"/compare/export.{fmt}?" + big_catalog.query_for(tools=2))
    assert status == 200
    status, twenty = count(client, f"/compare/export.{fmt}?" + big_catalog.query_for(tools=20))
    assert status == 200
    assert two == twenty <= EXPORT_BUDGET


def test_tool_profile_queries_stay_within_budget_at_20_by_100(client, big_catalog):
    status, queries = count(client, "/tools/tool-07/")
    assert status == 200
    assert queries <= PROFILE_BUDGET


def test_tool_profile_links_to_a_comparison_with_each_other_tool(client, big_catalog):
    html = client.get("/tools/tool-07/").content.decode()
    assert html.count("Tool 07 vs Tool") == 19
    assert 'href="/compare/tool-00-vs-tool-07/"' in html
    assert 'href="/compare/tool-07-vs-tool-19/"' in html


def test_home_page_queries_stay_within_budget_at_20_by_100(client, big_catalog):
    status, queries = count(client, "/")
    assert status == 200 and queries <= 9


@pytest.mark.parametrize(
    ("url", "budget"), [("/insights/", 8), ("/use-cases/", 8), ("/sources/", 11)]
)
def test_other_pages_stay_within_budget(client, big_catalog, url, budget):
    status, queries = count(client, url)
    assert status == 200 and queries <= budget


def test_a_signed_in_compare_page_costs_fewer_queries_once_its_results_are_cached(
    client, big_catalog, make_user
):
    client.force_login(make_user("alice"))
    url = "/compare/?" + big_catalog.query_for(tools=20)
    _, fresh = count(client, url)
    _, cached = count(client, url)
    # skipped: the grid (capabilities, ratings, their sources, updated cells, sources), "At a
    # glance" (sources, outcomes and their tools, use cases and their sources), the question
    # count and "Last changed" (tool ids, history)
    assert cached == fresh - 13


def test_compare_page_costs_the_same_queries_for_2_tools_as_for_a_10_by_50_catalog(db, client):
    small = make_catalog(2, 7)
    _, two = count(client, "/compare/?" + small.query_for(tools=2))
    m.Rating.objects.all().delete()
    m.Tool.objects.all().delete()
    m.Capability.objects.all().delete()
    m.Source.objects.all().delete()
    big = make_catalog(10, 50)
    status, ten = count(client, "/compare/?" + big.query_for(tools=10))
    assert status == 200
    assert two == ten <= COMPARE_BUDGET
