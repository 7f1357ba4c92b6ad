from django.urls import reverse
from django.utils.translation import gettext as _

from campus.access import may_open
from campus.ui import NavItem


def items(request) -> list[NavItem]:
    user = request.user
    if not user.has_perm("kitchen.view_acceptance"):
        return []
    result = [NavItem(_("Kitchen today"), reverse("kitchen:index"), "egg-fried")]
    if user.has_perm("kitchen.view_menu"):
        result.append(NavItem(_("Menus and nutrition"), reverse("kitchen:menu_list"), "journal-text"))
    issue = reverse("logistics:kitchen_issue")
    if may_open(user, issue) and not user.has_perm("logistics.view_item"):  # the keepers reach it from the stores
        result.append(NavItem(_("Kitchen daily issue"), issue, "box-arrow-in-down"))
    if user.has_perm("kitchen.view_mealphoto"):
        result.append(NavItem(_("Meal photos"), reverse("kitchen:meal_photos"), "camera"))
    if user.has_perm("kitchen.view_mealfeedback"):
        result.append(NavItem(_("Parents' meal feedback"), reverse("kitchen:feedback_list"), "chat-heart"))
    return result


def parent_links(request, child) -> list[NavItem]:
    return [NavItem(_("This week's menu"), reverse("kitchen:parent_menu", args=[child.pk]), "egg-fried"),
            NavItem(_("Rate this week's meals"), reverse("kitchen:parent_feedback", args=[child.pk]), "star")]


def child_links(request, child) -> list[NavItem]:
    return []
