"""Each answer of the API from the published catalog: no request, no database.

The views and the OpenAPI examples (built from fixtures/catalog.json) both call these, so the
examples always have the shape the API serves.
"""

import dataclasses
import datetime as dt
from typing import Any

from comparisons import exports
from comparisons.matrix import (
    CapabilityInfo,
    Matrix,
    RatingInfo,
    SourceInfo,
    ToolInfo,
    build_matrix,
)
from comparisons.models.catalog import format_precise_date
from comparisons.schemas import SourceEntry
from comparisons.vocabulary import LEVEL_BY_SLUG, SOURCE_KINDS
from decisions.engine import Advice, Rules
from decisions.report import answered

from . import schemas as s
from .catalog import PublicCatalog

KIND_LABELS = dict(SOURCE_KINDS)


def tools(catalog: PublicCatalog) -> s.ToolList:
    found = catalog.file.tools
    return s.ToolList(
        catalog_revision=catalog.revision, tools=found, sources=catalog.sources_for(found)
    )


def tool(catalog: PublicCatalog, slug: str) -> s.ToolDetail | None:
    entry = next((t for t in catalog.file.tools if t.slug == slug), None)
    if entry is None:
        return None
    file = catalog.file
    parts = {
        "tool": entry,
        "ratings": [r for r in file.ratings if r.tool == slug],
        "pros_cons": [p for p in file.pros_cons if p.tool == slug],
        "findings": [f for f in file.findings if f.tool == slug],
        "surveys": [
            survey.model_copy(update={"figures": figures})
            for survey in file.surveys
            if (figures := [f for f in survey.figures if f.tool == slug])
        ],
        "updates": [u for u in file.updates if u.tool == slug],
    }
    return s.ToolDetail(
        catalog_revision=catalog.revision, **parts, sources=catalog.sources_for(*parts.values())
    )


def capabilities(catalog: PublicCatalog) -> s.CapabilityList:
    return s.CapabilityList(
        catalog_revision=catalog.revision, capabilities=catalog.file.capabilities
    )


def sources(catalog: PublicCatalog) -> s.SourceList:
    return s.SourceList(catalog_revision=catalog.revision, sources=catalog.file.sources)


def surveys(catalog: PublicCatalog) -> s.SurveyList:
    found = catalog.file.surveys
    return s.SurveyList(
        catalog_revision=catalog.revision, surveys=found, sources=catalog.sources_for(found)
    )


def findings(catalog: PublicCatalog) -> s.FindingList:
    found = catalog.file.findings
    return s.FindingList(
        catalog_revision=catalog.revision, findings=found, sources=catalog.sources_for(found)
    )


def updates(catalog: PublicCatalog) -> s.UpdateList:
    found = catalog.file.updates
    return s.UpdateList(
        catalog_revision=catalog.revision, updates=found, sources=catalog.sources_for(found)
    )


def use_cases(catalog: PublicCatalog) -> s.UseCaseList:
    found, outcomes = catalog.file.use_cases, catalog.file.outcomes
    return s.UseCaseList(
        catalog_revision=catalog.revision,
        use_cases=found,
        outcomes=outcomes,
        sources=catalog.sources_for(found, outcomes),
    )


def wizard_questions(catalog: PublicCatalog) -> s.WizardQuestions:
    wizard, outcomes = catalog.file.wizard, catalog.file.outcomes
    return s.WizardQuestions(
        catalog_revision=catalog.revision,
        questions=wizard.questions,
        prerequisites=wizard.prerequisites,
        invariants=wizard.invariants,
        outcomes=outcomes,
        sources=catalog.sources_for(wizard, outcomes),
    )


def evaluation(
    catalog: PublicCatalog, answers: dict[str, str], advice: Advice, rules: Rules
) -> s.Evaluation:
    """`advice` for `answers` (already checked against `rules`), with what it cites."""
    outcome = next(o for o in catalog.file.outcomes if o.slug == advice.winner)
    return s.Evaluation(
        catalog_revision=catalog.revision,
        answers=list(answered(answers, rules)),
        recommendation=outcome,
        advice=advice,
        sources=catalog.sources_for(outcome, advice),
    )


# --- The matrix: the comparison export's shape ------------------------------------------


def _info[T](cls: type[T], entry: Any, **given: Any) -> T:
    """A matrix dataclass from a catalog entry, field by field of the same name."""
    names = {f.name for f in dataclasses.fields(cls)} - given.keys()  # type: ignore[arg-type]
    return cls(**{name: getattr(entry, name) for name in names if hasattr(entry, name)}, **given)


def published_date(source: SourceEntry, by_slug: dict[str, SourceEntry]) -> str:
    """The date as precisely as it is known; an undated source says where it was cited."""
    if source.published_on is not None:
        return format_precise_date(source.published_on, source.date_precision)
    via = by_slug.get(source.via or "")
    return f"undated (cited {published_date(via, by_slug)})" if via else "undated"


def accessed_date(source: SourceEntry, by_slug: dict[str, SourceEntry]) -> dt.date | None:
    """When it was read; read through another source (`via`): when that one was."""
    seen = set()
    while source.accessed_on is None and source.via in by_slug and source.slug not in seen:
        seen.add(source.slug)  # the catalog checks refuse loops; this only never spins
        source = by_slug[source.via]
    return source.accessed_on


def matrix(catalog: PublicCatalog, chosen: list[str], *, only_differences: bool) -> Matrix:
    """The comparison of the `chosen` published tools (slugs, in the order given)."""
    file = catalog.file
    by_slug = {source.slug: source for source in file.sources}
    entries = {t.slug: t for t in file.tools}
    updated: dict[tuple[str, str], str] = {}
    for update in file.updates:  # the first update about a cell, in catalog order, links it
        if update.capability is not None:
            updated.setdefault((update.tool, update.capability), update.slug)
    return build_matrix(
        [_info(ToolInfo, entries[slug]) for slug in chosen],
        [_info(CapabilityInfo, c) for c in file.capabilities],
        [
            _info(
                RatingInfo,
                r,
                level=LEVEL_BY_SLUG[r.level].value,
                sources=tuple(r.sources),
                update=updated.get((r.tool, r.capability), ""),
            )
            for r in file.ratings
            if r.tool in chosen
        ],
        {
            slug: _info(
                SourceInfo,
                source,
                published=published_date(source, by_slug),
                accessed_on=accessed_date(source, by_slug),
                kind=KIND_LABELS.get(source.kind, source.kind),  # as the comparison page
            )
            for slug, source in by_slug.items()
        },
        only_differences=only_differences,
    )


def comparison(
    catalog: PublicCatalog,
    chosen: list[str],
    *,
    only_differences: bool,
    url: str,
    tool_urls: dict[str, str],
) -> exports.ComparisonExport:
    """What /compare/export.json answers for the same tools: the same schema, the same code."""
    return exports.to_export(
        matrix(catalog, chosen, only_differences=only_differences),
        url=url,
        tool_urls=tool_urls,
        revision=catalog.revision,
    )
