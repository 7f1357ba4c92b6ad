"""Not in the menu until the department works end to end (see the open issue that builds it): a
menu entry leading to an empty page is a defect."""


def items(request) -> list:
    return []


# The repairs side: 维修 for those who handle repairs (and the director), 我的报修 for everyone else.
def repair_items(request) -> list:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from campus.ui import NavItem

    user = request.user
    if not user.has_perm("assets.add_repairrequest"):
        return []
    label = _("Repairs") if user.has_perm("assets.oversee_repairrequest") else _("My repair reports")
    return [NavItem(label, reverse("assets:repair_list"), "tools")]


_register_items = items


def items(request) -> list:  # noqa: F811 (the register's entries, then the repairs')
    return _register_items(request) + repair_items(request)
