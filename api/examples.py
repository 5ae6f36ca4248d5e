"""Examples in the OpenAPI document: real answers from the current catalog, cut short.

Built by the same functions as the answers themselves (api/build.py), so an example always has
the shape the operation serves. Lists are cut to EXAMPLE_ITEMS entries to keep the document
readable. An operation whose example the catalog cannot give (an empty catalog has no tool to
show) simply has none.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings

from comparisons.matrix import ToolInfo
from comparisons.views.browse import compare_path, tool_path
from decisions.engine import InvalidRules, validate_answers
from decisions.rules import current_wizard
from decisions.views.result import advice_for

from . import build
from .catalog import PublicCatalog, public_catalog

EXAMPLE_ITEMS = 3
EXAMPLE_ORIGIN = "http://127.0.0.1:8000"  # `make run`, unless SITE_URL names the real one
ERRORS = {
    400: {"detail": "There is no published tool called “airflow”."},
    404: {"detail": "There is no published tool called “airflow”."},
    422: {
        "detail": [
            {
                "loc": ["body", "answers", "kubernetes"],
                "msg": "This question needs an answer.",
                "type": "invalid_answer",
            }
        ]
    },
    429: {"detail": "Too many requests: try again in 42 seconds."},
    503: {"detail": "The wizard is being edited and cannot answer right now."},
}


def example_answers() -> dict[str, str] | None:
    """The first choice of every question: a team just starting out."""
    try:
        rules = current_wizard().rules
    except InvalidRules:
        return None
    return {q.slug: q.choices[0].slug for q in rules.questions} or None


def _tool(catalog: PublicCatalog) -> Any:
    return build.tool(catalog, catalog.file.tools[0].slug) if catalog.file.tools else None


def _matrix(catalog: PublicCatalog) -> Any:
    chosen = [tool.slug for tool in catalog.file.tools[:2]]
    if not chosen:
        return None
    page = compare_path([ToolInfo(slug=slug, name=slug) for slug in chosen])
    return build.comparison(
        catalog,
        chosen,
        only_differences=False,
        url=(settings.SITE_URL or EXAMPLE_ORIGIN) + page,
        tool_urls={slug: tool_path(slug) for slug in chosen},
    )


def _evaluation(catalog: PublicCatalog) -> Any:
    answers = example_answers()
    if answers is None:
        return None
    wizard = current_wizard()
    checked = validate_answers(answers, wizard.rules)
    return build.evaluation(catalog, checked, advice_for(wizard, checked), wizard.rules)


BUILDERS: dict[str, Callable[[PublicCatalog], Any]] = {
    "listTools": build.tools,
    "getTool": _tool,
    "listCapabilities": build.capabilities,
    "getMatrix": _matrix,
    "listSources": build.sources,
    "listSurveys": build.surveys,
    "listFindings": build.findings,
    "listUpdates": build.updates,
    "listUseCases": build.use_cases,
    "getWizardQuestions": build.wizard_questions,
    "evaluateWizard": _evaluation,
}


def cut_short(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value[:EXAMPLE_ITEMS] if isinstance(value, list) else value
        for key, value in data.items()
    }


def add_examples(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (django-ninja's OpenAPI document) with an example for every response and
    request body the current catalog can illustrate."""
    catalog = public_catalog()
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if content is None:
                    continue
                if int(status) == 200:
                    answer = BUILDERS[operation["operationId"]](catalog)
                    example = None if answer is None else cut_short(answer.model_dump(mode="json"))
                else:
                    example = ERRORS.get(int(status))
                if example is not None:
                    content["example"] = example
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None and (answers := example_answers()) is not None:
                body["example"] = {"answers": answers}
    return schema
