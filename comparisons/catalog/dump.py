"""The database's catalog as a `CatalogFile`, and that as the JSON text of the file.

Each entry is read from its row by the entry's own field names (`entry_from`), so a field added
to an entry in schemas.py is dumped from the model column of the same name without a change
here. What this module spells out is what differs: references become slugs, child rows
become nested lists, and a few renamed fields.
"""

import json
from typing import Any

from django.db import models
from pydantic import BaseModel

from .. import models as m
from ..models.catalog import LEVEL_SLUG_BY_VALUE
from ..schemas import (
    CATALOG_FORMAT,
    CapabilityEntry,
    CatalogFile,
    ChoiceEntry,
    FigureEntry,
    FindingEntry,
    InvariantEntry,
    OutcomeEntry,
    PrerequisiteEntry,
    ProConEntry,
    QuestionEntry,
    RatingEntry,
    SourceEntry,
    StepEntry,
    SurveyEntry,
    ToolEntry,
    UpdateEntry,
    UseCaseEntry,
    WeightReasonEntry,
    WizardEntry,
)


def catalog_to_json(catalog: CatalogFile) -> str:
    data = catalog.model_dump(mode="json", exclude_defaults=True)
    data = {"format": catalog.format, **data}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def dump_catalog() -> CatalogFile:
    """The database's catalog in the file format, in display order."""
    return CatalogFile(
        format=CATALOG_FORMAT,
        sources=_sources(),
        tools=[
            entry_from(
                ToolEntry,
                t,
                published=t.is_published,
                licence_source=slug_of(t.licence_source),
                version=t.reviewed_version,  # `version` is the row's edit counter
                version_source=slug_of(t.version_source),
            )
            for t in m.Tool.objects.select_related("licence_source", "version_source")
        ],
        capabilities=[entry_from(CapabilityEntry, c) for c in m.Capability.objects.all()],
        ratings=_ratings(),
        surveys=_surveys(),
        findings=_claims(FindingEntry, m.Finding.objects.all()),
        pros_cons=_claims(ProConEntry, m.ProCon.objects.order_by("order", "slug")),
        updates=[
            entry_from(
                UpdateEntry,
                u,
                tool=u.tool.slug,
                capability=slug_of(u.capability),
                claimed_in=u.claimed_in.slug,
                sources=source_slugs(u),
            )
            for u in m.Update.objects.order_by("order", "slug")
            .select_related("tool", "capability", "claimed_in")
            .prefetch_related("sources")
        ],
        outcomes=[
            entry_from(OutcomeEntry, o, tools=[t.slug for t in o.tools.all()])
            for o in m.Outcome.objects.prefetch_related("tools")
        ],
        use_cases=_use_cases(),
        wizard=WizardEntry(
            questions=_questions(), prerequisites=_prerequisites(), invariants=_invariants()
        ),
    )


def entry_from[E: BaseModel](schema: type[E], obj: models.Model, **given: Any) -> E:
    """`obj` in the file's shape: each field of `schema` read from the row by name, except
    those `given` (slugs of referenced rows, nested lists, renamed fields)."""
    values = {name: getattr(obj, name) for name in schema.model_fields if name not in given}
    return schema.model_validate({**values, **given})


def slug_of(obj: Any) -> str | None:
    return None if obj is None else obj.slug


def source_slugs(obj: Any) -> list[str]:
    # Sources are listed in bibliography order, so the dump is the same whatever the
    # order in which they were attached.
    return [s.slug for s in sorted(obj.sources.all(), key=lambda s: (s.order, s.slug))]


def _sources() -> list[SourceEntry]:
    return [
        entry_from(SourceEntry, s, via=slug_of(s.via))
        for s in m.Source.objects.select_related("via")
    ]


