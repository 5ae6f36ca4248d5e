"""Pydantic at the wizard's JSON boundary: saved answers, rules, result and catalog snapshot.

The questions are data, so the answers cannot be a fixed set of Literal fields: they are checked
against the rules passed in the validation context (the current rules when saving, the decision's
own rules snapshot when reading back), through the engine's `validate_answers`.

`Rules` and `Result` are the engine's own frozen dataclasses; pydantic reads and writes them
directly (`TypeAdapter`), so their JSON has exactly their fields. Reading is strict: a number
stored as text, a missing field or an unknown confidence is refused with a ValueError.
"""

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    RootModel,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from comparisons.matrix import CapabilityInfo, RatingInfo, SourceInfo, ToolInfo
from comparisons.schemas import Strict
from comparisons.vocabulary import LEVELS

from .engine import Advice, InvalidAnswers, InvalidRules, Result, Rules, validate_answers

SNAPSHOT_FORMAT = "mlops-portal-decision-catalog/1"
RESULT_FORMAT = "mlops-portal-decision/1"
ADVICE_FORMAT = "mlops-portal-decision/2"  # with prerequisites, fit, path and routes
_RULES = TypeAdapter(Rules)
_RESULT = TypeAdapter(Result)
_ADVICE = TypeAdapter(Advice)
_LEVEL_VALUES = [level.value for level in LEVELS if level.value is not None]


def dump_rules(rules: Rules) -> dict[str, Any]:
    """A JSON-safe snapshot, so a saved decision keeps the rules it was made with."""
    return _RULES.dump_python(rules, mode="json")


def load_rules(data: Any) -> Rules:
    """Rebuild from `dump_rules` output; ValueError (InvalidRules) if it is malformed."""
    try:
        return _RULES.validate_json(json.dumps(data), strict=True)
    except ValidationError as error:
        raise InvalidRules(f"malformed rules snapshot: {error}") from error


def dump_result(result: Result) -> dict[str, Any]:
    return {"format": RESULT_FORMAT, **_RESULT.dump_python(result, mode="json")}


def dump_advice(advice: Advice) -> dict[str, Any]:
    return {"format": ADVICE_FORMAT, **_ADVICE.dump_python(advice, mode="json")}


def load_result(data: Any) -> Result | Advice:
    """Rebuild from `dump_result` or `dump_advice` output; ValueError if it is malformed."""
    if isinstance(data, dict) and data.get("format") == ADVICE_FORMAT:
        fields = {key: value for key, value in data.items() if key != "format"}
        try:
            return _ADVICE.validate_json(json.dumps(fields), strict=True)
        except ValidationError as error:
            raise ValueError(f"malformed decision result: {error}") from error
    if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
        raise ValueError("malformed decision result: missing or unknown format")
    fields = {key: value for key, value in data.items() if key != "format"}
    try:
        result = _RESULT.validate_json(json.dumps(fields), strict=True)
    except ValidationError as error:
        raise ValueError(f"malformed decision result: {error}") from error
    scored = {score.outcome for score in result.scores}
    if result.winner not in scored or result.runner_up not in scored:
        raise ValueError("malformed decision result: winner or runner-up is not scored")
    return result


class WizardAnswers(RootModel[dict[str, str]]):
    """{question slug: choice slug} for every question of the rules in the context.

    `WizardAnswers.model_validate(data, context={"rules": rules})`; without rules in the context
    validation fails rather than accepting answers nobody checked.
    """

    model_config = {"frozen": True}

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


class ToolSnapshot(Strict):
    slug: str
    name: str
    focus: str = ""
    tagline: str = ""
    hosting: str = ""  # snapshots saved before issue 19 have neither
    version: str = ""

    def info(self) -> ToolInfo:
        return ToolInfo(**self.model_dump())


class CapabilitySnapshot(Strict):
    slug: str
    name: str
    description: str = ""
    group: str = ""

    def info(self) -> CapabilityInfo:
        return CapabilityInfo(**self.model_dump())


class RatingSnapshot(Strict):
    tool: str
    capability: str
    level: Annotated[int, Field(ge=min(_LEVEL_VALUES), le=max(_LEVEL_VALUES))] | None
    summary: str
    note: str = ""
    reviewed_on: dt.date
    sources: tuple[str, ...] = ()
    update: str = ""  # the "Since the article" entry about this cell, if any (issue 19)

    def info(self) -> RatingInfo:
        return RatingInfo(**self.model_dump())


class SourceSnapshot(Strict):
    slug: str
    title: str
    publisher: str
    published: str
    url: str = ""
    accessed_on: dt.date | None = None  # snapshots saved before issue 19 have none
    kind: str = ""

    def info(self) -> SourceInfo:
        return SourceInfo(**self.model_dump())


class ProConSnapshot(Strict):
    tool: str
    kind: Literal["pro", "con"]
    text: str
    sources: tuple[str, ...] = ()


class OutcomeSnapshot(Strict):
    slug: str
    name: str
    summary: str
    tools: tuple[str, ...]


class StepSnapshot(Strict):
    name: str
    detail: str = ""


class UseCaseSnapshot(Strict):
    slug: str
    title: str
    summary: str
    stage: str
    steps: tuple[StepSnapshot, ...] = ()
    sources: tuple[str, ...] = ()


class CatalogSnapshot(Strict):
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
