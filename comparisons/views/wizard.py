"""The decision wizard: questions, the stateless explained result, and saving it to a team.

Without JavaScript `/wizard/` is one form with every question, submitted with GET to the result
page. With htmx the same page swaps in one step at a time (the step partial) and a live preview.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from decisions.models import Decision
from decisions.report import answers_query, build_report
from decisions.snapshot import build_snapshot
from teams.access import get_team_for_member
from teams.models import Membership

from ..decision import InvalidRules, Rules, decide, partial_leader
from ..rules import Wizard, current_wizard
from ..wizard_forms import SaveDecisionForm, check_answers, question_fields
from ..wizard_schemas import WizardAnswers


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


NEEDS_ANSWER = "This question needs an answer."


@require_GET
def wizard(request: HtmxHttpRequest) -> HttpResponse:
    """All questions without JS; with htmx, one step: the first step whose predecessors are done."""
    setup = _wizard_or_none()
    if setup is None:
        return _unavailable(request)
    rules = setup.rules
    check = check_answers(request.GET, rules, partial=True)
    if request.htmx and not request.htmx.history_restore_request:
        return _step(request, setup, check.answers, check.problems)
    context = _page_context(setup, check.answers, check.problems)
    context["step_number"] = _requested_step(request, rules, check.answers)
    return render(request, "wizard/wizard.html", context, status=200 if check.is_valid else 400)


@require_GET
def preview(request: HtmxHttpRequest) -> HttpResponse:
    """The live preview: who leads on the answers given so far."""
    setup = _wizard_or_none()
    if setup is None:
        return _unavailable(request)
    check = check_answers(request.GET, setup.rules, partial=True)
    status = 200 if check.is_valid or request.htmx else 400
    context = {"preview": partial_leader(check.answers, setup.rules)}
    return render(request, "wizard/wizard.html#preview", context, status=status)


@require_GET
def result(request: HttpRequest) -> HttpResponse:
    setup = _wizard_or_none()
    if setup is None:
        return _unavailable(request)
    check = check_answers(request.GET, setup.rules, partial=False)
    if not check.is_valid:
        return _invalid(request, setup, check.answers, check.problems)
    return _result_page(request, setup, check.answers)


@require_POST
@login_required
def save(request: HttpRequest) -> HttpResponse:
    """Save a result to one of the caller's teams, with the rules and catalog it was made on."""
    team, _ = get_team_for_member(request, request.POST.get("team", ""))
    setup = _wizard_or_none()
    if setup is None:
        return _unavailable(request)
    check = check_answers(request.POST, setup.rules, partial=False)
    if not check.is_valid:
        return _invalid(request, setup, check.answers, check.problems)
    form = SaveDecisionForm(request.POST, teams=_team_choices(request))
    if not form.is_valid():
        return _result_page(request, setup, check.answers, form=form, status=400)
    answers = WizardAnswers.model_validate(check.answers, context={"rules": setup.rules})
    outcome = decide(answers.root, setup.rules)
    snapshot = build_snapshot(outcome, setup.revision)
    with transaction.atomic():
        decision = Decision.objects.create(
            team=team,
            author=request.user,
            title=form.cleaned_data["title"] or f"Recommendation: {outcome.winner_name}",
            notes=form.cleaned_data["notes"],
            answers=answers.model_dump(mode="json"),
            outcome_slug=outcome.winner,
            outcome_name=outcome.winner_name,
            result=outcome.to_json(),
            rules_snapshot=setup.rules.to_json(),
            catalog_snapshot=snapshot.model_dump(mode="json"),
            catalog_revision=setup.revision,
        )
    messages.success(request, f"Saved to {team.name}.")
    return redirect(decision)


# --- helpers ---------------------------------------------------------------------------------


def _wizard_or_none() -> Wizard | None:
    try:
        return current_wizard()
    except InvalidRules:
        return None


def _unavailable(request: HttpRequest) -> HttpResponse:
    # The editors' rules cannot make a wizard (e.g. the catalog is not loaded yet).
    return render(request, "wizard/unavailable.html", status=503)


def _requested_step(request: HttpRequest, rules: Rules, answers: dict[str, str]) -> int:
    """The step asked for (1-based, clamped), or the first unanswered question."""
    total = len(rules.questions)
    try:
        step = int(request.GET.get("step", ""))
    except ValueError:
        unanswered = [i for i, q in enumerate(rules.questions, 1) if q.slug not in answers]
        step = unanswered[0] if unanswered else total
    return min(max(step, 1), max(total, 1))


def _step(
    request: HtmxHttpRequest, setup: Wizard, answers: dict[str, str], problems: dict
) -> HttpResponse:
    """One step. A step is only reached once every earlier question is answered and valid."""
    rules = setup.rules
    problems = dict(problems)
    step = _requested_step(request, rules, answers)
    for number, question in enumerate(rules.questions[: step - 1], start=1):
        if question.slug in problems or question.slug not in answers:
            problems.setdefault(question.slug, [NEEDS_ANSWER])
            step = number
            break
    context = _page_context(setup, answers, problems)
    context.update(
        step_number=step,
        step_field=context["fields"][step - 1] if context["fields"] else None,
        # Move focus into the new step only when the visitor asked for it, not on page load.
        autofocus=request.htmx.trigger in {"wizard-next", "wizard-back"},
    )
    # Invalid htmx input still answers 200: htmx 2 does not swap 4xx responses.
    return render(request, "wizard/wizard.html#step", context)


def _page_context(setup: Wizard, answers: dict[str, str], problems: dict) -> dict:
    rules = setup.rules
    fields = question_fields(rules, setup.help_texts, answers, problems)
    unknown = [
        f"“{key}”: {message}"
        for key, messages_ in problems.items()
        if not rules.has_question(key)
        for message in messages_
    ]
    other_answers = {field.slug: [c.slug for c in field.choices if c.checked] for field in fields}
    return {
        "fields": fields,
        "total": len(fields),
        "answers": answers,
        "other_answers": other_answers,
        "unknown_problems": unknown,
        "has_errors": bool(problems),
        "preview": partial_leader(answers, rules),
        "query": answers_query(answers),
    }


def _invalid(
    request: HttpRequest, setup: Wizard, answers: dict[str, str], problems: dict
) -> HttpResponse:
    context = _page_context(setup, answers, problems)
    context["step_number"] = 1
    context["invalid_result"] = True
    return render(request, "wizard/wizard.html", context, status=400)


def _team_choices(request: HttpRequest) -> list[tuple[str, str]]:
    if not request.user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=request.user).select_related("team")
    return [(m.team.slug, m.team.name) for m in memberships.order_by("team__name")]


def _result_page(
    request: HttpRequest,
    setup: Wizard,
    answers: dict[str, str],
    *,
    form: SaveDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    outcome = decide(answers, setup.rules)
    report = build_report(answers, outcome, setup.rules, build_snapshot(outcome, setup.revision))
    teams = _team_choices(request)
    if form is None and teams:
        form = SaveDecisionForm(teams=teams)
    login_url = reverse("login") + "?" + urlencode({"next": request.get_full_path()})
    context = {
        "report": report,
        "save_form": form,
        "answers": answers,
        "login_url": login_url,
    }
    return render(request, "wizard/result.html", context, status=status)
