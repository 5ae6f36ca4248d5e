"""No admin edit leaves the wizard breaking one of its invariants.

Questions, choices, weights, outcomes (with their prerequisites) and the invariants themselves
are edited on several admin pages, and an invariant is about all of them at once ("never
Kubeflow while prototyping" depends on every weight and prerequisite). So the check runs on the
result, not on one form: the edit is made inside a transaction, the rules as the database then
holds them are run over every answer set (`wizard_checks.database_problems`), and if the edit
broke an invariant that held before, everything is rolled back and the editor sees the form
again with their input and a message naming the answer set that breaks it (status 400). A
deletion that would break one is refused with the same message.

Only breaches the edit *introduces* are refused: rules that already broke an invariant (say,
after a direct database restore) can still be repaired one edit at a time.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .. import wizard_checks

REFUSED = "Not saved: this change would break the wizard's invariants. "


class RulesRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def guarded(request: HttpRequest, view, *args) -> HttpResponse | RulesRefused:
    """Run an admin view; a successful POST that breaks an invariant is rolled back and
    returned as RulesRefused, with the success message it queued taken back."""
    if request.method != "POST":
        return view(*args)
    storage = getattr(request, "_messages", None)
    queued = len(getattr(storage, "_queued_messages", []))
    try:
        with transaction.atomic():
            before = {subject for subject, _ in wizard_checks.database_problems()}
            response = view(*args)
            if response.status_code == 302:  # the admin saved or deleted, and moves on
                broken = [
                    message
                    for subject, message in wizard_checks.database_problems()
                    if subject not in before
                ]
                if broken:
                    raise RulesRefused(broken)
            return response
    except RulesRefused as refused:
        if storage is not None:
            del storage._queued_messages[queued:]  # "was changed successfully" did not happen
        return refused


class GuardedRulesAdmin:
    """For the admins of the wizard's rules: saves, reverts and deletions that would break an
    invariant are refused, naming the answer set that breaks it."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        args = (request, object_id, form_url, extra_context)
        result = guarded(request, super().changeform_view, *args)
        if isinstance(result, RulesRefused):
            request._rules_refused = result.problems  # the form reports them (get_form)
            return super().changeform_view(*args)
        return result

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        args = (request, object_id, version_id, extra_context)
        result = guarded(request, super().history_form_view, *args)
        if isinstance(result, RulesRefused):
            request._rules_refused = result.problems
            return super().history_form_view(*args)
        return result

    def delete_view(self, request, object_id, extra_context=None):
        result = guarded(request, super().delete_view, request, object_id, extra_context)
        if isinstance(result, RulesRefused):
            self._refuse(request, result)
            opts = self.model._meta
            change = f"admin:{opts.app_label}_{opts.model_name}_change"
            return HttpResponseRedirect(reverse(change, args=[object_id]))
        return result

    def changelist_view(self, request, extra_context=None):
        result = guarded(request, super().changelist_view, request, extra_context)
        if isinstance(result, RulesRefused):  # a bulk deletion
            self._refuse(request, result)
            return HttpResponseRedirect(request.get_full_path())
        return result

    def _refuse(self, request, refused: RulesRefused) -> None:
        for message in refused.problems:
            self.message_user(request, REFUSED + message[:1].upper() + message[1:], messages.ERROR)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        problems = getattr(request, "_rules_refused", None)
        if not problems:
            return form

        class RefusedForm(form):
            def clean(self):
                cleaned = super().clean()
                for message in problems:
                    self.add_error(None, REFUSED + message[:1].upper() + message[1:])
                return cleaned

        return RefusedForm

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if getattr(request, "_rules_refused", None):
            response.status_code = 400
        return response

    def render_history_view(self, request, template, context, **kwargs):
        if getattr(request, "_rules_refused", None):
            kwargs["status"] = 400
        return super().render_history_view(request, template, context, **kwargs)
