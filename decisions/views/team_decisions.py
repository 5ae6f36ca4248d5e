"""A team's saved decisions: read from their own snapshot, never from the live rules or catalog.

Every view: login first, then `get_team_for_member` (a non-member gets 404, whoever they are,
staff included), and the decision is looked up within that team, so another team's id is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from comparisons.models import CatalogRevision
from portal.links import absolute_url
from teams.access import get_team_for_member
from teams.models import Membership, Role, Team

from ..adr import AdrLink, AdrMeta, render_adr
from ..forms import ShareLinkForm, SupersedeForm
from ..models import Decision
from ..report import Report, build_report
from ..schemas import CatalogSnapshot, WizardAnswers, load_result, load_rules
from ..snapshot import rating_changes


def get_decision(team: Team, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("author", "team", "supersedes__team").prefetch_related(
            Prefetch("superseded_by", queryset=Decision.objects.select_related("team"))
        ),
        team=team,
        pk=pk,
    )


def saved_report(decision: Decision) -> Report:
    """The decision's report, built only from what was saved with it."""
    rules = load_rules(decision.rules_snapshot)
    answers = WizardAnswers.model_validate(decision.answers, context={"rules": rules})
    snapshot = CatalogSnapshot.model_validate(decision.catalog_snapshot)
    return build_report(answers.root, load_result(decision.result), rules, snapshot)


def decision_context(decision: Decision) -> dict:
    """What the decision page and a shared link both show: the same report, the same notes."""
    report = saved_report(decision)
    stale = decision.catalog_revision != CatalogRevision.current()
    changes = (
        rating_changes(CatalogSnapshot.model_validate(decision.catalog_snapshot)) if stale else []
    )
    return {"decision": decision, "report": report, "stale": stale, "changes": changes}


def render_detail(
    request: HttpRequest,
    team: Team,
    membership: Membership,
    decision: Decision,
    *,
    status: int = 200,
    **forms,
) -> HttpResponse:
    """The decision page; a form that failed validation comes bound in `forms`."""
    share_links = list(decision.share_links.select_related("created_by"))
    context = {
        **decision_context(decision),
        "team": team,
        "membership": membership,
        "share_links": share_links,
        # Never shared yet (as right after saving): the share panel opens with an offer.
        "offer_share": not share_links,
        "supersede_form": SupersedeForm(
            decision=decision, initial={"older": decision.supersedes_id}
        ),
        "share_form": ShareLinkForm(),
        **forms,
    }
    return render(request, "decisions/detail.html", context, status=status)


@require_safe
@login_required
def detail(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    team, membership = get_team_for_member(request, team_slug)
    return render_detail(request, team, membership, get_decision(team, pk))


@require_safe
@login_required
def adr(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    team, _ = get_team_for_member(request, team_slug)
    decision = get_decision(team, pk)
    meta = AdrMeta(
        title=decision.title,
        date=decision.created_at.date(),
        author=decision.author.get_username() if decision.author else "a former member",
        team=team.name,
        notes=decision.notes,
        supersedes=_adr_link(request, decision.supersedes) if decision.supersedes else None,
        superseded_by=tuple(_adr_link(request, d) for d in decision.superseded_by.all()),
    )
    text = render_adr(meta, saved_report(decision))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    filename = f"adr-{decision.pk}-{slugify(decision.title)[:60] or 'decision'}.md"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _adr_link(request: HttpRequest, decision: Decision) -> AdrLink:
    return AdrLink(decision.title, absolute_url(request, decision.get_absolute_url()))


@require_POST
@login_required
def supersede(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    team, membership = get_team_for_member(request, team_slug)
    decision = get_decision(team, pk)
    form = SupersedeForm(request.POST, decision=decision)
    if not form.is_valid():
        return render_detail(request, team, membership, decision, status=400, supersede_form=form)
    decision.supersedes = form.cleaned_data["older"]
    decision.save(update_fields=["supersedes"])
    if decision.supersedes:
        messages.success(request, f"Marked as superseding “{decision.supersedes.title}”.")
    else:
        messages.success(request, "This decision no longer supersedes another.")
    return redirect(decision)


@require_POST
@login_required
def delete(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    team, _ = get_team_for_member(request, team_slug, role=Role.OWNER)
    decision = get_decision(team, pk)
    title = decision.title
    decision.delete()
    messages.success(request, f"Deleted the decision “{title}”.")
    return redirect(team)
