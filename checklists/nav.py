from django.urls import reverse
from django.utils.translation import gettext as _

from campus.access import user_has_roles
from campus.roles import Role
from campus.ui import NavItem

from .access import MANAGERS


def items(request) -> list[NavItem]:
    user = request.user
    if not user.has_perm("checklists.view_run"):
        return []
    result = [
        NavItem(_("My checklists"), reverse("checklists:index"), "list-check"),
        NavItem(_("Follow-ups"), reverse("checklists:followup_list"), "tools"),
    ]
    if user_has_roles(user, MANAGERS):
        result.append(NavItem(_("Checklist completion"), reverse("checklists:rates"), "graph-up"))
        result.append(NavItem(_("Checklist templates"), reverse("checklists:template_list"), "journal-check"))
    if user_has_roles(user, [Role.DIRECTOR]):
        result.append(NavItem(_("Checklist settings"), reverse("checklists:settings"), "sliders"))
    return result
