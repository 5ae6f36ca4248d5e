import logging

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"

    def ready(self) -> None:
        from .logs import RedactTokenFilter

        # On the logger, not a handler, so every handler (and pytest's caplog) sees it redacted.
        logging.getLogger("django.request").addFilter(RedactTokenFilter())
