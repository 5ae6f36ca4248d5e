"""The public API: what each operation answers, its sources, caching, limits, CORS and CSRF."""

import datetime as dt
import gzip
import json

import pytest
from django.test import Client
from django.urls import reverse

from api.catalog import cited_slugs, cites_sources
from comparisons import models as m
from comparisons.catalog import dump_catalog
from tests.wizard_rules import (
    JUST_STARTING,
    KUBERNETES_MATURE_AND_AUTOMATED,
    TRACKING_AND_ORCHESTRATION,
)


def url(name: str, *args: str) -> str:
    return reverse(f"api:api-v1:{name}", args=args)


def matrix_url(*tools: str, diff: str = "") -> str:
    query = "&".join(f"tools={tool}" for tool in tools) + (f"&diff={diff}" if diff else "")
    return f"{url('get_matrix')}?{query}"


def evaluate(client, answers) -> object:
    body = json.dumps({"answers": answers})
    return client.post(url("evaluate"), body, content_type="application/json")


# --- What the catalog reads answer ---------------------------------------------------------


def test_tools_are_the_catalog_files_entries_of_the_published_tools(client, catalog):
    answer = client.get(url("list_tools")).json()
    expected = [t.model_dump(mode="json") for t in dump_catalog().tools if t.published]
    assert answer["tools"] == expected
    assert len(expected) == m.Tool.objects.filter(is_published=True).count() > 1
    assert answer["catalog_revision"] == m.CatalogRevision.current()


def test_one_tool_comes_with_its_ratings_pros_cons_findings_and_figures(client, catalog):
    answer = client.get(url("get_tool", "kubeflow")).json()
    assert answer["tool"]["slug"] == "kubeflow"
    assert len(answer["ratings"]) == m.Capability.objects.count()
    assert {r["tool"] for r in answer["ratings"]} == {"kubeflow"}
    assert answer["pros_cons"] and {p["tool"] for p in answer["pros_cons"]} == {"kubeflow"}
    assert answer["findings"] and {f["tool"] for f in answer["findings"]} == {"kubeflow"}
    figures = [f for survey in answer["surveys"] for f in survey["figures"]]
    assert figures and {f["tool"] for f in figures} == {"kubeflow"}


def test_an_unknown_tool_gets_a_json_404(client, catalog):
    response = client.get(url("get_tool", "airflow"))
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no published tool called “airflow”."}


def test_one_tool_comes_with_its_updates_since_the_article_and_their_sources(client, catalog):
    answer = client.get(url("get_tool", "mlflow")).json()
    expected = [u.model_dump(mode="json") for u in dump_catalog().updates if u.tool == "mlflow"]
    assert expected and answer["updates"] == expected
    listed = {source["slug"] for source in answer["sources"]}
    assert {u["claimed_in"] for u in expected} | {s for u in expected for s in u["sources"]} <= (
        listed
    )


def test_the_updates_are_the_catalog_files_entries_with_both_sides_sources(client, catalog):
    answer = client.get(url("list_updates")).json()
    expected = [u.model_dump(mode="json") for u in dump_catalog().updates]
    assert len(expected) > 1 and answer["updates"] == expected
    assert answer["catalog_revision"] == m.CatalogRevision.current()
    listed = {source["slug"]: source for source in answer["sources"]}
    for update in answer["updates"]:
        assert update["claimed_in"] in listed and set(update["sources"]) <= listed.keys()


def test_an_updates_claim_cited_nowhere_else_is_listed_with_its_date(client, catalog):
    """`claimed_in` names no `sources`: its source is listed all the same."""
    release_notes = m.Source.objects.create(
        slug="mlflow-release-notes-2-0",
        title="MLflow 2.0 release notes",
        publisher="MLflow",
        url="https://mlflow.org/releases/2.0",
        published_on=dt.date(2022, 11, 14),
        accessed_on=dt.date(2026, 12, 6),
        kind="release",
    )
    update = m.Update.objects.filter(tool__slug="mlflow").first()
    update.claimed_in = release_notes
    update.save()
    for answer in (client.get(url("list_updates")), client.get(url("get_tool", "mlflow"))):
        listed = {source["slug"]: source for source in answer.json()["sources"]}
        assert listed["mlflow-release-notes-2-0"]["published_on"] == "2022-11-14"


