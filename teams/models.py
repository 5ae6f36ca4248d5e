"""Teams, their members and invite links."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

INVITE_LIFETIME = timedelta(days=7)
# Path segments under /teams/ that a team's slug must never shadow.
RESERVED_SLUGS = frozenset({"new"})
SLUG_BASE_LENGTH = 50  # leaves room for a "-<suffix>" within the field's 60 characters


def new_token() -> tuple[str, str]:
    """A 256-bit URL-safe token and its SHA-256; only the hash is ever stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SecretLink(models.Model):
    """What every secret link keeps: the token's SHA-256 (never the token), who made it and
    when, when it expires and whether it was revoked. Invites and decision share links."""

    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class TeamQuerySet(models.QuerySet):
    def create_with_owner(self, name: str, owner) -> "Team":
        """Create a team with a unique slug from `name`, and `owner` as its first owner.

        The team and its owner membership are written together or not at all. A slug taken by
        a concurrent request shows up as an IntegrityError on insert, so the next candidate is
        tried instead of trusting an earlier "is it free?" query.
        """
        base = slugify(name)[:SLUG_BASE_LENGTH].strip("-") or "team"
        for slug in _slug_candidates(base):
            if slug in RESERVED_SLUGS:
                continue
            try:
                with transaction.atomic():
                    team = self.create(name=name, slug=slug)
                    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
            except IntegrityError:
                continue
            return team
        raise IntegrityError(f"No free slug for {name!r}")  # pragma: no cover - 2^40 odds


def _slug_candidates(base: str):
    yield base
    for number in range(2, 6):
        yield f"{base}-{number}"
    # Past a few numbered tries, random suffixes make collisions between racers unlikely.
    for _ in range(20):
        yield f"{base}-{secrets.token_hex(5)}"


class Team(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="teams"
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:detail", args=[self.slug])

    def is_last_owner(self, membership: "Membership") -> bool:
        """Whether `membership` is the team's only owner. Call inside a transaction.

        The owner rows stay locked until the transaction ends, so two owners demoting each
        other at the same moment cannot both succeed and leave the team without one.
        """
        owners = list(
            self.memberships.select_for_update()
            .filter(role=Role.OWNER)
            .values_list("pk", flat=True)
        )
        return owners == [membership.pk]


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"


class Membership(models.Model):
    team = models.ForeignKey(Team, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_once_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class InviteQuerySet(models.QuerySet):
    def issue(
        self, team: Team, created_by, *, lifetime: timedelta = INVITE_LIFETIME, max_uses: int = 1
    ) -> tuple["Invite", str]:
        """Create an invite and return it with its token, which is not stored anywhere."""
        token, token_hash = new_token()
        invite = self.create(
            team=team,
            token_hash=token_hash,
            created_by=created_by,
            expires_at=timezone.now() + lifetime,
            max_uses=max_uses,
        )
        return invite, token

    def for_token(self, token: str) -> "Invite | None":
        return self.select_related("team").filter(token_hash=hash_token(token)).first()

    def usable(self):
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            use_count__lt=models.F("max_uses"),
        )

    def claim(self, invite: "Invite") -> bool:
        """Count one use of `invite` if it is still usable, in a single conditional UPDATE.

        Concurrent joiners cannot push the count past `max_uses`: the database re-checks the
        condition for each UPDATE, so only as many succeed as there are uses left.
        """
        return bool(self.usable().filter(pk=invite.pk).update(use_count=models.F("use_count") + 1))


class Invite(SecretLink):
    """A link that lets signed-in people join a team; the token itself is never stored."""

    team = models.ForeignKey(Team, models.CASCADE, related_name="invites")
    max_uses = models.PositiveIntegerField(default=1)
    use_count = models.PositiveIntegerField(default=0)

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(use_count__lte=models.F("max_uses")),
                name="invite_uses_within_limit",
            )
        ]

    def __str__(self) -> str:
        return f"Invite to {self.team} ({self.created_at:%Y-%m-%d})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used_up(self) -> bool:
        return self.use_count >= self.max_uses

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and not self.is_used_up

    @property
    def unusable_reason(self) -> str:
        """Why the link no longer works, in words for the person holding it."""
        if self.revoked_at is not None:
            return "This invite link was revoked by the team's owner."
        if self.is_expired:
            return "This invite link has expired."
        if self.is_used_up:
            return "This invite link has already been used as many times as it allows."
        return ""
