"""Pydantic models for every JSON shape the portal reads or writes.

The catalog file (`fixtures/catalog.json`, documented in docs/catalog-format.md) is keyed by
slugs, never database ids, so people can edit and review it by hand.

The catalog loader and dumper (`comparisons/catalog/`) read each entry's fields from these
classes: a field added to an entry is loaded into, and dumped from, the model column of the
same name with no other code change. Only references to other entries (slugs), nested lists
and fields named differently in the model are mapped by hand there.
"""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from portal.text import HttpsUrlOrEmpty, MultiLine, OneLine, url_problem

from .vocabulary import FindingKindSlug, HostingSlug, LevelSlug, SourceKindSlug, WeightBasis

CATALOG_FORMAT = "mlops-portal-catalog/1"
# The article the catalog started from (DESIGN.md): what an update's `article_claim` quotes
# unless the update names another source.
ARTICLE_SOURCE = "transcloud-2026-mlflow-vs-kubeflow"
MAX_URL_LENGTH = 1000


def https_problem(url: str) -> str | None:
    """Why `url` is not a plain https address a reader can open, or None when it is: the one
    rule for every link (portal/text.py), within the columns' length. Only https, so a reader
    following a footnote is never sent over plain HTTP or to another scheme (javascript:)."""
    if len(url) > MAX_URL_LENGTH:
        return f"An address of at most {MAX_URL_LENGTH} characters is accepted."
    return url_problem(url)


Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=60)
]
LongSlug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80)
]
# Text a person wrote (portal/text.py): `Line` for one-line columns (CharField, with the column's
# max_length), `Text` and `Paragraphs` (may be empty) for multi-line ones (TextField).
# tests/test_catalog_file.py holds both to the model columns.
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), OneLine]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), MultiLine]
Paragraphs = Annotated[str, MultiLine]
Link = Annotated[str, StringConstraints(max_length=MAX_URL_LENGTH), HttpsUrlOrEmpty]
SourceRefs = Annotated[list[LongSlug], Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceEntry(Strict):
    slug: LongSlug
    title: Annotated[Line, StringConstraints(max_length=300)]
    publisher: Annotated[Line, StringConstraints(max_length=200)]
    # Required by the reference checks unless `via` is set: a reader can open what was read.
    url: Link = ""
    published_on: dt.date | None = None  # None only with `via`: undated, read in another source
    date_precision: Literal["day", "month", "quarter", "year"] = "day"
    accessed_on: dt.date | None = None  # the day it was read; required with `url`
    kind: SourceKindSlug
    via: LongSlug | None = None


class ToolEntry(Strict):
    slug: Slug
    name: Annotated[Line, StringConstraints(max_length=100)]
    tagline: Annotated[Line, StringConstraints(max_length=200)]
    focus: Annotated[Line, StringConstraints(max_length=200)]
    description: Text
    homepage: Link = ""
    licence: Annotated[Line, StringConstraints(max_length=100)]
    licence_source: LongSlug | None = None  # required by the reference checks: facts cite sources
    hosting: HostingSlug
    # The version its ratings were reviewed against; "" for a service without public versions.
    version: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50), OneLine] = ""
    version_source: LongSlug | None = None  # required with a version: where it is stated
    published: bool = True


class CapabilityEntry(Strict):
    slug: Slug
    name: Annotated[Line, StringConstraints(max_length=100)]
    description: Text
    group: Annotated[str, StringConstraints(max_length=60), OneLine] = ""


class RatingEntry(Strict):
    tool: Slug
    capability: Slug
    level: LevelSlug
    summary: Annotated[Line, StringConstraints(max_length=200)]
    note: Paragraphs = ""
    sources: SourceRefs
    reviewed_on: dt.date


class FigureEntry(Strict):
    slug: LongSlug
    label: Annotated[Line, StringConstraints(max_length=200)]
    percent: Annotated[int, Field(ge=0, le=100, strict=True)]
    tool: Slug | None = None
    note: Paragraphs = ""
    negative: bool = False  # the share reports a problem (a pain point), not adoption


class SurveyEntry(Strict):
    slug: LongSlug
    title: Annotated[Line, StringConstraints(max_length=200)]
    publisher: Annotated[Line, StringConstraints(max_length=200)]
    year: Annotated[int, Field(ge=1990, le=2100)]
    sample_size: Annotated[int, Field(gt=0)] | None = None
    source: LongSlug
    figures: list[FigureEntry]


class FindingEntry(Strict):
    slug: LongSlug
    tool: Slug | None = None
    kind: FindingKindSlug
    title: Annotated[Line, StringConstraints(max_length=200)]
    text: Text
    sources: SourceRefs
    as_of: dt.date | None = None  # when the statement was made; required for an outlook


