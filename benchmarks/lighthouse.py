"""Lighthouse scores for the key public pages, desktop and mobile, served by gunicorn.

A benchmark, not a test: scores depend on the machine. Lighthouse 12 comes from npm into a cache
directory (installed on first use), and drives the system Chromium through CHROME_PATH. Nothing
leaves the machine: the portal is served on 127.0.0.1 and Chromium runs with its background
networking switched off.

    .venv/bin/python -m benchmarks.lighthouse                 # this checkout
    .venv/bin/python -m benchmarks.lighthouse --root ../main  # another checkout, for a before/after
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.urls import reverse

from .server import ROOT, deployment, exit_on_sigterm

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-default-apps"
)
DEFAULT_CACHE = Path.home() / ".cache" / "portal-lighthouse"


def pages() -> list[str]:
    """The four pages the issue asks to score (paths come from the URLconf, never by hand)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "True")  # only to resolve URL names; the server runs DEBUG off
    import django

    django.setup()
    return [
        reverse("comparisons:home"),
        reverse("comparisons:pair", args=["kubeflow-vs-mlflow"]),
        reverse("wizard:start"),
        reverse("comparisons:insights"),
    ]


def lighthouse_cli(cache: Path) -> Path:
    cli = cache / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(cache), "lighthouse@12"],
            check=True,
        )
    return cli


def score(cli: Path, url: str, form_factor: str, out: Path) -> dict[str, int]:
    command = [
        "node",
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome or ""})
    report = json.loads(out.read_text())
    result = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    cls = report["audits"].get("cumulative-layout-shift", {}).get("numericValue")
    result["cls"] = round(cls, 3) if cls is not None else None
    failed = [
        audit_id
        for name in CATEGORIES
        for ref in report["categories"][name]["auditRefs"]
        if ref["weight"]
        and (report["audits"][audit_id := ref["id"]]["score"] or 0) < 1
        and report["audits"][audit_id]["scoreDisplayMode"] in ("binary", "numeric")
    ]
    result["failed"] = sorted(set(failed))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="npm prefix")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args()
    exit_on_sigterm()
    if not (os.environ.get("CHROME_PATH") or shutil.which("chromium")):
        print("Chromium is missing: run `make chromium` (or set CHROME_PATH).", file=sys.stderr)
        return 2
    cli = lighthouse_cli(args.cache)
    paths = pages()
    rows = []
    print("Preparing a deployment…", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as tmp, deployment(args.root) as site:
        for path in paths:
            for form_factor in ("desktop", "mobile"):
                out = Path(tmp) / "report.json"
                result = score(cli, site.url(path), form_factor, out)
                rows.append({"path": path, "form_factor": form_factor, **result})
    print(f"{'page':<30} {'form':<8} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6}")
    for row in rows:
        print(
            f"{row['path']:<30} {row['form_factor']:<8} {row['performance']:>4} "
            f"{row['accessibility']:>4} {row['best-practices']:>4} {row['seo']:>4} "
            f"{row['cls']!s:>6}  {' '.join(row['failed'])}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
