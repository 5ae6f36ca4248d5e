"""No text anyone submits gets a server error or breaks a backup, in the paths the site-wide
crawl (test_fuzz.py) does not reach: the admin's catalog import (preview and apply), the matrix
editor, the suggest form, and a backup restored into an empty database.

Text is drawn from all of Unicode: control characters, non-characters, NUL (which PostgreSQL
refuses) and, through JSON escapes, lone surrogates (which no database stores).
"""

import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparisons.models import Rating, Suggestion
from decisions.models import Decision
from teams.models import Team

any_text = st.text(max_size=60) | st.text(st.characters(codec="utf-8"), max_size=20).map(
    lambda text: text + "\x00"
)
hostile_text = st.one_of(
    any_text,
    st.sampled_from(["\x1b", "\ufffe", "\uffff", "\x85", "\t\n", "javascript:alert(1)", ""]),
    st.integers(min_value=201, max_value=6000).map(lambda n: "x" * n),
    st.sampled_from(["-1", "99999999999999999999", "2026-02-30", "https://a.example/<b>"]),
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def editor_client(world) -> Client:
    editor = world["users"]["member"]
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name="Catalog editors"))
    client = Client()
    client.force_login(editor)
    return client


def text_fields(raw) -> list[tuple[list, str]]:
    """(container, key) of every string in the catalog file, to replace one of them."""
    found = []
    pending = [raw]
    while pending:
        item = pending.pop()
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, value in pairs:
            if isinstance(value, str):
                found.append((item, key))
            elif isinstance(value, dict | list):
                pending.append(value)
    return found


@st.composite
def catalog_files(draw, curated: str) -> str:
    kind = draw(st.sampled_from(["one-field", "garbage", "deep", "number"]))
    if kind == "garbage":
        return draw(any_text)
    if kind == "deep":
        depth = draw(st.integers(min_value=20, max_value=200_000))
        return "[" * depth + "]" * draw(st.integers(min_value=0, max_value=depth))
    if kind == "number":
        return '{"format": ' + "7" * draw(st.integers(min_value=1, max_value=10_000)) + "}"
    raw = json.loads(curated)
    fields = text_fields(raw)
    container, key = fields[draw(st.integers(min_value=0, max_value=len(fields) - 1))]
    surrogate = draw(st.booleans())
    container[key] = draw(hostile_text) + ("\ud800" if surrogate else "")
    return json.dumps(raw)  # ensure_ascii: a surrogate travels as the escape \\ud800


def test_no_catalog_file_gets_a_server_error_in_preview_or_apply(editor_client, catalog_text):
    url = reverse("admin:comparisons_catalog_import")

    @FUZZ
    @given(text=catalog_files(catalog_text), apply=st.booleans())
    def import_never_fails(text, apply):
        upload = SimpleUploadedFile("catalog.json", text.encode("utf-8", "surrogatepass"))
        preview = editor_client.post(url, {"file": upload})
        assert preview.status_code in (200, 400), text[:300]
        if apply and preview.status_code == 200:
            signed = preview.context["apply"]["signed"].value()
            assert editor_client.post(url, {"signed": signed}).status_code in (302, 400)

    import_never_fails()


def test_no_matrix_editor_input_gets_a_server_error(editor_client):
    url = reverse("admin:comparisons_rating_matrix") + "?tools=mlflow&tools=kubeflow"
    formset = editor_client.get(url).context["formset"]
    names = [field.html_name for field in formset.forms[0]]

    @FUZZ
    @given(changes=st.dictionaries(st.sampled_from(names), hostile_text, max_size=4))
    def save_never_fails(changes):
        current = editor_client.get(url).context["formset"]
        data = {f"form-{k}": v for k, v in current.management_form.initial.items()}
        for form in current.forms:
            for field in form:
                value = "" if field.value() is None else field.value()
                data[field.html_name] = (
                    [str(v) for v in value] if isinstance(value, list) else value
                )
        data.update(changes)
        response = editor_client.post(url, data)
        assert response.status_code in (200, 302, 400, 409), changes

    save_never_fails()


def test_no_suggestion_gets_a_server_error(world):
    rating = Rating.objects.select_related("tool", "capability").first()
    url = reverse("comparisons:suggest", args=[rating.tool.slug, rating.capability.slug])
    client = Client()
    client.force_login(world["users"]["outsider"])
    fields = ["level", "summary", "source_title", "source_publisher", "source_published_on"]
    fields += ["source_url", "comment", "seen_version"]

    @FUZZ
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, hostile_text)))
    def suggest_never_fails(data):
        Suggestion.objects.all().delete()  # the hourly limit would answer every later one
        cache.clear()
        response = client.post(url, data)
        assert response.status_code in (302, 400), data
        if response.status_code == 302:
            assert Suggestion.objects.get().comment == data["comment"].strip()

    suggest_never_fails()


# What a database can hold, typed by anyone before the forms refused some of it.
stored_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))


def test_any_stored_text_survives_a_backup_and_a_restore(transactional_db, tmp_path):
    @settings(max_examples=12, deadline=None, database=None)
    @given(names=st.lists(stored_text.filter(lambda t: len(t) <= 100), min_size=1, max_size=4))
    def round_trip(names):
        call_command("flush", interactive=False, verbosity=0)
        owner = User.objects.create(username="owner", first_name=names[0][:150])
        teams = [Team.objects.create(name=name, slug=f"t{i}") for i, name in enumerate(names)]
        for team, name in zip(teams, names, strict=True):
            Decision.objects.create(
                team=team,
                author=owner,
                title=name[:200],
                notes=name * 2,
                answers={"text": name},
                outcome_slug="mlflow",
                outcome_name=name[:100],
                result={},
                rules_snapshot={},
                catalog_snapshot={},
                catalog_revision=1,
            )
        fields = ("title", "notes", "answers", "outcome_name", "created_at")
        before = list(Decision.objects.order_by("pk").values_list(*fields))
        folder = tmp_path / f"backup-{len(list(tmp_path.iterdir()))}"
        call_command("backup", str(folder), stdout=io.StringIO())
        call_command("flush", interactive=False, verbosity=0)
        call_command("restore", str(folder), stdout=io.StringIO())
        assert list(Team.objects.order_by("slug").values_list("name", flat=True)) == names
        after = list(Decision.objects.order_by("pk").values_list(*fields))
        assert after == before

    round_trip()
