"""The decision wizard's questions and live preview.

`/wizard/` is one question at a time from its first byte: the server renders the step, carrying
earlier answers as hidden inputs, so nothing collapses or shifts after the page loads. Without
JavaScript, Next and Back are plain GET submits back to this page and the last step submits to
the result page (views/result.py); htmx only swaps the step in place and adds a live preview.
`?all=1` shows every question on one page, for those who prefer it.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from comparisons.caching import EVERY_PARAMETER, cached_public_page
from portal.http import HtmxHttpRequest

from ..engine import Answers, InvalidRules, Rules, partial_leader
from ..forms import check_answers, question_fields
from ..report import answers_query
from ..rules import Wizard, current_wizard

NEEDS_ANSWER = "This question needs an answer."


@require_safe
@cached_public_page(params=EVERY_PARAMETER)  # the answers are the page: all of them key it
def wizard(request: HtmxHttpRequest) -> HttpResponse:
    """One step (the first whose predecessors are done), or with `?all=1` every question."""
    setup = wizard_or_none(request)
    if setup is None:
        return unavailable(request)
    rules = setup.rules
    check = check_answers(request.GET, rules, partial=True)
    status = 200 if check.is_valid else 400
    # Coming back with every answer (e.g. "Run again"): show them all, to change any at once.
    complete = "step" not in request.GET and all(q.slug in check.answers for q in rules.questions)
    if request.GET.get("all") == "1" or complete:
        context = _page_context(setup, check.answers, check.problems)
        context.update(step_number=1, all_questions=True)
        return render(request, "wizard/wizard.html", context, status=status)
    context = _step_context(request, setup, check.answers, check.problems)
    if request.htmx and not request.htmx.history_restore_request:
        # Invalid htmx input still answers 200: htmx 2 does not swap 4xx responses.
        return render(request, "wizard/wizard.html#step", context)
    return render(request, "wizard/wizard.html", context, status=status)


@require_safe
@cached_public_page(params=EVERY_PARAMETER)
def preview(request: HtmxHttpRequest) -> HttpResponse:
    """The live preview: who leads on the answers given so far."""
    setup = wizard_or_none(request)
    if setup is None:
        return unavailable(request)
    check = check_answers(request.GET, setup.rules, partial=True)
    status = 200 if check.is_valid or request.htmx else 400
    context = {"preview": partial_leader(check.answers, setup.rules)}
    return render(request, "wizard/wizard.html#preview", context, status=status)


# --- helpers ---------------------------------------------------------------------------------


def wizard_or_none(request: HttpRequest | None = None) -> Wizard | None:
    try:
        return current_wizard(getattr(request, "catalog_revision", None))
    except InvalidRules:
        return None


def unavailable(request: HttpRequest) -> HttpResponse:
    # The editors' rules cannot make a wizard (e.g. the catalog is not loaded yet).
    return render(request, "wizard/unavailable.html", status=503)


def _requested_step(request: HttpRequest, rules: Rules, answers: Answers) -> int:
    """The step asked for (1-based, clamped), or the first unanswered question."""
    total = len(rules.questions)
    try:
        step = int(request.GET.get("step", ""))
    except ValueError:
        unanswered = [i for i, q in enumerate(rules.questions, 1) if q.slug not in answers]
        step = unanswered[0] if unanswered else total
    return min(max(step, 1), max(total, 1))


def _step_context(
    request: HtmxHttpRequest, setup: Wizard, answers: Answers, problems: dict
) -> dict:
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
        autofocus=bool(request.htmx) and request.htmx.trigger in {"wizard-next", "wizard-back"},
        all_query=_with_all(context["query"]),
    )
    return context


def _with_all(query: str) -> str:
    return f"{query}&all=1" if query else "all=1"


def _page_context(setup: Wizard, answers: Answers, problems: dict) -> dict:
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


def invalid_answers(
    request: HttpRequest, setup: Wizard, answers: Answers, problems: dict
) -> HttpResponse:
    context = _page_context(setup, answers, problems)
    context.update(step_number=1, invalid_result=True, all_questions=True)
    return render(request, "wizard/wizard.html", context, status=400)
