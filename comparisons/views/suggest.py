"""Suggest a correction: a signed-in visitor proposes a change to one rating.

The compare page links every cell here with the same URL for everyone, so the page stays
cacheable; anonymous visitors are sent to sign in first. A suggestion waits for an editor in
the admin and changes nothing public until accepted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from .. import models as m
from ..editing.suggestions import PER_HOUR, over_limit, save_within_limit
from ..forms import SuggestionForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, tool: str, capability: str) -> HttpResponse:
    rating = get_object_or_404(
        m.Rating.objects.select_related("tool", "capability").prefetch_related("sources"),
        tool__slug=tool,
        tool__is_published=True,
        capability__slug=capability,
    )
    limited = over_limit(request.user)
    form = SuggestionForm(request.POST if request.method == "POST" and not limited else None)
    if request.method == "POST" and not limited and form.is_valid():
        suggestion = form.save(commit=False)
        suggestion.rating, suggestion.author = rating, request.user
        # The version the author saw is the one the form was rendered with.
        suggestion.base_version = _seen_version(request, rating)
        # Counted again with the save: the check above is for the page, this one is atomic.
        if save_within_limit(suggestion):
            messages.success(request, "Thank you: an editor will review your suggestion.")
            return redirect("comparisons:my_suggestions")
        limited = True
    status = (429 if limited else 400) if request.method == "POST" else 200
    context = {"rating": rating, "form": form, "limited": limited, "per_hour": PER_HOUR}
    return render(request, "comparisons/suggest.html", context, status=status)


def _seen_version(request: HttpRequest, rating: m.Rating) -> int:
    try:
        seen = int(request.POST.get("seen_version", ""))
    except ValueError:
        return rating.version
    return seen if 0 < seen <= rating.version else rating.version


@login_required
@require_safe
def my_suggestions(request: HttpRequest) -> HttpResponse:
    suggestions = m.Suggestion.objects.filter(author=request.user).select_related(
        "rating__tool", "rating__capability"
    )
    return render(request, "comparisons/suggestions.html", {"suggestions": suggestions})
