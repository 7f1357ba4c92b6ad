from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem


def items(request) -> list[NavItem]:
    if not request.user.has_perm("health.view_healthcheck"):
        return []
    result = [NavItem(_("Health care"), reverse("health:index"), "heart-pulse")]
    if request.user.has_perm("health.add_healthpost"):
        result.append(NavItem(_("Health education"), reverse("health:posts"), "journal-medical"))
    return result


def parent_links(request, child) -> list[NavItem]:
    return [
        NavItem(_("Growth chart"), reverse("health:parent_growth", args=[child.pk]), "graph-up"),
        NavItem(_("Medication log"), reverse("health:parent_medication", args=[child.pk]), "capsule"),
        NavItem(_("Health education"), reverse("health:parent_posts", args=[child.pk]), "journal-medical"),
    ]


def child_links(request, child) -> list[NavItem]:
    if not request.user.has_perm("health.view_measurement"):
        return []
    return [NavItem(_("Growth and health"), reverse("health:child_growth", args=[child.pk]), "graph-up")]
