"""The database cache's table, made by `migrate` like every other table.

Production without Redis caches in the database (settings.DATABASE_CACHE_TABLE). Django leaves
that table to `createcachetable`, a step a deploy following any Django guide (migrate, then
start gunicorn) skips — and then every page answered 500. Created here with Django's own
command code, whatever cache the settings name today, so a later switch from Redis to the
database cache finds the table too. Nothing happens when the table already exists.
"""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.DATABASE_CACHE_TABLE, False)


def drop_cache_table(apps, schema_editor) -> None:
    quoted = schema_editor.quote_name(settings.DATABASE_CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {quoted}")


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
