from django.urls import path

from . import views
from .v1 import api

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("v1/", api.urls),
]
