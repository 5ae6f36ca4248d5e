import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comparisons.catalog import catalog_to_json, dump_catalog


class Command(BaseCommand):
    help = "Write the database's catalog in the catalog file format (to PATH, or to stdout)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Where to write; standard output if omitted.")

    def handle(self, path: str | None, **options) -> None:
        text = catalog_to_json(dump_catalog())
        if path is None:
            sys.stdout.write(text)
            return
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from None
        self.stdout.write(f"Wrote {path}")
