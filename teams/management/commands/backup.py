import io
import os
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Every table a restore needs, row for row with its id: accounts and groups, teams, decisions
# and share links, the catalog with its wizard rules, visitors' suggestions, every
# django-simple-history table (what "revert" and the "last changed" dates read) and the
# admin's log. Left out, because `migrate` makes them afresh or they are worth nothing after
# a restore: content types and permissions, sessions (people sign in again), django-axes'
# log-in failures and the cache table.
BACKED_UP = ["auth.group", "auth.user", "admin.logentry", "comparisons", "teams", "decisions"]


def write_atomically(path: Path, write) -> None:
    """`write(temporary path)`, then rename it to `path`: a failure leaves no truncated file."""
    partial = path.with_name(path.name + ".partial")
    try:
        write(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Write every row a restore needs (data.json) and, for reading and porting, the "
        "catalog in its file format (catalog.json) to FOLDER."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, folder: str, **options) -> None:
        target = Path(folder)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create {target}: {error}") from None
        write_atomically(
            target / "data.json",
            lambda path: call_command(
                "dumpdata",
                *BACKED_UP,
                # Django's JSON with microseconds and every character kept (portal/backup_format).
                format="json-exact",
                natural_foreign=True,
                indent=1,
                output=str(path),
                verbosity=0,
            ),
        )
        try:
            write_atomically(
                target / "catalog.json",
                lambda path: call_command("dump_catalog", str(path), stdout=io.StringIO()),
            )
        except (CommandError, ValueError) as error:
            # Rows stored before today's checks (say a link that is not https) fail the file
            # format's validation. data.json holds them all; the backup is complete without it.
            self.stderr.write(
                f"catalog.json left out, the stored catalog fails its checks: {error}"
            )
        self.stdout.write(f"Backed up to {target}")
