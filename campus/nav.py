from django.urls import reverse
from django.utils.translation import gettext as _

from .access import user_has_roles
from .roles import Role
from .ui import NavItem


def items(request) -> list[NavItem]:
    user = request.user
    result = [NavItem(_("Today"), reverse("home"), "calendar-check")]
    if user_has_roles(user, [Role.DIRECTOR, Role.LOGISTICS]):
        result.append(NavItem(_("Dashboard"), reverse("campus:dashboard"), "speedometer2"))
    if user.has_perm("campus.view_attendance"):
        result.append(NavItem(_("Attendance"), reverse("campus:attendance"), "person-check"))
    if user.has_perm("campus.view_child"):
        result.append(NavItem(_("Children"), reverse("campus:child_list"), "people"))
    if user.has_perm("campus.add_child"):
        result.append(NavItem(_("Roster import and export"), reverse("campus:roster_import"), "file-earmark-spreadsheet"))
    if user.has_perm("campus.view_staffcertificate"):
        result.append(NavItem(_("Staff"), reverse("campus:staff_list"), "person-badge"))
    if user.has_perm("campus.view_child") and user_has_roles(user, [Role.COOK, Role.DIRECTOR, Role.HEALTH, Role.LOGISTICS]):
        result.append(NavItem(_("Allergies and special diets"), reverse("campus:special_diets"), "egg-fried"))
    if user_has_roles(user, [Role.DIRECTOR]) and user.has_perm("campus.change_campus"):
        result.append(NavItem(_("Kindergarten setup"), reverse("campus:setup"), "building-gear"))
    if user.has_perm("campus.add_calendarday"):
        result.append(NavItem(_("School calendar"), reverse("campus:calendar"), "calendar3"))
    if user.is_staff:
        result.append(NavItem(_("Admin"), reverse("admin:index"), "gear"))
    return result
