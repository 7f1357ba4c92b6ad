from django.urls import path

from . import views

app_name = "checklists"

urlpatterns = [
    path("", views.index, name="index"),
    path("follow-ups/", views.followup_list, name="followup_list"),
    path("follow-ups/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("follow-ups/<int:pk>/close/", views.followup_close, name="followup_close"),
    path("follow-ups/<int:pk>/verify/", views.followup_verify, name="followup_verify"),
    path("follow-ups/<int:pk>/reopen/", views.followup_reopen, name="followup_reopen"),
]
