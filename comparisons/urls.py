from django.urls import path

from .views import browse

app_name = "comparisons"

urlpatterns = [
    path("", browse.home, name="home"),
]
