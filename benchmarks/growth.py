"""How pages grow with the catalog: render time and query count, in-process, for generated data.

Production settings (DEBUG off, manifest static files, the database cache) on a temporary SQLite
database; Django's test client, so it measures the app, not a network. For catalogs of
2×7, 5×20, 10×50 and 20×100 tools × capabilities (benchmarks/catalog.py, loaded with the real
loader): the compare page with every tool rendered fresh (the cache emptied before each GET:
the cost of building it), signed in on a repeat (the results fragment cached) and as an
anonymous cached hit; one tool profile and the three exports, fresh. Then a team page with 10,
100 and 1,000 decisions, and the wizard result with 6 to 30 questions, fresh. Times are medians
of N renders; a query count that changes with size is flagged NOT FLAT.

    .venv/bin/python -m benchmarks.growth [--renders 5] [--sizes 2x7,5x20]
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from .catalog import first_answers, generate

SIZES = ((2, 7), (5, 20), (10, 50), (20, 100))
TEAM_SIZES = (10, 100, 1000)
QUESTION_COUNTS = (6, 8, 10, 30)


@dataclass(frozen=True)
class Row:
    group: str  # rows in a group should have the same query count
    label: str
    ms: float
    queries: int
    cells: int = 0
    note: str = ""  # set when the page was not measured, and why

    @property
    def us_per_cell(self) -> float | None:
        return self.ms * 1000 / self.cells if self.cells else None


def configure(folder: Path) -> None:
    """Production-like settings for this process, before Django is set up."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "False",
            "SECRET_KEY": "growth-only-" + secrets.token_hex(24),
            "ALLOWED_HOSTS": "testserver",
            "SITE_URL": "http://testserver",
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_COOKIES": "False",
            "LOG_LEVEL": "ERROR",
            "ENV_FILE": "",
            "STATIC_ROOT": str(folder / "static"),
            "DATABASE_URL": f"sqlite:///{folder}/growth.sqlite3",
            "REDIS_URL": "",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)


