from django.db import migrations

from comparisons.editing.roles import CATALOG_EDITORS, sync_editor_group


def create_group(apps, schema_editor):
    sync_editor_group(apps)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CATALOG_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comparisons", "0002_versions_and_history"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
