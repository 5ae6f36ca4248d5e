"""Fixtures for the browsing pages: a generated catalog large enough to expose N+1 queries."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from comparisons import models as m

BIG_TOOLS = 20
BIG_CAPABILITIES = 100


@dataclass(frozen=True)
class BigCatalog:
    tools: list[str]  # slugs in catalog order
    capabilities: list[str]

    def query_for(self, tools: int, **extra: str) -> str:
        return urlencode([("tools", slug) for slug in self.tools[:tools]] + list(extra.items()))


@pytest.fixture
def big_catalog(db) -> BigCatalog:
    """20 tools × 100 capabilities, every cell rated and citing two of five sources."""
    return make_catalog(BIG_TOOLS, BIG_CAPABILITIES)


def make_catalog(tool_count: int, capability_count: int) -> BigCatalog:
    """`tool_count` tools × `capability_count` capabilities, every cell rated and citing two
    of five sources.

    Built with bulk_create (no signals), so the revision is bumped once by hand at the end.
    """
    sources = m.Source.objects.bulk_create(
        m.Source(
            slug=f"source-{i}",
            title=f"Source {i}",
            publisher=f"Publisher {i}",
            published_on=dt.date(2025, 1, 1 + i),
            kind=m.SourceKind.ARTICLE,
            order=i,
        )
        for i in range(5)
    )
    tools = m.Tool.objects.bulk_create(
        m.Tool(
            slug=f"tool-{i:02d}",
            name=f"Tool {i:02d}",
            tagline=f"Tagline {i}",
            focus=f"focus {i}",
            description=f"Description {i}",
            licence="MIT",
            hosting="self-hosted",
            order=i,
        )
        for i in range(tool_count)
    )
    capabilities = m.Capability.objects.bulk_create(
        m.Capability(slug=f"cap-{i:03d}", name=f"Capability {i:03d}", description="d", order=i)
        for i in range(capability_count)
    )
    ratings = m.Rating.objects.bulk_create(
        m.Rating(
            tool=tool,
            capability=capability,
            level=(t + c) % 5,
            summary=f"Summary {t}/{c}",
            note=f"Note {t}/{c}",
            reviewed_on=dt.date(2026, 1, 1),
        )
        for t, tool in enumerate(tools)
        for c, capability in enumerate(capabilities)
    )
    through = m.Rating.sources.through
    through.objects.bulk_create(
        through(rating_id=rating.id, source_id=sources[(i + k) % 5].id)
        for i, rating in enumerate(ratings)
        for k in range(2)
    )
    m.CatalogRevision.bump()
    return BigCatalog(tools=[t.slug for t in tools], capabilities=[c.slug for c in capabilities])
