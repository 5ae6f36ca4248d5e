from django.urls import path

from .views import result, wizard

app_name = "wizard"

urlpatterns = [
    path("", wizard.wizard, name="start"),
    path("preview/", wizard.preview, name="preview"),
    path("result/", result.result, name="result"),
    path("result.md", result.result_adr, name="result_adr"),
    path("save/", result.save, name="save"),
]
