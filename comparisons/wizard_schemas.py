"""Pydantic models for the wizard's JSON: saved answers and a decision's catalog snapshot.

The questions are data, so the answers cannot be a fixed set of Literal fields: they are checked
against the rules passed in the validation context (the current rules when saving, the decision's
own rules snapshot when reading back), through the engine's `validate_answers`.
"""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationInfo, model_validator

from .decision import InvalidAnswers, Rules, validate_answers
from .matrix import CapabilityInfo, RatingInfo, SourceInfo, ToolInfo

SNAPSHOT_FORMAT = "mlops-portal-decision-catalog/1"


class WizardAnswers(RootModel[dict[str, str]]):
    """{question slug: choice slug} for every question of the rules in the context.

    `WizardAnswers.model_validate(data, context={"rules": rules})`; without rules in the context
    validation fails rather than accepting answers nobody checked.
    """

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _fit_the_rules(self, info: ValidationInfo) -> "WizardAnswers":
        rules = (info.context or {}).get("rules")
        if not isinstance(rules, Rules):
            raise ValueError("answers can only be checked against rules (context={'rules': ...})")
        try:
            ordered = validate_answers(self.root, rules)
        except InvalidAnswers as error:
            raise ValueError(str(error)) from error
        return WizardAnswers.model_construct(ordered)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ToolSnapshot(_Strict):
    slug: str
    name: str
    focus: str = ""
    tagline: str = ""

    def info(self) -> ToolInfo:
        return ToolInfo(slug=self.slug, name=self.name, focus=self.focus, tagline=self.tagline)


class CapabilitySnapshot(_Strict):
    slug: str
    name: str
    description: str = ""
    group: str = ""

    def info(self) -> CapabilityInfo:
        return CapabilityInfo(**self.model_dump())


class RatingSnapshot(_Strict):
    tool: str
    capability: str
    level: Annotated[int, Field(ge=0, le=4)] | None
    summary: str
    note: str = ""
    reviewed_on: dt.date
    sources: tuple[str, ...] = ()

    def info(self) -> RatingInfo:
        return RatingInfo(**self.model_dump())


class SourceSnapshot(_Strict):
    slug: str
    title: str
    publisher: str
    published: str
    url: str = ""

    def info(self) -> SourceInfo:
        return SourceInfo(**self.model_dump())


class ProConSnapshot(_Strict):
    tool: str
    kind: Literal["pro", "con"]
    text: str
    sources: tuple[str, ...] = ()


class OutcomeSnapshot(_Strict):
    slug: str
    name: str
    summary: str
    tools: tuple[str, ...]


class StepSnapshot(_Strict):
    name: str
    detail: str = ""


class UseCaseSnapshot(_Strict):
    slug: str
    title: str
    summary: str
    stage: str
    steps: tuple[StepSnapshot, ...] = ()
    sources: tuple[str, ...] = ()


class CatalogSnapshot(_Strict):
    """What a result page shows from the catalog, frozen at the moment a decision is saved."""

    format: Literal["mlops-portal-decision-catalog/1"] = SNAPSHOT_FORMAT
    revision: int
    outcomes: tuple[OutcomeSnapshot, ...]  # every outcome: the considered options
    tools: tuple[ToolSnapshot, ...]  # the tools those outcomes involve, in catalog order
    capabilities: tuple[CapabilitySnapshot, ...]
    ratings: tuple[RatingSnapshot, ...]
    sources: tuple[SourceSnapshot, ...]  # every source the snapshot cites
    pros_cons: tuple[ProConSnapshot, ...]
    use_case: UseCaseSnapshot | None  # the use case matching the recommended outcome

    def outcome(self, slug: str) -> OutcomeSnapshot | None:
        return next((o for o in self.outcomes if o.slug == slug), None)