class UpdateEntry(Strict):
    """Where a tool's current documentation contradicts or supersedes the article: both
    statements, each with its source, side by side. The article is never overwritten."""

    slug: LongSlug
    tool: Slug
    capability: Slug | None = None  # the grid row it concerns, if one
    article_claim: Annotated[Line, StringConstraints(max_length=400)]
    claimed_in: LongSlug = ARTICLE_SOURCE  # the source of `article_claim`
    current: Annotated[Line, StringConstraints(max_length=400)]
    sources: SourceRefs  # the current documentation


class ProConEntry(Strict):
    slug: LongSlug
    tool: Slug
    kind: Literal["pro", "con"]
    text: Annotated[Line, StringConstraints(max_length=300)]
    sources: list[LongSlug] = []


class OutcomeEntry(Strict):
    slug: Slug
    name: Annotated[Line, StringConstraints(max_length=100)]
    summary: Text
    tools: Annotated[list[Slug], Field(min_length=1)]


class StepEntry(Strict):
    name: Annotated[Line, StringConstraints(max_length=100)]
    detail: Annotated[str, StringConstraints(max_length=300), OneLine] = ""


class UseCaseEntry(Strict):
    slug: LongSlug
    title: Annotated[Line, StringConstraints(max_length=200)]
    summary: Text
    stage: Annotated[Line, StringConstraints(max_length=100)]
    outcome: Slug
    steps: list[StepEntry] = []
    sources: SourceRefs


class WeightReasonEntry(Strict):
    """Why a choice gives an outcome its points: shown as a reason on the wizard's result.

    `basis` says where the reason comes from: "article" when the rationale paraphrases what
    `source` says (then `source` is required), "judgement" when the source is silent and the
    weight is the portal's own judgement (the result page says so).
    """

    rationale: Annotated[Line, StringConstraints(max_length=300)]
    basis: WeightBasis
    source: LongSlug | None = None
    capabilities: list[Slug] = []  # the comparison's rows it concerns, in catalog order


class ChoiceEntry(Strict):
    slug: Slug
    label: Annotated[Line, StringConstraints(max_length=200)]
    # Points this choice gives each outcome (outcome slug -> -10..10); an outcome left out gets 0.
    points: dict[Slug, Annotated[int, Field(ge=-10, le=10, strict=True)]]
    # Why, per outcome named in `points` (outcome slug -> rationale, source, capability rows).
    reasons: dict[Slug, WeightReasonEntry] = {}


class PrerequisiteEntry(Strict):
    """The wizard may recommend `outcome` only if `question` is answered with one of `choices`."""

    outcome: Slug
    question: Slug
    choices: Annotated[list[Slug], Field(min_length=1)]  # in the question's choice order
    explanation: Annotated[Line, StringConstraints(max_length=300)]
    source: LongSlug


class InvariantEntry(Strict):
    """What the wizard must (`always`) or must `never` recommend on the answer sets `when`
    describes (question slug -> allowed choices; every answer set if empty). The catalog checks
    and the admin refuse rules that break it, naming the answer set that does."""

    slug: LongSlug
    expect: Literal["always", "never"]
    outcomes: Annotated[list[Slug], Field(min_length=1)]
    when: dict[Slug, Annotated[list[Slug], Field(min_length=1)]] = {}
    # The source sentence it encodes, paraphrased, and the source's slug.
    statement: Annotated[Line, StringConstraints(max_length=300)]
    source: LongSlug


class QuestionEntry(Strict):
    slug: Slug
    prompt: Annotated[Line, StringConstraints(max_length=200)]
    help_text: Paragraphs = ""
    choices: Annotated[list[ChoiceEntry], Field(min_length=2)]


class WizardEntry(Strict):
    """The decision wizard's rules. Outcome order (in `outcomes`) is the tie-break order."""

    questions: list[QuestionEntry]
    prerequisites: list[PrerequisiteEntry] = []
    invariants: list[InvariantEntry] = []


class CatalogFile(Strict):
    """The whole catalog. List order is display order."""

    format: Literal["mlops-portal-catalog/1"]
    sources: list[SourceEntry]
    tools: list[ToolEntry]
    capabilities: list[CapabilityEntry]
    ratings: list[RatingEntry]
    surveys: list[SurveyEntry] = []
    findings: list[FindingEntry] = []
    pros_cons: list[ProConEntry] = []
    updates: list[UpdateEntry] = []
    outcomes: list[OutcomeEntry] = []
    use_cases: list[UseCaseEntry] = []
    wizard: WizardEntry = WizardEntry(questions=[])
