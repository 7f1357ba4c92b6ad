"""The assets menu: the register, counts, moves and write-offs for the asset manager, the logistics
head and the director. Other staff reach an asset's page by scanning its label."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem


def items(request) -> list:
    user = request.user
    if not user.has_perm("assets.view_category"):
        return []
    return [
        NavItem(_("Asset register"), reverse("assets:index"), "box-seam"),
        NavItem(_("Counts"), reverse("assets:count_list"), "upc-scan"),
        NavItem(_("Transfers and loans"), reverse("assets:transfer_list"), "arrow-left-right"),
        NavItem(_("Write-offs"), reverse("assets:writeoff_list"), "trash"),
    ]
