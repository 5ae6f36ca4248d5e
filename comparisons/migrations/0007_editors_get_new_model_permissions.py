from django.db import migrations

from comparisons.editing.roles import sync_editor_group


def grant_editors(apps, schema_editor):
    # Prerequisites (0005) arrived after the group was made: editors must be able to change them.
    sync_editor_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("comparisons", "0006_survey_figure_negative"),
    ]

    operations = [migrations.RunPython(grant_editors, migrations.RunPython.noop)]
