"""Screenshots of every public page and the signed-in team page, to look at before and after.

Serves a checkout with gunicorn (benchmarks.server), signs up a person through the
real forms, creates a team, and shoots each page at 1280x800 and 360x740 in light and dark.

    .venv/bin/python -m benchmarks.screenshots --out /tmp/shots
    .venv/bin/python -m benchmarks.screenshots --root ../main --out /tmp/shots-before
"""

import argparse
import json
import shutil
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

from benchmarks.server import ROOT, deployment, exit_on_sigterm

SIZES = {"desktop": (1280, 800), "mobile": (360, 740)}
ANSWERS = {
    "kubernetes": "none",
    "complexity": "simple",
    "training-scale": "small",
    "priority": "reproducibility",
    "portability": "low",
    "stage": "prototyping",
}
# Every tool of the shipped catalog side by side: the widest grid a visitor can ask for.
ALL_TOOLS = [
    t["slug"] for t in json.loads((ROOT / "fixtures" / "catalog.json").read_text())["tools"]
]
PUBLIC = {
    "home": "/",
    "compare": "/compare/",
    "compare-all": "/compare/?" + urlencode([("tools", slug) for slug in ALL_TOOLS]),
    "pair": "/compare/kubeflow-vs-mlflow/",
    "tool-mlflow": "/tools/mlflow/",
    "tool-kubeflow": "/tools/kubeflow/",
    "insights": "/insights/",
    "use-cases": "/use-cases/",
    "sources": "/sources/",
    "wizard": "/wizard/",
    "result": "/wizard/result/?" + urlencode(ANSWERS),
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
}
PASSWORD = "correct horse battery staple"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--full", action="store_true", help="full-page shots, not the viewport")
    parser.add_argument("--only", nargs="*", help="shoot only these pages (names in PUBLIC)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    exit_on_sigterm()
    with deployment(args.root) as site, sync_playwright() as p:
        base = site.url("")
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            signed_in = browser.new_context()
            page = signed_in.new_page()
            page.goto(base + "/accounts/signup/")
            page.fill("#id_username", "alice")
            page.fill("#id_password1", PASSWORD)
            page.fill("#id_password2", PASSWORD)
            page.get_by_role("button", name="Create account").click()
            page.goto(base + "/teams/new/")
            page.get_by_label("Team name").fill("Platform Crew")
            page.get_by_role("button", name="Create team").click()
            page.wait_for_url("**/teams/platform-crew/")
            storage = signed_in.storage_state()
            pages = [(name, path, None) for name, path in PUBLIC.items()]
            pages.append(("team", "/teams/platform-crew/", storage))
            if args.only:
                pages = [page for page in pages if page[0] in args.only]
            for name, path, state in pages:
                for size, (width, height) in SIZES.items():
                    for scheme in ("light", "dark"):
                        context = browser.new_context(
                            viewport={"width": width, "height": height},
                            color_scheme=scheme,
                            storage_state=state,
                        )
                        shot = context.new_page()
                        shot.goto(base + path, wait_until="networkidle")
                        shot.screenshot(
                            path=str(args.out / f"{name}-{size}-{scheme}.png"), full_page=args.full
                        )
                        context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
