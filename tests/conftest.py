"""Shared fixtures: the real catalog, users, and what every test may rely on."""

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
def catalog(db, catalog_text):
    """The curated catalog from fixtures/catalog.json, loaded through the real loader."""
    from comparisons.catalog_io import load_catalog, parse_catalog

    return load_catalog(parse_catalog(catalog_text))


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, password: str = "correct horse battery staple", **extra):
        return django_user_model.objects.create_user(username=username, password=password, **extra)

    return make
