from django.urls import reverse
from django.utils.translation import gettext as _

from campus.access import user_has_roles
from campus.roles import Role
from campus.ui import NavItem


def items(request) -> list[NavItem]:
    if not user_has_roles(request.user, [Role.DIRECTOR, Role.LOGISTICS]):
        return []
    return [NavItem(_("Stores and purchasing"), reverse("logistics:index"), "box-seam")]
