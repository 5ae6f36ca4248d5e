"""The pages at 8+ tools, on a generated catalog (benchmarks.catalog) loaded by the real
loader: the grid, the phone's four columns, updates marked and shown beside the article's
claim, hosting and version, "Not documented", exports with addresses and read dates, and
every outside link https with rel="noopener noreferrer"."""

import json
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.catalog import generate
from comparisons.catalog import load_catalog, parse_catalog
from comparisons.exports import ComparisonExport
from comparisons.matrix import PHONE_TOOLS

TOOLS, CAPABILITIES = 9, 12
OUTSIDE_LINK = re.compile(r'<a\s[^>]*href="(?:https?:)?//[^"]*"[^>]*>')


@pytest.fixture
def eight_plus(db) -> dict:
    raw = generate(TOOLS, CAPABILITIES)
    load_catalog(parse_catalog(json.dumps(raw)))
    return raw


def everyone(raw: dict) -> str:
    return urlencode([("tools", t["slug"]) for t in raw["tools"]])


def test_the_compare_page_shows_every_cell_of_9_tools(client, eight_plus):
    response = client.get("/compare/?" + everyone(eight_plus))
    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert len(matrix.tools) == TOOLS and len(matrix.rows) == CAPABILITIES
    html = response.content.decode()
    assert html.count('class="cell-summary"') == TOOLS * CAPABILITIES
    assert "What capability 1 is about, in one sentence." in html  # the row's definition


def test_on_a_phone_the_grid_keeps_four_tools_and_names_the_others(client, eight_plus):
    html = client.get("/compare/?" + everyone(eight_plus)).content.decode()
    assert 'class="matrix phone-cols-4 crowded"' in html
    notice = html[html.index('class="notice phone-only"') :]
    notice = notice[: notice.index("</p>")]
    assert "shows 4 of the 9 tools side by side: Tool 1, Tool 2, Tool 3 and Tool 4" in notice
    for n in range(PHONE_TOOLS + 1, TOOLS + 1):
        assert f'href="/tools/tool-{n:03d}/">Tool {n}</a>' in notice
    # Every cell of the fifth tool onwards is marked, the first four never.
    beyond = html.count('class="beyond-phone"') + html.count('beyond-phone"')
    assert html.count('data-tool="Tool 5"') == CAPABILITIES
    assert beyond >= (TOOLS - PHONE_TOOLS) * CAPABILITIES
    assert not re.search(r'data-tool="Tool [1-4]"[^>]*beyond-phone', html)


def test_four_tools_or_fewer_need_no_phone_notice(client, eight_plus):
    query = urlencode([("tools", t["slug"]) for t in eight_plus["tools"][:4]])
    html = client.get("/compare/?" + query).content.decode()
    assert "phone-cols-4" in html
    assert 'class="notice phone-only"' not in html and "beyond-phone" not in html


def test_a_cell_with_an_update_is_marked_and_links_to_the_profile(client, eight_plus):
    html = client.get("/compare/?" + everyone(eight_plus)).content.decode()
    assert html.count('class="cell-update"') == TOOLS  # one update per generated tool
    assert 'href="/tools/tool-001/#update-tool-001-update">Changed' in html


def test_the_profile_shows_the_articles_claim_beside_the_current_docs(client, eight_plus):
    html = client.get("/tools/tool-001/").content.decode()
    section = html[html.index('id="since-article"') : html.index('id="pros-cons"')]
    assert 'id="update-tool-001-update"' in section
    then = section[section.index('class="update-then"') : section.index('class="update-now"')]
    now = section[section.index('class="update-now"') :]
    assert "What the article said about tool-001." in then and "1 January 2026" in then
    assert "What tool-001&#x27;s current documentation says instead." in now
    assert '<time datetime="2026-12-01">1 December 2026</time>' in now
    assert 'href="#ref-' in then and 'href="#ref-' in now


def test_the_profile_states_hosting_version_at_review_and_licence_with_sources(client, eight_plus):
    html = client.get("/tools/tool-001/").content.decode()
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert "<dt>Hosting</dt><dd>Self-hosted</dd>" in facts
    assert '1.0.0 <span class="help">at the time of review</span>' in facts
    assert facts.count('class="source-ref"') == 2  # version and licence, each footnoted
    managed = client.get("/tools/tool-002/").content.decode()
    assert "<dt>Hosting</dt><dd>Managed service</dd>" in managed
    assert "<dt>Version</dt>" not in managed  # tool-002 states no version


