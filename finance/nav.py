from django.urls import reverse
from django.utils.translation import gettext as _

from campus.access import user_has_roles
from campus.roles import Role
from campus.ui import NavItem


def items(request) -> list[NavItem]:
    user = request.user
    result = []
    if user_has_roles(user, [Role.DIRECTOR, Role.CASHIER]):
        result.append(NavItem(_("Finance"), reverse("finance:index"), "cash-coin"))
    elif user.has_perm("finance.add_reimbursement"):
        result.append(NavItem(_("Reimbursements"), reverse("finance:claim_list"), "wallet2"))
    return result


def parent_links(request, child) -> list[NavItem]:
    return [
        NavItem(_("Statements"), reverse("finance:parent_statements", args=[child.pk]), "receipt"),
        NavItem(_("Canteen account"), reverse("finance:parent_canteen_list", args=[child.pk]), "egg-fried"),
        NavItem(_("Fees and refund rules"), reverse("finance:parent_fees", args=[child.pk]), "tags"),
    ]


def child_links(request, child) -> list[NavItem]:
    if not request.user.has_perm("finance.view_ledgerentry"):
        return []
    return [NavItem(_("Fees account"), reverse("finance:child_account", args=[child.pk]), "cash-coin")]
