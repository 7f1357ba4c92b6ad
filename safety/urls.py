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

from .views import duties  # noqa: E402

urlpatterns += [
    # --- duties ---
    path("duties/", duties.duties, name="duties"),
    path("drills/", duties.drill_list, name="drill_list"),
    path("drills/add/", duties.drill_add, name="drill_add"),
    path("drills/<int:pk>/", duties.drill_detail, name="drill_detail"),
    path("drills/<int:pk>/photos/", duties.drill_photos, name="drill_photos"),
    path("drills/problems/<int:pk>/hazard/", duties.problem_hazard, name="problem_hazard"),
    path("hazards/", duties.hazard_list, name="hazard_list"),
    path("hazards/add/", duties.hazard_add, name="hazard_add"),
    path("hazards/<int:pk>/", duties.hazard_detail, name="hazard_detail"),
    path("hazards/<int:pk>/rectify/", duties.hazard_rectify, name="hazard_rectify"),
    path("hazards/<int:pk>/verify/", duties.hazard_verify, name="hazard_verify"),
    path("letters/", duties.letter_list, name="letter_list"),
    path("letters/register/", duties.letter_register, name="letter_register"),
    path("letters/add/", duties.letter_add, name="letter_add"),
    path("letters/<int:pk>/", duties.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/edit/", duties.letter_edit, name="letter_edit"),
    path("letters/<int:pk>/issue/", duties.letter_issue, name="letter_issue"),
    path("letters/<int:pk>/sign/", duties.letter_sign, name="letter_sign"),
    path("documents/", duties.document_list, name="document_list"),
    path("documents/add/", duties.document_add, name="document_add"),
    path("documents/<int:pk>/", duties.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", duties.document_edit, name="document_edit"),
    path("documents/<int:pk>/read/", duties.document_read, name="document_read"),
    path("training/", duties.training_list, name="training_list"),
    path("training/add/", duties.training_add, name="training_add"),
    path("training/hours/", duties.training_hours, name="training_hours"),
    path("training/<int:pk>/", duties.training_detail, name="training_detail"),
    path("training/<int:pk>/edit/", duties.training_edit, name="training_edit"),
    path("training/<int:pk>/sign-in/", duties.training_sign_in, name="training_sign_in"),
    path("lessons/", duties.lesson_list, name="lesson_list"),
    path("lessons/add/", duties.lesson_add, name="lesson_add"),
    path("duty/", duties.duty_list, name="duty_list"),
    path("duty/add/", duties.duty_add, name="duty_add"),
    path("duty/<int:pk>/", duties.duty_detail, name="duty_detail"),
    path("duty/<int:pk>/edit/", duties.duty_edit, name="duty_edit"),
]
