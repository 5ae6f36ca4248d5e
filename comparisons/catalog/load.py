"""A validated `CatalogFile` into the database: an idempotent upsert in one transaction.

Each entity's plain fields come from its pydantic entry as they are (`columns`), so a field
added to an entry in schemas.py is loaded into the model column of the same name without a
change here. What this module spells out is only what differs between file and database:
slugs of other rows become ids, list positions become `order`, and a few renamed fields.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from pydantic import BaseModel

from .. import models as m
from .. import wizard_checks
from ..models.catalog import LEVEL_SLUGS
from ..schemas import CatalogFile, ChoiceEntry, SourceEntry, SurveyEntry, UseCaseEntry
from ..signals import one_revision_bump
from .sync import LoadReport, Row, Sync
from .validate import CatalogInvalid, Problem

Loaded = dict[Any, models.Model]  # rows the sync wrote, by the key the file uses


def load_catalog(catalog: CatalogFile, *, dry_run: bool = False, prune: bool = False) -> LoadReport:
    """Make the database hold what the file says, in one transaction.

    Rows the file does not mention are kept unless `prune` is set. With `dry_run` every change
    is made and reported, then rolled back. A load that changes something bumps the catalog
    revision once; an unchanged load and a dry run leave it alone.
    """
    report = LoadReport()
    with transaction.atomic(), one_revision_bump():
        _load(catalog, Sync(report, prune))
        # The file's own rules were checked by `parse_catalog`; the database may also hold rows
        # the file left out (no `prune`), so the rules as stored now are checked too.
        if problems := wizard_checks.database_problems():
            raise CatalogInvalid([Problem("$.wizard", message) for _, message in problems])
        if dry_run:
            transaction.set_rollback(True)
    return report


def columns(entry: BaseModel, *, exclude: Iterable[str] = (), **given: Any) -> dict[str, Any]:
    """Model keyword arguments for `entry`: its fields as they are, except `exclude` (fields
    the caller loads another way: references, child lists) and `given`, which replace them."""
    return {**entry.model_dump(exclude={*exclude, *given}), **given}


def by_slug(obj: Any) -> str:
    return obj.slug


def pk(rows: Loaded, key: Any) -> int | None:
    """The id of the row the file names by `key`; None for an optional reference left out."""
    return None if key is None else rows[key].pk


def pks(rows: Loaded, keys: list[str]) -> list[int]:
    return [rows[key].pk for key in keys]


def _load(catalog: CatalogFile, sync: Sync) -> None:
    """Each entity after those it refers to, so every foreign key is set when a row is written."""
    sources = _load_sources(catalog.sources, sync)
    tools = _load_matrix(catalog, sync, sources)
    _load_surveys(catalog.surveys, sync, sources, tools)
    _load_claims(catalog, sync, sources, tools)
    _load_updates(catalog, sync, sources, tools)
    outcomes = sync(
        m.Outcome,
        by_slug,
        [
            Row(o.slug, columns(o, order=i, exclude={"tools"}), {"tools": pks(tools, o.tools)})
            for i, o in enumerate(catalog.outcomes)
        ],
        prefetch=("tools",),
    )
    _load_use_cases(catalog.use_cases, sync, sources, outcomes)
    _load_wizard(catalog, sync, outcomes, sources, capabilities_by_slug())


def _load_matrix(catalog: CatalogFile, sync: Sync, sources: Loaded) -> Loaded:
    """Tools, capabilities and the ratings in between; returns the tools."""
    tools = sync(
        m.Tool,
        by_slug,
        [
            Row(
                t.slug,
                columns(
                    t,
                    is_published=t.published,
                    licence_source_id=pk(sources, t.licence_source),
                    reviewed_version=t.version,  # `version` is the row's edit counter
                    version_source_id=pk(sources, t.version_source),
                    exclude={"published", "licence_source", "version", "version_source"},
                    order=i,
                ),
            )
            for i, t in enumerate(catalog.tools)
        ],
    )
    capabilities = sync(
        m.Capability,
        by_slug,
        [Row(c.slug, columns(c, order=i)) for i, c in enumerate(catalog.capabilities)],
    )
    sync(
        m.Rating,
        lambda r: (r.tool_id, r.capability_id),
        [
            Row(
                (tools[r.tool].pk, capabilities[r.capability].pk),
                columns(
                    r,
                    tool_id=pk(tools, r.tool),
                    capability_id=pk(capabilities, r.capability),
                    level=LEVEL_SLUGS[r.level],
                    exclude={"tool", "capability", "sources"},
                ),
                {"sources": pks(sources, r.sources)},
            )
            for r in catalog.ratings
        ],
        prefetch=("sources",),
    )
    return tools


def _load_sources(entries: list[SourceEntry], sync: Sync) -> Loaded:
    # A source cited `via` another is written after it, so its foreign key can be set at once.
    sources: Loaded = {}
    position = {s.slug: i for i, s in enumerate(entries)}
    sync(
        m.Source,
        by_slug,
        (
            Row(
                s.slug,
                columns(s, via_id=pk(sources, s.via), exclude={"via"}, order=position[s.slug]),
            )
            for s in cited_first(entries)
        ),
        into=sources,
    )
    return sources


def cited_first(entries: list[SourceEntry]) -> list[SourceEntry]:
    """Sources ordered so each follows the one it was read `via` (validation rules out loops)."""
    by_slug = {s.slug: s for s in entries}
    done: dict[str, SourceEntry] = {}

    def visit(entry: SourceEntry) -> None:
        if entry.slug in done:
            return
        if entry.via:
            visit(by_slug[entry.via])
        done[entry.slug] = entry

    for entry in entries:
        visit(entry)
    return list(done.values())


def _load_surveys(entries: list[SurveyEntry], sync: Sync, sources: Loaded, tools: Loaded) -> None:
    surveys = sync(
        m.Survey,
        by_slug,
        [
            Row(
                s.slug,
                columns(s, source_id=pk(sources, s.source), order=i, exclude={"source", "figures"}),
            )
            for i, s in enumerate(entries)
        ],
    )
    sync(
        m.SurveyFigure,
        lambda f: (f.survey_id, f.slug),
        [
            Row(
                (surveys[s.slug].pk, f.slug),
                columns(
                    f,
                    survey_id=surveys[s.slug].pk,
                    tool_id=pk(tools, f.tool),
                    exclude={"tool"},
                    order=j,
                ),
            )
            for s in entries
            for j, f in enumerate(s.figures)
        ],
    )


def _load_claims(catalog: CatalogFile, sync: Sync, sources: Loaded, tools: Loaded) -> None:
    """Findings and pros and cons: sourced statements, most about one tool."""
    for model, entries in ((m.Finding, catalog.findings), (m.ProCon, catalog.pros_cons)):
        sync(
            model,
            by_slug,
            [
                Row(
                    e.slug,
                    columns(e, tool_id=pk(tools, e.tool), order=i, exclude={"tool", "sources"}),
                    {"sources": pks(sources, e.sources)},
                )
                for i, e in enumerate(entries)
            ],
            prefetch=("sources",),
        )


def _load_updates(catalog: CatalogFile, sync: Sync, sources: Loaded, tools: Loaded) -> None:
    """Since the article: each claim beside the current state, on a tool and maybe a row."""
    capabilities = capabilities_by_slug()
    sync(
        m.Update,
        by_slug,
        [
            Row(
                u.slug,
                columns(
                    u,
                    tool_id=pk(tools, u.tool),
                    capability_id=pk(capabilities, u.capability),
                    claimed_in_id=pk(sources, u.claimed_in),
                    order=i,
                    exclude={"tool", "capability", "claimed_in", "sources"},
                ),
                {"sources": pks(sources, u.sources)},
            )
            for i, u in enumerate(catalog.updates)
        ],
        prefetch=("sources",),
    )


def _load_use_cases(
    entries: list[UseCaseEntry], sync: Sync, sources: Loaded, outcomes: Loaded
) -> None:
    use_cases = sync(
        m.UseCase,
        by_slug,
        [
            Row(
                u.slug,
                columns(
                    u,
                    outcome_id=pk(outcomes, u.outcome),
                    order=i,
                    exclude={"outcome", "steps", "sources"},
                ),
                {"sources": pks(sources, u.sources)},
            )
            for i, u in enumerate(entries)
        ],
        prefetch=("sources",),
    )
    for u in entries:
        use_case = use_cases[u.slug]
        sync.owned()(
            m.UseCaseStep,
            lambda s: s.order,
            [
                Row(j, columns(step, use_case_id=use_case.pk, order=j))
                for j, step in enumerate(u.steps)
            ],
            scope=m.UseCaseStep.objects.filter(use_case=use_case),
        )


def capabilities_by_slug() -> Loaded:
    return {c.slug: c for c in m.Capability.objects.all()}


def _load_wizard(
    catalog: CatalogFile, sync: Sync, outcomes: Loaded, sources: Loaded, capabilities: Loaded
) -> None:
    questions = sync(
        m.Question,
        by_slug,
        [
            Row(q.slug, columns(q, order=i, exclude={"choices"}))
            for i, q in enumerate(catalog.wizard.questions)
        ],
    )
    choice_rows: dict[str, Loaded] = {}
    for q in catalog.wizard.questions:
        question = questions[q.slug]
        choices = sync.owned()(
            m.Choice,
            by_slug,
            [
                Row(
                    c.slug,
                    columns(c, question_id=question.pk, order=j, exclude={"points", "reasons"}),
                )
                for j, c in enumerate(q.choices)
            ],
            scope=m.Choice.objects.filter(question=question),
        )
        for c in q.choices:
            _load_weights(c, choices[c.slug], sync, outcomes, sources, capabilities)
        choice_rows[q.slug] = choices
    sync.owned()(
        m.OutcomePrerequisite,
        lambda p: (p.outcome_id, p.question_id),
        [
            Row(
                (outcomes[p.outcome].pk, questions[p.question].pk),
                columns(
                    p,
                    outcome_id=outcomes[p.outcome].pk,
                    question_id=questions[p.question].pk,
                    source_id=sources[p.source].pk,
                    order=i,
                    exclude={"outcome", "question", "source", "choices"},
                ),
                m2m={"choices": [choice_rows[p.question][c].pk for c in p.choices]},
            )
            for i, p in enumerate(catalog.wizard.prerequisites)
        ],
        prefetch=("choices",),
    )
    sync(
        m.WizardInvariant,
        by_slug,
        [
            Row(
                v.slug,
                columns(
                    v,
                    source_id=sources[v.source].pk,
                    order=i,
                    exclude={"outcomes", "when", "source"},
                ),
                m2m={
                    "outcomes": pks(outcomes, v.outcomes),
                    "when": [choice_rows[q][c].pk for q, cs in v.when.items() for c in cs],
                },
            )
            for i, v in enumerate(catalog.wizard.invariants)
        ],
        prefetch=("outcomes", "when"),
    )


def _load_weights(
    entry: ChoiceEntry,
    choice: models.Model,
    sync: Sync,
    outcomes: Loaded,
    sources: Loaded,
    capabilities: Loaded,
) -> None:
    def values(slug: str, points: int) -> dict[str, Any]:
        reason = entry.reasons.get(slug)
        return {
            "choice_id": choice.pk,
            "outcome_id": outcomes[slug].pk,
            "points": points,
            "rationale": reason.rationale if reason else "",
            "source_id": pk(sources, reason.source) if reason else None,
            "basis": reason.basis if reason else "judgement",
        }

    sync.owned()(
        m.Weight,
        lambda w: w.outcome_id,
        [
            Row(
                outcomes[slug].pk,
                values(slug, points),
                m2m={
                    "capabilities": [
                        capabilities[c].pk
                        for c in (entry.reasons[slug].capabilities if slug in entry.reasons else [])
                    ]
                },
            )
            for slug, points in entry.points.items()
        ],
        scope=m.Weight.objects.filter(choice=choice),
        prefetch=("capabilities",),
    )