def test_an_unpublished_tool_and_everything_about_it_is_left_out(client, catalog):
    published = [t.slug for t in dump_catalog().tools if t.published]
    kubeflow = m.Tool.objects.get(slug="kubeflow")
    assert "kubeflow" in {u.tool for u in dump_catalog().updates}
    kubeflow.is_published = False
    kubeflow.save()
    tools = [t["slug"] for t in client.get(url("list_tools")).json()["tools"]]
    assert tools == [slug for slug in published if slug != "kubeflow"]
    assert client.get(url("get_tool", "kubeflow")).status_code == 404
    assert client.get(matrix_url("kubeflow", "mlflow")).status_code == 404
    findings = client.get(url("list_findings")).json()["findings"]
    assert findings and "kubeflow" not in {f["tool"] for f in findings}
    surveys = client.get(url("list_surveys")).json()["surveys"]
    assert "kubeflow" not in {f["tool"] for s in surveys for f in s["figures"]}
    outcomes = client.get(url("list_use_cases")).json()["outcomes"]
    assert "kubeflow" not in {tool for o in outcomes for tool in o["tools"]}
    assert "kubeflow" in {o["slug"] for o in outcomes}  # the outcome is not the tool
    updates = client.get(url("list_updates")).json()["updates"]
    assert updates and "kubeflow" not in {u["tool"] for u in updates}


def test_capabilities_and_sources_are_the_catalog_files_entries(client, catalog):
    dumped = dump_catalog()
    capabilities = client.get(url("list_capabilities")).json()["capabilities"]
    assert capabilities == [c.model_dump(mode="json") for c in dumped.capabilities]
    sources = client.get(url("list_sources")).json()["sources"]
    assert sources == [s.model_dump(mode="json") for s in dumped.sources]


def test_the_wizard_questions_carry_choices_points_reasons_and_prerequisites(client, catalog):
    answer = client.get(url("wizard_questions")).json()
    assert [q["slug"] for q in answer["questions"]] == list(JUST_STARTING)
    reasons = [r for q in answer["questions"] for c in q["choices"] for r in c["reasons"].values()]
    # A reason from the article cites it; the portal's own judgement says so instead.
    assert {r["basis"] for r in reasons} == {"article", "judgement"}
    assert all(r["source"] for r in reasons if r["basis"] == "article")
    assert "invariants" in answer and answer["invariants"]
    assert {p["outcome"] for p in answer["prerequisites"]} == {"kubeflow", "hybrid"}


# --- No fact without its source ------------------------------------------------------------


FACTS = [
    "list_tools",
    "list_surveys",
    "list_findings",
    "list_updates",
    "list_use_cases",
    "wizard_questions",
]


@pytest.mark.parametrize("name", [*FACTS, "get_tool", "get_matrix", "evaluate"])
def test_every_source_an_answer_cites_is_listed_with_its_dates(client, catalog, name):
    if name == "get_tool":
        answer = client.get(url(name, "mlflow")).json()
    elif name == "get_matrix":
        answer = client.get(matrix_url("kubeflow", "mlflow")).json()
        numbers = {n for row in answer["rows"] for cell in row["cells"] for n in cell["sources"]}
        assert numbers == {source["number"] for source in answer["sources"]}
        assert all(source["published"] for source in answer["sources"])
        return
    elif name == "evaluate":
        answer = evaluate(client, JUST_STARTING).json()
    else:
        answer = client.get(url(name)).json()
    listed = {source["slug"]: source for source in answer["sources"]}
    facts = {key: value for key, value in answer.items() if key != "sources"}
    cited = _cited_in(facts)
    assert cited and cited <= listed.keys()
    # Each source is dated (published, or read on a day: documentation pages are undated), or
    # says where it was read (which is listed too, with its date).
    for source in listed.values():
        assert source["published_on"] or source["accessed_on"] or source["via"] in listed


