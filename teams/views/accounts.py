"""Sign up, log in, log out and passwords: Django's auth views, plus sign-up.

Django's class-based auth views are kept rather than rewritten: they rotate the session on
log-in, flush it on log-out, validate `next` and handle reset tokens, all long reviewed.
The changes: an invalid form answers 400, like every other form of the portal, and the views
that cost a password hash or an email, or take guesses, are rate limited (portal/ratelimit.py).
"""

import unicodedata

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from portal.links import site_root

from ..forms import LoginForm, PasswordResetRequestForm, SignUpForm

# Sign-up logs the new user in directly; the session must name a backend that loads users.
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


class BadRequestOnInvalidForm:
    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LoginView(BadRequestOnInvalidForm, auth_views.LoginView):
    form_class = LoginForm

    def post(self, request, *args, **kwargs):
        # Past the per-address budget of failures no password is even checked.
        ratelimit.check(request, "login-address")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.limit(request=self.request, group="login-address")
        return super().form_invalid(form)


class PasswordChangeView(BadRequestOnInvalidForm, auth_views.PasswordChangeView):
    pass


class PasswordResetView(BadRequestOnInvalidForm, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    form_class = PasswordResetRequestForm

    def post(self, request, *args, **kwargs):
        ratelimit.limit(request, "reset-address")
        # Counted per address typed, known or not: the answer is the same either way, so the
        # limit says nothing about whether an account exists.
        email = request.POST.get("email", "")[:254].strip()
        if email:
            ratelimit.limit(request, "reset-target", key=mailbox_key(email))
        return super().post(request, *args, **kwargs)

    @property
    def extra_email_context(self) -> dict:
        # The link in the mail points at SITE_URL, never at the Host header of the request:
        # whoever asks for a reset could otherwise send the victim a link to their own host.
        return {"site_root": site_root(self.request)}


def mailbox_key(email: str) -> str:
    """One key for every spelling Django's reset form treats as the same address.

    The form finds the account with a case-insensitive match and then compares the NFKC forms
    casefolded; on PostgreSQL "ſam@example.com" (long s) reaches the mailbox of
    sam@example.com. Counting the same normal form makes every such spelling share one limit.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email).casefold())


class PasswordResetConfirmView(BadRequestOnInvalidForm, auth_views.PasswordResetConfirmView):
    pass


def safe_next(request: HttpRequest) -> str:
    """The `next` URL from the form or query string, or "" if it points off this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("password1", "password2")
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        ratelimit.limit(request, "signup-address")
        if form.is_valid():
            user = form.save()
            login(request, user, backend=SESSION_BACKEND)
            return redirect(next_url or "teams:welcome")
        status = 400
    else:
        status = 200
    context = {"form": form, "next": next_url}
    return render(request, "registration/signup.html", context, status=status)
