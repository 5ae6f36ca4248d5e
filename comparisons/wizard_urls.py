app_name = "wizard"

urlpatterns: list = []
