"""Menu entries of the stores, for the roles that may open them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.ui import NavItem

from .nav_flows import flow_items


def items(request) -> list[NavItem]:
    if not request.user.has_perm("logistics.view_item"):
        return []
    return [NavItem(_("Stores"), reverse("logistics:index"), "box-seam"),
            NavItem(_("Catalogue"), reverse("logistics:item_list"), "list-ul")]


def parent_links(request, child) -> list[NavItem]:
    return []


def child_links(request, child) -> list[NavItem]:
    return []


# the flows (requisitions, purchase requests, stocktakes): their entries follow the ledger's
_ledger_items = items


def items(request) -> list[NavItem]:  # noqa: F811
    return [*_ledger_items(request), *flow_items(request)]