def _ratings() -> list[RatingEntry]:
    ratings = (
        m.Rating.objects.select_related("tool", "capability")
        .prefetch_related("sources")
        .order_by("capability__order", "capability__slug", "tool__order", "tool__slug")
    )
    return [
        entry_from(
            RatingEntry,
            r,
            tool=r.tool.slug,
            capability=r.capability.slug,
            level=LEVEL_SLUG_BY_VALUE[r.level],
            sources=source_slugs(r),
        )
        for r in ratings
    ]


def _surveys() -> list[SurveyEntry]:
    surveys = m.Survey.objects.select_related("source").prefetch_related(
        models.Prefetch("figures", m.SurveyFigure.objects.select_related("tool"))
    )
    return [
        entry_from(
            SurveyEntry,
            s,
            source=s.source.slug,
            figures=[entry_from(FigureEntry, f, tool=slug_of(f.tool)) for f in s.figures.all()],
        )
        for s in surveys
    ]


def _claims[E: BaseModel](schema: type[E], rows: models.QuerySet) -> list[E]:
    """Findings or pros and cons, each about a tool (or none) and citing sources."""
    rows = rows.select_related("tool").prefetch_related("sources")
    return [entry_from(schema, r, tool=slug_of(r.tool), sources=source_slugs(r)) for r in rows]


def _use_cases() -> list[UseCaseEntry]:
    use_cases = m.UseCase.objects.select_related("outcome").prefetch_related("steps", "sources")
    return [
        entry_from(
            UseCaseEntry,
            u,
            outcome=u.outcome.slug,
            steps=[entry_from(StepEntry, s) for s in u.steps.all()],
            sources=source_slugs(u),
        )
        for u in use_cases
    ]


def _questions() -> list[QuestionEntry]:
    weights = (
        m.Weight.objects.select_related("outcome", "source")
        .prefetch_related(
            models.Prefetch("capabilities", m.Capability.objects.order_by("order", "slug"))
        )
        .order_by("outcome__order", "outcome__slug")
    )
    choices = m.Choice.objects.order_by("order", "slug").prefetch_related(
        models.Prefetch("weights", weights)
    )
    questions = m.Question.objects.prefetch_related(models.Prefetch("choices", choices))
    return [
        entry_from(
            QuestionEntry,
            q,
            choices=[
                entry_from(
                    ChoiceEntry,
                    c,
                    points={w.outcome.slug: w.points for w in c.weights.all()},
                    reasons={
                        w.outcome.slug: WeightReasonEntry(
                            rationale=w.rationale,
                            basis=w.basis,
                            source=slug_of(w.source),
                            capabilities=[cap.slug for cap in w.capabilities.all()],
                        )
                        for w in c.weights.all()
                        if w.rationale
                    },
                )
                for c in q.choices.all()
            ],
        )
        for q in questions
    ]


def _prerequisites() -> list[PrerequisiteEntry]:
    rows = (
        m.OutcomePrerequisite.objects.select_related("outcome", "question", "source")
        .prefetch_related(models.Prefetch("choices", m.Choice.objects.order_by("order", "slug")))
        .order_by("order", "pk")
    )
    return [
        PrerequisiteEntry(
            outcome=p.outcome.slug,
            question=p.question.slug,
            choices=[c.slug for c in p.choices.all()],
            explanation=p.explanation,
            source=p.source.slug,
        )
        for p in rows
    ]


def _invariants() -> list[InvariantEntry]:
    when = m.Choice.objects.select_related("question").order_by(
        "question__order", "question__slug", "order", "slug"
    )
    invariants = m.WizardInvariant.objects.select_related("source").prefetch_related(
        models.Prefetch("outcomes", m.Outcome.objects.order_by("order", "slug")),
        models.Prefetch("when", when),
    )
    entries = []
    for v in invariants:
        grouped: dict[str, list[str]] = {}
        for choice in v.when.all():
            grouped.setdefault(choice.question.slug, []).append(choice.slug)
        entries.append(
            entry_from(
                InvariantEntry,
                v,
                outcomes=[o.slug for o in v.outcomes.all()],
                when=grouped,
                source=v.source.slug,
            )
        )
    return entries
