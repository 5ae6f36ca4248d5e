"""Version 1 of the public API: the catalog read-only, and the wizard's evaluation.

Served by django-ninja, which derives the OpenAPI 3.1 document from the pydantic classes the
operations answer with (api/schemas.py: the catalog file's own entries). Its interactive docs
page loads Swagger UI from a CDN, which the site's Content-Security-Policy forbids, so it is
switched off; /api/ (api/views.py) describes the API in plain HTML instead.

No operation reads cookies or the session, and none uses django-ninja's session or cookie
authentication, which are the only ways it checks CSRF. That is also why the POST needs no
CSRF token (see `evaluate`).
"""

from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import path, reverse
from ninja import NinjaAPI, P, Query, Status
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from comparisons.exports import ComparisonExport
from comparisons.forms import CompareForm
from comparisons.matrix import ToolInfo
from comparisons.schemas import Slug
from comparisons.views.browse import compare_path, tool_path
from decisions.engine import InvalidAnswers, InvalidRules, validate_answers
from decisions.rules import current_wizard
from decisions.views.result import advice_for
from portal.links import absolute_url

from . import build
from . import schemas as s
from .catalog import public_catalog
from .examples import add_examples
from .http import counted, public_get

TAG_CATALOG = "catalog"
TAG_WIZARD = "wizard"
READ_ERRORS = {429: s.Message}  # every operation may answer 429 once the rate is spent


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None, examples=True):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_examples(schema) if examples else schema

    def _get_urls(self):
        # The API's root would be django-ninja's 404 naming its (disabled) docs page; the
        # description of the API lives at /api/.
        return [
            path("", lambda request: redirect("api:index"), name=p.name)
            if getattr(p, "name", None) == "api-root"
            else p
            for p in super()._get_urls()
        ]


api = PortalAPI(
    title="MLOps Decision Portal API",
    version="1",
    description=(
        "The portal's sourced catalog of MLOps tools, read-only, and its decision wizard. "
        "Every answer that states a fact lists the sources it cites, with their dates. "
        "Additive changes only within v1; see docs/api.md."
    ),
    urls_namespace="api:api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
    docs_decorator=public_get,  # the schema is cached, rate limited and CORS-readable too
    auth=None,
)


def _catalog(request: HttpRequest):
    return public_catalog(getattr(request, "catalog_revision", None))


