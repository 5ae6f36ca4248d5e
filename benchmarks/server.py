"""A throw-away production-settings deployment of a checkout, served by gunicorn on 127.0.0.1.

Every benchmark that needs a real server (throughput, page weight, Lighthouse, screenshots, the
Observatory scan) uses `deployment()`, so they all measure the same thing: DEBUG off, static files
collected (into a temporary folder, never the checkout's `staticfiles/`) and served by whitenoise,
one sync worker per core. It always stops what it started, on Ctrl-C and exceptions too, and
leaves nothing behind: the SQLite file lives in a temporary folder; a PostgreSQL database of its
own is created and dropped; in Redis only keys under its own prefix are deleted (never FLUSHDB,
other runs share that Redis).

    with deployment(database_url=os.environ.get("DATABASE_URL")) as site:
        urllib.request.urlopen(site.url("/healthz"))
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 30.0
STOP_SECONDS = 10.0


@dataclass(frozen=True)
class Deployment:
    """A prepared deployment: its environment, checkout, static folder and (once served) port."""

    root: Path
    env: Mapping[str, str]
    static_root: Path
    database: str  # "SQLite" or "PostgreSQL", for tables
    cache: str  # "database cache" or "Redis"
    port: int = 0
    scheme: str = "http"

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def manage(self, *args: str) -> str:
        """Run a manage.py command in this deployment; its standard output."""
        command = [sys.executable, str(self.root / "manage.py"), *args]
        done = subprocess.run(
            command, env=dict(self.env), cwd=self.root, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def static_path(self, name: str) -> str:
        """The hashed URL path of a static file, from collectstatic's manifest."""
        manifest = json.loads((self.static_root / "staticfiles.json").read_text())
        return "/static/" + manifest["paths"][name]


def workers() -> int:
    """One sync worker per core this process may use (what `nproc` prints)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so `finally` blocks stop servers and drop databases."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


# --- Databases and cache -----------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A fresh, empty database `portal_bench_<random>` on that server; dropped afterwards."""
    import psycopg

    name = f"portal_bench_{secrets.token_hex(4)}"
    admin_url = server_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of our own; afterwards only the keys under it are deleted."""
    import redis

    prefix = f"portal-bench-{secrets.token_hex(4)}"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
        client.close()


# --- Preparing and serving ---------------------------------------------------------------


@contextmanager
def prepared(
    root: Path = ROOT,
    *,
    database_url: str | None = None,
    redis_url: str | None = None,
    catalog: Path | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> Iterator[Deployment]:
    """Databases created, migrated, the catalog loaded and static files collected; no server.

    `database_url`: a PostgreSQL server to create a database on (SQLite in a temp dir if None).
    `redis_url`: a Redis to use as the cache, under a unique prefix (the database cache if None).
    `overrides`: environment changes; None removes a variable.
    """
    root = root.resolve()
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="portal-bench-")))
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": "benchmark-only-" + secrets.token_hex(24),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "SECURE_COOKIES": "False",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(tmp / "static"),
            "ENV_FILE": "",  # the checkout's development .env must not leak in
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "REDIS_URL": "",
            # wrk is one address sending thousands of requests a second: the API's limit per
            # address still counts every request (its cost is measured) but never refuses.
            "API_RATE_LIMIT": "100000000/m",
        }
        env.pop("CACHE_KEY_PREFIX", None)
        database, cache = "SQLite", "database cache"
        if database_url:
            env["DATABASE_URL"] = stack.enter_context(postgres_database(database_url))
            database = "PostgreSQL"
        if redis_url:
            env["REDIS_URL"] = redis_url
            env["CACHE_KEY_PREFIX"] = stack.enter_context(redis_prefix(redis_url))
            cache = "Redis"
        for key, value in (overrides or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        site = Deployment(root, env, tmp / "static", database, cache)
        site.manage("migrate", "--no-input", "-v0")
        site.manage("createcachetable", "-v0")
        site.manage("load_catalog", "-v0", *([str(catalog)] if catalog else []))
        site.manage("collectstatic", "--no-input", "-v0")
        yield site


@contextmanager
def serving(
    site: Deployment,
    *,
    port: int | None = None,
    worker_count: int | None = None,
    gunicorn_args: Sequence[str] = (),
    scheme: str = "http",
) -> Iterator[Deployment]:
    """gunicorn serving `site` on 127.0.0.1; stopped (its whole process group) afterwards."""
    port = port or free_port()
    env = {**site.env}
    if "SITE_URL" in env and env["SITE_URL"] == "http://127.0.0.1":
        env["SITE_URL"] = f"http://127.0.0.1:{port}"
    site = Deployment(**{**site.__dict__, "env": env, "port": port, "scheme": scheme})
    command = [
        sys.executable, "-m", "gunicorn", "portal.wsgi",
        "--workers", str(worker_count or workers()),
        "--bind", f"127.0.0.1:{port}",
        "--no-control-socket",
        "--log-level", "warning",
        *gunicorn_args,
    ]  # fmt: skip
    # A session of its own: stopping the group stops the master and every worker.
    server = subprocess.Popen(command, env=env, cwd=site.root, start_new_session=True)
    try:
        wait_until_ready(server, site)
        yield site
    finally:
        stop(server)


def wait_until_ready(server: subprocess.Popen, site: Deployment) -> None:
    """Bounded: the port accepts, and over plain HTTP /healthz answers 200."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode} at start")
        try:
            if site.scheme != "http":
                socket.create_connection(("127.0.0.1", site.port), timeout=1).close()
                return
            with urllib.request.urlopen(site.url("/healthz"), timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on port {site.port} within {READY_SECONDS:.0f}s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass


@contextmanager
def deployment(
    root: Path = ROOT,
    *,
    database_url: str | None = None,
    redis_url: str | None = None,
    catalog: Path | None = None,
    overrides: Mapping[str, str | None] | None = None,
    port: int | None = None,
    worker_count: int | None = None,
    gunicorn_args: Sequence[str] = (),
    scheme: str = "http",
) -> Iterator[Deployment]:
    """`prepared()` and `serving()` together: the usual way in."""
    with (
        prepared(
            root,
            database_url=database_url,
            redis_url=redis_url,
            catalog=catalog,
            overrides=overrides,
        ) as site,
        serving(
            site,
            port=port,
            worker_count=worker_count,
            gunicorn_args=gunicorn_args,
            scheme=scheme,
        ) as served,
    ):
        yield served
