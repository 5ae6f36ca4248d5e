"""The environment-driven settings fail loudly on bad values and refuse insecure production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def settings_value(expression: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(env)
    code = f"import portal.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_value("s.DEBUG", DEBUG="False", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_boolean_setting_must_be_true_or_false():
    result = settings_value("s.DEBUG", DEBUG="yes")
    assert "DEBUG must be 'True' or 'False'" in result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    result = settings_value("s.DATABASES['default']['OPTIONS']", DEBUG="True")
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
    assert "journal_mode=WAL" in result.stdout and "synchronous=FULL" in result.stdout


def test_redis_url_selects_the_redis_cache():
    result = settings_value(
        "s.CACHES['default']['BACKEND']", DEBUG="True", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_database_url_selects_postgresql():
    result = settings_value(
        "s.DATABASES['default']['ENGINE']", DEBUG="True", DATABASE_URL="postgres://u@h:5432/d"
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_the_database_in_use_writes_and_reads(django_db_blocker):
    from comparisons.models import CatalogRevision

    CatalogRevision.bump()  # creates the row if the database has none yet
    before = CatalogRevision.current()
    CatalogRevision.bump()
    assert before >= 1
    assert CatalogRevision.current() == before + 1
