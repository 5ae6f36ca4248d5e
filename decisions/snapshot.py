"""Freeze what a result shows from the catalog, and tell what has changed since.

A fixed number of queries whatever the catalog's size, and none once a revision's catalog part
is cached. The result page renders from a fresh
snapshot and a saved decision from its stored one, through the same code, so a decision reads
exactly as its result page did when it was saved.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache

from comparisons import models as m
from comparisons.queries import (
    all_capabilities,
    all_sources,
    cited_sources,
    published_tools,
    ratings_for,
)
from comparisons.vocabulary import LEVEL_BY_VALUE
from decisions.engine import Advice, Result
from decisions.schemas import (
    CapabilitySnapshot,
    CatalogSnapshot,
    OutcomeSnapshot,
    ProConSnapshot,
    RatingSnapshot,
    SourceSnapshot,
    StepSnapshot,
    ToolSnapshot,
    UseCaseSnapshot,
)

CACHE_TIMEOUT = 24 * 60 * 60  # keyed by revision, so never stale; this only frees memory


@dataclass(frozen=True)
class _CatalogPart:
    """What every snapshot of one catalog revision shares, whatever the answers."""

    outcomes: tuple[OutcomeSnapshot, ...]
    tools: tuple[ToolSnapshot, ...]
    capabilities: tuple[CapabilitySnapshot, ...]
    ratings: tuple[RatingSnapshot, ...]
    pros_cons: tuple[ProConSnapshot, ...]
    sources: tuple[SourceSnapshot, ...]  # every source, in bibliography order


def build_snapshot(result: Result | Advice, revision: int) -> CatalogSnapshot:
    # The catalog part and the winner's use case are cached per revision: every result page and
    # save of that revision shares them, so a snapshot costs no queries once they are warm.
    part = _catalog_part(revision)
    use_case = _cached_use_case(revision, result.winner)
    cited = {s for r in part.ratings for s in r.sources}
    cited |= {s for p in part.pros_cons for s in p.sources}
    if use_case is not None:
        cited |= set(use_case.sources)
    if isinstance(result, Advice):
        # The reasons, prerequisites and routes cite the sources of the rules they come from.
        cited |= {r.source for r in result.reasons}
        cited |= {p.source for p in result.prerequisites}
        if result.path is not None:
            cited |= {p.source for p in result.path.needs}
        cited |= {p.source for r in result.routes for p in r.blocked_by}
    return CatalogSnapshot(
        revision=revision,
        outcomes=part.outcomes,
        tools=part.tools,
        capabilities=part.capabilities,
        ratings=part.ratings,
        sources=tuple(s for s in part.sources if s.slug in cited),
        pros_cons=part.pros_cons,
        use_case=use_case,
    )


def _catalog_part(revision: int) -> _CatalogPart:
    key = f"snapshot-catalog:{revision}"
    if (part := cache.get(key)) is None:
        part = _load_catalog_part(revision)
        cache.set(key, part, CACHE_TIMEOUT)
    return part


def _load_catalog_part(revision: int) -> _CatalogPart:
    outcomes = _outcomes()
    involved = {slug for outcome in outcomes for slug in outcome.tools}
    tools = published_tools(sorted(involved))
    slugs = [tool.slug for tool in tools]
    return _CatalogPart(
        outcomes=tuple(outcomes),
        tools=tuple(ToolSnapshot(**vars(tool)) for tool in tools),
        capabilities=tuple(CapabilitySnapshot(**vars(c)) for c in all_capabilities()),
        ratings=tuple(RatingSnapshot(**vars(r)) for r in ratings_for(slugs)),
        pros_cons=tuple(_pros_cons(slugs)),
        sources=tuple(SourceSnapshot(**vars(s)) for s in all_sources().values()),
    )


def _cached_use_case(revision: int, outcome_slug: str) -> UseCaseSnapshot | None:
    key = f"snapshot-use-case:{revision}:{outcome_slug}"
    # Stored in a tuple, so "this outcome has no use case" is cached too.
    if (found := cache.get(key)) is None:
        found = (_use_case(outcome_slug),)
        cache.set(key, found, CACHE_TIMEOUT)
    return found[0]


def _outcomes() -> list[OutcomeSnapshot]:
    tools_of: dict[int, list[str]] = defaultdict(list)
    links = m.Outcome.tools.through.objects.order_by("tool__order", "tool__name").values_list(
        "outcome_id", "tool__slug"
    )
    for outcome_id, tool_slug in links:
        tools_of[outcome_id].append(tool_slug)
    return [
        OutcomeSnapshot(
            slug=o["slug"], name=o["name"], summary=o["summary"], tools=tuple(tools_of[o["id"]])
        )
        for o in m.Outcome.objects.order_by("order", "slug").values("id", "slug", "name", "summary")
    ]


def _pros_cons(tool_slugs: list[str]) -> list[ProConSnapshot]:
    cited = cited_sources(m.ProCon, tool_slugs)
    rows = m.ProCon.objects.filter(tool__slug__in=tool_slugs).values(
        "id", "tool__slug", "kind", "text"
    )
    return [
        ProConSnapshot(
            tool=row["tool__slug"],
            kind=row["kind"],
            text=row["text"],
            sources=tuple(cited[row["id"]]),
        )
        for row in rows
    ]


def _use_case(outcome_slug: str) -> UseCaseSnapshot | None:
    use_case = (
        m.UseCase.objects.filter(outcome__slug=outcome_slug)
        .order_by("order", "slug")
        .prefetch_related("steps", "sources")
        .first()
    )
    if use_case is None:
        return None
    return UseCaseSnapshot(
        slug=use_case.slug,
        title=use_case.title,
        summary=use_case.summary,
        stage=use_case.stage,
        steps=tuple(StepSnapshot(name=s.name, detail=s.detail) for s in use_case.steps.all()),
        sources=tuple(s.slug for s in use_case.sources.all()),
    )


# --- what changed since ----------------------------------------------------------------------


@dataclass(frozen=True)
class RatingChange:
    tool: str
    capability: str
    then: str  # "Strong: one-line summary", or "no rating"
    now: str


def rating_changes(snapshot: CatalogSnapshot) -> list[RatingChange]:
    """Ratings of the snapshot's tools that differ now (level or summary), in snapshot order."""
    slugs = [tool.slug for tool in snapshot.tools]
    current = {(r.tool, r.capability): r for r in ratings_for(slugs)}
    saved = {(r.tool, r.capability): r for r in snapshot.ratings}
    tool_names = {tool.slug: tool.name for tool in snapshot.tools}
    capability_names = {c.slug: c.name for c in snapshot.capabilities}
    changes = []
    for key in [*saved, *(k for k in current if k not in saved)]:
        then, now = saved.get(key), current.get(key)
        then_text = _rating_text(then.level, then.summary) if then else "no rating"
        now_text = _rating_text(now.level, now.summary) if now else "no rating"
        if then_text != now_text:
            changes.append(
                RatingChange(
                    tool=tool_names.get(key[0], key[0]),
                    capability=capability_names.get(key[1], key[1]),
                    then=then_text,
                    now=now_text,
                )
            )
    return changes


def _rating_text(level: int | None, summary: str) -> str:
    return f"{LEVEL_BY_VALUE[level].label}: {summary}"
