"""The catalog as the API serves it: the catalog file's own entries, published part only.

The API answers with the very pydantic classes of the catalog file (comparisons/schemas.py),
filled by the catalog dumper (comparisons/catalog/dump.py), so a field added to an entry there
appears in the API and in its OpenAPI schema with no change here.

The dump is read once per catalog revision and kept in the shared cache: a request then costs
one revision read and one cache read, however large the catalog, and an editor's change is
served on the next request because it bumps the revision.

Which fields cite a source is derived from their names, the convention the catalog file
follows: `source`, `sources`, or a name ending in `_source` / `_sources` (`licence_source`),
plus the few named otherwise (CITING_FIELDS: an update's `claimed_in`, a source's `via`).
Every answer carries the source entries (with their dates) its facts cite.
"""

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from pydantic import BaseModel

from comparisons.catalog import dump_catalog
from comparisons.models import CatalogRevision
from comparisons.schemas import CatalogFile, SourceEntry, ToolEntry

CACHE_TIMEOUT = 24 * 60 * 60  # keyed by revision, so never stale; this only frees memory
SOURCE_FIELD = re.compile(r"^(?:\w+_)?sources?$")
# Fields that cite a source under another name: where an update's article claim was made, and
# the source an undated one was read in. tests/api pins that no other field cites one.
CITING_FIELDS = frozenset({"claimed_in", "via"})


def cites_sources(name: str) -> bool:
    """Whether a field called `name` holds source slugs (one, or a list)."""
    return name in CITING_FIELDS or SOURCE_FIELD.match(name) is not None


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
            if cites_sources(name):
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


def published_only(catalog: CatalogFile) -> CatalogFile:
    """`catalog` without unpublished tools and whatever is about them: any entry in any list,
    at any depth, whose `tool` is unpublished, and unpublished slugs in any `tools` list (an
    outcome's). Read from the field names, so a section added to the file is filtered too."""
    hidden = {tool.slug for tool in catalog.tools if not tool.published}
    return _without(catalog, hidden)


def _without(value: Any, hidden: set[str]) -> Any:
    if isinstance(value, list):
        return [_without(item, hidden) for item in value if not _is_hidden(item, hidden)]
    if not isinstance(value, BaseModel):
        return value
    update = {}
    for name in type(value).model_fields:
        field = getattr(value, name)
        if name == "tools" and isinstance(field, list) and all(isinstance(t, str) for t in field):
            update[name] = [slug for slug in field if slug not in hidden]
        elif isinstance(field, list | BaseModel):
            update[name] = _without(field, hidden)
    return value.model_copy(update=update)


def _is_hidden(entry: Any, hidden: set[str]) -> bool:
    if isinstance(entry, ToolEntry):
        return not entry.published
    return isinstance(entry, BaseModel) and getattr(entry, "tool", None) in hidden


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