def timed(
    client, url: str, renders: int, expect: int = 200, fresh: bool = False
) -> tuple[float, int]:
    """(median milliseconds over `renders` GETs, queries of one GET). `fresh` empties the
    cache before each GET (untimed), so every GET builds the page from the database."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: the first request of a process sets up more than pages do
    if fresh:
        cache.clear()
    # Counted at once: the captured list is read lazily from the connection's query log,
    # which the next request_started empties.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)
    if response.status_code != expect:
        raise SystemExit(f"GET {url} answered {response.status_code}, expected {expect}")
    times = []
    for _ in range(renders):
        if fresh:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), count


def load(catalog: dict) -> None:
    import json

    from comparisons.catalog import load_catalog, parse_catalog

    load_catalog(parse_catalog(json.dumps(catalog)), prune=True)


def clients():
    """(signed-in client, anonymous client, the signed-in user's team slug)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from teams.models import Membership, Role, Team

    user, _ = get_user_model().objects.get_or_create(username="growth")
    team, _ = Team.objects.get_or_create(slug="growth-team", defaults={"name": "Growth team"})
    Membership.objects.get_or_create(team=team, user=user, defaults={"role": Role.OWNER})
    signed_in = Client()
    signed_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return signed_in, Client(), team.slug


def catalog_rows(tools: int, capabilities: int, renders: int) -> list[Row]:
    catalog = generate(tools, capabilities)
    load(catalog)
    signed_in, anonymous, _ = clients()
    slugs = [t["slug"] for t in catalog["tools"]]
    query = urlencode([("tools", s) for s in slugs])
    size, cells = f"{tools}×{capabilities}", tools * capabilities
    rows = []
    ms, n = timed(signed_in, f"/compare/?{query}", renders, fresh=True)
    rows.append(Row("compare fresh", f"compare {size}, rendered fresh", ms, n, cells))
    ms, n = timed(signed_in, f"/compare/?{query}", renders)
    rows.append(Row("compare rendered", f"compare {size}, signed in, repeat", ms, n, cells))
    anonymous.get(f"/compare/?{query}")  # fills the page cache
    ms, n = timed(anonymous, f"/compare/?{query}", renders)
    rows.append(Row("compare cached", f"compare {size}, cached hit", ms, n, cells))
    ms, n = timed(signed_in, f"/tools/{slugs[0]}/", renders, fresh=True)
    rows.append(Row("tool profile", f"tool profile {size}", ms, n, capabilities))
    for fmt in ("csv", "json", "md"):
        ms, n = timed(signed_in, f"/compare/export.{fmt}?{query}", renders, fresh=True)
        rows.append(Row(f"export {fmt}", f"export .{fmt} {size}", ms, n, cells))
    return rows


def team_rows(renders: int) -> list[Row]:
    """The team page with 10, 100 and 1,000 decisions (copies of one real save)."""
    from decisions.models import Decision

    load(generate(2, 7))
    signed_in, _, team = clients()
    answers = first_answers(generate(2, 7))
    response = signed_in.post("/wizard/save/", {**answers, "team": team, "title": "seed"})
    if response.status_code != 302:
        raise SystemExit(f"saving a decision answered {response.status_code}, expected 302")
    seed = Decision.objects.get()
    fields = {
        f.name: getattr(seed, f.name)
        for f in Decision._meta.concrete_fields
        if f.name not in ("id", "created_at")
    }
    rows = []
    for total in TEAM_SIZES:
        have = Decision.objects.count()
        Decision.objects.bulk_create(
            Decision(**{**fields, "title": f"Decision {i}"}) for i in range(have, total)
        )
        ms, n = timed(signed_in, f"/teams/{team}/", renders, fresh=True)
        rows.append(Row("team page", f"team page, {total} decisions", ms, n))
    Decision.objects.all().delete()
    return rows


def wizard_rows(renders: int) -> list[Row]:
    rows = []
    for count in QUESTION_COUNTS:
        catalog = generate(5, 20, questions=count)
        load(catalog)
        signed_in, _, _ = clients()
        url = "/wizard/result/?" + urlencode(first_answers(catalog))
        ms, n = timed(signed_in, url, renders, fresh=True)
        rows.append(Row("wizard result", f"wizard result, {count} questions, fresh", ms, n))
    return rows


def flat(rows: list[Row]) -> dict[str, bool]:
    """Per group: does the query count stay the same at every size?"""
    counts: dict[str, set[int]] = {}
    for row in rows:
        if row.note:
            continue
        counts.setdefault(row.group, set()).add(row.queries)
    return {group: len(seen) == 1 for group, seen in counts.items()}


def table(rows: list[Row]) -> str:
    flags = flat(rows)
    lines = [f"{'page':<36} {'ms':>9} {'queries':>8} {'cells':>6} {'µs/cell':>8}"]
    for row in rows:
        if row.note:
            lines.append(f"{row.label:<36} {row.note}")
            continue
        per_cell = f"{row.us_per_cell:.0f}" if row.us_per_cell is not None else ""
        flag = "" if flags[row.group] else "  NOT FLAT"
        lines.append(
            f"{row.label:<36} {row.ms:>9.2f} {row.queries:>8} {row.cells or '':>6} "
            f"{per_cell:>8}{flag}"
        )
    return "\n".join(lines)


def markdown(rows: list[Row]) -> str:
    flags = flat(rows)
    lines = ["| page | ms (median) | queries | cells | µs/cell |", "|---|---:|---:|---:|---:|"]
    for row in rows:
        if row.note:
            lines.append(f"| {row.label} | {row.note} | | | |")
            continue
        per_cell = f"{row.us_per_cell:.0f}" if row.us_per_cell is not None else ""
        flag = "" if flags[row.group] else " **not flat**"
        lines.append(
            f"| {row.label} | {row.ms:.2f} | {row.queries}{flag} | {row.cells or ''} | {per_cell} |"
        )
    return "\n".join(lines)


def parse_sizes(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(int(n) for n in part.split("x")) for part in text.split(","))  # type: ignore[misc]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=5, help="timed renders per page (5)")
    parser.add_argument("--sizes", type=parse_sizes, default=SIZES, help="e.g. 2x7,20x100")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args(argv)
    say: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="portal-growth-") as folder:
        say("Preparing an in-process deployment (DEBUG off, SQLite)…")
        configure(Path(folder))
        rows: list[Row] = []
        for tools, capabilities in args.sizes:
            say(f"  catalog {tools}×{capabilities}")
            rows += catalog_rows(tools, capabilities, args.renders)
        say("  team pages")
        rows += team_rows(args.renders)
        say("  wizard results")
        rows += wizard_rows(args.renders)
    print("\n" + table(rows))
    if args.markdown:
        print("\n" + markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
