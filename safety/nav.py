"""Safety menu entries and links. Gate block first; the duties half appends its own."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem


def _gate_items(request) -> list[NavItem]:
    user = request.user
    if user.has_perm("safety.view_safetysettings"):
        return [NavItem(_("Gate and pickup"), reverse("safety:index"), "door-open")]
    if user.has_perm("safety.add_visitor"):
        return [NavItem(_("Expect a visitor"), reverse("safety:visitor_expect"), "door-open")]
    return []


def duties_items(request) -> list[NavItem]:
    if not request.user.has_perm("safety.view_hazard"):
        return []
    return [NavItem(_("Safety duties"), reverse("safety:duties"), "shield-check")]


def items(request) -> list:
    return [*_gate_items(request), *duties_items(request)]


def parent_links(request, child) -> list[NavItem]:
    return [NavItem(_("Who may pick up"), reverse("safety:parent_pickers", args=[child.pk]), "people")]


def child_links(request, child) -> list[NavItem]:
    if request.user.has_perm("safety.view_picker"):
        return [NavItem(_("Pickers"), reverse("safety:child_pickers", args=[child.pk]), "people")]
    return []
