from django.urls import path

from .views import wizard

app_name = "wizard"

urlpatterns = [
    path("", wizard.wizard, name="start"),
    path("preview/", wizard.preview, name="preview"),
    path("result/", wizard.result, name="result"),
    path("save/", wizard.save, name="save"),
]
