"""Public catalog pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import models as m
from ..queries import comparison, published_tools


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    tools = published_tools()
    return render(
        request,
        "comparisons/home.html",
        {
            "tools": tools,
            "matrix": comparison(tools),
            "outcomes": m.Outcome.objects.all(),
        },
    )
