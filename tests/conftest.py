"""Shared fixtures: the real catalog, users, and what every test may rely on."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CATALOG_PATH = Path(settings.BASE_DIR) / "fixtures" / "catalog.json"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (each xdist worker has its own, see settings_test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalog_text() -> str:
    return CATALOG_PATH.read_text(encoding="utf-8")


@pytest.fixture
def raw(catalog_text) -> dict:
    """The shipped catalog file as plain data, for a test to edit."""
    return json.loads(catalog_text)


@pytest.fixture(scope="session")
def _catalog_rows(django_db_setup, django_db_blocker):
    """What loading the curated catalog writes: every row it creates or changes, in any model,
    history included — captured once per test process by the real loader, then rolled back.

    The loader saves ~480 rows one at a time with their history (seconds of CPU per load); the
    `catalog` fixture writes the same rows with one bulk insert per table instead."""
    from django.apps import apps
    from django.db import transaction

    from comparisons.catalog_io import load_catalog, parse_catalog

    every_model = apps.get_models(include_auto_created=True)

    def rows() -> dict:
        return {
            model: {
                row[model._meta.pk.attname]: row
                for row in model._base_manager.values(
                    *[f.attname for f in model._meta.concrete_fields]
                )
            }
            for model in every_model
        }

    with django_db_blocker.unblock(), transaction.atomic():
        before = rows()
        load_catalog(parse_catalog(CATALOG_PATH.read_text(encoding="utf-8")))
        after = rows()
        transaction.set_rollback(True)
    return [
        (model, [row for pk, row in found.items() if before[model].get(pk) != row])
        for model, found in after.items()
        if any(before[model].get(pk) != row for pk, row in found.items())
    ]


@pytest.fixture
def catalog(db, _catalog_rows):
    """The curated catalog from fixtures/catalog.json, as the real loader writes it (the rows
    it wrote once per process, see `_catalog_rows`)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    # One transaction, so foreign keys (deferred) are checked once every table is written, in
    # transactional tests too.
    with transaction.atomic():
        for model, rows in _catalog_rows:
            manager, key = model._base_manager, model._meta.pk.attname
            keys = [row[key] for row in rows]
            existing = set(manager.filter(pk__in=keys).values_list("pk", flat=True))
            for row in rows:
                if row[key] in existing:
                    manager.filter(pk=row[key]).update(**row)
            manager.bulk_create([model(**row) for row in rows if row[key] not in existing])
    # Rows inserted with their ids leave PostgreSQL's sequences behind; the test's own inserts
    # must not collide with them.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in _catalog_rows]):
            cursor.execute(sql)


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, password: str = "correct horse battery staple", **extra):
        return django_user_model.objects.create_user(username=username, password=password, **extra)

    return make
