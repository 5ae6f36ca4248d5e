"""The curated catalog: tools, capabilities, ratings and the evidence behind them.

Every claim a visitor reads (a rating, a survey figure, a finding) cites at least one Source.
"""

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..schemas import MAX_URL_LENGTH, https_problem
from ..vocabulary import FINDING_KINDS, HOSTING, LEVELS, NOT_DOCUMENTED, SOURCE_KINDS
from .versioning import Versioned

# The choices come from the vocabulary, the one place levels and kinds are spelled out.
# Level: how well a tool serves a need. Higher is better, also for costs such as overhead.
Level = models.IntegerChoices(
    "Level",
    [(t.slug.upper().replace("-", "_"), (t.value, t.label)) for t in LEVELS if t.value is not None],
)
# Slugs used in the catalog file, so the file stays readable without database ids.
LEVEL_SLUGS: dict[str, int | None] = {t.slug: t.value for t in LEVELS}
LEVEL_SLUG_BY_VALUE: dict[int | None, str] = {t.value: t.slug for t in LEVELS}

SourceKind = models.TextChoices(
    "SourceKind",
    [(value.upper().replace("-", "_"), (value, label)) for value, label in SOURCE_KINDS],
)


Hosting = models.TextChoices(
    "Hosting", [(value.upper().replace("-", "_"), (value, label)) for value, label in HOSTING]
)


def validate_https_url(value: str) -> None:
    """The admin's check of a source's or homepage's address: the catalog file's own rule."""
    if value and (problem := https_problem(value)):
        raise ValidationError(f"Enter {problem}.", code="https")


def https_url_field(**options) -> models.URLField:
    return models.URLField(
        max_length=MAX_URL_LENGTH, blank=True, validators=[validate_https_url], **options
    )


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


class CatalogRevision(models.Model):
    """A single row whose number every catalog write bumps, in the same transaction.

    Page caches and decision snapshots key on it; because it lives in the database, every
    worker process and host sees a change on its next request.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="catalogrevision_singleton")]

    def __str__(self) -> str:
        return f"Catalog revision {self.number}"

    # The number every request reads, kept in the shared cache (Redis in production) so a
    # cached page costs no database query. The database stays the truth: a miss reads it.
    CACHE_KEY = "catalog-revision"
    # Bounds the one race left (a reader that read the old number just before a writer's commit
    # and stores it just after): such a stale number lives at most this long.
    CACHE_SECONDS = 60

    @classmethod
    def current(cls) -> int:
        # Inside a transaction, read the database: the number may be this transaction's own,
        # not yet committed bump, which no other worker may see before the data it stands for.
        # Without Redis the shared cache is a database table: reading the row itself is cheaper.
        if connection.in_atomic_block or isinstance(caches["default"], DatabaseCache):
            return cls.stored()
        number = cache.get(cls.CACHE_KEY)
        if number is None:
            number = cls.stored()
            cache.add(cls.CACHE_KEY, number, cls.CACHE_SECONDS)
        return number

    @classmethod
    def stored(cls) -> int:
        # Plain SQL: on every page request, compiling an ORM query costs more than the answer.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {cls._meta.db_table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(id=1).update(number=F("number") + 1)
        if not updated:
            cls.objects.get_or_create(id=1, defaults={"number": 1})
        # Forget the cached number now (this transaction's own reads see the new one) and again
        # after the commit (a reader in between may have cached the old one).
        cache.delete(cls.CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(cls.CACHE_KEY))


class Source(Versioned):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = https_url_field(
        help_text="The https address of the page that was read. Empty only for a source read "
        "through another (`via`), which keeps that citation."
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty only when undated: then give the day it was read, or the "
        "source it was read through.",
    )
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    accessed_on = models.DateField(
        null=True, blank=True, help_text="The day the page was read. Required with an address."
    )
    kind = models.CharField(max_length=20, choices=SourceKind)
    via = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_sources",
        help_text="The source through which this one was read, when not read first-hand.",
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=False)
                | Q(via__isnull=False)
                | Q(accessed_on__isnull=False),
                name="source_dated_read_or_cited_via",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # The catalog file's rule (catalog/validate.py), for the admin. Not a database
        # constraint: a source proposed with a correction may come without an address.
        if self.via_id is None and not self.url:
            raise ValidationError(
                {"url": "A source read first-hand needs the address of the page that was read."}
            )
        if self.url and self.accessed_on is None:
            raise ValidationError({"accessed_on": "Give the day the page was read."})

    def get_absolute_url(self) -> str:
        return f"{reverse('comparisons:sources')}#{self.slug}"

    @property
    def read_on(self):
        """When it was read: its own date, or, read through another source, that one's."""
        if self.accessed_on is None and self.via_id is not None:
            return self.via.read_on
        return self.accessed_on

    @property
    def published_display(self) -> str:
        """The date as precisely as it is known; undated sources show when they were cited."""
        if self.published_on is None:
            return f"undated (cited {self.via.published_display})" if self.via else "undated"
        return format_precise_date(self.published_on, self.date_precision)


