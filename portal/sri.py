"""Template tags for our own scripts with Subresource Integrity: `{% load sri %}`,
`{% script "js/copy.js" %}` and `{% htmx_scripts %}` (in place of django-htmx's tag).

The hash is of the file as it is on disk, read once per process. A script changed on disk
without a restart would be refused by the browser, never run altered: that is SRI's point.
"""

import base64
import functools
import hashlib

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@functools.cache
def integrity(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"No static file {path!r} to hash for SRI")
    with open(found, "rb") as file:
        digest = hashlib.sha384(file.read()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


@register.simple_tag
def script(path: str) -> str:
    return format_html(
        '<script src="{}" integrity="{}" defer></script>', static(path), integrity(path)
    )


@register.simple_tag
def htmx_scripts() -> str:
    tags = script("django_htmx/htmx-2.min.js")
    if settings.DEBUG:  # django-htmx's debug helper shows server error pages for htmx requests
        tags += script("django_htmx/django-htmx.js")
    return tags
