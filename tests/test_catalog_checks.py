"""The catalog checks of issue 19: sources have https addresses and read dates, ratings are
reviewed no later than their sources were read, tools state hosting and version with sources,
outlooks carry their date, and updates keep the article's claim beside the current docs."""

import copy
import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from django.conf import settings

from comparisons import models as m
from comparisons.catalog import parse_catalog
from comparisons.schemas import ARTICLE_SOURCE, https_problem
from tests.catalog_problems import problems_for

ARTICLE_URL = "https://wetranscloud.com/blog/mlflow-vs-kubeflow-mlops"


def source(raw: dict, slug: str) -> dict:
    return next(s for s in raw["sources"] if s["slug"] == slug)


def first_hand_source(raw: dict) -> tuple[int, dict]:
    return next((i, s) for i, s in enumerate(raw["sources"]) if "via" not in s)


# --- Sources ------------------------------------------------------------------------------


def test_a_source_without_an_address_is_refused(raw):
    i, entry = first_hand_source(raw)
    del entry["url"]
    assert any(
        p.startswith(f"$.sources[{i}].url: a source needs the https address")
        for p in problems_for(raw)
    )


def test_a_source_read_through_the_article_keeps_its_citation_without_an_address(raw):
    cited = source(raw, "kubeflow-user-survey-2023")
    assert "url" not in cited and cited["via"] == ARTICLE_SOURCE
    parse_catalog(json.dumps(raw))  # no problem


@pytest.mark.parametrize(
    "url",
    [
        "http://mlflow.org/docs/latest/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://example.org/file",
        "https://mlflow.org/docs latest/",
        'https://mlflow.org/"onmouseover="x',
        "https://user:secret@mlflow.org/",
        "https:///no-host",
        "//mlflow.org/docs/",
    ],
)
def test_a_source_whose_address_is_not_plain_https_is_refused(raw, url):
    i, entry = first_hand_source(raw)
    entry["url"] = url
    assert any(p.startswith(f"$.sources[{i}].url: ") for p in problems_for(raw))


def test_a_source_with_an_address_needs_the_day_it_was_read(raw):
    i, entry = first_hand_source(raw)
    del entry["accessed_on"]
    assert f"$.sources[{i}].accessed_on: give the day the page was read" in problems_for(raw)


def test_an_undated_documentation_page_is_dated_by_the_day_it_was_read(raw):
    docs = next(s for s in raw["sources"] if s["kind"] == "vendor-docs" and "published_on" not in s)
    assert docs["accessed_on"] == "2026-12-06"
    parse_catalog(json.dumps(raw))  # no problem


def test_a_tool_homepage_must_be_https(raw):
    raw["tools"][0]["homepage"] = "http://www.kubeflow.org/"
    assert any(p.startswith("$.tools[0].homepage: ") for p in problems_for(raw))


def test_the_https_check_accepts_a_plain_address_and_explains_a_refusal():
    assert https_problem("https://docs.zenml.io/concepts/rbac") is None
    assert "https" in https_problem("http://docs.zenml.io/")


def test_the_old_documentation_kind_is_now_official_documentation(raw):
    raw["sources"][0]["kind"] = "documentation"
    assert any(p.startswith("$.sources[0].kind") for p in problems_for(raw))
    assert dict(m.SourceKind.choices)["vendor-docs"] == "Official documentation"


# --- Ratings -----------------------------------------------------------------------------


def test_a_rating_without_a_source_is_refused(raw):
    raw["ratings"][0]["sources"] = []
    assert any(p.startswith("$.ratings[0].sources") for p in problems_for(raw))


def test_a_rating_reviewed_after_its_newest_source_was_read_is_refused(raw):
    rating = raw["ratings"][0]
    rating["reviewed_on"] = "2026-12-07"
    assert (
        "$.ratings[0].reviewed_on: 2026-12-07 is later than its newest source was read (2026-12-06)"
        in problems_for(raw)
    )


