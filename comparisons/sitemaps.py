"""sitemap.xml: the public pages people should find, at their canonical addresses."""

from django.contrib.sitemaps import Sitemap

from .queries import published_tools


class PageSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["/", "/compare/", "/insights/", "/use-cases/", "/sources/", "/wizard/"]

    def location(self, item: str) -> str:
        return item


class ToolSitemap(Sitemap):
    def items(self) -> list[str]:
        return [tool.slug for tool in published_tools()]

    def location(self, item: str) -> str:
        return f"/tools/{item}/"


class PairSitemap(Sitemap):
    """Every canonical pair page: slugs in alphabetical order, as the pair URL demands."""

    def items(self) -> list[str]:
        slugs = sorted(tool.slug for tool in published_tools())
        return [f"{a}-vs-{b}" for i, a in enumerate(slugs) for b in slugs[i + 1 :]]

    def location(self, item: str) -> str:
        return f"/compare/{item}/"


SITEMAPS = {"pages": PageSitemap, "tools": ToolSitemap, "comparisons": PairSitemap}
