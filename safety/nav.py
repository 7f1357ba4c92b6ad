"""Safety menu entries, one block per half (only pages that work end to end)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem


def duties_items(request) -> list[NavItem]:
    if not request.user.has_perm("safety.view_hazard"):
        return []
    return [NavItem(_("Safety duties"), reverse("safety:duties"), "shield-check")]


def items(request) -> list[NavItem]:
    return [*duties_items(request)]
