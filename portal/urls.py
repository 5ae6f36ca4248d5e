from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from comparisons.sitemaps import SITEMAPS
from comparisons.views import browse

from . import views

urlpatterns = [
    path("", include("comparisons.urls")),
    path("accounts/", include("teams.account_urls")),
    path("", include("teams.urls")),
    path("wizard/", include("decisions.wizard_urls")),
    path("teams/<slug:team_slug>/decisions/", include("decisions.urls")),
    path("s/", include("decisions.share_urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", browse.robots_txt, name="robots"),
    path("api/", include("api.urls")),
]

# Unknown tools get a 404 page listing the known ones; malformed input a 400 with a message.
handler400 = browse.handler400
handler404 = browse.page_not_found
