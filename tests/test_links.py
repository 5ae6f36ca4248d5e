"""Links come from URL names, and absolute links from SITE_URL or, in development, the request.

The guard below reads the source: a path typed into a template or a Python module outside the
tests would silently break when a URL changes, so every link goes through `{% url %}`,
`reverse()` or `get_absolute_url()`.
"""

import ast
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROOT = Path(settings.BASE_DIR)
# Clients of the site that address it from outside, by its public URLs, as a visitor would.
NOT_SITE_CODE = {"tests", "benchmarks", "migrations", ".venv"}
LINK_ATTRIBUTES = (
    r"(?:href|src|action|formaction|(?:data-)?hx-(?:get|post|put|patch|delete|push-url))"
)


def site_sections() -> set[str]:
    """The first segment of every route ("compare", "tools", "admin", "sitemap.xml", …)."""
    found: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver) and not route:
                walk(pattern.url_patterns, route)  # included at the root: look one level down
            elif match := re.match(r"[\w.-]+", route):
                found.add(match.group())
            else:
                assert isinstance(pattern, URLPattern | URLResolver)

    walk(get_resolver().url_patterns, "")
    found.add(settings.STATIC_URL.strip("/"))
    return found


def hard_coded_paths_in_template(text: str, sections: set[str]) -> list[str]:
    section = "|".join(re.escape(name) for name in sorted(sections))
    attribute = rf"\b{LINK_ATTRIBUTES}\s*=\s*[\"']/(?!/)[^\"']*"  # href="/…", not "//cdn…"
    quoted = rf"[\"']/(?:{section})(?=[/.?#\"']|$)[^\"']*"  # "/insights/" in a comparison
    return [m.group() for m in re.finditer(f"{attribute}|{quoted}", text)]


def hard_coded_paths_in_python(text: str, sections: set[str]) -> list[str]:
    """String literals (and f-strings' literal parts) that start with one of the site's sections.
    Docstrings are prose and may name a path."""
    starts = re.compile(rf"/(?:{'|'.join(re.escape(s) for s in sorted(sections))})(?=[/.?#]|$)")
    tree = ast.parse(text)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):  # f-strings' literal parts are Constant nodes too
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and starts.match(node.value)
        ):
            found.append(node.value)
    return found


def site_files(pattern: str) -> list[Path]:
    return [
        path
        for path in ROOT.rglob(pattern)
        if not NOT_SITE_CODE & set(path.relative_to(ROOT).parts)
    ]


def test_the_guard_knows_the_sites_sections():
    assert {"compare", "tools", "wizard", "teams", "join", "accounts", "admin"} <= site_sections()


def test_the_guard_catches_typed_paths_and_accepts_url_names():
    sections = site_sections()
    assert hard_coded_paths_in_template('<a href="/">home</a>', sections) == ['href="/']
    assert hard_coded_paths_in_template('<form action="/teams/new/">', sections)
    assert hard_coded_paths_in_template('{% if request.path == "/insights/" %}', sections)
    assert not hard_coded_paths_in_template("<a href=\"{% url 'comparisons:home' %}\">", sections)
    assert not hard_coded_paths_in_template('<a href="#main"> <a href="https://x.org/">', sections)
    assert hard_coded_paths_in_python('url = f"/tools/{slug}/"', sections) == ["/tools/"]
    assert hard_coded_paths_in_python('url = f"{root}/sitemap.xml"', sections)
    assert hard_coded_paths_in_python('redirect("/compare/?tools=a")', sections)
    assert not hard_coded_paths_in_python('"""Under /teams/<slug>/."""\nx = "a/b"', sections)
    assert not hard_coded_paths_in_python('reverse("comparisons:tool", args=[s])', sections)


def test_no_template_types_a_site_path():
    sections = site_sections()
    templates = site_files("*.html")
    assert len(templates) > 20  # the guard reads the real templates
    found = {
        str(path.relative_to(ROOT)): paths
        for path in templates
        if (paths := hard_coded_paths_in_template(path.read_text(encoding="utf-8"), sections))
    }
    assert found == {}


def test_no_python_module_types_a_site_path():
    modules = site_files("*.py")
    assert len(modules) > 30
    sections = site_sections()
    found = {
        str(path.relative_to(ROOT)): paths
        for path in modules
        if (paths := hard_coded_paths_in_python(path.read_text(encoding="utf-8"), sections))
    }
    assert found == {}


