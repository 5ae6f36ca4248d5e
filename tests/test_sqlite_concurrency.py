"""SQLite as configured (WAL, IMMEDIATE transactions, busy timeout, synchronous=FULL) takes
concurrent writers without "database is locked" and without losing a commit.

Runs against a real file database in a subprocess: the test database pytest-django makes for
SQLite lives in memory, where WAL and locking do not apply.
"""

import os
import subprocess
import sys

from django.conf import settings

WRITERS = 6
WRITES_EACH = 40

SCRIPT = f"""
import threading
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from comparisons.models import CatalogRevision

call_command("migrate", verbosity=0)
CatalogRevision.bump()
start = CatalogRevision.current()
errors = []

def writer():
    try:
        for _ in range({WRITES_EACH}):
            # A read followed by a write in one transaction: the case that fails with
            # "database is locked" under SQLite's default deferred transactions.
            with transaction.atomic():
                CatalogRevision.current()
                CatalogRevision.bump()
    except Exception as error:  # reported below, so the test shows what went wrong
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=writer) for _ in range({WRITERS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(CatalogRevision.current() - start, len(errors), errors[:3])
"""


def test_concurrent_writers_on_sqlite_all_commit(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "True",
        "LOG_LEVEL": "ERROR",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    committed, failures, examples = result.stdout.split(" ", 2)
    assert int(failures) == 0, examples
    assert int(committed) == WRITERS * WRITES_EACH