@api.get(
    "tools",
    response={200: s.ToolList, **READ_ERRORS},
    summary="List the published tools",
    operation_id="listTools",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def list_tools(request: HttpRequest):
    return build.tools(_catalog(request))


@api.get(
    # `path:` lets any text reach the view, to get a JSON 404 or 422, never an HTML page.
    "tools/{path:slug}",
    response={200: s.ToolDetail, 404: s.Message, 422: s.Problems, **READ_ERRORS},
    summary="One published tool: ratings, pros and cons, findings, survey figures, updates",
    operation_id="getTool",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def get_tool(request: HttpRequest, slug: Slug):
    found = build.tool(_catalog(request), slug)
    if found is None:
        return Status(404, {"detail": f"There is no published tool called “{slug[:60]}”."})
    return found


@api.get(
    "capabilities",
    response={200: s.CapabilityList, **READ_ERRORS},
    summary="List the capabilities tools are rated on",
    operation_id="listCapabilities",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def list_capabilities(request: HttpRequest):
    return build.capabilities(_catalog(request))


@api.get(
    "matrix",
    response={
        200: ComparisonExport,
        400: s.Message,
        404: s.Message,
        422: s.Problems,
        **READ_ERRORS,
    },
    summary="Compare tools capability by capability, with numbered sources",
    description="The same document as the comparison page's JSON export "
    "(docs/exports.md). Tools come back in catalog order; 404 names a tool nobody publishes.",
    operation_id="getMatrix",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def get_matrix(
    request: HttpRequest,
    tools: Query[
        list[Slug],
        P(
            min_length=1,
            description="The tools to compare, by slug: ?tools=kubeflow&tools=mlflow "
            "(a tool named twice counts once)",
        ),
    ],
    diff: Query[
        Literal["0", "1"], P(description="1: only the capabilities where the tools differ")
    ] = "0",
):
    catalog = _catalog(request)
    published = [ToolInfo(slug=t.slug, name=t.name, focus=t.focus) for t in catalog.file.tools]
    # The comparison page's own checks, so both refuse the same links with the same words.
    query = request.GET.copy()
    query.setlist("tools", list(dict.fromkeys(tools)))
    form = CompareForm(query, published=published)
    if not form.is_valid():
        unknown = any(e.code == "invalid_choice" for e in form.errors.as_data().get("tools", []))
        return Status(404 if unknown else 400, {"detail": form.error_message()})
    chosen = form.chosen_tools()
    page = compare_path(chosen, only_differences=form.only_differences)
    return build.comparison(
        catalog,
        [t.slug for t in chosen],
        only_differences=form.only_differences,
        url=absolute_url(request, page),
        tool_urls={t.slug: tool_path(t.slug) for t in chosen},
    )


@api.get(
    "sources",
    response={200: s.SourceList, **READ_ERRORS},
    summary="List every source, with its publisher and dates",
    operation_id="listSources",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def list_sources(request: HttpRequest):
    return build.sources(_catalog(request))


@api.get(
    "surveys",
    response={200: s.SurveyList, **READ_ERRORS},
    summary="List the surveys and their figures",
    operation_id="listSurveys",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def list_surveys(request: HttpRequest):
    return build.surveys(_catalog(request))


@api.get(
    "findings",
    response={200: s.FindingList, **READ_ERRORS},
    summary="List the sourced findings about the tools",
    operation_id="listFindings",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def list_findings(request: HttpRequest):
    return build.findings(_catalog(request))


@api.get(
    "updates",
    response={200: s.UpdateList, **READ_ERRORS},
    summary="What changed since the article: its claims beside the current documentation",
    description="Where a published tool's current documentation contradicts or supersedes "
    "the article the catalog started from. Both statements stay, each with its source: "
    "`claimed_in` for the article's claim, `sources` for what is current. A tool's own "
    "updates also come with GET /tools/{slug}.",
    operation_id="listUpdates",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def list_updates(request: HttpRequest):
    return build.updates(_catalog(request))


@api.get(
    "use-cases",
    response={200: s.UseCaseList, **READ_ERRORS},
    summary="List the use cases and the outcomes they recommend",
    operation_id="listUseCases",
    tags=[TAG_CATALOG],
)
@decorate_view(public_get)
def list_use_cases(request: HttpRequest):
    return build.use_cases(_catalog(request))


@api.get(
    "wizard/questions",
    response={200: s.WizardQuestions, **READ_ERRORS},
    summary="The decision wizard's questions, choices, points and prerequisites",
    operation_id="getWizardQuestions",
    tags=[TAG_WIZARD],
)
@decorate_view(public_get)
def wizard_questions(request: HttpRequest):
    return build.wizard_questions(_catalog(request))


@api.post(
    "wizard/evaluate",
    response={200: s.Evaluation, 400: s.Message, 422: s.Problems, 503: s.Message, **READ_ERRORS},
    summary="Evaluate answers: recommendation, fit, confidence, reasons, what would change it",
    operation_id="evaluateWizard",
    tags=[TAG_WIZARD],
)
@decorate_view(counted)
def evaluate(request: HttpRequest, body: s.EvaluateRequest):
    # No CSRF check, deliberately, and safely: CSRF abuses a browser's cookies to act as its
    # user. This endpoint reads no cookie and no session (the API has no authentication), keeps
    # nothing and answers everyone alike, so a forged cross-site POST can do nothing the forger
    # could not do by calling it directly. django-ninja checks CSRF only for cookie or session
    # authentication, which this API never uses (`auth=None`).
    try:
        wizard = current_wizard()
    except InvalidRules:
        return Status(503, {"detail": "The wizard is being edited and cannot answer right now."})
    try:
        answers = validate_answers(body.answers, wizard.rules)
    except InvalidAnswers as error:
        # django-ninja answers it with 422 in its own shape, as for a malformed body.
        raise ValidationError(
            [
                {"loc": ["body", "answers", question], "msg": message, "type": "invalid_answer"}
                for question, message in error.problems
            ]
        ) from None
    return build.evaluation(
        public_catalog(wizard.revision), answers, advice_for(wizard, answers), wizard.rules
    )


def operation_summaries() -> list[dict[str, Any]]:
    """Method, path and summary of every operation, for the /api/ page."""
    prefix = reverse("api:api-v1:api-root")
    schema = api.get_openapi_schema(path_prefix=prefix, examples=False)
    return [
        {"method": method.upper(), "path": route, "summary": op["summary"]}
        for route, operations in schema["paths"].items()
        for method, op in operations.items()
    ]
