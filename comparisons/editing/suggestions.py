"""Accepting and declining suggestions: the only way a visitor's proposal reaches the catalog.

Accept applies the proposal to the rating in one transaction with one catalog revision bump,
credits the author in the rating's history, and is conflict-checked: a suggestion made against
an older version of the rating is refused unless the editor accepts it over the newer version
knowingly (after comparing the current value shown beside the proposal).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .. import models as m
from ..models.versioning import VersionConflict
from ..signals import one_revision_bump

# How many suggestions one person may send per hour: enough for a careful reader, too few for
# a spammer to bury the queue.
PER_HOUR = 10


def over_limit(user) -> bool:
    """Counted in the database, so the limit holds across worker processes and hosts."""
    since = timezone.now() - dt.timedelta(hours=1)
    return m.Suggestion.objects.filter(author=user, created_at__gte=since).count() >= PER_HOUR


def save_within_limit(suggestion: m.Suggestion) -> bool:
    """Save `suggestion` unless its author has reached the hourly limit; whether it was saved.

    Count and insert happen in one transaction that first locks the author's row, so one
    author's concurrent posts queue there and each counts those before it: 25 at once let 10
    through, not 25. (SQLite's IMMEDIATE transactions already serialise every writer.)
    """
    with transaction.atomic():
        author = get_user_model().objects.select_for_update().filter(pk=suggestion.author_id)
        list(author.values_list("pk", flat=True))
        if over_limit(suggestion.author):
            return False
        suggestion.save()
        return True


class NotPending(Exception):
    pass


def accept(suggestion: m.Suggestion, editor, *, over_newer: bool = False) -> m.Rating:
    with transaction.atomic(), one_revision_bump():
        suggestion = m.Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != m.Suggestion.Status.PENDING:
            raise NotPending
        rating = m.Rating.objects.select_for_update().get(pk=suggestion.rating_id)
        expected = rating.version if over_newer else suggestion.base_version
        if suggestion.level is not None:
            rating.level = suggestion.level
        if suggestion.summary:
            rating.summary = suggestion.summary
        rating.reviewed_on = timezone.localdate()
        rating._history_user = suggestion.author
        rating._change_reason = f"Suggestion {suggestion.pk}, accepted by {editor.get_username()}"
        rating.expect_version(expected)
        rating.save()  # raises VersionConflict when the rating moved on
        if suggestion.source_title:
            rating.sources.add(_source(suggestion))
        suggestion.status = m.Suggestion.Status.ACCEPTED
        suggestion.decided_by, suggestion.decided_at = editor, timezone.now()
        suggestion.save()
        return rating


def decline(suggestion: m.Suggestion, editor, reason: str) -> None:
    updated = m.Suggestion.objects.filter(
        pk=suggestion.pk, status=m.Suggestion.Status.PENDING
    ).update(
        status=m.Suggestion.Status.DECLINED,
        reason=reason,
        decided_by=editor,
        decided_at=timezone.now(),
    )
    if not updated:
        raise NotPending


def _source(suggestion: m.Suggestion) -> m.Source:
    base = slugify(suggestion.source_title)[:60] or "source"
    slug, n = base, 1
    while m.Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return m.Source.objects.create(
        slug=slug,
        title=suggestion.source_title,
        publisher=suggestion.source_publisher,
        published_on=suggestion.source_published_on,
        url=suggestion.source_url,
        # The editor who accepts the suggestion has read the source it gives, today.
        accessed_on=timezone.localdate() if suggestion.source_url else None,
        kind=m.SourceKind.ARTICLE,
    )


__all__ = [
    "PER_HOUR",
    "NotPending",
    "VersionConflict",
    "accept",
    "decline",
    "over_limit",
    "save_within_limit",
]
