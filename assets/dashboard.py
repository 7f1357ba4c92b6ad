"""Assets on the director's dashboard and on each person's home page (register and repairs)."""

from .repair_dashboard import repair_cards, repair_todos


def cards(campus, day) -> list:
    return repair_cards(campus, day)


def todos(request, day) -> list:
    return repair_todos(request, day)
