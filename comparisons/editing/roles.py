"""Who may edit the catalog: the "Catalog editors" group and how a user joins it.

The group holds the permissions on the comparisons app's models (the catalog, the wizard's
rules, their history, the suggestion queue) and nothing else: not users, groups, teams or
decisions. A data migration creates it; `make_editor` puts a user in it.
"""

from django.contrib.auth.management import create_permissions

CATALOG_EDITORS = "Catalog editors"
# The revision row is written only by the system.
NOT_FOR_EDITORS = {"add_catalogrevision", "change_catalogrevision", "delete_catalogrevision"}


def sync_editor_group(apps) -> None:
    """Give the group every permission of the comparisons app (a migration's `apps`)."""
    # Permissions are otherwise created after the last migration; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=CATALOG_EDITORS)
    group.permissions.set(
        permission_model.objects.filter(content_type__app_label="comparisons").exclude(
            codename__in=NOT_FOR_EDITORS
        )
    )


def may_edit_ratings(user) -> bool:
    """Whether pages offer this user "Edit this" links into the admin. Only staff can open the
    admin, so everyone else is answered without the permission lookup (two queries)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("comparisons.change_rating")
    )
