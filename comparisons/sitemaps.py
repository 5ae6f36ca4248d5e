"""sitemap.xml: the public pages people should find, at their canonical addresses."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .queries import published_tools


class SiteSitemap(Sitemap):
    """Links on SITE_URL when it is set; Django's default (the request's origin) otherwise."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return (
            urlsplit(settings.SITE_URL).scheme
            if settings.SITE_URL
            else super().get_protocol(protocol)
        )

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc if settings.SITE_URL else super().get_domain(site)


class PageSitemap(SiteSitemap):
    def items(self) -> list[str]:
        return [
            "comparisons:home",
            "comparisons:compare",
            "comparisons:insights",
            "comparisons:use_cases",
            "comparisons:sources",
            "wizard:start",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ToolSitemap(SiteSitemap):
    def items(self) -> list[str]:
        return [tool.slug for tool in published_tools()]

    def location(self, item: str) -> str:
        return reverse("comparisons:tool", args=[item])


class PairSitemap(SiteSitemap):
    """Every canonical pair page: slugs in alphabetical order, as the pair URL demands."""

    def items(self) -> list[str]:
        slugs = sorted(tool.slug for tool in published_tools())
        return [f"{a}-vs-{b}" for i, a in enumerate(slugs) for b in slugs[i + 1 :]]

    def location(self, item: str) -> str:
        return reverse("comparisons:pair", args=[item])


SITEMAPS = {"pages": PageSitemap, "tools": ToolSitemap, "comparisons": PairSitemap}
