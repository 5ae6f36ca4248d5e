"""The one gate to team data: every team view gets its team and membership through here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Membership, Role, Team


def get_team_for_member(
    request: HttpRequest, slug: str, *, role: Role | None = None
) -> tuple[Team, Membership]:
    """Return the team and the caller's membership.

    Non-members (and anonymous users) get 404, so a team's existence is not revealed; a
    member lacking `role` gets 403. Views redirect anonymous users to log in before this.
    """
    if not request.user.is_authenticated:
        raise Http404("No such team")
    membership = (
        Membership.objects.select_related("team").filter(team__slug=slug, user=request.user).first()
    )
    if membership is None:
        raise Http404("No such team")
    if role is not None and membership.role != role:
        raise PermissionDenied("Only the team's owners can do that.")
    return membership.team, membership
