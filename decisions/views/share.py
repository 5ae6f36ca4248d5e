"""Share links: a team's members create, list and revoke them on the decision page; whoever
holds one sees that decision, read-only, at /s/<token>/.

Following the W3C TAG's "Good Practices for Capability URLs": 256-bit random tokens of which
only the SHA-256 is stored; a link shown once, in the answer to the POST that made it (never
in the session); pages under /s/ kept out of search engines and caches, and sending no Referer
onwards; revoked or expired links answer 410, unknown ones 404; lookups limited per address.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from portal.links import absolute_url
from portal.ratelimit import RateLimited, limit
from teams.access import get_team_for_member

from ..forms import ShareLinkForm
from ..models import ShareLink
from .team_decisions import decision_context, get_decision, render_detail


@require_POST
@login_required
@never_cache
def create(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    team, membership = get_team_for_member(request, team_slug)
    decision = get_decision(team, pk)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return render_detail(request, team, membership, decision, status=400, share_form=form)
    link, token = ShareLink.objects.issue(decision, request.user, lifetime=form.lifetime())
    context = {
        "team": team,
        "decision": decision,
        "share_link": link,
        "url": absolute_url(request, reverse("share:view", args=[token])),
    }
    return render(request, "decisions/share_created.html", context, status=201)


@require_POST
@login_required
def revoke(request: HttpRequest, team_slug: str, pk: int, link_id: int) -> HttpResponse:
    team, _ = get_team_for_member(request, team_slug)
    decision = get_decision(team, pk)
    link = get_object_or_404(ShareLink, decision=decision, pk=link_id)
    # Conditional, so revoking twice keeps the first time.
    revoked = ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    created = f"{link.created_at:%d %b %Y, %H:%M}"
    if revoked:
        messages.success(request, f"Revoked the share link created {created}: it no longer works.")
    else:
        messages.info(request, f"The share link created {created} was already revoked.")
    return redirect(decision.get_absolute_url() + "#share-links")


@require_safe
def view(request: HttpRequest, token: str) -> HttpResponse:
    response = _shared_decision(request, token)
    # Whatever the answer, it is about a secret URL: not indexed, not cached, and the URL is
    # not passed on to the sites its links lead to.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


def _shared_decision(request: HttpRequest, token: str) -> HttpResponse:
    try:
        limit(request, "share-address")
    except RateLimited as error:
        title, message = (
            "Too many requests",
            (
                f"This address has opened too many shared links in a short time. "
                f"Try again in {error.retry_after} seconds."
            ),
        )
        response = _problem(request, title, message, 429)
        response["Retry-After"] = str(error.retry_after)
        return response
    link = ShareLink.objects.for_token(token)
    if link is None:
        message = "Check that you have the whole link: it ends with a slash."
        return _problem(request, "No such shared decision", message, 404)
    if not ShareLink.objects.count_view(link):
        link.refresh_from_db(fields=["revoked_at", "expires_at"])
        message = f"{link.dead_reason} Ask the person who sent it for a new one."
        return _problem(request, "This shared link no longer works", message, 410)
    context = decision_context(link.decision)
    tools = [("tools", tool.slug) for tool in context["report"].matrix.tools]
    context |= {"share_link": link, "team": link.decision.team, "tools_query": urlencode(tools)}
    return render(request, "decisions/share.html", context)


def _problem(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    # The team and decision stay unnamed: a dead link should not keep telling about them.
    return render(
        request, "decisions/gone.html", {"title": title, "message": message}, status=status
    )
