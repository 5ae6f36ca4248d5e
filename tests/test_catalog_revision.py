"""A catalog load bumps the catalog revision once, not once per row it writes; an editor's save
still bumps it on its own."""

import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from comparisons import models as m
from comparisons.catalog import load_catalog, parse_catalog
from comparisons.signals import one_revision_bump

pytestmark = pytest.mark.django_db

REVISION_TABLE = m.CatalogRevision._meta.db_table


def revision_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if REVISION_TABLE in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def load(raw: dict, **options):
    with CaptureQueriesContext(connection) as queries:
        report = load_catalog(parse_catalog(json.dumps(raw)), **options)
    return report, revision_writes(queries)


def test_loading_the_whole_catalog_bumps_the_revision_with_one_write(raw):
    m.CatalogRevision.bump()
    report, writes = load(raw)
    assert sum(report.created.values()) > 100  # each of these rows used to bump it on its own
    assert len(writes) == 1
    assert m.CatalogRevision.current() == 2


def test_a_load_that_changes_one_rating_bumps_the_revision_exactly_once(catalog, raw):
    before = m.CatalogRevision.current()
    raw["ratings"][0]["summary"] = "Now with a dedicated tracking UI."
    raw["ratings"][0]["sources"] = raw["ratings"][1]["sources"]  # a many-to-many change too
    report, writes = load(raw)
    assert report.updated["ratings"] == 1
    assert len(writes) == 1
    assert m.CatalogRevision.current() == before + 1


def test_a_load_that_changes_nothing_does_not_write_the_revision(catalog, raw):
    before = m.CatalogRevision.current()
    report, writes = load(raw)
    assert not report.changed
    assert writes == []
    assert m.CatalogRevision.current() == before


def test_a_dry_run_does_not_write_the_revision(catalog, raw):
    before = m.CatalogRevision.current()
    raw["tools"][1]["tagline"] = "Something else entirely."
    report, writes = load(raw, dry_run=True)
    assert report.changed
    assert writes == []
    assert m.CatalogRevision.current() == before


def test_a_pruning_load_bumps_the_revision_once_for_all_its_deletes(catalog, raw):
    before = m.CatalogRevision.current()
    raw["pros_cons"] = raw["pros_cons"][3:]
    report, writes = load(raw, prune=True)
    assert report.deleted["pros and cons"] == 3
    assert len(writes) == 1
    assert m.CatalogRevision.current() == before + 1


def test_a_failing_load_leaves_the_revision_alone(catalog, raw, monkeypatch):
    before = m.CatalogRevision.current()
    raw["tools"][1]["tagline"] = "Half-written."
    raw["findings"][0]["title"] = "A changed title that will never be saved"

    def fail(self, *args, **kwargs):
        raise IntegrityError("simulated failure half-way through")

    monkeypatch.setattr(m.Finding, "save", fail)
    with pytest.raises(IntegrityError):
        load_catalog(parse_catalog(json.dumps(raw)))
    assert m.CatalogRevision.current() == before


def test_an_editors_saves_outside_a_load_each_bump_the_revision(catalog):
    before = m.CatalogRevision.current()
    for tool in m.Tool.objects.all():
        tool.save()
    assert m.CatalogRevision.current() == before + m.Tool.objects.count()


def test_writes_in_nested_batches_bump_the_revision_once_at_the_outermost_end(catalog):
    before = m.CatalogRevision.current()
    with transaction.atomic(), one_revision_bump():
        m.Tool.objects.first().save()
        with one_revision_bump():
            m.Capability.objects.first().save()
        assert m.CatalogRevision.current() == before
    assert m.CatalogRevision.current() == before + 1


def test_a_batch_without_writes_does_not_bump_the_revision(catalog):
    before = m.CatalogRevision.current()
    with transaction.atomic(), one_revision_bump() as batch:
        list(m.Tool.objects.all())
    assert batch.writes == 0
    assert m.CatalogRevision.current() == before
