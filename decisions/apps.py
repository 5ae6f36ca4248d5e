from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"

    def ready(self) -> None:
        # The catalog checks its wizard's invariants through the engine, which lives here;
        # comparisons may not import decisions, so the checker is handed over (see
        # comparisons/wizard_checks.py).
        from comparisons import wizard_checks

        from .checks import CHECKER

        wizard_checks.register(CHECKER)
