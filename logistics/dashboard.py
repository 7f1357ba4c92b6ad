"""The stores' dashboard cards for the director and the to-dos on each role's home page."""

from .dashboard_flows import flows_card, flows_todos


def cards(campus, day) -> list:
    return [flows_card(campus, day)]


def todos(request, day) -> list:
    return flows_todos(request, day)