def test_not_documented_shows_its_label_without_a_meter_and_is_never_stronger(client, eight_plus):
    html = client.get("/compare/?" + everyone(eight_plus)).content.decode()
    cells = re.findall(
        r"<td [^>]*>\s*<span class=\"level level-not-documented\">.*?</td>", html, re.S
    )
    assert cells
    for cell in cells:
        assert "Not documented" in cell and "is-stronger" not in cell and 'class="dot' not in cell
    legend = html[
        html.index('id="matrix-legend"') : html.index("</p>", html.index('id="matrix-legend"'))
    ]
    assert "Not documented</span></span>: the tool&#x27;s documentation was checked" in legend


@pytest.mark.parametrize("url", ["/compare/?{q}", "/tools/tool-003/", "/sources/", "/"])
def test_every_outside_link_is_https_and_opens_without_referrer(client, eight_plus, url):
    html = client.get(url.format(q=everyone(eight_plus))).content.decode()
    links = OUTSIDE_LINK.findall(html)
    assert links
    for link in links:
        assert 'href="https://' in link, link
        assert 'rel="noopener noreferrer"' in link, link


def test_footnotes_give_each_sources_address_and_read_date(client, eight_plus):
    html = client.get("/tools/tool-003/").content.decode()
    sources = html[html.index('id="page-sources"') :]
    assert (
        '<a href="https://example.org/source-002" rel="noopener noreferrer">Generated source 2</a>'
        in sources
    )
    assert 'read <time datetime="2026-12-01">1 Dec 2026</time>' in sources
    assert "(official documentation)" in sources


def test_the_sources_page_lists_the_updates_as_claims(client, eight_plus):
    html = client.get("/sources/").content.decode()
    assert 'Since the article:</span> <a href="/tools/tool-004/#update-tool-004-update">' in html
    assert 'Article&#x27;s claim:</span> <a href="/tools/tool-004/#update-tool-004-update">' in html
    assert 'read <time datetime="2026-12-01">1 December 2026</time>' in html


def test_the_json_export_carries_hosting_version_updates_and_source_addresses(client, eight_plus):
    data = client.get("/compare/export.json?" + everyone(eight_plus)).json()
    export = ComparisonExport.model_validate(data)
    assert len(export.tools) == TOOLS
    first = export.tools[0]
    assert (first.hosting, first.hosting_label, first.version) == (
        "self-hosted",
        "Self-hosted",
        "1.0.0",
    )
    changed = [c for row in export.rows for c in row.cells if c and c.changed_since_article]
    assert len(changed) == TOOLS
    assert changed[0].changed_since_article == "/tools/tool-001/#update-tool-001-update"
    assert all(s.url.startswith("https://") and s.accessed_on for s in export.sources)


def test_the_csv_and_markdown_exports_give_addresses_and_read_dates(client, eight_plus):
    csv_body = client.get("/compare/export.csv?" + everyone(eight_plus)).content.decode()
    assert "https://example.org/source-001 (read 1 Dec 2026)" in csv_body
    assert "changed since the article" in csv_body
    md = client.get("/compare/export.md?" + everyone(eight_plus)).content.decode()
    assert "<https://example.org/source-001> (read 1 Dec 2026)" in md
    assert "- Tool 1: Self-hosted, version 1.0.0 at the time of review" in md
    assert md.count("(changed since the article)") == TOOLS


def test_the_home_page_lists_every_tool_with_where_it_runs(client, eight_plus):
    html = client.get("/").content.decode()
    assert html.count('<li class="card">') >= TOOLS
    assert "Self-hosted or managed" in html
    assert 'class="notice phone-only"' in html  # the home grid shows all 9 tools


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_stay_flat_from_two_to_nine_tools(client, eight_plus):
    two = urlencode([("tools", t["slug"]) for t in eight_plus["tools"][:2]])
    assert queries(client, "/compare/?" + two) == queries(
        client, "/compare/?" + everyone(eight_plus)
    )
    assert queries(client, "/compare/export.json?" + two) == queries(
        client, "/compare/export.json?" + everyone(eight_plus)
    )
