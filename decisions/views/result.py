"""The wizard's explained result, stateless (the answers are the query), and saving it to a team."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import Engine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from comparisons.caching import EVERY_PARAMETER, cached_public_page
from portal.links import absolute_url
from teams.access import get_team_for_member
from teams.models import Membership

from ..adr import AdrMeta, render_adr
from ..engine import Advice, Answers, advise
from ..forms import SaveDecisionForm, check_answers
from ..models import Decision
from ..report import build_report
from ..rules import Wizard
from ..schemas import dump_advice, dump_rules
from ..snapshot import build_snapshot
from .wizard import invalid_answers, unavailable, wizard_or_none


@require_safe
@cached_public_page(params=EVERY_PARAMETER)  # anonymous: the answers are the whole page
def result(request: HttpRequest) -> HttpResponse:
    setup = wizard_or_none(request)
    if setup is None:
        return unavailable(request)
    check = check_answers(request.GET, setup.rules, partial=False)
    if not check.is_valid:
        return invalid_answers(request, setup, check.answers, check.problems)
    return _result_page(request, setup, check.answers)


@require_safe
def result_adr(request: HttpRequest) -> HttpResponse:
    """The result as an Architecture Decision Record in Markdown, before anyone saves it."""
    setup = wizard_or_none()
    if setup is None:
        return unavailable(request)
    check = check_answers(request.GET, setup.rules, partial=False)
    if not check.is_valid:
        return invalid_answers(request, setup, check.answers, check.problems)
    outcome = advice_for(setup, check.answers)
    report = build_report(
        check.answers, outcome, setup.rules, build_snapshot(outcome, setup.revision)
    )
    # No team and no author: nobody has decided anything yet, so the record is a proposal.
    meta = AdrMeta(title=f"Recommendation: {outcome.winner_name}", date=timezone.localdate())
    response = HttpResponse(render_adr(meta, report), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adr-{outcome.winner}.md"'
    return response


@require_POST
@login_required
def save(request: HttpRequest) -> HttpResponse:
    """Save a result to one of the caller's teams, with the rules and catalog it was made on."""
    team, _ = get_team_for_member(request, request.POST.get("team", ""))
    setup = wizard_or_none()
    if setup is None:
        return unavailable(request)
    check = check_answers(request.POST, setup.rules, partial=False)
    if not check.is_valid:
        return invalid_answers(request, setup, check.answers, check.problems)
    # The team is already resolved (and the caller a member): the form checks title and notes.
    form = SaveDecisionForm(request.POST, teams=[(team.slug, team.name)])
    if not form.is_valid():
        return _result_page(request, setup, check.answers, form=form, status=400)
    outcome = advice_for(setup, check.answers)
    snapshot = build_snapshot(outcome, setup.revision)
    with transaction.atomic():
        decision = Decision.objects.create(
            team=team,
            author=request.user,
            title=form.cleaned_data["title"] or f"Recommendation: {outcome.winner_name}",
            notes=form.cleaned_data["notes"],
            answers=check.answers,
            outcome_slug=outcome.winner,
            outcome_name=outcome.winner_name,
            result=dump_advice(outcome),
            rules_snapshot=dump_rules(setup.rules),
            catalog_snapshot=snapshot.model_dump(mode="json"),
            catalog_revision=setup.revision,
        )
    messages.success(request, f"Saved to {team.name}.")
    return redirect(decision)


def _team_choices(request: HttpRequest) -> list[tuple[str, str]]:
    if not request.user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=request.user).select_related("team")
    return [(m.team.slug, m.team.name) for m in memberships.order_by("team__name")]


# Where the visitor's own action bar goes in the cached report (see _report_parts).
ACTIONS_SLOT = "<!-- the visitor's actions -->"
REPORT_TIMEOUT = 24 * 60 * 60  # keyed by revision, so never stale; this only frees memory


def _answers_digest(answers: Answers) -> str:
    return hashlib.sha256(repr(sorted(answers.items())).encode()).hexdigest()


def advice_for(setup: Wizard, answers: Answers) -> Advice:
    """The engine's advice, computed once per (catalog revision, answers): the result page and
    the save that usually follows it share it."""
    key = f"wizard-advice:{setup.revision}:{_answers_digest(answers)}"
    if (advice := cache.get(key)) is None:
        advice = advise(answers, setup.rules)
        cache.set(key, advice, REPORT_TIMEOUT)
    return advice


def _report_parts(setup: Wizard, answers: Answers) -> dict:
    """The result's public part, rendered once per (catalog revision, answers) and cached.

    The report reads the same for everyone; what is personal (the action bar's log-in or save
    link, the save form with its CSRF token and team names) is rendered per request around it.
    """
    key = f"wizard-result:{setup.revision}:{_answers_digest(answers)}"
    if (parts := cache.get(key)) is None:
        outcome = advice_for(setup, answers)
        report = build_report(
            answers, outcome, setup.rules, build_snapshot(outcome, setup.revision)
        )
        slot = Engine.get_default().from_string(ACTIONS_SLOT)
        html = render_to_string(
            "decisions/_report.html", {"report": report, "actions_template": slot}
        )
        head, tail = html.split(ACTIONS_SLOT)
        parts = {
            "head": head,
            "tail": tail,
            "winner_name": report.result.winner_name,
            "query": report.query,
        }
        cache.set(key, parts, REPORT_TIMEOUT)
    return parts


def _result_page(
    request: HttpRequest,
    setup: Wizard,
    answers: Answers,
    *,
    form: SaveDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    parts = _report_parts(setup, answers)
    teams = _team_choices(request)
    if form is None and teams:
        form = SaveDecisionForm(teams=teams)
    elif form is not None:
        form.fields["team"].choices = teams  # a re-shown form offers every team again
    login_url = reverse("login") + "?" + urlencode({"next": request.get_full_path()})
    link = reverse("wizard:result") + "?" + parts["query"]
    context = {
        # Our own template's output, as cached: printed around the visitor's action bar.
        "report_head": mark_safe(parts["head"]),
        "report_tail": mark_safe(parts["tail"]),
        "winner_name": parts["winner_name"],
        "query": parts["query"],
        "result_link": absolute_url(request, link),
        "save_form": form,
        "answers": answers,
        "login_url": login_url,
    }
    return render(request, "wizard/result.html", context, status=status)
