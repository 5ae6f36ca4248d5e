from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comparisons.apps import keep_editors_group
from comparisons.models import Tool


class Command(BaseCommand):
    help = "Restore a `backup` FOLDER into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, folder: str, **options) -> None:
        source = Path(folder)
        for name in ("catalog.json", "people.xml"):
            if not (source / name).is_file():
                raise CommandError(f"{source / name} is missing: not a backup folder")
        # Loading over live data would mix two sites' rows; restore only into an empty one.
        if get_user_model().objects.exists() or Tool.objects.exists():
            raise CommandError("The database is not empty: restore into a new database.")
        with transaction.atomic():
            call_command("load_catalog", str(source / "catalog.json"), verbosity=0)
            # Migrating made the editors group afresh; the backup's own group (same name, its
            # original id) replaces it, then gets every permission of today's schema.
            Group.objects.all().delete()
            call_command("loaddata", str(source / "people.xml"), verbosity=0)
            keep_editors_group(sender=None)
        # Cached pages, sessions and counters belong to the database that was lost: a page cached
        # under the same catalog revision number would otherwise outlive the restore.
        caches["default"].clear()
        self.stdout.write(f"Restored from {source}")
        # Each app server also keeps recent pages in its own memory, keyed by revision number;
        # the restored catalog may reuse a number, so running servers must start afresh.
        self.stdout.write("Restart the app servers (e.g. gunicorn) before serving this database.")
