"""The API's answers: envelopes around the catalog file's own entries and the engine's advice.

Nothing here restates an entry's fields. Each envelope names the entry classes of the catalog
file (comparisons/schemas.py), the comparison export (comparisons/exports.py) or the wizard's
engine (decisions/engine.py), so a field added there is served and documented here at once.
Every envelope that carries facts carries `sources`: the source entries those facts cite, each
with its publisher and dates. Additive changes only within v1 (docs/api.md).
"""

from pydantic import BaseModel, ConfigDict, Field

from comparisons.schemas import (
    CapabilityEntry,
    FindingEntry,
    InvariantEntry,
    OutcomeEntry,
    PrerequisiteEntry,
    ProConEntry,
    QuestionEntry,
    RatingEntry,
    SourceEntry,
    SurveyEntry,
    ToolEntry,
    UpdateEntry,
    UseCaseEntry,
)
from decisions.engine import Advice
from decisions.report import Answered

SOURCES = "The sources the facts above cite (and those they were read through), with dates."


class Envelope(BaseModel):
    # Readers must tolerate fields added within v1, and so does our own validation.
    model_config = ConfigDict(frozen=True)

    catalog_revision: int = Field(
        description="The catalog revision this answer was read from; every edit bumps it."
    )


class ToolList(Envelope):
    """Every published tool, in catalog order."""

    tools: list[ToolEntry]
    sources: list[SourceEntry] = Field(description=SOURCES)


class ToolDetail(Envelope):
    """One published tool with everything the catalog says about it."""

    tool: ToolEntry
    ratings: list[RatingEntry] = Field(description="The tool's row of the matrix.")
    pros_cons: list[ProConEntry]
    findings: list[FindingEntry]
    surveys: list[SurveyEntry] = Field(
        description="Surveys with figures about this tool; only those figures are listed."
    )
    updates: list[UpdateEntry] = Field(
        description="Where the tool's current documentation contradicts the article: the "
        "article's claim (`claimed_in`) and what is current (`sources`), side by side."
    )
    sources: list[SourceEntry] = Field(description=SOURCES)


class CapabilityList(Envelope):
    """The matrix's rows: what a tool is rated on, in catalog order."""

    capabilities: list[CapabilityEntry]


class SourceList(Envelope):
    """The bibliography: every source of the catalog, in bibliography order."""

    sources: list[SourceEntry]


class SurveyList(Envelope):
    """Surveys and their figures (percentages), about published tools or none."""

    surveys: list[SurveyEntry]
    sources: list[SourceEntry] = Field(description=SOURCES)


class FindingList(Envelope):
    """Sourced findings (assessments, recognitions, outlooks, adoption) about published tools."""

    findings: list[FindingEntry]
    sources: list[SourceEntry] = Field(description=SOURCES)


class UpdateList(Envelope):
    """Since the article: where published tools' current documentation contradicts or
    supersedes it, each with the article's claim and its source (`claimed_in`) and what is
    current with its sources, in catalog order."""

    updates: list[UpdateEntry]
    sources: list[SourceEntry] = Field(description=SOURCES)


class UseCaseList(Envelope):
    """Use cases with their pipeline steps and the outcome each recommends."""

    use_cases: list[UseCaseEntry]
    outcomes: list[OutcomeEntry] = Field(description="What the use cases (and the wizard) name.")
    sources: list[SourceEntry] = Field(description=SOURCES)


class WizardQuestions(Envelope):
    """The decision wizard's rules as data: questions, choices, points, reasons, prerequisites."""

    questions: list[QuestionEntry]
    prerequisites: list[PrerequisiteEntry]
    invariants: list[InvariantEntry] = Field(
        description="What the advice must always or never be for some answers, from the source."
    )
    outcomes: list[OutcomeEntry] = Field(
        description="What the wizard can recommend, in tie-break order."
    )
    sources: list[SourceEntry] = Field(description=SOURCES)


class EvaluateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, str] = Field(
        description="One choice slug for every question slug of GET /api/v1/wizard/questions."
    )


class Evaluation(Envelope):
    """The wizard's explained recommendation for a set of answers."""

    answers: list[Answered] = Field(description="The answers, in question order, as worded.")
    recommendation: OutcomeEntry
    advice: Advice = Field(
        description="How well every option fits (0-100), the confidence, the reasons with "
        "their sources, the prerequisites, the path (now / next) and what would change it "
        "(`routes`, `flips`)."
    )
    sources: list[SourceEntry] = Field(description=SOURCES)


class Message(BaseModel):
    """A refusal: what was wrong, in words."""

    detail: str


class Problem(BaseModel):
    model_config = ConfigDict(extra="allow")

    loc: list[str | int] = Field(description='Where: e.g. ["body", "answers", "kubernetes"].')
    msg: str
    type: str


class Problems(BaseModel):
    """Invalid input: every problem, each with where it is."""

    detail: list[Problem]
