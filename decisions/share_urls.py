"""/s/<token>/: a decision shared by link. The token is any path segment here and is checked
in the view, so malformed tokens get the same 404 page (and the same log redaction)."""

from django.urls import path

from .views import share

app_name = "share"

urlpatterns = [path("<str:token>/", share.view, name="view")]
