"""Queries per API request stay flat however large the catalog: the published catalog is read
once per revision (a fixed number of queries), then every answer is cut from it."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comparisons import models as m
from tests.browse.conftest import BIG_CAPABILITIES, BIG_TOOLS, make_catalog
from tests.wizard_rules import JUST_STARTING

# Read on a cold cache: revision + the whole catalog dump (sources, tools, capabilities,
# ratings and their sources, surveys and figures, findings, pros and cons and their sources,
# updates (with their tool, capability and claim's source) and their current sources,
# outcomes and tools, use cases, steps and sources, questions, choices, weights and their
# capabilities, prerequisites and their choices, the wizard's invariants), once per revision.
COLD_BUDGET = 28
# evaluate, cold: the same dump, plus the wizard's rules (seven queries, once per revision).
EVALUATE_BUDGET = COLD_BUDGET + 7
# The OpenAPI document's examples are real answers: all of the above, once per revision (39 at
# the catalog's updates; flat in the catalog's size like the rest).
OPENAPI_BUDGET = EVALUATE_BUDGET + 4
# Warm: the revision only, read from the database inside a transaction (as every test runs);
# outside one it comes from the shared cache, and a repeat request costs no query at all.
WARM_BUDGET = 1

READS = [
    ("list_tools", ()),
    ("get_tool", ("mlflow",)),
    ("list_capabilities", ()),
    ("list_sources", ()),
    ("list_surveys", ()),
    ("list_findings", ()),
    ("list_updates", ()),
    ("list_use_cases", ()),
    ("wizard_questions", ()),
    ("openapi-json", ()),
]


def count(request) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response.status_code, len(queries)


def reads(client, name: str, args: tuple) -> callable:
    path = reverse(f"api:api-v1:{name}", args=args)
    return lambda: client.get(path)


def matrix(client):
    return lambda: client.get(reverse("api:api-v1:get_matrix") + "?tools=mlflow&tools=kubeflow")


def evaluation(client):
    body = json.dumps({"answers": JUST_STARTING})
    path = reverse("api:api-v1:evaluate")
    return lambda: client.post(path, body, content_type="application/json")


def grow_catalog() -> None:
    """The catalog at 20 more tools × 100 capabilities, each new tool with an update about
    one of its cells, citing where the article said it and two current sources."""
    big = make_catalog(BIG_TOOLS, BIG_CAPABILITIES)
    tools = m.Tool.objects.filter(slug__in=big.tools).order_by("slug")
    tools.update(hosting="self-hosted")  # the catalog file requires it; make_catalog leaves it out
    capabilities = m.Capability.objects.filter(slug__in=big.capabilities).order_by("slug")
    sources = list(m.Source.objects.filter(slug__startswith="source-").order_by("slug"))
    updates = m.Update.objects.bulk_create(
        m.Update(
            slug=f"update-{i:02d}",
            tool=tool,
            capability=capability,
            article_claim=f"Claim {i}",
            claimed_in=sources[i % len(sources)],
            current=f"Current {i}",
            order=i,
        )
        for i, (tool, capability) in enumerate(zip(tools, capabilities, strict=False))
    )
    through = m.Update.sources.through
    through.objects.bulk_create(
        through(update_id=update.id, source_id=sources[(i + k) % len(sources)].id)
        for i, update in enumerate(updates)
        for k in range(2)
    )
    m.CatalogRevision.bump()


def cold(request) -> tuple[int, int]:
    cache.clear()
    return count(request)


@pytest.mark.parametrize(("name", "args"), READS)
def test_a_read_costs_the_same_queries_at_20_tools_by_100_capabilities(client, catalog, name, args):
    request = reads(client, name, args)
    status, small = cold(request)
    assert status == 200 and small <= (OPENAPI_BUDGET if name == "openapi-json" else COLD_BUDGET)
    grow_catalog()
    status, big = cold(request)
    assert status == 200 and big == small


@pytest.mark.parametrize(("name", "args"), READS)
def test_a_repeated_read_costs_only_the_revision(client, catalog, name, args):
    request = reads(client, name, args)
    assert count(request)[0] == 200
    assert count(request) == (200, WARM_BUDGET)


def test_the_matrix_costs_the_same_queries_whatever_the_catalogs_size(client, catalog):
    status, small = cold(matrix(client))
    assert status == 200 and small <= COLD_BUDGET
    grow_catalog()
    status, big = cold(matrix(client))
    assert status == 200 and big == small
    many = "&".join(f"tools=tool-{i:02d}" for i in range(BIG_TOOLS))
    status, twenty = cold(lambda: client.get(reverse("api:api-v1:get_matrix") + "?" + many))
    assert status == 200 and twenty == small


def test_evaluate_costs_the_same_queries_whatever_the_catalogs_size(client, catalog):
    status, small = cold(evaluation(client))
    assert status == 200 and small <= EVALUATE_BUDGET
    grow_catalog()
    status, big = cold(evaluation(client))
    assert status == 200 and big == small
    assert count(evaluation(client)) == (200, WARM_BUDGET)
