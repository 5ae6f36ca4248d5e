"""The restore drill: a backup restored into an empty database gives back every row of every
table — suggestions and the edit history included — and the same decision page; the backup
format carries any text a database can store, to the microsecond."""

import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core import serializers
from django.core.cache.backends.redis import RedisCache
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparisons.models import Rating, Suggestion
from portal.cache_keys import clear_own_entries
from teams.management.commands.backup import BACKED_UP
from teams.models import Team


def backed_up_models() -> list:
    """Every model of every app (or the one model) the backup names."""
    found = []
    for label in BACKED_UP:
        if "." in label:
            found.append(apps.get_model(label))
        else:
            found += apps.get_app_config(label).get_models()
    return found


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in backed_up_models()}


def decision_page(client, world) -> str:
    client.force_login(world["users"]["member"])
    response = client.get(world["decision"].get_absolute_url())
    assert response.status_code == 200
    # The CSRF token is masked afresh for every response; everything else must match.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def a_suggestion_and_an_edit(world) -> None:
    rating = Rating.objects.select_related("tool", "capability").first()
    Suggestion.objects.create(
        rating=rating,
        author=world["users"]["member"],
        summary="Sharper summary",
        comment="The docs say more.",
        base_version=rating.version,
    )
    rating.summary = "Edited by an editor"
    rating.save()  # one more history row, with its microseconds


def test_a_backup_restored_into_an_empty_database_matches_the_original(
    transactional_db, client, world, tmp_path
):
    # transactional_db: PostgreSQL cannot TRUNCATE (flush) inside the usual test transaction.
    a_suggestion_and_an_edit(world)
    history = apps.get_model("comparisons.HistoricalRating")
    newest_edit = history.objects.order_by("-history_date").values_list("history_date", flat=True)
    before_counts, before_page = row_counts(), decision_page(client, world)
    before_newest_edit = newest_edit[0]
    counted = {label for label, count in before_counts.items() if count}
    assert {"comparisons.Suggestion", "comparisons.HistoricalRating", "auth.User"} <= counted
    call_command("backup", str(tmp_path / "backup"))

    call_command("flush", interactive=False, verbosity=0)
    assert not any(row_counts()[label] for label in ("auth.User", "comparisons.Rating"))
    call_command("restore", str(tmp_path / "backup"))

    assert row_counts() == before_counts
    assert newest_edit[0] == before_newest_edit  # to the microsecond: "last changed" dates
    assert decision_page(client, world) == before_page


def test_names_no_one_can_type_survive_a_backup_and_a_restore(transactional_db, world, tmp_path):
    # Stored before the forms refused them (or by a script): the backup must still carry them.
    names = ["a\x1bb", "r\ufffen", "\uffff\x85\x7f", "tab\tnew\nline", "\U0001f600 <&>\"'"]
    for i, name in enumerate(names):
        Team.objects.create(name=name, slug=f"odd-{i}")
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(tmp_path / "backup"))
    restored = dict(Team.objects.filter(slug__startswith="odd-").values_list("slug", "name"))
    assert restored == {f"odd-{i}": name for i, name in enumerate(names)}


# Any text a database can store: PostgreSQL refuses NUL, and no encoding writes a lone surrogate.
stored_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
instants = st.datetimes(timezones=st.just(dt.UTC))


@settings(
    max_examples=300,
    deadline=None,
    # `db` only lets the deserializer look up natural keys; no example writes a row.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=stored_text, joined=instants)
def test_the_backup_format_round_trips_any_stored_text_and_time(db, name, joined):
    user = User(pk=7, username="u", first_name=name, last_name=name[::-1], date_joined=joined)
    text = serializers.serialize("json-exact", [user])
    assert text.isascii()
    (restored,) = serializers.deserialize("json", text)
    assert restored.object.first_name == name
    assert restored.object.last_name == name[::-1]
    assert restored.object.date_joined == joined


def test_a_failed_backup_leaves_no_partial_file(world, tmp_path, monkeypatch):
    def broken_dump(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(serializers.get_serializer("json-exact"), "end_serialization", broken_dump)
    with pytest.raises(CommandError, match="disk full"):
        call_command("backup", str(tmp_path / "backup"))
    assert list((tmp_path / "backup").iterdir()) == []


class FakeRedis:
    """Just what a restore may call on the Redis client; FLUSHDB would fail the test."""

    def __init__(self, keys):
        self.keys = set(keys)

    def scan_iter(self, match, count):
        pattern = re.compile(re.escape(match.replace("\\", "")).replace(r"\*", ".*"))
        return [key for key in sorted(self.keys) if pattern.fullmatch(key.decode())]

    def delete(self, *keys):
        self.keys -= set(keys)

    def flushdb(self):
        raise AssertionError("FLUSHDB empties the whole Redis database")


def test_restore_deletes_only_the_portals_own_keys_from_a_shared_redis(monkeypatch):
    shared = RedisCache("redis://127.0.0.1:1/0", {"KEY_PREFIX": "portal"})
    fake = FakeRedis([b"portal:1:views.page", b"portal:1:rl:x", b"other-app:session", b"queue"])
    monkeypatch.setattr(shared._cache, "get_client", lambda key=None, *, write=False: fake)
    clear_own_entries(shared)
    assert fake.keys == {b"other-app:session", b"queue"}


def test_restore_clears_the_cache_without_flushing_redis(
    transactional_db, world, tmp_path, monkeypatch
):
    call_command("backup", str(tmp_path / "backup"))
    call_command("flush", interactive=False, verbosity=0)
    cleared = []
    monkeypatch.setattr(
        "teams.management.commands.restore.clear_own_entries", lambda cache: cleared.append(cache)
    )
    call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())
    assert len(cleared) == 1


def test_restore_refuses_a_database_that_holds_data(world, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup"))


def test_restore_refuses_a_folder_that_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="missing"):
        call_command("restore", str(tmp_path))


def test_a_backup_from_before_data_json_still_restores(transactional_db, world, tmp_path):
    # The former layout: the catalog file, and people's data as XML.
    folder = tmp_path / "old-backup"
    folder.mkdir()
    call_command("dump_catalog", str(folder / "catalog.json"), stdout=io.StringIO())
    people = ["auth.group", "auth.user", "teams", "decisions"]
    call_command(
        "dumpdata", *people, format="xml", natural_foreign=True, output=str(folder / "people.xml")
    )
    before = {
        label: row_counts()[label] for label in ("auth.User", "teams.Team", "comparisons.Tool")
    }
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(folder), stdout=io.StringIO())
    assert {label: row_counts()[label] for label in before} == before
