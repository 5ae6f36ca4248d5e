"""Which resources a first visit fetches, read from the page's HTML (benchmarks/weight.py)."""

from benchmarks.weight import resources

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/static/css/site.abc.css">
<link rel="icon" href="/static/icon.svg">
<link rel="icon" href="data:image/svg+xml,<svg></svg>">
<link rel="manifest" href="/static/site.webmanifest">
<link rel="canonical" href="https://portal.example.com/">
<link rel="preconnect" href="https://elsewhere.example">
<script src="/static/js/htmx.min.js" defer></script>
<script>inline()</script>
</head><body><script src="/static/js/copy.js"></script>
<script src="/static/js/htmx.min.js" defer></script></body></html>"""


def test_stylesheets_scripts_icons_and_the_manifest_are_found_in_document_order():
    assert resources(PAGE) == [
        "/static/css/site.abc.css",
        "/static/icon.svg",
        "/static/site.webmanifest",
        "/static/js/htmx.min.js",
        "/static/js/copy.js",
    ]


def test_links_a_browser_does_not_download_are_left_out():
    found = resources(PAGE)
    assert "https://portal.example.com/" not in found
    assert "https://elsewhere.example" not in found


def test_a_data_url_is_not_fetched_again_its_bytes_are_in_the_html():
    assert not any(url.startswith("data:") for url in resources(PAGE))


def test_a_resource_referenced_twice_is_counted_once():
    assert resources(PAGE).count("/static/js/htmx.min.js") == 1
