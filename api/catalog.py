"""The catalog as the API serves it: the catalog file's own entries, published part only.

The API answers with the very pydantic classes of the catalog file (comparisons/schemas.py),
filled by the catalog dumper (comparisons/catalog/dump.py), so a field added to an entry there
appears in the API and in its OpenAPI schema with no change here.

The dump is read once per catalog revision and kept in the shared cache: a request then costs
one revision read and one cache read, however large the catalog, and an editor's change is
served on the next request because it bumps the revision.

Which fields cite a source is derived from their names, the convention the catalog file
follows: `source`, `sources`, or a name ending in `_source` / `_sources` (`licence_source`).
Every answer carries the source entries (with their dates) its facts cite.
"""

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from pydantic import BaseModel

from comparisons.catalog import dump_catalog
from comparisons.models import CatalogRevision
from comparisons.schemas import CatalogFile, SourceEntry

CACHE_TIMEOUT = 24 * 60 * 60  # keyed by revision, so never stale; this only frees memory
SOURCE_FIELD = re.compile(r"^(?:\w+_)?sources?$")


def cited_slugs(value: Any, found: dict[str, None] | None = None) -> list[str]:
    """Slugs of the sources `value` (an entry or an engine dataclass, or lists and maps of
    them) cites, in the order
    they appear, each once."""
    found = {} if found is None else found
    if isinstance(value, BaseModel) or dataclasses.is_dataclass(value):
        names = (
            type(value).model_fields
            if isinstance(value, BaseModel)
            else [field.name for field in dataclasses.fields(value)]
        )
        for name in names:
            field = getattr(value, name)
            if SOURCE_FIELD.match(name):
                refs = [field] if isinstance(field, str) else field or []
                found.update((ref, None) for ref in refs if isinstance(ref, str))
            else:
                cited_slugs(field, found)
    elif isinstance(value, list | tuple):
        for item in value:
            cited_slugs(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            cited_slugs(item, found)
    return list(found)


@dataclass(frozen=True)
class PublicCatalog:
    """What the API may show: every entry that is about no tool or about a published one."""

    revision: int
    file: CatalogFile

    def sources_for(self, *entries: Any) -> list[SourceEntry]:
        """The source entries `entries` cite, and the ones those were read through (`via`:
        where an undated source gets its date), in bibliography order."""
        by_slug = {source.slug: source for source in self.file.sources}
        wanted = set()
        queue = cited_slugs(list(entries))
        while queue:
            slug = queue.pop()
            if slug in by_slug and slug not in wanted:
                wanted.add(slug)
                queue.extend(cited_slugs(by_slug[slug]))
        return [source for source in self.file.sources if source.slug in wanted]

    def tool_slugs(self) -> set[str]:
        return {tool.slug for tool in self.file.tools}


def published_only(catalog: CatalogFile) -> CatalogFile:
    """`catalog` without unpublished tools and whatever is about them."""
    shown = {tool.slug for tool in catalog.tools if tool.published}

    def about_shown(entries: Iterable[Any]) -> list[Any]:
        return [entry for entry in entries if getattr(entry, "tool", None) in shown | {None}]

    return catalog.model_copy(
        update={
            "tools": [tool for tool in catalog.tools if tool.published],
            "ratings": about_shown(catalog.ratings),
            "findings": about_shown(catalog.findings),
            "pros_cons": about_shown(catalog.pros_cons),
            "surveys": [
                survey.model_copy(update={"figures": about_shown(survey.figures)})
                for survey in catalog.surveys
            ],
            "outcomes": [
                outcome.model_copy(update={"tools": [t for t in outcome.tools if t in shown]})
                for outcome in catalog.outcomes
            ],
        }
    )


def public_catalog(revision: int | None = None) -> PublicCatalog:
    """The published catalog of `revision` (default: the current one), from the shared cache."""
    if revision is None:
        revision = CatalogRevision.current()
    key = f"api-catalog:{revision}"
    found = cache.get(key)
    if found is None:
        found = PublicCatalog(revision, published_only(dump_catalog()))
        cache.set(key, found, CACHE_TIMEOUT)
    return found
