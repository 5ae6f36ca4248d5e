"""Invite links: an owner creates one, a signed-in person opens it and joins by confirming.

The token is shown once, in the response to the POST that created it (never stored, never
put in the session); the page is not cached. Tokens are found by their SHA-256 alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal import ratelimit
from portal.links import absolute_url

from ..access import get_team_for_member
from ..forms import InviteForm
from ..models import Invite, Membership, Role
from .teams import problem, render_team


@require_POST
@login_required
@never_cache
def create_invite(request: HttpRequest, slug: str) -> HttpResponse:
    team, membership = get_team_for_member(request, slug, role=Role.OWNER)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return render_team(request, team, membership, status=400, invite_form=form)
    invite, token = Invite.objects.issue(
        team, request.user, lifetime=form.lifetime(), max_uses=form.cleaned_data["max_uses"]
    )
    link = absolute_url(request, reverse("teams:join", args=[token]))
    context = {"team": team, "invite": invite, "link": link}
    return render(request, "teams/invite_created.html", context, status=201)


def gone(request: HttpRequest, invite: Invite) -> HttpResponse:
    # No team name here: a dead link should not keep telling its holder about the team.
    message = f"{invite.unusable_reason} Ask someone who owns the team for a new link."
    return problem(request, "This invite link no longer works", message, 410)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def join(request: HttpRequest, token: str) -> HttpResponse:
    # Tokens cannot be guessed (256 bits); the limit keeps anyone from trying at scale anyway.
    ratelimit.limit(request, "join-address")
    invite = Invite.objects.for_token(token)
    if invite is None:
        return problem(request, "No such invite link", "Check that the link is complete.", 404)
    team = invite.team
    if team.memberships.filter(user=request.user).exists():
        # Already in: nothing to join, and the link keeps its uses for someone else.
        if request.method == "POST":
            return redirect(team)
        return render(request, "teams/join.html", {"team": team, "already_member": True})
    if not invite.is_usable:
        return gone(request, invite)
    if request.method == "GET":
        return render(request, "teams/join.html", {"team": team, "invite": invite})
    try:
        with transaction.atomic():
            if not Invite.objects.claim(invite):
                invite.refresh_from_db()
                return gone(request, invite)
            Membership.objects.create(team=team, user=request.user, role=Role.MEMBER)
    except IntegrityError:
        # Joined in another tab a moment ago; the rollback returned this link's use.
        return redirect(team)
    messages.success(request, f"Welcome to “{team.name}”.")
    return redirect(team)
