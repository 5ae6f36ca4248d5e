"""Count a catalog file's wizard outcomes over every answer set, per Kubernetes answer × stage
and per priority: the table an audit of the rules starts from (issue 18).

Reads only the points and prerequisites, so it works on catalog files written before weights
had a basis and invariants existed (`git show main:fixtures/catalog.json > old.json`).
"""

import itertools
import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Outcome counts over every answer set of a catalog file's wizard, as Markdown tables."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR) / "fixtures" / "catalog.json"
        parser.add_argument("catalog", nargs="?", type=Path, default=default)

    def handle(self, *args, catalog: Path, **options):
        raw = json.loads(catalog.read_text())
        outcomes = [o["slug"] for o in raw["outcomes"]]
        questions = raw["wizard"]["questions"]
        needs = [(p["outcome"], p["question"], set(p["choices"])) for p in
                 raw["wizard"].get("prerequisites", [])]  # fmt: skip
        rows = []
        for combo in itertools.product(*[q["choices"] for q in questions]):
            answers = {q["slug"]: c["slug"] for q, c in zip(questions, combo, strict=True)}
            totals = {o: sum(c["points"].get(o, 0) for c in combo) for o in outcomes}
            eligible = [o for o in outcomes if all(
                answers[q] in allowed for who, q, allowed in needs if who == o)]  # fmt: skip
            rows.append((answers, max(eligible, key=lambda o: (totals[o], -outcomes.index(o)))))
        self.stdout.write(f"{catalog}: {len(rows)} answer sets\n")
        choices = {q["slug"]: [c["slug"] for c in q["choices"]] for q in questions}
        groups = [(f"{k} × {s}", {"kubernetes": k, "stage": s})
                  for k in choices["kubernetes"] for s in choices["stage"]]  # fmt: skip
        self._table("kubernetes × stage", groups, rows, outcomes)
        groups = [(p, {"priority": p}) for p in choices["priority"]] + [("all", {})]
        self._table("priority", groups, rows, outcomes)

    def _table(self, title, groups, rows, outcomes) -> None:
        self.stdout.write(f"| {title} | " + " | ".join(outcomes) + " |")
        self.stdout.write("|---|" + "---:|" * len(outcomes))
        for name, where in groups:
            counts = Counter(w for a, w in rows if all(a[q] == c for q, c in where.items()))
            self.stdout.write(f"| {name} | " + " | ".join(str(counts[o]) for o in outcomes) + " |")
        self.stdout.write("")
