"""The restore drill: a backup restored into an empty database gives back every row and the
same decision page."""

import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

COUNTED = [
    "auth.User",
    "teams.Team",
    "teams.Membership",
    "teams.Invite",
    "decisions.Decision",
    "comparisons.Tool",
    "comparisons.Rating",
    "comparisons.Source",
    "comparisons.Question",
    "comparisons.Weight",
]


def row_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def decision_page(client, world) -> str:
    client.force_login(world["users"]["member"])
    response = client.get(world["decision"].get_absolute_url())
    assert response.status_code == 200
    # The CSRF token is masked afresh for every response; everything else must match.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_backup_restored_into_an_empty_database_matches_the_original(
    transactional_db, client, world, tmp_path
):
    # transactional_db: PostgreSQL cannot TRUNCATE (flush) inside the usual test transaction.
    before_counts, before_page = row_counts(), decision_page(client, world)
    assert all(before_counts.values())
    call_command("backup", str(tmp_path / "backup"))

    call_command("flush", interactive=False, verbosity=0)
    assert not any(row_counts().values())
    call_command("restore", str(tmp_path / "backup"))

    assert row_counts() == before_counts
    assert decision_page(client, world) == before_page


def test_restore_refuses_a_database_that_holds_data(world, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup"))


def test_restore_refuses_a_folder_that_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="missing"):
        call_command("restore", str(tmp_path))
