"""Under /teams/<team_slug>/decisions/. Every URL here is in tests/decisions' permission matrix."""

from django.urls import path

from .views import team_decisions as views

app_name = "decisions"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/adr.md", views.adr, name="adr"),
    path("<int:pk>/supersede/", views.supersede, name="supersede"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
