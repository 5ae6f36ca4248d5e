"""Exports carry members' and editors' text to other programs: a wiki or repository renders the
ADR's Markdown, a spreadsheet runs a CSV cell that looks like a formula. Neither may be forged."""

import csv
import io
import re

import pytest
from markdown_it import MarkdownIt

from comparisons import models as m
from decisions.adr import markdown_inline, markdown_notes
from teams.models import Membership, Role, Team

FORGED_TITLE = "## Decision Outcome [Click](javascript:alert(1)) <img src=x onerror=alert(1)>"
FORGED_NOTES = """Plain first paragraph.

# Forged heading
Line under which a setext heading could form
---
* a list item with [a link](javascript:alert(1))
1. a numbered item
<script>alert(1)</script>
    four spaces would make this a code block
> a quote
![pixel](https://evil.example/p.png)
<javascript:alert(1)> &lt;b&gt; | a | table |"""

# CommonMark plus the GitHub-flavoured tables and strikethrough that wikis render.
markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def rendered_tags(text: str) -> set[str]:
    tags: set[str] = set()

    def walk(tokens):
        for token in tokens:
            tags.add(token.type)
            walk(token.children or [])

    walk(markdown.parse(text))
    return tags


FORBIDDEN = {
    "heading_open",
    "link_open",
    "image",
    "html_block",
    "html_inline",
    "code_block",
    "fence",
    "blockquote_open",
    "table_open",
    "hr",
    "em_open",
    "strong_open",
    "s_open",
    "code_inline",
}


@pytest.mark.parametrize("text", [FORGED_TITLE, "=== *x* _y_ `z` ~~w~~ \\", "- dash", "2) two"])
def test_inline_text_renders_as_exactly_itself(text):
    html = markdown.render(markdown_inline(text))
    assert rendered_tags(markdown_inline(text)) & FORBIDDEN == set()
    assert "<a" not in html and "<img" not in html and "<script" not in html
    assert markdown.render(markdown_inline("plain words")) == "<p>plain words</p>\n"


def test_notes_keep_paragraphs_and_lists_and_nothing_else():
    escaped = markdown_notes(FORGED_NOTES)
    tags = rendered_tags(escaped)
    assert tags & FORBIDDEN == set()
    assert {"paragraph_open", "bullet_list_open", "ordered_list_open"} <= tags
    html = markdown.render(escaped)
    assert "javascript:" in html  # shown as text ...
    assert 'href="javascript' not in html and "<script" not in html  # ... never as a link or tag


@pytest.fixture
def forged_team(db):
    return Team.objects.create(name="## Decision Outcome <b>Evil</b>", slug="forged")


def test_the_adr_download_shows_forged_text_without_forming_markdown(
    client, save_decision, forged_team, make_user
):
    author = make_user("mallory")
    Membership.objects.create(team=forged_team, user=author, role=Role.OWNER)
    decision = save_decision(author, forged_team, title=FORGED_TITLE, notes=FORGED_NOTES)
    client.force_login(author)
    text = client.get(f"{decision.get_absolute_url()}adr.md").content.decode()

    html = markdown.render(text)
    headings = re.findall(r"<h(\d)>(.*?)</h\1>", html)
    assert headings[:3] == [
        (
            "1",
            "## Decision Outcome [Click](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;",
        ),
        ("2", "Context and Problem Statement"),
        ("2", "Decision Drivers"),
    ]
    assert "Which MLOps stack should ## Decision Outcome &lt;b&gt;Evil&lt;/b&gt; adopt?" in html
    assert "<img" not in html and "<b>" not in html and "<script" not in html
    assert 'href="javascript' not in html
    assert text.count("## Decision Outcome\n") == 1


def test_csv_guards_the_header_row_too(client, catalog):
    m.Tool.objects.filter(slug="mlflow").update(name='=HYPERLINK("http://evil","x")')
    m.CatalogRevision.bump()
    body = client.get("/compare/kubeflow-vs-mlflow.csv").content.decode()
    header = next(csv.reader(io.StringIO(body)))
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in header)
    assert '\'=HYPERLINK("http://evil","x") level' in header


HOSTILE_URL = "https://evil.example/a><script>alert(1)</script>"
HOSTILE_TITLE = "<script>alert(1)</script> [click](javascript:alert(1))"


@pytest.fixture
def hostile_catalog(catalog):
    """Catalog text as a suggestion accepted before today's checks could have left it."""
    m.Source.objects.update(title=HOSTILE_TITLE, publisher="<b>Pub</b> | x", url=HOSTILE_URL)
    m.ProCon.objects.update(text="<img src=x onerror=alert(1)> **bold** [a](javascript:x)")
    m.Rating.objects.update(summary="<script>alert(2)</script> | cell")
    m.Tool.objects.filter(slug="mlflow").update(name="<i>MLflow</i>")
    m.CatalogRevision.bump()


def assert_nothing_forms_markup(text: str) -> None:
    html = markdown.render(text)
    tokens = rendered_tags(text)
    assert tokens & {"html_inline", "html_block", "image", "em_open"} == set()
    assert "<strong>bold</strong>" not in html  # the only bold is the level's, our own
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<i>" not in html and 'href="javascript' not in html
    assert 'href="https://evil.example' not in html


def test_the_markdown_export_escapes_every_catalog_text_and_links_only_plain_urls(
    client, hostile_catalog
):
    text = client.get("/compare/kubeflow-vs-mlflow.md").content.decode()
    assert_nothing_forms_markup(text)
    html = markdown.render(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert "&lt;i&gt;MLflow&lt;/i&gt;" in html


def test_a_plain_https_source_url_stays_a_link_in_the_markdown_export(client, catalog):
    m.Source.objects.update(url="https://example.org/mlops_(2026)?a=1&b=2")
    m.CatalogRevision.bump()
    text = client.get("/compare/kubeflow-vs-mlflow.md").content.decode()
    linked = set(re.findall(r'href="([^"]+)"', markdown.render(text)))
    assert linked == {"https://example.org/mlops_(2026)?a=1&amp;b=2"}


def test_the_adr_escapes_every_catalog_text_and_links_only_plain_urls(
    client, hostile_catalog, save_decision, make_user
):
    author = make_user("mallory")
    team = Team.objects.create(name="Team", slug="team")
    Membership.objects.create(team=team, user=author, role=Role.OWNER)
    decision = save_decision(author, team)
    client.force_login(author)
    text = client.get(f"{decision.get_absolute_url()}adr.md").content.decode()
    assert HOSTILE_URL not in text
    assert "## Sources" in text
    assert_nothing_forms_markup(text)
