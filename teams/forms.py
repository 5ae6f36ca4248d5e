"""HTML input for accounts and teams: every field labelled, every error in words."""

from datetime import timedelta

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserCreationForm,
    UsernameField,
)
from django.contrib.auth.models import User

from .models import Role


class LoginForm(AuthenticationForm):
    # Django's form sets max_length only on the widget, so a 2 MB username reached the
    # authentication backends (and django-axes' varchar(255) column). Refused here instead.
    username = UsernameField(
        max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "maxlength": 150})
    )


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(label="Email", max_length=254)


class SignUpForm(UserCreationForm):
    # Optional, but without it a forgotten password cannot be reset by email.
    email = forms.EmailField(
        required=False,
        help_text="Optional. Only used to send you a link if you forget your password.",
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class TeamNameForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=100, strip=True)


class InviteForm(forms.Form):
    LIFETIMES = {"1": timedelta(days=1), "7": timedelta(days=7), "30": timedelta(days=30)}

    max_uses = forms.IntegerField(
        label="How many people may join with this link",
        min_value=1,
        max_value=50,
        initial=1,
    )
    expires_in = forms.ChoiceField(
        label="Link expires after",
        choices=[("1", "1 day"), ("7", "7 days"), ("30", "30 days")],
        initial="7",
    )

    def lifetime(self) -> timedelta:
        return self.LIFETIMES[self.cleaned_data["expires_in"]]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class DeleteTeamForm(forms.Form):
    """Typing the team's name confirms the deletion without needing JavaScript."""

    confirm = forms.CharField(label="Type the team's name to confirm", max_length=100)

    def __init__(self, *args, team_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_name = team_name

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"]
        if value != self.team_name:
            raise forms.ValidationError("That is not the team's name; nothing was deleted.")
        return value
