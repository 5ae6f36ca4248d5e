"""Every Django form of the site checks its text the same way (portal/text.py), in one place.

`install()` runs once at start-up (portal/apps.py) and extends `forms.CharField.to_python`, which
every text field reaches: plain CharFields, the admin's model forms, Django's auth forms,
EmailField and URLField (they call it first). Done here rather than per form, so a form added
tomorrow cannot forget it. A Textarea is multi-line (tabs and line breaks allowed); every
other widget is one line. Passwords are left alone: they are hashed, never stored or shown as
text, and refusing a character would lock out whoever chose it. A URLField takes only plain
https links: every link the portal stores is shown to readers as an href.
"""

from django import forms
from django.core.exceptions import ValidationError

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


def install() -> None:
    global _installed
    if _installed:
        return
    plain_to_python = forms.CharField.to_python

    def to_python(self, value):
        return checked_text(self, plain_to_python(self, value))

    forms.CharField.to_python = to_python
    _installed = True
