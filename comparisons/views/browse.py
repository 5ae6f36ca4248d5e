"""Public catalog pages: comparisons, exports, tool profiles, insights, use cases, sources."""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from portal.http import HtmxHttpRequest, is_api, json_refusal
from portal.links import absolute_url
from portal.middleware import validates_own_query

from .. import exports, queries
from ..caching import cached_public_page, is_fragment
from ..charts import BarChart, bar_chart
from ..editing.roles import may_edit_ratings
from ..forms import CompareForm
from ..matrix import Footnotes, SourceRef, ToolInfo
from ..models import CatalogRevision, Question
from ..vocabulary import HOSTING

HOSTING_LABELS = dict(HOSTING)

SITE_NAME = "MLOps Decision Portal"
MAX_PAIR_LINKS = 10  # the "try a pair" prompt stays short however many tools there are
SHOW_ALL_UP_TO = 6  # an empty /compare/ shows every published tool when there are this few
RESULTS_TIMEOUT = 24 * 60 * 60  # a revision's results are never stale; this only frees memory
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}


class ToolNotFound(Http404):
    """A tool slug nobody publishes; the 404 page then lists the tools that exist."""


def pair_slug(tools: list[ToolInfo]) -> str:
    return "-vs-".join(sorted(tool.slug for tool in tools))


def split_pair(pair: str, published: list[ToolInfo]) -> tuple[ToolInfo, ToolInfo]:
    """The two tools named by "<a>-vs-<b>"; slugs may hold hyphens, even "-vs-" itself."""
    by_slug = {tool.slug: tool for tool in published}
    parts = pair.split("-vs-")
    for i in range(1, len(parts)):
        first, second = "-vs-".join(parts[:i]), "-vs-".join(parts[i:])
        if first in by_slug and second in by_slug and first != second:
            return by_slug[first], by_slug[second]
    raise ToolNotFound(f"“{pair}” does not name two different published tools.")


def compare_path(tools: list[ToolInfo], *, fmt: str = "", only_differences=False) -> str:
    """The canonical address of a comparison (or of its `fmt` export): the pair page for two
    tools, else the query; no tools at all is the empty compare page."""
    query = [("diff", "1")] if only_differences else []
    if len(tools) == 2:
        pair = pair_slug(tools)
        path = reverse("comparisons:pair_export", args=[pair, fmt]) if fmt else ""
        path = path or reverse("comparisons:pair", args=[pair])
    else:
        path = reverse("comparisons:export", args=[fmt]) if fmt else ""
        path = path or reverse("comparisons:compare")
        query = [("tools", tool.slug) for tool in tools] + query
    return path + (f"?{urlencode(query)}" if query else "")


def pairs(tools: list[ToolInfo]) -> list[tuple[ToolInfo, ToolInfo, str]]:
    """Every pair of `tools`, with the address of its comparison."""
    return [(a, b, compare_path([a, b])) for i, a in enumerate(tools) for b in tools[i + 1 :]]


def names(tools: list[ToolInfo]) -> str:
    listed = [tool.name for tool in tools]
    if len(listed) < 3:
        return " and ".join(listed)
    return ", ".join(listed[:-1]) + f" and {listed[-1]}"


