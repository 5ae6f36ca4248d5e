"""Forms for the public pages: the query string is input too, and gets a clear 400 when wrong."""

import re
from collections.abc import Sequence

from django import forms
from django.http import QueryDict
from django.utils.text import Truncator

from .matrix import ToolInfo
from .models import Suggestion
from .models.catalog import review_date_problem

# Longest query we accept: twenty tools of sixty characters each, with room to spare.
MAX_QUERY_CHARS = 2000
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class CompareForm(forms.Form):
    """Which published tools to compare, and whether to show only the rows that differ."""

    tools = forms.MultipleChoiceField(
        required=False,
        error_messages={"invalid_choice": "There is no published tool called “%(value)s”."},
    )
    diff = forms.ChoiceField(
        required=False,
        choices=[("0", "All capabilities"), ("1", "Only differences")],
        error_messages={"invalid_choice": "“diff” must be 1 (only differences) or 0 (all)."},
    )

    def __init__(self, data: QueryDict, *, published: Sequence[ToolInfo]):
        super().__init__(data)
        self.published = list(published)
        self.fields["tools"].choices = [(tool.slug, tool.name) for tool in self.published]

    def clean(self) -> dict:
        # These checks look at the raw values: a repeated or empty value is a malformed link,
        # not a choice, and Django's fields would quietly accept or drop it.
        total = 0
        for name in ("tools", "diff"):
            values = self.data.getlist(name)
            total += sum(len(value) for value in values)
            if any(CONTROL_CHARACTERS.search(value) for value in values):
                raise forms.ValidationError(f"“{name}” contains control characters.")
            if any(value.strip() == "" for value in values):
                raise forms.ValidationError(f"“{name}” is given without a value.")
            if len(values) != len(set(values)):
                raise forms.ValidationError(f"“{name}” repeats a value.")
        if len(self.data.getlist("diff")) > 1:
            raise forms.ValidationError("“diff” is given more than once.")
        if total > MAX_QUERY_CHARS:
            raise forms.ValidationError("The query is too long.")
        return super().clean()

    def chosen_tools(self) -> list[ToolInfo]:
        """The chosen tools in catalog order, whatever order the query named them in."""
        chosen = set(self.cleaned_data.get("tools") or [])
        return [tool for tool in self.published if tool.slug in chosen]

    @property
    def only_differences(self) -> bool:
        return self.cleaned_data.get("diff") == "1"

    def error_message(self) -> str:
        """The problems in one line, safe to echo: no control characters, no endless values."""
        messages = (str(message) for errors in self.errors.values() for message in errors)
        return " ".join(
            Truncator(CONTROL_CHARACTERS.sub("", message)).chars(200) for message in messages
        )


class SuggestionForm(forms.ModelForm):
    """A correction to one rating: a new level and/or summary, a source, and why."""

    class Meta:
        model = Suggestion
        fields = [
            "level",
            "summary",
            "source_title",
            "source_publisher",
            "source_published_on",
            "source_url",
            "comment",
        ]
        labels = {
            "level": "New level",
            "summary": "New summary",
            "source_title": "Source title",
            "source_publisher": "Publisher",
            "source_published_on": "Published on",
            "source_url": "Link",
            "comment": "Why it should change",
        }
        help_texts = {
            "level": "Leave empty to keep the current level.",
            "summary": "Leave empty to keep the current summary.",
            "source_published_on": "Needed when you name a source.",
        }
        widgets = {
            "source_published_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("level") is None
            and not cleaned.get("summary")
            and not cleaned.get("source_title")
        ):
            raise forms.ValidationError("Propose a new level, a new summary or a source.")
        if cleaned.get("source_title") and not (
            cleaned.get("source_publisher") and cleaned.get("source_published_on")
        ):
            raise forms.ValidationError("A source needs its publisher and publication date.")
        return cleaned


class ReviewedAfterSourcesMixin:
    """For a rating's form: the review date may not be later than its newest source was read.
    Sources are a many-to-many field, saved after the row, so the model cannot check this."""

    def clean(self) -> dict:
        cleaned = super().clean()
        sources = cleaned.get("sources")
        if sources is not None and not sources.exists():
            self.add_error("sources", "A rating needs at least one source.")
        elif sources is not None and (
            problem := review_date_problem(
                cleaned.get("reviewed_on"), sources.select_related("via")
            )
        ):
            self.add_error("reviewed_on", problem)
        return cleaned
