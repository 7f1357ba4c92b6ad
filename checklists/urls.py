from django.urls import path

from . import views

app_name = "checklists"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/register/", views.runs_register, name="runs_register"),
    path("rates/", views.rates, name="rates"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/load-standard/", views.plan_load_standard, name="plan_load_standard"),
    path("settings/", views.settings_edit, name="settings"),
    path("follow-ups/", views.followup_list, name="followup_list"),
    path("follow-ups/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("follow-ups/<int:pk>/close/", views.followup_close, name="followup_close"),
    path("follow-ups/<int:pk>/verify/", views.followup_verify, name="followup_verify"),
    path("follow-ups/<int:pk>/reopen/", views.followup_reopen, name="followup_reopen"),
]