def format_precise_date(day, precision: str) -> str:
    """Show a date no more precisely than it is known."""
    if precision == DatePrecision.YEAR:
        return f"{day.year}"
    if precision == DatePrecision.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if precision == DatePrecision.MONTH:
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%B %Y')}"


class ToolQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Tool(Versioned):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    tagline = models.CharField(max_length=200)
    focus = models.CharField(max_length=200)
    description = models.TextField()
    homepage = https_url_field()
    licence = models.CharField(max_length=100)
    # Where the licence is stated (a package registry page, the project's LICENSE file).
    licence_source = models.ForeignKey(
        Source, models.PROTECT, null=True, blank=True, related_name="licensed_tools"
    )
    hosting = models.CharField(max_length=20, choices=Hosting)  # the catalog file requires it
    # `version` is the edit counter (Versioned); the file's `version` is this column.
    reviewed_version = models.CharField(
        "version at the time of review",
        max_length=50,
        blank=True,
        help_text="The version its ratings were reviewed against; empty for a managed service "
        "without public versions.",
    )
    version_source = models.ForeignKey(
        Source,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="versioned_tools",
        help_text="Where the version is stated, e.g. the package's registry page.",
    )
    is_published = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    objects = ToolQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_version="") | Q(version_source__isnull=False),
                name="tool_version_cites_source",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("comparisons:tool", args=[self.slug])


class Capability(Versioned):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField()
    group = models.CharField(max_length=60, blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "capabilities"

    def __str__(self) -> str:
        return self.name


class Rating(Versioned):
    """How well one tool serves one capability: a cell of the matrix."""

    tool = models.ForeignKey(Tool, models.CASCADE, related_name="ratings")
    capability = models.ForeignKey(Capability, models.CASCADE, related_name="ratings")
    level = models.IntegerField(choices=Level, null=True, blank=True)  # null: not yet assessed
    summary = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, related_name="ratings")
    reviewed_on = models.DateField()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["capability__order", "tool__order"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "capability"], name="rating_one_per_cell"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=NOT_DOCUMENTED, level__lte=4),
                name="rating_level_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool} / {self.capability}"

    @property
    def level_slug(self) -> str:
        return LEVEL_SLUG_BY_VALUE[self.level]


def review_date_problem(reviewed_on, sources) -> str | None:
    """Why a rating reviewed on `reviewed_on` cannot cite `sources`, or None: a rating is
    reviewed against its sources, so not before the newest of them was read (the catalog
    file's rule, catalog/validate.py, for the editors' forms)."""
    if reviewed_on is None:
        return None
    days = [day for source in sources if (day := source.read_on)]
    if not days:
        return "None of these sources gives the day it was read; cite a page with that date."
    if reviewed_on > max(days):
        return (
            f"Reviewed on {reviewed_on:%Y-%m-%d}, later than the newest of its sources was read "
            f"({max(days):%Y-%m-%d}): review it against a source read that day or earlier."
        )
    return None


