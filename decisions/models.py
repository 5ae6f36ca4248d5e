"""A team's saved wizard runs: each keeps what it was decided on, so it reads the same later;
and the share links that show one of them, read-only, to people outside the team."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from teams.models import SecretLink, Team, hash_token, new_token

# secrets.token_urlsafe(32): 32 random bytes, base64url without padding, always 43 characters.
# Anything else is refused before a query is made, so junk never reaches the database.
SHARE_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
SHARE_LIFETIME_DAYS = (1, 7, 30, 90)
DEFAULT_SHARE_LIFETIME_DAYS = 30


class DecisionQuerySet(models.QuerySet):
    def timeline(self):
        """Newest first, with what a timeline row shows; `team.decisions.timeline()` for a team."""
        return (
            self.select_related("author", "team", "supersedes__team")
            .prefetch_related(
                models.Prefetch("superseded_by", queryset=Decision.objects.select_related("team"))
            )
            .order_by("-created_at", "-id")
        )


class Decision(models.Model):
    team = models.ForeignKey(Team, models.CASCADE, related_name="decisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="decisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    # JSON checked by pydantic on the way in and out (see decisions.schemas).
    answers = models.JSONField()
    outcome_slug = models.SlugField(max_length=60)
    outcome_name = models.CharField(max_length=100)
    result = models.JSONField()
    rules_snapshot = models.JSONField()
    catalog_snapshot = models.JSONField()
    catalog_revision = models.PositiveBigIntegerField()
    supersedes = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="superseded_by"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.team.slug, self.pk])


class ShareLinkQuerySet(models.QuerySet):
    def issue(
        self, decision: Decision, created_by, *, lifetime: timedelta
    ) -> tuple["ShareLink", str]:
        """Create a link and return it with its token, which is not stored anywhere."""
        token, token_hash = new_token()
        link = self.create(
            decision=decision,
            token_hash=token_hash,
            created_by=created_by,
            expires_at=timezone.now() + lifetime,
        )
        return link, token

    def for_token(self, token: str) -> "ShareLink | None":
        """The link for `token`, live or not; None for a malformed or unknown token."""
        if not SHARE_TOKEN.fullmatch(token):
            return None
        return self.select_related("decision__team").filter(token_hash=hash_token(token)).first()

    def live(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def count_view(self, link: "ShareLink") -> bool:
        """Count one view of `link` if it still works, in a single conditional UPDATE.

        The database re-checks revocation and expiry as it writes, so a view racing a
        revocation is either counted and shown, or refused: never shown uncounted.
        """
        return bool(
            self.live()
            .filter(pk=link.pk)
            .update(view_count=models.F("view_count") + 1, last_viewed_at=timezone.now())
        )


class ShareLink(SecretLink):
    """A secret link that shows one decision read-only to whoever holds it.

    Only the token's SHA-256 is stored: a leaked database (or backup) opens no decision.
    Deleting the decision, or its team, deletes its links.
    """

    decision = models.ForeignKey(Decision, models.CASCADE, related_name="share_links")
    view_count = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Share link to {self.decision} ({self.created_at:%Y-%m-%d})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def dead_reason(self) -> str:
        """Why the link no longer works, in words for the person holding it."""
        if self.revoked_at is not None:
            return "The team that shared this decision has revoked the link."
        if self.is_expired:
            return "This link has expired."
        return ""
