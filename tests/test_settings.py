"""The environment-driven settings fail loudly on bad values and refuse insecure production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def settings_value(
    expression: str, _unset: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess:
    """`expression` evaluated on portal.settings in a fresh process with `env` (no .env file
    unless ENV_FILE names one; variables in `_unset` removed)."""
    leave_out = ("DATABASE_URL", "REDIS_URL", *_unset)
    environment = {k: v for k, v in os.environ.items() if k not in leave_out}
    environment["ENV_FILE"] = ""
    environment.update(env)
    for name in _unset:
        environment.pop(name, None)
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


def test_production_refuses_to_start_without_a_site_url():
    result = settings_value("s.SITE_URL", DEBUG="False", SECRET_KEY="x" * 50, SITE_URL="")
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is not True" in result.stderr


def test_production_takes_site_url_without_its_trailing_slash():
    env = {"DEBUG": "False", "SECRET_KEY": "x" * 50, "SITE_URL": "https://portal.example.com/"}
    assert settings_value("s.SITE_URL", **env).stdout.strip() == "https://portal.example.com"


@pytest.mark.parametrize("value", ["portal.example.com", "ftp://portal.example.com", "https://x/y"])
def test_site_url_must_be_a_scheme_and_host(value):
    result = settings_value("s.SITE_URL", DEBUG="True", SITE_URL=value)
    assert result.returncode != 0
    assert "SITE_URL must be a scheme and host" in result.stderr


def test_development_needs_no_site_url():
    assert settings_value("repr(s.SITE_URL)", DEBUG="True", SITE_URL="").stdout.strip() == "''"


def test_settings_read_the_env_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=False\nSECRET_KEY=from-the-file\nSITE_URL=https://file.example\n")
    shown = "(s.DEBUG, s.SECRET_KEY, s.SITE_URL)"
    only_in_file = ("DEBUG", "SECRET_KEY", "SITE_URL")
    result = settings_value(shown, ENV_FILE=str(env_file), _unset=only_in_file)
    assert result.stdout.strip() == "(False, 'from-the-file', 'https://file.example')"
    environment = {"DEBUG": "True", "SITE_URL": "https://env.example"}
    result = settings_value(shown, ENV_FILE=str(env_file), _unset=("SECRET_KEY",), **environment)
    assert result.stdout.strip() == "(True, 'from-the-file', 'https://env.example')"


def test_a_dev_env_file_cannot_change_the_test_settings(tmp_path):
    """settings_test reads no .env, so a developer's DEBUG=False or SITE_URL stays out."""
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=False\nSITE_URL=https://file.example\n")
    code = "import portal.settings_test as s; print(s.DEBUG, repr(s.SITE_URL))"
    environment = {**os.environ, "ENV_FILE": str(env_file)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == "True ''", result.stderr


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