def _cited_in(data) -> set[str]:
    """Source slugs in any `source`, `sources`, `*_source` or `claimed_in` field of plain JSON
    (written out here, not with the API's rule, so that rule is checked too)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("source", "sources", "claimed_in") or key.endswith("_source"):
                found |= {value} if isinstance(value, str) else set(value or [])
            else:
                found |= _cited_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= _cited_in(item)
    return found


def test_the_field_naming_rule_finds_every_source_the_catalog_file_cites(catalog):
    """Which fields cite sources is derived from their names; a field that cites a source
    under another name would leave that source unlisted, and fail here."""
    dumped = dump_catalog()
    slugs = {source.slug for source in dumped.sources}
    citing = _fields_naming(slugs, dumped.model_dump(exclude={"sources"}))
    citing |= _fields_naming(slugs, [source.model_dump() for source in dumped.sources])
    assert {"sources", "claimed_in", "via"} <= citing
    assert all(cites_sources(name) for name in citing), citing
    assert set(cited_slugs(dumped.updates)) == {
        slug for u in dumped.updates for slug in [u.claimed_in, *u.sources]
    }


def _fields_naming(slugs: set[str], data) -> set[str]:
    """The names of the fields, at any depth, whose value is or lists one of `slugs`; an
    entry's own `slug` is its name, not a citation (a survey is named like its source)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "slug":
                continue
            texts = [value] if isinstance(value, str) else value
            if isinstance(texts, list) and any(t in slugs for t in texts if isinstance(t, str)):
                found.add(key)
            found |= _fields_naming(slugs, value)
    elif isinstance(data, list | tuple):
        for item in data:
            found |= _fields_naming(slugs, item)
    return found


# --- The matrix ----------------------------------------------------------------------------


def test_the_matrix_is_the_comparison_pages_json_export(client, catalog):
    export = client.get(reverse("comparisons:pair_export", args=["kubeflow-vs-mlflow", "json"]))
    assert client.get(matrix_url("mlflow", "kubeflow")).json() == export.json()


def test_the_matrix_of_every_tool_is_the_export_with_its_updates_kinds_and_read_dates(
    client, catalog
):
    tools = [t.slug for t in dump_catalog().tools if t.published]
    query = "&".join(f"tools={tool}" for tool in tools)
    export = client.get(reverse("comparisons:export", args=["json"]) + "?" + query).json()
    answer = client.get(matrix_url(*tools)).json()
    assert answer == export and len(answer["tools"]) == len(tools)
    cells = [cell for row in answer["rows"] for cell in row["cells"] if cell]
    assert any(cell["changed_since_article"] for cell in cells)
    assert all(s["kind"] and (s["accessed_on"] or s["url"] == "") for s in answer["sources"])


def test_the_matrix_can_show_only_differences(client, catalog):
    before = client.get(matrix_url("kubeflow", "mlflow")).json()
    differing = [row["capability"] for row in before["rows"] if row["differs"]]
    assert len(differing) > 1 and len(differing) < len(before["rows"])
    rating = m.Rating.objects.get(tool__slug="mlflow", capability__slug=differing[0])
    rating.level = m.Rating.objects.get(tool__slug="kubeflow", capability__slug=differing[0]).level
    rating.save()
    full = client.get(matrix_url("kubeflow", "mlflow")).json()
    diff = client.get(matrix_url("kubeflow", "mlflow", diff="1")).json()
    assert len(full["rows"]) == len(before["rows"]) and not full["only_differences"]
    assert diff["only_differences"]
    assert [row["capability"] for row in diff["rows"]] == differing[1:]
    export = reverse("comparisons:pair_export", args=["kubeflow-vs-mlflow", "json"])
    assert diff == client.get(export + "?diff=1").json()


