from django.urls import path, register_converter

from .views import browse, suggest


class PairConverter:
    """Two tool slugs joined by "-vs-"; which tools they name is the view's business."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*-vs-[a-z0-9]+(?:-[a-z0-9]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormatConverter:
    regex = "csv|json|md"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PairConverter, "tool_pair")
register_converter(ExportFormatConverter, "export_format")

app_name = "comparisons"

urlpatterns = [
    path("", browse.home, name="home"),
    path("compare/", browse.compare, name="compare"),
    path("compare/export.<export_format:fmt>", browse.export, name="export"),
    path("compare/<tool_pair:pair>/", browse.compare_pair, name="pair"),
    path("compare/<tool_pair:pair>.<export_format:fmt>", browse.export_pair, name="pair_export"),
    path("tools/<slug:slug>/", browse.tool, name="tool"),
    path("insights/", browse.insights, name="insights"),
    path("use-cases/", browse.use_cases, name="use_cases"),
    path("sources/", browse.sources, name="sources"),
    path("suggest/<slug:tool>/<slug:capability>/", suggest.suggest, name="suggest"),
    path("accounts/suggestions/", suggest.my_suggestions, name="my_suggestions"),
]
