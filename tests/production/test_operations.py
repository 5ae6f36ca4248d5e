"""Operations: /healthz tells a load balancer the truth, and the request log keeps secrets out."""

import logging

import pytest
from django.db import OperationalError, connection

from teams.models import Invite, Team


def test_healthz_answers_ok_when_database_and_cache_work(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_head_for_uptime_monitors(client, db):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable", "cache": "ok"}


def test_healthz_answers_503_when_the_cache_is_down(client, db, settings):
    # A Redis nobody listens on: port 1 refuses the connection at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "unreachable"}


@pytest.fixture
def invite_token(make_user):
    owner = make_user("olive")
    team = Team.objects.create_with_owner("Alpha", owner)
    invite, token = Invite.objects.issue(team, owner, max_uses=1)
    Invite.objects.filter(pk=invite.pk).update(revoked_at=invite.created_at)
    return token


def test_request_lines_carry_method_path_status_and_duration(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/healthz?probe=1")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "portal.requests"]
    method, path, status, duration = line.split(" ")
    assert (method, path, status) == ("GET", "/healthz", "200")
    assert duration.endswith("ms") and float(duration[:-2]) >= 0


def test_a_dead_invite_token_never_reaches_the_logs(client, make_user, invite_token, caplog):
    client.force_login(make_user("guest"))
    with caplog.at_level(logging.INFO):
        assert client.get(f"/join/{invite_token}/").status_code == 410
        assert client.get(f"/join/{invite_token[:-4]}abcd/").status_code == 404
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/join/[redacted]/" in logged
    assert invite_token not in logged and invite_token[:-4] not in logged


def test_migrate_creates_the_database_cache_table_production_without_redis_uses(
    client, catalog, settings
):
    # As production configures it without REDIS_URL; no `createcachetable` has run.
    assert settings.DATABASE_CACHE_TABLE in connection.introspection.table_names()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.DATABASE_CACHE_TABLE,
        }
    }
    assert client.get("/").status_code == 200
    assert client.get("/healthz").json()["cache"] == "ok"
