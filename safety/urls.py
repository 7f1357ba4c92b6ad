from django.urls import path

from .views import gate

app_name = "safety"

urlpatterns = [
    # --- gate ---
    path("", gate.index, name="index"),
    path("settings/", gate.settings_edit, name="settings"),
]