def test_a_source_read_through_another_counts_by_the_day_that_one_was_read(raw):
    raw["ratings"][0]["sources"] = ["kubeflow-user-survey-2023"]  # via the article
    raw["ratings"][0]["reviewed_on"] = "2026-12-06"
    parse_catalog(json.dumps(raw))  # the article was read on 2026-12-06
    source(raw, ARTICLE_SOURCE)["accessed_on"] = "2026-12-01"
    assert any(
        p.startswith("$.ratings[0].reviewed_on: 2026-12-06 is later") for p in problems_for(raw)
    )


def test_a_rating_whose_sources_give_no_read_date_is_refused(raw):
    for s in raw["sources"]:
        s.pop("accessed_on", None)
        s.pop("url", None)
        s["via"] = s.get("via") or "kubeflow-user-survey-2023"
    source(raw, "kubeflow-user-survey-2023").pop("via")
    source(raw, "kubeflow-user-survey-2023")["url"] = ""
    problems = problems_for(raw)
    assert any("none of its sources gives the day it was read" in p for p in problems)


def test_not_documented_is_a_level_of_the_file():
    from comparisons.vocabulary import LEVEL_BY_SLUG

    level = LEVEL_BY_SLUG["not-documented"]
    assert level.label == "Not documented"
    assert not level.on_scale and level.meter == ()


# --- Tools, findings, updates ------------------------------------------------------------


def test_a_tool_states_where_it_runs(raw):
    del raw["tools"][0]["hosting"]
    assert "$.tools[0].hosting: required field is missing" in problems_for(raw)


def test_a_version_needs_a_source_that_states_it(raw):
    raw["tools"][0]["version_source"] = None
    assert "$.tools[0].version_source: a version needs a source that states it" in problems_for(raw)


def test_an_outlook_needs_the_date_it_was_stated(raw):
    i, outlook = next((i, f) for i, f in enumerate(raw["findings"]) if f["kind"] == "outlook")
    del outlook["as_of"]
    assert (
        f"$.findings[{i}].as_of: an outlook needs the date it was stated (`as_of`)"
        in problems_for(raw)
    )


def test_an_update_names_a_known_tool_row_and_sources(raw):
    update = raw["updates"][0]
    update["tool"], update["capability"], update["sources"] = "nope", "nowhere", ["missing"]
    problems = problems_for(raw)
    assert "$.updates[0].tool: unknown tool 'nope'" in problems
    assert "$.updates[0].capability: unknown capability 'nowhere'" in problems
    assert "$.updates[0].sources[0]: unknown source 'missing'" in problems


def test_an_update_cites_the_current_docs_not_the_article_for_the_current_state(raw):
    raw["updates"][0]["sources"] = [ARTICLE_SOURCE]
    assert any(
        p.startswith("$.updates[0].sources: the current state cites") for p in problems_for(raw)
    )


# --- The shipped catalog -----------------------------------------------------------------


def test_the_article_has_its_address_and_read_date(raw):
    article = source(raw, ARTICLE_SOURCE)
    assert article["url"] == ARTICLE_URL and article["accessed_on"] == "2026-12-06"
    for slug in ("pypi-mlflow-3-18-0", "pypi-kfp-2-17-3"):
        assert source(raw, slug)["kind"] == "package-registry"
        assert source(raw, slug)["accessed_on"] == "2026-12-06"


def test_the_shipped_catalog_rates_every_cell_of_at_least_8_tools_by_12_capabilities(catalog_text):
    catalog = parse_catalog(catalog_text)
    assert len(catalog.tools) >= 8 and len(catalog.capabilities) >= 12
    cells = {(r.tool, r.capability) for r in catalog.ratings}
    assert cells == {(t.slug, c.slug) for t in catalog.tools for c in catalog.capabilities}
    assert all(t.hosting and t.licence_source for t in catalog.tools)


def test_the_grid_rows_have_their_one_line_definitions(catalog_text):
    capabilities = {c.slug: c.description for c in parse_catalog(catalog_text).capabilities}
    assert capabilities["model-registry"] == (
        "A versioned store of trained models, with aliases, tags or stages that mark which "
        "version is in use."
    )
    for slug in (
        "multi-tenancy-access-control",
        "genai-llm",
        "lineage-metadata",
        "portability",
        "managed-offering",
    ):
        assert capabilities[slug]


