from django.contrib.auth import views as auth_views
from django.urls import path

from . import (
    login,
    views,
    views_calendar,
    views_children,
    views_notify,
    views_promotion,
    views_roster,
    views_setup,
    views_staff,
)

app_name = "campus"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/campuses/", views.dashboard_campuses, name="dashboard_campuses"),
    path("campus/switch/", views.switch_campus, name="switch"),
    path("attendance/", views.attendance_overview, name="attendance"),
    path("attendance/class/<int:pk>/", views.attendance_take, name="attendance_take"),
    path("calendar/", views_calendar.calendar_view, name="calendar"),
    path("staff/", views.staff_list, name="staff_list"),
    path("children/", views.child_list, name="child_list"),
    path("children/<int:pk>/", views.child_detail, name="child_detail"),
    path("children/roster/", views_roster.roster_import, name="roster_import"),
    path("children/roster/confirm/", views_roster.roster_confirm, name="roster_confirm"),
    path("children/roster/export/", views_roster.roster_export, name="roster_export"),
    path("children/roster/template/", views_roster.roster_template_view, name="roster_template"),
    path("children/add/", views_children.child_add, name="child_add"),
    path("children/<int:pk>/edit/", views_children.child_edit, name="child_edit"),
    path("children/<int:pk>/leave/", views_children.child_leave, name="child_leave"),
    path("children/<int:pk>/move/", views_children.child_move, name="child_move"),
    path("children/<int:pk>/siblings/", views_children.child_siblings, name="child_siblings"),
    path("children/special-diets/", views_children.special_diets, name="special_diets"),
    path("setup/", views_setup.setup_home, name="setup"),
    path("setup/campuses/add/", views_setup.campus_add, name="campus_add"),
    path("setup/campuses/<int:pk>/", views_setup.campus_edit, name="campus_edit"),
    path("setup/classes/add/", views_setup.classroom_add, name="classroom_add"),
    path("setup/classes/<int:pk>/", views_setup.classroom_edit, name="classroom_edit"),
    path("setup/terms/add/", views_setup.term_add, name="term_add"),
    path("setup/terms/<int:pk>/", views_setup.term_edit, name="term_edit"),
    path("setup/places/add/", views_setup.place_add, name="place_add"),
    path("setup/places/<int:pk>/", views_setup.place_edit, name="place_edit"),
    path("setup/new-school-year/", views_promotion.promotion_view, name="promotion"),
    path("staff/me/certificates/", views_staff.my_certificates, name="my_certificates"),
    path("staff/add/", views_staff.staff_add, name="staff_add"),
    path("staff/<int:pk>/", views_staff.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/leave/", views_staff.staff_leave, name="staff_leave"),
    path("staff/<int:pk>/certificates/add/", views_staff.certificate_add, name="certificate_add"),
    path("staff/certificates/<int:pk>/", views_staff.certificate_edit, name="certificate_edit"),
    path("parent/", views.parent_home, name="parent_home"),
    path("parent/child/<int:pk>/", views.parent_child, name="parent_child"),
    path("media/<path:path>", views.media, name="media"),
    path("notifications/", views_notify.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views_notify.notification_open, name="notification_open"),
    path("notifications/read-all/", views_notify.notification_read_all, name="notification_read_all"),
    path("notifications/settings/", views_notify.notification_settings, name="notification_settings"),
]

# Names outside the "campus:" namespace, used by Django's auth and by every template.
root_patterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", login.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
