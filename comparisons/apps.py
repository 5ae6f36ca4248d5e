from django.apps import AppConfig
from django.db.models.signals import post_migrate


def keep_editors_group(sender, using: str = "default", **kwargs) -> None:
    """After every migrate and every flush (tests), the editors group holds every catalog
    permission: a new model's permissions reach editors without a data migration of its own."""
    from django.contrib.auth.models import Group, Permission

    from .editing.roles import CATALOG_EDITORS, NOT_FOR_EDITORS

    group, _ = Group.objects.using(using).get_or_create(name=CATALOG_EDITORS)
    group.permissions.set(
        Permission.objects.using(using)
        .filter(content_type__app_label="comparisons")
        .exclude(codename__in=NOT_FOR_EDITORS)
    )


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Catalog and wizard"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the revision bump)

        # Runs after auth's own post_migrate handler has created this app's permissions.
        post_migrate.connect(keep_editors_group, sender=self)
