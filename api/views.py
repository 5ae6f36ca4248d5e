"""/api/: what the API offers, in plain HTML, with commands to try it."""

import json
import shlex

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from comparisons.caching import cached_public_page
from portal.links import absolute_url

from .examples import example_answers
from .http import MAX_AGE
from .v1 import operation_summaries


@require_safe
@cached_public_page()
def index(request: HttpRequest) -> HttpResponse:
    tools = absolute_url(request, reverse("api:api-v1:list_tools"))
    evaluate = absolute_url(request, reverse("api:api-v1:evaluate"))
    body = json.dumps({"answers": example_answers() or {}})
    return render(
        request,
        "api/index.html",
        {
            "operations": operation_summaries(),
            "schema_url": reverse("api:api-v1:openapi-json"),
            "curl_tools": f"curl -s {shlex.quote(tools)}",
            "curl_evaluate": (
                f"curl -s -X POST {shlex.quote(evaluate)} \\\n"
                f"  -H 'Content-Type: application/json' \\\n  -d {shlex.quote(body)}"
            ),
            "max_age": MAX_AGE,
            "page_title": "API · MLOps Decision Portal",
            "page_description": "A read-only JSON API over the sourced catalog of MLOps tools "
            "and the decision wizard, described by OpenAPI 3.1.",
        },
    )
