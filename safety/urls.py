from django.urls import path

from .views import gate

app_name = "safety"

urlpatterns = [
    # --- gate ---
    path("", gate.index, name="index"),
    path("settings/", gate.settings_edit, name="settings"),
    path("visitors/", gate.visitor_list, name="visitor_list"),
    path("visitors/add/", gate.visitor_add, name="visitor_add"),
    path("visitors/expect/", gate.visitor_expect, name="visitor_expect"),
    path("visitors/<int:pk>/", gate.visitor_detail, name="visitor_detail"),
    path("visitors/<int:pk>/admit/", gate.visitor_admit, name="visitor_admit"),
    path("visitors/<int:pk>/sign-out/", gate.visitor_sign_out, name="visitor_sign_out"),
    path("visitors/<int:pk>/confirm/", gate.visitor_confirm, name="visitor_confirm"),
    path("restricted/", gate.restricted_list, name="restricted_list"),
    path("restricted/add/", gate.restricted_add, name="restricted_add"),
    path("restricted/<int:pk>/", gate.restricted_edit, name="restricted_edit"),
    path("restricted/<int:pk>/photo/", gate.restricted_photo, name="restricted_photo"),
    path("children/<int:pk>/pickers/", gate.child_pickers, name="child_pickers"),
    path("pickers/<int:pk>/confirm/", gate.picker_confirm, name="picker_confirm"),
    path("pickers/<int:pk>/photo/", gate.picker_photo, name="picker_photo"),
    path("family/children/<int:pk>/pickers/", gate.parent_pickers, name="parent_pickers"),
    path("family/children/<int:pk>/pickers/add/", gate.parent_picker_add, name="parent_picker_add"),
    path("family/children/<int:pk>/pickers/temporary/", gate.parent_picker_temporary, name="parent_picker_temporary"),
    path("family/pickers/<int:pk>/", gate.parent_picker_edit, name="parent_picker_edit"),
    path("family/pickers/<int:pk>/photo/", gate.parent_picker_photo, name="parent_picker_photo"),
    path("family/pickers/<int:pk>/remove/", gate.parent_picker_remove, name="parent_picker_remove"),
    path("dismissal/", gate.dismissal_overview, name="dismissal_overview"),
    path("dismissal/class/<int:pk>/", gate.dismissal, name="dismissal"),
    path("dismissal/waiting/", gate.not_picked_up, name="not_picked_up"),
    path("dismissal/record/", gate.handover_list, name="handover_list"),
]
