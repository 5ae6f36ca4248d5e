"""Team pages: list, create, the team page, and what owners and members can change.

Every view that takes a slug gets the team through `get_team_for_member`, the one gate:
non-members get 404 and members without the needed role 403. Methods are checked before
anything else, so a GET on a mutating URL is 405 for everyone and never touches data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import now
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..access import get_team_for_member
from ..forms import DeleteTeamForm, InviteForm, RoleForm, TeamNameForm
from ..models import Invite, Membership, Role, Team

LAST_OWNER = "A team needs at least one owner. Make someone else an owner first."


def problem(request: HttpRequest, title: str, message: str, status: int, team=None):
    """A short page that says what went wrong and where to go next."""
    context = {"title": title, "message": message, "team": team}
    return render(request, "teams/problem.html", context, status=status)


TIMELINE_PAGE = 25  # decisions per page: the page stays quick with a thousand decisions


def timeline_page(request: HttpRequest, team: Team) -> Page:
    """The `?page=` of the team's decisions, newest first: two queries plus the prefetch, however
    many decisions there are. A number past either end shows the nearest page."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise Http404(f"“{raw}” is not a page number.") from None
    paginator = Paginator(team.decisions.timeline(), TIMELINE_PAGE)
    return paginator.page(min(max(number, 1), paginator.num_pages))


def render_team(
    request: HttpRequest, team: Team, membership: Membership, *, status: int = 200, **forms
) -> HttpResponse:
    """The team page; owners' forms come bound when one of them failed validation."""
    memberships = list(team.memberships.select_related("user").order_by("joined_at"))
    owners = sum(1 for m in memberships if m.role == Role.OWNER)
    context = {
        "team": team,
        "membership": membership,
        "memberships": memberships,
        "page": (page := timeline_page(request, team)),
        "decisions": page.object_list,
        # A sole owner can neither leave nor demote or remove themselves: offer only what works.
        "sole_owner": membership.is_owner and owners == 1,
    }
    if membership.is_owner:
        context |= {
            "invites": team.invites.usable().select_related("created_by"),
            "rename_form": forms.get("rename_form") or TeamNameForm(initial={"name": team.name}),
            "invite_form": forms.get("invite_form") or InviteForm(),
            "delete_form": forms.get("delete_form") or DeleteTeamForm(team_name=team.name),
            "role_choices": Role.choices,
        }
    return render(request, "teams/detail.html", context, status=status)


@require_safe
@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """Where sign-up lands: what the account is for and the next step (create or join a team)."""
    return render(request, "teams/welcome.html")


@require_safe
@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("team").order_by("team__name")
    return render(request, "teams/list.html", {"memberships": memberships})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = TeamNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = Team.objects.create_with_owner(form.cleaned_data["name"], request.user)
        messages.success(request, f"Team “{team.name}” created. You are its owner.")
        return redirect(team)
    status = 400 if request.method == "POST" else 200
    return render(request, "teams/create.html", {"form": form}, status=status)


@require_safe
@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    team, membership = get_team_for_member(request, slug)
    return render_team(request, team, membership)


@require_POST
@login_required
def rename(request: HttpRequest, slug: str) -> HttpResponse:
    team, membership = get_team_for_member(request, slug, role=Role.OWNER)
    form = TeamNameForm(request.POST)
    if not form.is_valid():
        return render_team(request, team, membership, status=400, rename_form=form)
    # The slug stays: links to the team and its decisions keep working after a rename.
    team.name = form.cleaned_data["name"]
    team.save(update_fields=["name"])
    messages.success(request, f"Team renamed to “{team.name}”.")
    return redirect(team)


@require_POST
@login_required
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    team, membership = get_team_for_member(request, slug, role=Role.OWNER)
    form = DeleteTeamForm(request.POST, team_name=team.name)
    if not form.is_valid():
        return render_team(request, team, membership, status=400, delete_form=form)
    name = team.name
    team.delete()  # members, invites and decisions go with it (CASCADE)
    messages.success(request, f"Team “{name}” and its decisions were deleted.")
    return redirect("teams:list")


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    team, membership = get_team_for_member(request, slug)
    with transaction.atomic():
        if membership.is_owner and team.is_last_owner(membership):
            return problem(request, "You cannot leave yet", LAST_OWNER, 409, team)
        membership.delete()
    messages.success(request, f"You left “{team.name}”.")
    return redirect("teams:list")


@require_POST
@login_required
def change_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    team, _ = get_team_for_member(request, slug, role=Role.OWNER)
    target = get_object_or_404(team.memberships.select_related("user"), pk=membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return problem(request, "Choose a role", "A member is either an owner or a member.", 400)
    role = form.cleaned_data["role"]
    with transaction.atomic():
        if role != Role.OWNER and target.is_owner and team.is_last_owner(target):
            return problem(request, "The last owner stays an owner", LAST_OWNER, 409, team)
        Membership.objects.filter(pk=target.pk).update(role=role)
    messages.success(request, f"{target.user.get_username()} is now {Role(role).label.lower()}.")
    return redirect(team)


@require_POST
@login_required
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    team, _ = get_team_for_member(request, slug, role=Role.OWNER)
    target = get_object_or_404(team.memberships.select_related("user"), pk=membership_id)
    with transaction.atomic():
        if target.is_owner and team.is_last_owner(target):
            return problem(request, "The last owner cannot be removed", LAST_OWNER, 409, team)
        target.delete()
    if target.user_id == request.user.pk:  # an owner removing themselves has left
        messages.success(request, f"You left “{team.name}”.")
        return redirect("teams:list")
    messages.success(request, f"{target.user.get_username()} was removed from the team.")
    return redirect(team)


@require_POST
@login_required
def revoke_invite(request: HttpRequest, slug: str, invite_id: int) -> HttpResponse:
    team, _ = get_team_for_member(request, slug, role=Role.OWNER)
    invite = get_object_or_404(Invite, pk=invite_id, team=team)
    # Conditional, so revoking twice keeps the first revocation time.
    Invite.objects.filter(pk=invite.pk, revoked_at__isnull=True).update(revoked_at=now())
    messages.success(request, "The invite link was revoked; it no longer lets anyone join.")
    return redirect(team)
