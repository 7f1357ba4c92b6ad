from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .access import user_has_roles
from .roles import Role
from .ui import PINNED, NavItem


def items(request) -> list[NavItem]:
    user = request.user
    campus_group = pgettext("navigation", "Kindergarten")
    families = pgettext("navigation", "Families")
    result = [NavItem(_("Today"), reverse("home"), "calendar-check", PINNED)]
    if user_has_roles(user, [Role.DIRECTOR, Role.LOGISTICS]):
        result.append(NavItem(_("Dashboard"), reverse("campus:dashboard"), "speedometer2", PINNED))
    if user.has_perm("campus.view_attendance"):
        result.append(NavItem(_("Attendance"), reverse("campus:attendance"), "person-check", campus_group))
    if user.has_perm("campus.view_child"):
        result.append(NavItem(_("Children"), reverse("campus:child_list"), "people", campus_group))
    if user.has_perm("campus.add_child"):
        result.append(NavItem(_("Roster import and export"), reverse("campus:roster_import"), "file-earmark-spreadsheet", campus_group))
    if user.has_perm("campus.view_staffcertificate"):
        result.append(NavItem(_("Staff"), reverse("campus:staff_list"), "person-badge", campus_group))
    if user.has_perm("campus.view_child") and user_has_roles(user, [Role.COOK, Role.DIRECTOR, Role.HEALTH, Role.LOGISTICS]):
        result.append(NavItem(_("Allergies and special diets"), reverse("campus:special_diets"), "egg-fried", campus_group))
    if user_has_roles(user, [Role.DIRECTOR]) and user.has_perm("campus.change_campus"):
        result.append(NavItem(_("Kindergarten setup"), reverse("campus:setup"), "building-gear", campus_group))
    if user.has_perm("campus.add_calendarday"):
        result.append(NavItem(_("School calendar"), reverse("campus:calendar"), "calendar3", campus_group))
    if user.has_perm("campus.view_leaverequest"):
        result.append(NavItem(_("Leave requests"), reverse("campus:family_leave_list"), "envelope-paper", families))
    if user.has_perm("campus.view_familynotice"):
        result.append(NavItem(_("Notices to families"), reverse("campus:family_notice_list"), "megaphone", families))
    if user_has_roles(user, [Role.DIRECTOR]) and user.has_perm("campus.change_alertgroup"):
        result.append(NavItem(_("Alert groups"), reverse("campus:alert_settings"), "broadcast", campus_group))
    if user.has_perm("campus.change_familysettings"):
        result.append(NavItem(_("Family settings"), reverse("campus:family_settings"), "sliders", families))
    if user.is_staff:
        result.append(NavItem(_("Admin"), reverse("admin:index"), "gear", campus_group))
    return result


def parent_links(request, child) -> list[NavItem]:
    return [
        NavItem(_("Today"), reverse("campus:parent_today", args=[child.pk]), "sun"),
        NavItem(_("Ask for leave"), reverse("campus:parent_leave", args=[child.pk]), "envelope-paper"),
    ]
