"""Catalog reads for pages: a fixed number of queries, whatever the catalog's size.

Rows come from `.values()` rather than model instances: measured 30% faster, and render time
stays linear in the number of cells (DESIGN.md, performance notes).
"""

from collections import defaultdict

from . import models as m
from .matrix import CapabilityInfo, Matrix, RatingInfo, SourceInfo, ToolInfo, build_matrix
from .models.catalog import format_precise_date


def published_tools(slugs: list[str] | None = None) -> list[ToolInfo]:
    """Published tools in catalog order; with `slugs`, only those (still in catalog order)."""
    queryset = m.Tool.objects.published()
    if slugs is not None:
        queryset = queryset.filter(slug__in=slugs)
    return [ToolInfo(**row) for row in queryset.values("slug", "name", "focus", "tagline")]


def all_capabilities() -> list[CapabilityInfo]:
    return [
        CapabilityInfo(**row)
        for row in m.Capability.objects.values("slug", "name", "description", "group")
    ]


def all_sources() -> dict[str, SourceInfo]:
    rows = m.Source.objects.values(
        "slug", "title", "publisher", "url", "published_on", "date_precision", "via__slug"
    )
    by_slug = {row["slug"]: row for row in rows}

    def published(row: dict) -> str:
        if row["published_on"] is not None:
            return format_precise_date(row["published_on"], row["date_precision"])
        via = by_slug.get(row["via__slug"])
        return f"undated (cited {published(via)})" if via else "undated"

    return {
        slug: SourceInfo(
            slug=slug,
            title=row["title"],
            publisher=row["publisher"],
            published=published(row),
            url=row["url"],
        )
        for slug, row in by_slug.items()
    }


def ratings_for(tool_slugs: list[str]) -> list[RatingInfo]:
    rows = m.Rating.objects.filter(tool__slug__in=tool_slugs).values(
        "id", "tool__slug", "capability__slug", "level", "summary", "note", "reviewed_on"
    )
    cited: dict[int, list[str]] = defaultdict(list)
    links = (
        m.Rating.sources.through.objects.filter(rating__tool__slug__in=tool_slugs)
        .order_by("source__order", "source__slug")
        .values_list("rating_id", "source__slug")
    )
    for rating_id, source_slug in links:
        cited[rating_id].append(source_slug)
    return [
        RatingInfo(
            tool=row["tool__slug"],
            capability=row["capability__slug"],
            level=row["level"],
            summary=row["summary"],
            note=row["note"],
            reviewed_on=row["reviewed_on"],
            sources=tuple(cited[row["id"]]),
        )
        for row in rows
    ]


def comparison(tools: list[ToolInfo]) -> Matrix:
    """The matrix for `tools` over every capability, in five queries."""
    slugs = [tool.slug for tool in tools]
    return build_matrix(tools, all_capabilities(), ratings_for(slugs), all_sources())
