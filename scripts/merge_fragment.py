"""Merge research fragments (docs/catalog-format.md, "Research fragments") into a catalog file.

    python3 scripts/merge_fragment.py fixtures/catalog.json FRAGMENT.json [FRAGMENT.json ...]

Each section's entries are appended in the fragment's order; an entry whose key is already in
the catalog (its slug; a rating's tool and capability) replaces the old entry where it stood,
so re-checked tools and ratings take their places. Nothing else is touched: the wizard,
surveys, outcomes and use cases stay as they are, and entries the fragment does not name are
kept. Run `manage.py load_catalog --dry-run` afterwards: the loader's checks have the last word.
Then load and `dump_catalog` to write the file in its canonical order.
"""

import json
import sys
from pathlib import Path

SECTIONS = ("sources", "tools", "ratings", "pros_cons", "findings", "updates")


def key(section: str, entry: dict) -> object:
    if section == "ratings":
        return (entry["tool"], entry["capability"])
    return entry["slug"]


def merge(catalog: dict, fragment: dict) -> dict[str, tuple[int, int]]:
    """Merge `fragment` into `catalog` in place; (added, replaced) per section."""
    unknown = set(fragment) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections in the fragment: {sorted(unknown)}")
    counts = {}
    for section in SECTIONS:
        entries = catalog.setdefault(section, [])
        where = {key(section, entry): i for i, entry in enumerate(entries)}
        added = replaced = 0
        for entry in fragment.get(section, []):
            k = key(section, entry)
            if k in where:
                entries[where[k]] = entry
                replaced += 1
            else:
                where[k] = len(entries)
                entries.append(entry)
                added += 1
        if not entries:
            del catalog[section]
        counts[section] = (added, replaced)
    return counts


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    target = Path(argv[1])
    catalog = json.loads(target.read_text(encoding="utf-8"))
    for name in argv[2:]:
        fragment = json.loads(Path(name).read_text(encoding="utf-8"))
        for section, (added, replaced) in merge(catalog, fragment).items():
            print(f"{name}: {section}: {added} added, {replaced} replaced")
    target.write_text(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
