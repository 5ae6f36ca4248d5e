from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Catalog and wizard"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the revision bump)
