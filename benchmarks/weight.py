"""First-visit page weight on the wire, as production serves it: compressed bytes, not decompressed.

For each page: the HTML requested with `Accept-Encoding: br, gzip` as a browser does, then every
stylesheet, script, icon and manifest the HTML references (<link href>, <script src>), each
counted once per page. Bytes are the response bodies as sent (Content-Encoding left applied).

    make weight            # or: .venv/bin/python -m benchmarks.weight
"""

import argparse
import sys
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from .server import deployment, exit_on_sigterm

PAGES = ("/", "/compare/kubeflow-vs-mlflow/", "/wizard/", "/insights/")
COMPARE_TARGET_BYTES = 30 * 1024
# rel values whose href a browser fetches on a first visit.
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "modulepreload",
                "preload"}  # fmt: skip


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = None
        if tag == "script":
            url = values.get("src")
        elif tag == "link":
            rels = set((values.get("rel") or "").lower().split())
            if rels & FETCHED_RELS:
                url = values.get("href")
        # A data: URL is inside the HTML already: its bytes are counted there.
        if url and not url.startswith("data:") and url not in self.found:
            self.found.append(url)


def resources(html: str) -> list[str]:
    """URLs of the stylesheets, scripts, icons and manifest the page references, in order."""
    parser = _Resources()
    parser.feed(html)
    return parser.found


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    encoding: str  # Content-Encoding, "" when sent as is
    wire_bytes: int


def fetch(base: str, url: str) -> tuple[Fetched, bytes]:
    """One GET as a browser asks; the raw body (still compressed) and its size."""
    full = urljoin(base, url)
    request = urllib.request.Request(full, headers={"Accept-Encoding": "br, gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "")
        return Fetched(url, response.status, encoding, len(body)), body


def decoded(body: bytes, encoding: str) -> str:
    """The HTML text, to find its resources (only for reading; the weight is the raw size)."""
    if encoding == "gzip":
        import gzip

        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli  # only needed once the app sends brotli HTML

        body = brotli.decompress(body)
    return body.decode("utf-8", "replace")


def weigh(base: str, page: str) -> list[Fetched]:
    html, body = fetch(base, page)
    rows = [html]
    for url in resources(decoded(body, html.encoding)):
        rows.append(fetch(urljoin(base, page), url)[0])
    return rows


def report(page: str, rows: list[Fetched]) -> str:
    total = sum(r.wire_bytes for r in rows)
    lines = [f"{page}"]
    for r in rows:
        lines.append(f"  {r.wire_bytes:>8,} B  {r.encoding or 'identity':<8} {r.url}")
    target = ""
    if page.startswith("/compare/"):
        verdict = "met" if total <= COMPARE_TARGET_BYTES else "MISSED"
        target = f"  (target ≤ {COMPARE_TARGET_BYTES / 1024:.0f} KB: {verdict})"
    lines.append(f"  {total:>8,} B  total, {total / 1024:.1f} KB{target}")
    return "\n".join(lines)


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    exit_on_sigterm()
    print("Preparing a deployment…", file=sys.stderr, flush=True)
    with deployment() as site:
        base = site.url("")
        results = {page: weigh(base, page) for page in PAGES}
    for page, rows in results.items():
        print(report(page, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