def canonical_redirect(request: HttpRequest, path: str) -> HttpResponsePermanentRedirect:
    """To the canonical `path`, keeping the query string the visitor gave."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))


def tool_path(slug: str) -> str:
    return reverse("comparisons:tool", args=[slug])


def bad_request(request: HttpRequest, message: str, **context) -> HttpResponse:
    context |= {"message": message, "page_title": f"Bad request · {SITE_NAME}"}
    return render(request, "400.html", context, status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: says what was not found when we know, and lists the tools that exist."""
    if is_api(request):
        return json_refusal("There is nothing at this address.", 404)
    try:
        tools = queries.published_tools()
    except DatabaseError:  # the 404 page must never become a 500
        tools = []
    message = str(exception.args[0]) if isinstance(exception, ToolNotFound) else ""
    context = {"message": message, "tools": tools, "page_title": f"Page not found · {SITE_NAME}"}
    return render(request, "404.html", context, status=404)


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400, e.g. for a query string with more fields than Django accepts."""
    if isinstance(exception, DisallowedHost):
        # The page template prints absolute links from the Host header, the very thing refused;
        # rendering it would raise again and end in a bare 500.
        return HttpResponseBadRequest(
            "Bad request: this site does not answer to that host name.", content_type="text/plain"
        )
    if is_api(request):
        return json_refusal("The address is malformed: check the query string.", 400)
    return bad_request(request, "The address is malformed: check the query string.")


# --- Comparison ------------------------------------------------------------------------


@dataclass(frozen=True)
class Glance:
    """One line of "At a glance": when to choose an outcome, from the use case recommending it."""

    name: str
    when: str
    summary: str
    sources: tuple[SourceRef, ...]


def at_a_glance(chosen: list[ToolInfo], footnotes: Footnotes) -> list[Glance]:
    """Every outcome made only of the chosen tools, with the situations that call for it: a
    comparison of other tools says nothing of outcomes it does not show."""
    slugs = {tool.slug for tool in chosen}
    uses = queries.use_cases()
    glance = []
    for outcome in queries.outcomes():
        tools = {tool.slug for tool in outcome.tools.all()}
        if not tools or not tools <= slugs:
            continue
        mine = [use for use in uses if use.outcome_id == outcome.pk]
        glance.append(
            Glance(
                name=outcome.name,
                when="; ".join(f"{use.title} ({use.stage.lower()})" for use in mine),
                summary=outcome.summary,
                sources=footnotes.cite(s.slug for use in mine for s in use.sources.all()),
            )
        )
    return glance


def _results_context(
    form: CompareForm, chosen: list[ToolInfo], *, defaulted: bool, canonical_path: str
) -> dict:
    """What the results (the `#matrix` partial) show: the grid, "At a glance", exports and the
    numbered sources — everything built from the catalog."""
    matrix = None
    glance: list[Glance] = []
    footnotes = None
    changes = []
    if len(chosen) >= 2:
        matrix = queries.comparison(chosen, only_differences=form.only_differences)
        footnotes = Footnotes(queries.all_sources(), matrix.sources)
        glance = at_a_glance(chosen, footnotes)
        changes = queries.last_changed(chosen)
    return {
        "chosen": chosen,
        "only_differences": form.only_differences,
        "matrix": matrix,
        "glance": glance,
        "changes": changes,
        "questions": Question.objects.count() if glance else 0,
        "footnotes": footnotes.refs if footnotes else (),
        "pairs": pairs(form.published)[:MAX_PAIR_LINKS],
        "exports": [
            (label, compare_path(chosen, fmt=ext, only_differences=form.only_differences))
            for ext, label in (("csv", "CSV"), ("json", "JSON"), ("md", "Markdown"))
        ],
        "canonical_path": canonical_path,
    }


def results_cache_key(request: HttpRequest, chosen: list[ToolInfo], *parts: object) -> str:
    """The rendered results per catalog revision, tools and options, and per audience: only
    those who may change ratings see "Edit this" links in the cells."""
    revision = getattr(request, "catalog_revision", None) or CatalogRevision.current()
    can_edit = may_edit_ratings(request.user)
    raw = repr(([tool.slug for tool in chosen], parts, can_edit))
    return f"compare-results:{revision}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _compare(request: HtmxHttpRequest, form: CompareForm) -> HttpResponse:
    if not form.is_valid():
        return bad_request(request, form.error_message(), tools=form.published)
    chosen = form.chosen_tools()
    defaulted = "tools" not in form.data and len(form.published) <= SHOW_ALL_UP_TO
    if defaulted:
        chosen = form.published  # nothing chosen yet and few tools: show them all
    compared = len(chosen) >= 2
    # The default view keeps its own address, as the sitemap lists it.
    canonical_path = compare_path(chosen if compared and not defaulted else [])
    context: dict = {}
    results = key = None
    if compared:
        # Cached apart from the page, so signed-in visitors (who bypass the whole-page cache)
        # skip the grid's queries and rendering too; an edit bumps the revision in the key.
        key = results_cache_key(request, chosen, form.only_differences, canonical_path)
        results = cache.get(key)
    if results is None:
        context = _results_context(form, chosen, defaulted=defaulted, canonical_path=canonical_path)
        results = render_to_string("comparisons/compare.html#matrix", context, request)
        if key:
            cache.set(key, results, RESULTS_TIMEOUT)
    if is_fragment(request):
        return HttpResponse(results)  # htmx swaps only the results; the form stays as it was
    title = f"{names(chosen)} compared" if compared else "Compare MLOps tools"
    context |= {
        "published": form.published,
        "chosen": chosen,
        "chosen_slugs": {tool.slug for tool in chosen},
        "only_differences": form.only_differences,
        "compared": compared,
        "results": mark_safe(results),  # our own rendered template, as stored
        "page_title": f"{title} · {SITE_NAME}",
        "page_description": (
            f"{names(chosen)} side by side: how well each serves experiment tracking, "
            "orchestration, serving and more, with dated sources."
            if compared
            else "Choose MLOps tools and compare them capability by capability, with sources."
        ),
        "canonical_path": canonical_path,
    }
    return render(request, "comparisons/compare.html", context)


@require_safe
@validates_own_query
@cached_public_page(params=("tools", "diff"))
def compare(request: HtmxHttpRequest) -> HttpResponse:
    return _compare(request, CompareForm(request.GET, published=queries.published_tools()))


@require_safe
@cached_public_page(params=("diff",))
def compare_pair(request: HtmxHttpRequest, pair: str) -> HttpResponse:
    published = queries.published_tools()
    tools = list(split_pair(pair, published))
    if pair != pair_slug(tools):
        return canonical_redirect(request, reverse("comparisons:pair", args=[pair_slug(tools)]))
    data = request.GET.copy()
    data.setlist("tools", [tool.slug for tool in tools])
    return _compare(request, CompareForm(data, published=published))


# --- Exports ---------------------------------------------------------------------------


def _export(request: HttpRequest, form: CompareForm, fmt: str) -> HttpResponse:
    if not form.is_valid():
        return HttpResponse(form.error_message(), status=400, content_type="text/plain")
    chosen = form.chosen_tools()
    if not chosen:
        message = "Name at least one tool, e.g. ?tools=mlflow&tools=kubeflow."
        return HttpResponse(message, status=400, content_type="text/plain")
    matrix = queries.comparison(chosen, only_differences=form.only_differences)
    page = compare_path(chosen, only_differences=form.only_differences)
    revision = getattr(request, "catalog_revision", None) or CatalogRevision.current()
    export = exports.to_export(
        matrix,
        url=absolute_url(request, page),
        tool_urls={t.slug: tool_path(t.slug) for t in matrix.tools},
        revision=revision,
    )
    if fmt == "json":
        body = exports.to_json(export)
    elif fmt == "csv":
        body = exports.to_csv(export)
    else:
        body = exports.to_markdown(export, title=f"{names(chosen)} compared")
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    filename = "-vs-".join(tool.slug for tool in chosen) + f".{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@validates_own_query
@cached_public_page(params=("tools", "diff"))
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _export(request, CompareForm(request.GET, published=queries.published_tools()), fmt)


@require_safe
@cached_public_page(params=("diff",))
def export_pair(request: HttpRequest, pair: str, fmt: str) -> HttpResponse:
    published = queries.published_tools()
    tools = list(split_pair(pair, published))
    if pair != pair_slug(tools):
        path = reverse("comparisons:pair_export", args=[pair_slug(tools), fmt])
        return canonical_redirect(request, path)
    data = request.GET.copy()
    data.setlist("tools", [tool.slug for tool in tools])
    return _export(request, CompareForm(data, published=published), fmt)


# --- Other public pages ----------------------------------------------------------------


@require_safe
@cached_public_page()
def home(request: HttpRequest) -> HttpResponse:
    tools = queries.published_tools()
    return render(
        request,
        "comparisons/home.html",
        {
            "tools": tools,
            "matrix": queries.comparison(tools),
            "outcomes": queries.outcomes(),
            "compare_url": compare_path(tools if len(tools) >= 2 else []),
        },
    )


@require_safe
@cached_public_page()
def tool(request: HttpRequest, slug: str) -> HttpResponse:
    profile = queries.tool_profile(slug)
    if profile is None:
        raise ToolNotFound(f"There is no published tool called “{slug}”.")
    me = ToolInfo(slug=slug, name=profile.tool["name"])
    # One numbering for the page: the grid's sources first, then each further citation.
    footnotes = Footnotes(queries.all_sources(), profile.matrix.sources)

    def cited(items) -> list:
        return [(item, footnotes.cite(s.slug for s in item.sources.all())) for item in items]

    licence_source = profile.tool["licence_source__slug"]
    licence_refs = footnotes.cite([licence_source] if licence_source else [])
    version_source = profile.tool["version_source__slug"]
    version_refs = footnotes.cite([version_source] if version_source else [])
    # Since the article: the article's claim with its source, the current state with its own.
    updates = [
        (
            update,
            footnotes.cite([update.claimed_in.slug]),
            footnotes.cite(s.slug for s in update.sources.all()),
            sorted(
                {d for s in update.sources.all() if (d := s.read_on)},
                reverse=True,
            ),
        )
        for update in profile.updates
    ]
    pros, cons = cited(profile.pros), cited(profile.cons)
    figures = [(f, footnotes.cite([f.survey.source.slug])) for f in profile.figures]
    findings, outlook = cited(profile.findings), cited(profile.outlook)
    return render(
        request,
        "comparisons/tool.html",
        {
            "profile": profile,
            "licence_refs": licence_refs,
            "version_refs": version_refs,
            "hosting": HOSTING_LABELS.get(profile.tool["hosting"], ""),
            "updates": updates,
            "pros": pros,
            "cons": cons,
            "figures": figures,
            "findings": findings,
            "outlook": outlook,
            "footnotes": footnotes.refs,
            "tool": profile.tool,
            "matrix": profile.matrix,
            "compare_links": [(other, compare_path([me, other])) for other in profile.others],
            "page_title": f"{profile.tool['name']}, {profile.tool['focus']} · {SITE_NAME}",
            "page_description": profile.tool["tagline"],
        },
    )


@dataclass(frozen=True)
class SurveyChart:
    survey: object  # comparisons.models.Survey, figures prefetched
    chart: BarChart
    sources: tuple[SourceRef, ...]


@require_safe
@cached_public_page()
def insights(request: HttpRequest) -> HttpResponse:
    footnotes = Footnotes(queries.all_sources())
    charts = [
        SurveyChart(
            survey,
            bar_chart([(f.label, f.percent, f.negative) for f in survey.figures.all()]),
            footnotes.cite([survey.source.slug]),
        )
        for survey in queries.surveys_with_figures()
    ]
    findings = [
        (finding, footnotes.cite(source.slug for source in finding.sources.all()))
        for finding in queries.findings()
    ]
    return render(
        request,
        "comparisons/insights.html",
        {
            "charts": charts,
            "findings": findings,
            "footnotes": footnotes.refs,
            "page_title": f"Insights: survey figures and findings · {SITE_NAME}",
            "page_description": "Survey figures and sourced findings about MLOps tools, "
            "drawn as charts with the numbers alongside.",
        },
    )


@require_safe
@cached_public_page()
def use_cases(request: HttpRequest) -> HttpResponse:
    footnotes = Footnotes(queries.all_sources())
    return render(
        request,
        "comparisons/use_cases.html",
        {
            "use_cases": [
                (use, footnotes.cite(source.slug for source in use.sources.all()))
                for use in queries.use_cases()
            ],
            "footnotes": footnotes.refs,
            "outcomes": queries.outcomes(),
            "page_title": f"Use cases and reference pipelines · {SITE_NAME}",
            "page_description": "Which MLOps stack fits which situation, from notebooks to "
            "enterprise pipelines on Kubernetes, with the pipeline steps drawn out.",
        },
    )


def claim_url(claim: queries.Claim) -> str:
    """Where a claim is shown: a tool's profile, the insights or the use cases page."""
    path = reverse(f"comparisons:{claim.page}", args=[claim.tool] if claim.tool else [])
    return path + (f"#{claim.anchor}" if claim.anchor else "")


@require_safe
@cached_public_page()
def sources(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "comparisons/sources.html",
        {
            "entries": [
                (
                    entry.source,
                    [(claim, claim_url(claim)) for claim in entry.claims],
                    entry.read_through,
                )
                for entry in queries.bibliography()
            ],
            "page_title": f"Sources · {SITE_NAME}",
            "page_description": "Every source behind the portal's ratings, figures and findings, "
            "with its publisher, date and the claims that cite it.",
        },
    )


def parent(path: str) -> str:
    """The folder a path lives in: "/join/<token>/" → "/join/"."""
    return path.rstrip("/").rsplit("/", 1)[0] + "/"


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    # Private or per-visitor pages, and query variants that the canonical pages cover.
    disallowed = [
        reverse("admin:index"),
        parent(reverse("login")),
        reverse("teams:list"),
        parent(reverse("teams:join", args=["token"])),
        parent(reverse("share:view", args=["token"])),
        reverse("wizard:result"),
        reverse("comparisons:export", args=["csv"]).removesuffix("csv"),
    ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