def test_no_shipped_rating_is_dated_later_than_its_newest_source_was_read(catalog):
    ratings = m.Rating.objects.prefetch_related("sources__via")
    assert ratings.count() >= 96
    for rating in ratings:
        days = [s.read_on for s in rating.sources.all() if s.read_on]
        assert days, f"{rating} cites no source with a read date"
        assert rating.reviewed_on <= max(days), rating


def test_every_shipped_rating_outside_the_article_cites_an_https_source_with_a_read_date(catalog):
    article_only = {ARTICLE_SOURCE}
    for rating in m.Rating.objects.prefetch_related("sources"):
        sources = list(rating.sources.all())
        if {s.slug for s in sources} <= article_only:
            continue
        assert any(s.url.startswith("https://") and s.accessed_on for s in sources), rating
    for s in m.Source.objects.exclude(url=""):
        assert https_problem(s.url) is None and s.accessed_on is not None, s.slug


def test_the_shipped_outlooks_carry_their_date(catalog):
    outlooks = m.Finding.objects.filter(kind=m.FindingKind.OUTLOOK)
    assert outlooks.exists()
    assert not outlooks.filter(as_of__isnull=True).exists()


def test_the_shipped_updates_keep_the_articles_claim_beside_the_current_docs(catalog):
    update = m.Update.objects.get(slug="mlflow-registry-stages-to-aliases")
    assert update.claimed_in.slug == ARTICLE_SOURCE
    assert "stages" in update.article_claim.lower()
    assert update.sources.exclude(slug=ARTICLE_SOURCE).count() == update.sources.count() >= 1


# --- The admin applies the same rule -----------------------------------------------------


def test_the_admin_refuses_a_rating_reviewed_after_its_sources_were_read(catalog, admin_client):
    rating = m.Rating.objects.get(tool__slug="mlflow", capability__slug="model-registry")
    url = f"/admin/comparisons/rating/{rating.pk}/change/"
    data = {
        "tool": rating.tool_id,
        "capability": rating.capability_id,
        "level": rating.level,
        "summary": rating.summary,
        "note": rating.note,
        "sources": [s.pk for s in rating.sources.all()],
        "reviewed_on": "2026-12-31",
        "version": rating.version,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "later than the newest of its sources was read" in response.content.decode()
    rating.refresh_from_db()
    assert rating.reviewed_on <= dt.date(2026, 12, 6)


def test_the_admin_refuses_a_source_without_an_address(catalog, admin_client):
    response = admin_client.post(
        "/admin/comparisons/source/add/",
        {
            "slug": "no-address",
            "title": "No address",
            "publisher": "Someone",
            "url": "",
            "accessed_on": "2026-12-06",
            "date_precision": "day",
            "kind": "vendor-docs",
            "order": 0,
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "needs the address of the page that was read" in response.content.decode()
    assert not m.Source.objects.filter(slug="no-address").exists()


# --- Merging research fragments ----------------------------------------------------------


def load_merge_script():
    path = Path(settings.BASE_DIR) / "scripts" / "merge_fragment.py"
    spec = importlib.util.spec_from_file_location("merge_fragment", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_merging_a_fragment_appends_new_entries_and_replaces_those_it_names(raw):
    merge = load_merge_script().merge
    old = copy.deepcopy(raw)
    first = copy.deepcopy(raw["ratings"][0])
    first["summary"] = "Re-checked against the current docs."
    fragment = {"ratings": [first], "sources": [{**raw["sources"][-1], "slug": "a-new-page"}]}
    counts = merge(raw, fragment)
    assert counts["ratings"] == (0, 1) and counts["sources"] == (1, 0)
    assert raw["ratings"][0]["summary"] == "Re-checked against the current docs."
    assert len(raw["ratings"]) == len(old["ratings"])
    assert raw["sources"][-1]["slug"] == "a-new-page"
    assert raw["wizard"] == old["wizard"]