# --- Absolute links ----------------------------------------------------------------------


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)">', html).group(1)


def og_url(html: str) -> str:
    return re.search(r'<meta property="og:url" content="([^"]*)">', html).group(1)


@pytest.mark.parametrize("host", ["127.0.0.1:8140", "localhost:8000"])
def test_in_development_absolute_links_follow_the_requests_host_and_port(client, catalog, host):
    html = client.get("/insights/", HTTP_HOST=host).content.decode()
    assert canonical(html) == og_url(html) == f"http://{host}/insights/"


def test_in_development_the_sitemap_and_robots_follow_the_requests_port(client, catalog):
    sitemap = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8140").content
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [el.text for el in ElementTree.fromstring(sitemap).findall(".//s:loc", ns)]
    assert locs and all(loc.startswith("http://127.0.0.1:8140/") for loc in locs)
    robots = client.get("/robots.txt", HTTP_HOST="127.0.0.1:8140").content.decode()
    assert "Sitemap: http://127.0.0.1:8140/sitemap.xml\n" in robots


def test_the_page_cache_keeps_one_copy_per_host(client, catalog):
    """A page cached for one origin must not hand its links to a visitor on another."""
    first = client.get("/compare/kubeflow-vs-mlflow/", HTTP_HOST="127.0.0.1:8140")
    again = client.get("/compare/kubeflow-vs-mlflow/", HTTP_HOST="127.0.0.1:8140")
    other = client.get("/compare/kubeflow-vs-mlflow/", HTTP_HOST="localhost:8000")
    assert again.content == first.content  # the same origin is served from the cache
    assert canonical(other.content.decode()) == "http://localhost:8000/compare/kubeflow-vs-mlflow/"


@pytest.mark.parametrize("host", ["127.0.0.1:8140", "localhost:8000"])
def test_with_site_url_set_every_absolute_link_uses_it(client, catalog, settings, host):
    settings.SITE_URL = "https://portal.example.com"
    html = client.get("/tools/mlflow/", HTTP_HOST=host).content.decode()
    assert canonical(html) == og_url(html) == "https://portal.example.com/tools/mlflow/"
    sitemap = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    assert "<loc>https://portal.example.com/compare/kubeflow-vs-mlflow/</loc>" in sitemap
    assert host not in sitemap
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()
    assert "Sitemap: https://portal.example.com/sitemap.xml\n" in robots
    export = client.get("/compare/kubeflow-vs-mlflow.json", HTTP_HOST=host).json()
    assert export["url"] == "https://portal.example.com/compare/kubeflow-vs-mlflow/"
    assert export["tools"][1]["url"] == "/tools/mlflow/"  # relative, as docs/exports.md says


def test_an_invite_link_uses_site_url(client, settings, make_user):
    from teams.models import Team

    settings.SITE_URL = "https://portal.example.com"
    owner = make_user("olive")
    team = Team.objects.create_with_owner("Alpha", owner)
    client.force_login(owner)
    create = reverse("teams:create_invite", args=[team.slug])
    response = client.post(create, {"max_uses": "1", "expires_in": "7"})
    assert response.context["link"].startswith("https://portal.example.com/join/")


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/compare/", "Compare"),
        ("/compare/kubeflow-vs-mlflow/", "Compare"),
        ("/wizard/", "Wizard"),
        ("/insights/", "Insights"),
        ("/use-cases/", "Use cases"),
        ("/sources/", "Sources"),
        ("/accounts/login/", "Log in"),
        ("/accounts/signup/", "Sign up"),
        ("/tools/mlflow/", None),
    ],
)
def test_the_nav_marks_the_section_the_page_belongs_to(client, catalog, url, current):
    html = client.get(url).content.decode()
    marked = re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', html)
    assert marked == ([current] if current else [])


def test_the_nav_marks_teams_on_team_pages(client, make_user):
    from teams.models import Team

    owner = make_user("olive")
    team = Team.objects.create_with_owner("Alpha", owner)
    client.force_login(owner)
    html = client.get(team.get_absolute_url()).content.decode()
    assert re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', html) == ["Teams"]