def test_the_matrix_counts_a_tool_named_twice_once(client, catalog):
    answer = client.get(matrix_url("mlflow", "mlflow")).json()
    assert [tool["slug"] for tool in answer["tools"]] == ["mlflow"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("tools=airflow", 404),
        ("", 422),
        ("tools=Not%20a%20slug", 422),
        ("tools=mlflow&diff=2", 422),
    ],
)
def test_the_matrix_refuses_bad_queries_in_json(client, catalog, query, status):
    response = client.get(f"{url('get_matrix')}?{query}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json") and response.json()["detail"]


# --- The wizard ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        (JUST_STARTING, "mlflow"),
        (KUBERNETES_MATURE_AND_AUTOMATED, "kubeflow"),
        (TRACKING_AND_ORCHESTRATION, "hybrid"),
    ],
)
def test_evaluate_gives_the_articles_three_paths(client, catalog, answers, outcome):
    answer = evaluate(client, answers).json()
    assert answer["recommendation"]["slug"] == answer["advice"]["winner"] == outcome


def test_evaluate_explains_fit_confidence_reasons_path_and_what_would_change_it(client, catalog):
    answer = evaluate(client, JUST_STARTING).json()
    advice = answer["advice"]
    assert [a["question"] for a in answer["answers"]] == list(JUST_STARTING)
    assert {f["outcome"] for f in advice["fits"]} == {"mlflow", "hybrid", "kubeflow"}
    assert all(0 <= f["fit"] <= 100 for f in advice["fits"])
    assert advice["confidence"] in ("clear", "leaning", "close call")
    assert advice["reasons"] and all(r["source"] for r in advice["reasons"])
    listed = {source["slug"] for source in answer["sources"]}
    assert {r["source"] for r in advice["reasons"]} <= listed
    assert {r["outcome"] for r in advice["routes"]} == {"hybrid", "kubeflow"}


def test_evaluate_lists_every_problem_with_invalid_answers(client, catalog):
    answers = {**JUST_STARTING, "kubernetes": "lots", "budget": "small"}
    del answers["stage"]
    response = evaluate(client, answers)
    assert response.status_code == 422
    problems = {tuple(p["loc"]): p["msg"] for p in response.json()["detail"]}
    assert problems == {
        ("body", "answers", "kubernetes"): "“lots” is not one of the choices.",
        ("body", "answers", "stage"): "This question needs an answer.",
        ("body", "answers", "budget"): "There is no such question.",
    }


def test_evaluate_refuses_answers_that_are_not_text(client, catalog):
    response = evaluate(client, {**JUST_STARTING, "kubernetes": 3})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kubernetes"


def test_evaluate_refuses_a_body_that_is_not_json(client, catalog):
    response = client.post(url("evaluate"), "{", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]


def test_evaluate_needs_no_csrf_token_even_from_a_signed_in_browser(catalog, make_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user("alice"))
    response = evaluate(browser, JUST_STARTING)
    assert response.status_code == 200
    assert not response.cookies  # nor does it touch the session


def test_evaluate_answers_503_when_the_wizard_has_no_rules(client, db):
    response = evaluate(client, JUST_STARTING)
    assert response.status_code == 503 and response.json()["detail"]


def test_evaluate_is_never_cached(client, catalog):
    assert "no-store" in evaluate(client, JUST_STARTING)["Cache-Control"]


# --- Caching, limits, CORS -----------------------------------------------------------------


