from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comparisons.catalog import CatalogInvalid, load_catalog, parse_catalog

DEFAULT_PATH = settings.BASE_DIR / "fixtures" / "catalog.json"


class Command(BaseCommand):
    help = "Load the catalog file into the database (an idempotent upsert in one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )
        parser.add_argument(
            "--prune", action="store_true", help="Also delete rows the file does not mention."
        )

    def handle(self, path: str, dry_run: bool, prune: bool, verbosity: int, **options) -> None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            catalog = parse_catalog(text)
        except CatalogInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"{path} has {len(invalid.problems)} problem(s); nothing was changed."
            ) from None
        report = load_catalog(catalog, dry_run=dry_run, prune=prune)
        if verbosity >= 2:
            for line in report.changes:
                self.stdout.write(f"  {line}")
        if verbosity >= 1:
            self.stdout.write(report.summary())
        verb = "would change" if dry_run else "changed"
        if report.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Catalog {verb}: {len(report.changes)} change(s).")
            )
        else:
            self.stdout.write("Catalog already up to date; nothing changed.")
