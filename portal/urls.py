from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("comparisons.urls")),
    path("accounts/", include("teams.account_urls")),
    path("", include("teams.urls")),
    path("wizard/", include("comparisons.wizard_urls")),
    path("teams/<slug:team_slug>/decisions/", include("decisions.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