def test_a_read_carries_an_etag_and_answers_304_while_the_catalog_is_unchanged(client, catalog):
    first = client.get(url("list_tools"))
    again = client.get(url("list_tools"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_an_edit_changes_the_etag_and_is_served_on_the_next_request(client, catalog):
    first = client.get(url("get_tool", "mlflow"))
    tool = m.Tool.objects.get(slug="mlflow")
    tool.tagline = "A new tagline"
    tool.save()
    after = client.get(url("get_tool", "mlflow"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert after.json()["tool"]["tagline"] == "A new tagline"


def test_reads_may_be_cached_publicly_and_read_from_any_origin(client, catalog):
    response = client.get(url("list_sources"), HTTP_ORIGIN="https://backstage.example.com")
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_signed_in_visitor_gets_the_same_public_answer(client, catalog, make_user):
    anonymous = client.get(url("list_tools"))
    client.force_login(make_user("alice"))
    signed_in = client.get(url("list_tools"))
    assert signed_in.content == anonymous.content
    assert signed_in["Cache-Control"] == "public, max-age=60"
    assert "Cookie" not in signed_in.get("Vary", "")


def test_too_many_requests_get_429_with_retry_after(client, catalog, settings):
    settings.API_RATE_LIMIT = "3/m"
    assert [client.get(url("list_tools")).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url("list_tools"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "try again" in refused.json()["detail"]
    assert evaluate(client, JUST_STARTING).status_code == 429


# --- The schema and the page that describes the API ---------------------------------------


def test_the_openapi_document_describes_every_operation_with_examples(client, catalog):
    schema = client.get(url("openapi-json")).json()
    assert schema["openapi"].startswith("3.1")
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert {op["operationId"] for op in operations} == {
        "listTools",
        "getTool",
        "listCapabilities",
        "getMatrix",
        "listSources",
        "listSurveys",
        "listFindings",
        "listUpdates",
        "listUseCases",
        "getWizardQuestions",
        "evaluateWizard",
    }
    for op in operations:
        assert op["summary"]
        for status, response in op["responses"].items():
            content = response["content"]["application/json"]
            assert "schema" in content and "example" in content, (op["operationId"], status)
    evaluate_op = schema["paths"][url("evaluate")]["post"]
    assert evaluate_op["requestBody"]["content"]["application/json"]["example"] == {
        "answers": JUST_STARTING
    }


def test_the_openapi_document_is_cached_like_the_reads(client, catalog):
    first = client.get(url("openapi-json"))
    assert first["Access-Control-Allow-Origin"] == "*"
    assert client.get(url("openapi-json"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_there_are_no_interactive_docs_that_would_load_a_cdn(client, catalog):
    response = client.get(url("api-root") + "docs")
    assert response.status_code == 404 and response.json()["detail"]


def test_the_api_root_leads_to_the_page_that_describes_it(client, catalog):
    response = client.get(url("api-root"))
    assert response.status_code == 302 and response["Location"] == reverse("api:index")


def test_the_api_page_lists_every_operation_with_curl_examples(client, catalog):
    html = client.get(reverse("api:index")).content.decode()
    paths = client.get(url("openapi-json")).json()["paths"]
    methods = [method.upper() for operations in paths.values() for method in operations]
    assert html.count("<tr><td>GET</td>") == methods.count("GET") > 1
    assert html.count("<tr><td>POST</td>") == methods.count("POST") == 1
    assert f"<code>{url('list_updates')}</code>" in html
    assert "curl -s http://testserver/api/v1/tools" in html
    assert "curl -s -X POST http://testserver/api/v1/wizard/evaluate" in html
    assert '"kubernetes": "none"' in html.replace("&quot;", '"')
    assert f'href="{url("openapi-json")}"' in html


def test_a_nul_byte_in_an_api_query_gets_a_json_400(client, catalog):
    response = client.get(url("get_matrix") + "?tools=%00")
    assert response.status_code == 400 and response.json()["detail"]


def test_a_read_is_served_compressed_once_per_revision(client, catalog):
    plain = client.get(url("list_findings"))
    packed = client.get(url("list_findings"), HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] == "W/" + plain["ETag"]
    again = client.get(url("list_findings"), HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_head_of_a_read_answers_like_its_get_without_a_body(client, catalog):
    get = client.get(url("list_tools"))
    head = client.head(url("list_tools"))
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Cache-Control"] == get["Cache-Control"]
