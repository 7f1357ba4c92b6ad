from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem


def items(request) -> list[NavItem]:
    if not request.user.has_perm("health.view_healthcheck"):
        return []
    return [NavItem(_("Health care"), reverse("health:index"), "heart-pulse")]


def parent_links(request, child) -> list[NavItem]:
    return [
        NavItem(_("Growth chart"), reverse("health:parent_growth", args=[child.pk]), "graph-up"),
        NavItem(_("Medication log"), reverse("health:parent_medication", args=[child.pk]), "capsule"),
    ]


def child_links(request, child) -> list[NavItem]:
    if not request.user.has_perm("health.view_measurement"):
        return []
    return [NavItem(_("Growth and health"), reverse("health:child_growth", args=[child.pk]), "graph-up")]
