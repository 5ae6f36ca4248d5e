"""No one can submit text that breaks a backup, an export or a log: control characters (but
tabs and line breaks in multi-line fields) and Unicode non-characters are refused with a
message, by every form and by the catalog file — one rule, in portal/text.py."""

import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from comparisons.catalog import CatalogInvalid, parse_catalog
from comparisons.models import Rating, Suggestion, Tool
from decisions.models import Decision
from portal.text import text_problem, url_problem
from teams.models import Team
from tests.wizard_rules import JUST_STARTING

FORBIDDEN_EVERYWHERE = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
    "\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff",
]  # fmt: skip
LINE_BREAKS = ["\t", "\n", "\r"]
FINE = ["é", "\u00a0", "\u200b", "\ufdcf", "\ufdf0", "\ufffd", "\U0001f600", "<&>\"'"]


@pytest.mark.parametrize("character", FORBIDDEN_EVERYWHERE)
def test_control_characters_and_non_characters_are_refused_in_any_text(character):
    for multiline in (False, True):
        problem = text_problem(f"a{character}b", multiline=multiline)
        assert problem is not None and f"U+{ord(character):04X}" in problem
        assert "position 2" in problem


@pytest.mark.parametrize("character", LINE_BREAKS)
def test_tabs_and_line_breaks_are_refused_on_one_line_and_kept_in_paragraphs(character):
    assert text_problem(f"a{character}b", multiline=True) is None
    assert "one-line field" in text_problem(f"a{character}b", multiline=False)


@pytest.mark.parametrize("text", FINE)
def test_other_characters_pass(text):
    assert text_problem(text, multiline=False) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://example.org/",
        "https://example.org/a><script>alert(1)</script>",
        "https://example.org/a b",
        'https://example.org/"onmouseover=x',
        "https://user:secret@example.org/",
        "https://localhost/",
        "https://example.org/[x](y)",
        "https://exämple.org/",
        "HTTPS://example.org/",
        " https://example.org/",
    ],
)
def test_only_plain_https_urls_pass(url):
    assert url_problem(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://mlflow.org",
        "https://www.kubeflow.org/docs/a_b/?q=1&r=(2)#top",
        "https://a.io:8443/%C3%A9",
    ],
)
def test_plain_https_urls_pass(url):
    assert url_problem(url) is None


def test_every_form_text_field_applies_the_rule_even_one_written_tomorrow():
    with pytest.raises(ValidationError, match="U\\+001B"):
        forms.CharField().clean("a\x1bb")
    with pytest.raises(ValidationError, match="one-line"):
        forms.CharField().clean("a\nb")
    assert forms.CharField(widget=forms.Textarea).clean("a\r\n\tb") == "a\r\n\tb"
    with pytest.raises(ValidationError, match="U\\+FFFE"):
        forms.EmailField().clean('"\ufffe"@example.org')
    with pytest.raises(ValidationError, match="https"):
        forms.URLField().clean("javascript:alert(1)")
    # Passwords are hashed, never shown or stored as text: whoever chose one keeps it.
    assert forms.CharField(widget=forms.PasswordInput).clean("a\x1bb") == "a\x1bb"


def test_a_team_name_with_an_escape_character_is_refused(client, world):
    client.force_login(world["users"]["owner"])
    response = client.post(reverse("teams:create"), {"name": "a\x1bb"})
    assert response.status_code == 400
    assert "U+001B" in response.content.decode()
    assert not Team.objects.filter(name="a\x1bb").exists()


def test_renaming_a_team_to_a_non_character_is_refused(client, world):
    team = world["team"]
    client.force_login(world["users"]["owner"])
    response = client.post(reverse("teams:rename", args=[team.slug]), {"name": "r\ufffen"})
    assert response.status_code == 400
    assert "U+FFFE" in response.content.decode()
    team.refresh_from_db()
    assert team.name == "Platform"


@pytest.mark.parametrize(
    "fields",
    [{"title": "t\x1bt"}, {"title": "two\nlines"}, {"notes": "n\uffffn"}, {"notes": "\x07"}],
)
def test_a_decision_title_or_notes_with_forbidden_characters_is_refused(client, world, fields):
    client.force_login(world["users"]["owner"])
    data = {**JUST_STARTING, "team": world["team"].slug, **fields}
    response = client.post(reverse("wizard:save"), data)
    assert response.status_code == 400
    assert Decision.objects.count() == 1  # the world's own


def test_decision_notes_keep_their_tabs_and_line_breaks(client, world):
    client.force_login(world["users"]["owner"])
    notes = "First:\r\n\t- tracking\r\n\t- registry"
    data = {**JUST_STARTING, "team": world["team"].slug, "title": "Tabs", "notes": notes}
    assert client.post(reverse("wizard:save"), data).status_code == 302
    assert Decision.objects.get(title="Tabs").notes == notes


@pytest.mark.parametrize(
    "fields",
    [
        {"comment": "c\x85c"},
        {"summary": "s\x1bs"},
        {"source_url": "javascript:alert(1)"},
        {"source_url": "https://evil.example/a><script>alert(1)</script>"},
    ],
)
def test_a_suggestion_with_forbidden_text_or_a_link_that_is_not_plain_https_is_refused(
    client, world, fields
):
    rating = Rating.objects.select_related("tool", "capability").first()
    client.force_login(world["users"]["member"])
    proposal = {
        "summary": "Better",
        "source_title": "Release notes",
        "source_publisher": "Vendor",
        "source_published_on": "2026-06-01",
        "source_url": "https://vendor.example/notes",
        "comment": "Newer docs.",
        **fields,
    }
    url = reverse("comparisons:suggest", args=[rating.tool.slug, rating.capability.slug])
    assert client.post(url, proposal).status_code == 400
    assert not Suggestion.objects.exists()


def test_sign_up_refuses_a_username_with_a_control_character(client, db):
    data = {
        "username": "eve\x1b",
        "password1": "a long pass phrase",
        "password2": "a long pass phrase",
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 400
    assert "U+001B" in response.content.decode()


def test_the_admin_refuses_a_tool_name_with_a_non_character(client, world):
    tool = Tool.objects.get(slug="mlflow")
    client.force_login(world["users"]["staff"])
    url = reverse("admin:comparisons_tool_change", args=[tool.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(name="ML\ufdd0flow", version=tool.version)
    response = client.post(url, data)
    assert "U+FDD0" in response.content.decode()
    tool.refresh_from_db()
    assert tool.name == "MLflow"


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("name", "ML\x1bflow", "$.tools[0].name"),
        ("tagline", "two\nlines", "$.tools[0].tagline"),
        ("description", "text\ufffe", "$.tools[0].description"),
        ("homepage", "javascript:alert(1)", "$.tools[0].homepage"),
    ],
)
def test_the_catalog_file_refuses_forbidden_text_and_links(catalog_text, field, value, path):
    raw = json.loads(catalog_text)
    raw["tools"][0][field] = value
    with pytest.raises(CatalogInvalid) as invalid:
        parse_catalog(json.dumps(raw))
    assert [problem.path for problem in invalid.value.problems] == [path]


def test_the_catalog_file_keeps_line_breaks_in_multi_line_fields(catalog_text):
    raw = json.loads(catalog_text)
    raw["tools"][0]["description"] = "First paragraph.\n\n\tSecond."
    assert parse_catalog(json.dumps(raw)).tools[0].description == "First paragraph.\n\n\tSecond."
