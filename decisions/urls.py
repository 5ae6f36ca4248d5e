"""Under /teams/<team_slug>/decisions/. Every URL here is in tests/decisions' permission matrix."""

from django.urls import path

from .views import share
from .views import team_decisions as views

app_name = "decisions"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/adr.md", views.adr, name="adr"),
    path("<int:pk>/supersede/", views.supersede, name="supersede"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/share/", share.create, name="share"),
    path("<int:pk>/share/<int:link_id>/revoke/", share.revoke, name="revoke_share"),
]
