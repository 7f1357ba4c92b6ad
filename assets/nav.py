"""The assets menu: the register, counts, moves and write-offs for the asset manager, the logistics
head and the director. Other staff reach an asset's page by scanning its label; everyone on staff
reports repairs (维修 for those who handle them, 我的报修 for the others)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem


def items(request) -> list:
    register = []
    if request.user.has_perm("assets.view_category"):
        register = [
            NavItem(_("Asset register"), reverse("assets:index"), "box-seam"),
            NavItem(_("Counts"), reverse("assets:count_list"), "upc-scan"),
            NavItem(_("Transfers and loans"), reverse("assets:transfer_list"), "arrow-left-right"),
            NavItem(_("Write-offs"), reverse("assets:writeoff_list"), "trash"),
        ]
    return register + repair_items(request)


# The repairs side: 维修 for those who handle repairs (and the director), 我的报修 for everyone else.
def repair_items(request) -> list:
    user = request.user
    if not user.has_perm("assets.add_repairrequest"):
        return []
    label = _("Repairs") if user.has_perm("assets.oversee_repairrequest") else _("My repair reports")
    return [NavItem(label, reverse("assets:repair_list"), "tools")]
