"""The flows' menu entries: requisitions for every staff member who may ask for supplies, purchase
requests, class kits and stocktakes for the keepers and the director."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem


def flow_items(request) -> list[NavItem]:
    user, result = request.user, []
    if user.has_perm("logistics.view_requisition"):
        result.append(NavItem(_("Requisitions"), reverse("logistics:requisition_list"), "basket"))
    if user.has_perm("logistics.view_purchaserequest"):
        result.append(NavItem(_("Purchase requests"), reverse("logistics:purchase_list"), "cart"))
    if user.has_perm("logistics.view_stocktake"):
        result.append(NavItem(_("Stocktakes"), reverse("logistics:stocktake_list"), "clipboard-check"))
    return result
