"""Menu entries of the stores, for the roles that may open them."""

from .nav_flows import flow_items


def items(request) -> list:
    return flow_items(request)


def parent_links(request, child) -> list:
    return []


def child_links(request, child) -> list:
    return []
