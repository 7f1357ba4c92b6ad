from django.contrib.auth import views as auth_views
from django.urls import path

from . import login, views, views_channels, views_notify, views_roster
from .family import views as family_views
from .family import views_notices as family_notices

app_name = "campus"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/campuses/", views.dashboard_campuses, name="dashboard_campuses"),
    path("campus/switch/", views.switch_campus, name="switch"),
    path("attendance/", views.attendance_overview, name="attendance"),
    path("attendance/class/<int:pk>/", views.attendance_take, name="attendance_take"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("staff/", views.staff_list, name="staff_list"),
    path("children/", views.child_list, name="child_list"),
    path("children/<int:pk>/", views.child_detail, name="child_detail"),
    path("children/roster/", views_roster.roster_import, name="roster_import"),
    path("children/roster/confirm/", views_roster.roster_confirm, name="roster_confirm"),
    path("children/roster/export/", views_roster.roster_export, name="roster_export"),
    path("parent/", views.parent_home, name="parent_home"),
    path("parent/child/<int:pk>/", views.parent_child, name="parent_child"),
    path("media/<path:path>", views.media, name="media"),
    path("notifications/", views_notify.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views_notify.notification_open, name="notification_open"),
    path("notifications/read-all/", views_notify.notification_read_all, name="notification_read_all"),
    path("notifications/settings/", views_notify.notification_settings, name="notification_settings"),
    path("alerts/", views_channels.alert_settings, name="alert_settings"),
    path("alerts/groups/add/", views_channels.alert_group_add, name="alert_group_add"),
    path("alerts/groups/<int:pk>/", views_channels.alert_group_edit, name="alert_group_edit"),
    path("alerts/groups/<int:pk>/test/", views_channels.alert_group_test, name="alert_group_test"),
    path("parent/child/<int:pk>/today/", family_views.parent_today, name="parent_today"),
    path("parent/child/<int:pk>/leave/", family_views.parent_leave, name="parent_leave"),
    path("parent/leave/<int:pk>/cancel/", family_views.parent_leave_cancel, name="parent_leave_cancel"),
    path("family/leave/", family_views.leave_list, name="family_leave_list"),
    path("family/leave/<int:pk>/", family_views.leave_detail, name="family_leave_detail"),
    path("family/leave/<int:pk>/decide/", family_views.leave_decide, name="family_leave_decide"),
    path("family/settings/", family_views.family_settings, name="family_settings"),
    path("family/notices/", family_notices.notice_list, name="family_notice_list"),
    path("family/notices/new/", family_notices.notice_add, name="family_notice_add"),
    path("family/notices/<int:pk>/", family_notices.notice_detail, name="family_notice_detail"),
    path("parent/notices/<int:pk>/", family_notices.parent_notice, name="parent_notice"),
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
