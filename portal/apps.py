from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Site-wide rules: the text check of every form, and the database cache's table."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from . import forms

        forms.install()
