"""Suggest a correction: visitors propose, editors decide, nothing changes until accepted."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comparisons.editing.suggestions import PER_HOUR
from comparisons.models import CatalogRevision, Level, Rating, Suggestion

from .conftest import signed_in

PROPOSAL = {
    "level": Level.EXCELLENT,
    "summary": "Tracks every run, with lineage.",
    "source_title": "MLflow 3 release notes",
    "source_publisher": "MLflow",
    "source_published_on": "2026-06-01",
    "source_url": "https://mlflow.org/releases/3",
    "comment": "The new release adds lineage.",
}


def suggest_url(rating: Rating) -> str:
    return reverse("comparisons:suggest", args=[rating.tool.slug, rating.capability.slug])


def review_url(suggestion: Suggestion) -> str:
    return reverse("admin:comparisons_suggestion_change", args=[suggestion.pk])


@pytest.fixture
def visitor(make_user):
    return make_user("vera")


@pytest.fixture
def suggestion(rating, visitor) -> Suggestion:
    response = signed_in(visitor).post(suggest_url(rating), {**PROPOSAL, "seen_version": 1})
    assert response.status_code == 302
    return Suggestion.objects.get()


def test_a_suggestion_changes_nothing_until_accepted(rating, suggestion):
    stored = Rating.objects.get(pk=rating.pk)
    assert (stored.level, stored.summary, stored.version) == (rating.level, rating.summary, 1)
    assert suggestion.status == Suggestion.Status.PENDING


def test_anonymous_visitors_are_sent_to_sign_in(rating, client):
    response = client.get(suggest_url(rating))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_accept_applies_the_proposal_and_credits_the_author(rating, suggestion, editor, visitor):
    revision = CatalogRevision.current()
    day_before = timezone.localdate()

    response = signed_in(editor).post(review_url(suggestion), {"_accept": "Accept"})

    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.level, rating.summary, rating.version) == (
        Level.EXCELLENT,
        "Tracks every run, with lineage.",
        2,
    )
    source = rating.sources.get(title="MLflow 3 release notes")
    assert rating.reviewed_on in {day_before, timezone.localdate()}  # midnight may fall between
    # The accepting editor read the source, so the rating is not dated after its source was read.
    assert source.accessed_on in {day_before, timezone.localdate()}
    records = rating.history.filter(history_change_reason__startswith="Suggestion")
    assert {r.history_user for r in records} == {visitor}  # the save and the added source
    assert CatalogRevision.current() == revision + 1
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (Suggestion.Status.ACCEPTED, editor)


def test_a_suggestion_against_an_older_value_is_flagged_and_not_accepted_blindly(
    rating, suggestion, editor
):
    rating.summary = "Edited by an editor meanwhile."
    rating.save()
    client = signed_in(editor)

    assert "Conflicting" in client.get(review_url(suggestion)).content.decode()
    changelist = client.get(reverse("admin:comparisons_suggestion_changelist"))
    assert changelist.context["cl"].result_list[0].is_conflicting

    client.post(review_url(suggestion), {"_accept": "Accept"})
    rating.refresh_from_db()
    assert rating.summary == "Edited by an editor meanwhile."

    client.post(review_url(suggestion), {"_accept_over_newer": "Accept"})
    rating.refresh_from_db()
    assert rating.summary == PROPOSAL["summary"]


def test_decline_records_the_reason_the_author_then_sees(rating, suggestion, editor, visitor):
    signed_in(editor).post(review_url(suggestion), {"_decline": "1", "reason": "No source."})

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DECLINED
    page = signed_in(visitor).get(reverse("comparisons:my_suggestions")).content.decode()
    assert "Declined: No source." in page
    assert Rating.objects.get(pk=rating.pk).summary == rating.summary


def test_a_decline_needs_a_reason(suggestion, editor):
    response = signed_in(editor).post(review_url(suggestion), {"_decline": "1", "reason": ""})
    assert response.status_code == 400
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING


def test_suggestions_are_rate_limited_per_user(rating, visitor, make_user):
    client = signed_in(visitor)
    for _ in range(PER_HOUR):
        assert client.post(suggest_url(rating), PROPOSAL).status_code == 302

    assert client.post(suggest_url(rating), PROPOSAL).status_code == 429
    assert Suggestion.objects.count() == PER_HOUR
    other = signed_in(make_user("otto"))
    assert other.post(suggest_url(rating), PROPOSAL).status_code == 302


def test_an_empty_suggestion_is_refused(rating, visitor):
    response = signed_in(visitor).post(suggest_url(rating), {"comment": "Hm."})
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_only_editors_review_suggestions(suggestion, visitor, make_user):
    assert signed_in(visitor).get(review_url(suggestion)).status_code == 302  # to the login
    staff = signed_in(make_user("stan", is_staff=True))
    assert staff.get(review_url(suggestion)).status_code == 403
    assert staff.post(review_url(suggestion), {"_accept": "Accept"}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING


# 25 posts at once from one person, each a request of its own in a thread of its own with its
# own database connection. In a subprocess, on a real database: the suite's SQLite database
# lives in memory, where connections of several threads lock each other out instead of queuing.
CONCURRENT_SCRIPT = """
import io
import threading
from concurrent.futures import ThreadPoolExecutor
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from comparisons.models import Rating, Suggestion

setup_test_environment()
call_command("migrate", verbosity=0)
call_command("load_catalog", stdout=io.StringIO())
from django.contrib.auth.models import User
visitor = User.objects.create_user("vera", password="correct horse battery staple")
rating = Rating.objects.select_related("tool", "capability").first()
url = f"/suggest/{rating.tool.slug}/{rating.capability.slug}/"
proposal = {"summary": "Tracks every run.", "comment": "The new release says so."}
barrier = threading.Barrier(25, timeout=60)

def post(_):
    client = Client()
    client.force_login(visitor)
    barrier.wait()
    try:
        return client.post(url, proposal).status_code
    finally:
        connection.close()

with ThreadPoolExecutor(max_workers=25) as pool:
    statuses = list(pool.map(post, range(25)))
print(statuses.count(302), statuses.count(429), Suggestion.objects.count())
"""


@pytest.fixture
def scratch_database_url(tmp_path):
    """A database of its own for the subprocess, of the kind the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
        return
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"{connection.settings_dict['NAME']}_concurrent"[:63]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_suggestions_from_one_person_stop_at_the_hourly_limit(scratch_database_url):
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "True",
        "ENV_FILE": "",
        "LOG_LEVEL": "ERROR",
        "DATABASE_URL": scratch_database_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    accepted, refused, stored = (int(n) for n in result.stdout.split())
    assert (accepted, refused, stored) == (PER_HOUR, 25 - PER_HOUR, PER_HOUR)
