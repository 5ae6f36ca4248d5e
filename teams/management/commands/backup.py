from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Everything people made: accounts, teams, memberships, invites and decisions. The catalog is
# saved in its own file format (dump_catalog), which also restores into an older or newer schema.
PEOPLE_MODELS = ["auth.group", "auth.user", "teams", "decisions"]


class Command(BaseCommand):
    help = "Write the catalog (catalog.json) and people's data (people.xml) to FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, folder: str, **options) -> None:
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        call_command("dump_catalog", str(target / "catalog.json"), stdout=self.stdout)
        call_command(
            "dumpdata",
            *PEOPLE_MODELS,
            # XML, not JSON: Django's JSON encoder cuts timestamps to milliseconds.
            format="xml",
            natural_foreign=True,
            indent=1,
            output=str(target / "people.xml"),
            verbosity=0,
        )
        self.stdout.write(f"Backed up to {target}")
