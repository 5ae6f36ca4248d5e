from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comparisons.apps import keep_editors_group
from comparisons.models import Tool
from comparisons.signals import one_revision_bump
from portal.cache_keys import clear_own_entries


@contextmanager
def rows_as_they_were() -> Iterator[None]:
    """`loaddata` saves rows raw, which no history or revision signal acts on, but it sets
    many-to-many fields through `.set()`, whose signal is never raw: each set would add a
    history row the backup already holds and bump the revision the backup already records."""
    enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        with one_revision_bump() as batch:
            yield
            batch.writes = 0  # the restored CatalogRevision row is the revision
    finally:
        settings.SIMPLE_HISTORY_ENABLED = enabled


class Command(BaseCommand):
    help = "Restore a `backup` FOLDER into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, folder: str, **options) -> None:
        source = Path(folder)
        # Backups written before data.json held the catalog file and people.xml only.
        legacy = [source / "catalog.json", source / "people.xml"]
        if not (source / "data.json").is_file() and not all(p.is_file() for p in legacy):
            raise CommandError(f"{source / 'data.json'} is missing: not a backup folder")
        # Loading over live data would mix two sites' rows; restore only into an empty one.
        if get_user_model().objects.exists() or Tool.objects.exists():
            raise CommandError("The database is not empty: restore into a new database.")
        with transaction.atomic():
            # Migrating made the editors group afresh; the backup's own group (same name, its
            # original id) replaces it, then gets every permission of today's schema.
            Group.objects.all().delete()
            if (source / "data.json").is_file():
                # Every row with its original id: suggestions and history keep pointing at the
                # catalog rows they are about (catalog.json is for reading and porting).
                with rows_as_they_were():
                    call_command("loaddata", str(source / "data.json"), verbosity=0)
            else:
                call_command("load_catalog", str(legacy[0]), verbosity=0)
                call_command("loaddata", str(legacy[1]), verbosity=0)
            keep_editors_group(sender=None)
        # Cached pages, sessions and counters belong to the database that was lost: a page cached
        # under the same catalog revision number would otherwise outlive the restore. Only this
        # portal's keys go: on a shared Redis, other applications' data stays.
        clear_own_entries(caches["default"])
        self.stdout.write(f"Restored from {source}")
        # Each app server also keeps recent pages in its own memory, keyed by revision number;
        # the restored catalog may reuse a number, so running servers must start afresh.
        self.stdout.write("Restart the app servers (e.g. gunicorn) before serving this database.")
