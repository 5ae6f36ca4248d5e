"""Every Django form of the site checks its text the same way (portal/text.py), in one place.

`install()` runs once at start-up (portal/apps.py) and extends `forms.CharField.to_python`, which
every text field reaches: plain CharFields, the admin's model forms, Django's auth forms,
EmailField and URLField (they call it first). Done here rather than per form, so a form added
tomorrow cannot forget it. A Textarea is multi-line (tabs and line breaks allowed); every
other widget is one line. Passwords are left alone: they are hashed, never stored or shown as
text, and refusing a character would lock out whoever chose it. A URLField takes only plain
https links: every link the portal stores is shown to readers as an href.

Row choices (ModelChoiceField and ModelMultipleChoiceField: foreign keys, many-to-many fields,
a formset's row ids) refuse a key their column cannot hold before it reaches a query: Django
passes `9` * 30 on to the database, where SQLite's driver raises OverflowError (a 500).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections

from .text import text_problem, url_problem

_installed = False


def checked_text(field: forms.CharField, value):
    if not isinstance(value, str) or not value or isinstance(field.widget, forms.PasswordInput):
        return value
    problem = text_problem(value, multiline=isinstance(field.widget, forms.Textarea))
    if problem is None and isinstance(field, forms.URLField):
        problem = url_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="invalid_text")
    return value


def key_out_of_range(field: forms.ModelChoiceField, value) -> bool:
    """Whether `value` is a whole number outside the range of the choice's integer key column."""
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    ops = connections[field.queryset.db].ops
    if key.get_internal_type() not in ops.integer_field_ranges:
        return False  # not an integer column, e.g. a slug
    try:
        number = int(str(value).strip())
    except ValueError:
        return False  # not a number: Django's own check refuses it
    low, high = ops.integer_field_range(key.get_internal_type())
    return (low is not None and number < low) or (high is not None and number > high)


def install() -> None:
    global _installed
    if _installed:
        return
    plain_to_python = forms.CharField.to_python
    plain_choice = forms.ModelChoiceField.to_python
    plain_choices = forms.ModelMultipleChoiceField.clean

    def to_python(self, value):
        return checked_text(self, plain_to_python(self, value))

    def choice_to_python(self, value):
        if value not in self.empty_values and key_out_of_range(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return plain_choice(self, value)

    def choices_clean(self, value):
        for key in value if isinstance(value, (list, tuple)) else ():
            if key_out_of_range(self, key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return plain_choices(self, value)

    forms.CharField.to_python = to_python
    forms.ModelChoiceField.to_python = choice_to_python
    forms.ModelMultipleChoiceField.clean = choices_clean
    _installed = True