class Survey(Versioned):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    source = models.ForeignKey(Source, models.PROTECT, related_name="surveys")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "-year"]

    def __str__(self) -> str:
        return self.title


class SurveyFigure(Versioned):
    survey = models.ForeignKey(Survey, models.CASCADE, related_name="figures")
    slug = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    percent = models.PositiveSmallIntegerField(help_text="Whole percent, 0 to 100.")
    tool = models.ForeignKey(
        Tool, models.SET_NULL, null=True, blank=True, related_name="survey_figures"
    )
    note = models.TextField(blank=True)
    negative = models.BooleanField(
        default=False,
        help_text="Tick when the share reports a problem (e.g. a pain point) rather than use.",
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "slug"], name="surveyfigure_slug_per_survey"),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="surveyfigure_percent_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.percent}%"


FindingKind = models.TextChoices(
    "FindingKind", [(value.upper(), (value, label)) for value, label in FINDING_KINDS]
)


class Finding(Versioned):
    """A sourced qualitative statement, usually about one tool."""

    slug = models.SlugField(max_length=80, unique=True)
    tool = models.ForeignKey(Tool, models.CASCADE, null=True, blank=True, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind)
    title = models.CharField(max_length=200)
    text = models.TextField()
    sources = models.ManyToManyField(Source, related_name="findings")
    as_of = models.DateField(
        null=True, blank=True, help_text="When the statement was made. Required for an outlook."
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["order", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="outlook") | Q(as_of__isnull=False),
                name="finding_outlook_dated",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Update(Versioned):
    """Since the article: what it said about a tool, and what the tool's current documentation
    says instead, each with its source and date. Shown side by side; the article's claim is
    kept, never overwritten."""

    slug = models.SlugField(max_length=80, unique=True)
    tool = models.ForeignKey(Tool, models.CASCADE, related_name="updates")
    capability = models.ForeignKey(
        Capability,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="updates",
        help_text="The comparison row it concerns, if one; that cell is marked.",
    )
    article_claim = models.CharField(max_length=400)
    claimed_in = models.ForeignKey(
        Source,
        models.PROTECT,
        related_name="claimed_updates",
        help_text="The source of the claim: the article.",
    )
    current = models.CharField(max_length=400, verbose_name="current state")
    sources = models.ManyToManyField(
        Source, related_name="updates", help_text="The current documentation that says so."
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["tool__order", "order", "slug"]

    def __str__(self) -> str:
        return f"{self.tool}: {self.article_claim}"


class ProCon(Versioned):
    class Kind(models.TextChoices):
        PRO = "pro", "Pro"
        CON = "con", "Con"

    slug = models.SlugField(max_length=80, unique=True)
    tool = models.ForeignKey(Tool, models.CASCADE, related_name="pros_cons")
    kind = models.CharField(max_length=3, choices=Kind)
    text = models.CharField(max_length=300)
    sources = models.ManyToManyField(Source, blank=True, related_name="pros_cons")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["tool__order", "kind", "order"]
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"

    def __str__(self) -> str:
        return f"{self.tool} {self.kind}: {self.text}"


class Outcome(Versioned):
    """What the wizard can recommend: one tool, or a combination of tools."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    summary = models.TextField()
    tools = models.ManyToManyField(Tool, related_name="outcomes")
    order = models.PositiveIntegerField(
        default=0, help_text="Also the tie-break: on equal scores the lower order wins."
    )

    history = HistoricalRecords(m2m_fields=[tools])

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class UseCase(Versioned):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    stage = models.CharField(max_length=100)
    outcome = models.ForeignKey(Outcome, models.PROTECT, related_name="use_cases")
    sources = models.ManyToManyField(Source, related_name="use_cases")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.title


class UseCaseStep(Versioned):
    use_case = models.ForeignKey(UseCase, models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    detail = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["use_case", "order"]
        constraints = [
            models.UniqueConstraint(fields=["use_case", "order"], name="usecasestep_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.use_case}: {self.order}. {self.name}"
