"""What apps hand to the shared pages: navigation entries, dashboard cards and today's to-dos.

Each app may have:
- ``nav.py``: ``items(request) -> list[NavItem]`` (already filtered by what the user may open) and,
  for the parent portal, ``parent_links(request, child) -> list[NavItem]``.
- ``dashboard.py``: ``cards(campus, day) -> list[Card]`` for the director's dashboard and
  ``todos(request, day) -> list[Todo]`` for each role's home page ("what must I do today").
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings


@dataclass
class NavItem:
    label: str
    url: str
    icon: str = ""  # a name from static/icons (optional)


@dataclass
class Card:
    title: str
    value: str = ""
    detail: str = ""
    url: str = ""
    level: str = "secondary"  # bootstrap contextual class: success, warning, danger, secondary, info
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # list of lists of cell values, shown as a small table

    @property
    def lines(self) -> list:
        """``rows`` with each cell as ``(value, is_temporal(value))``: the page keeps dates on one line."""
        return [[(cell, is_temporal(cell)) for cell in row] for row in self.rows]


@dataclass
class Todo:
    title: str
    url: str
    detail: str = ""
    due: str = ""
    level: str = "secondary"  # danger for overdue


def app_module(label: str, name: str):
    try:
        return import_module(f"{label}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{label}.{name}":
            raise
        return None


def collect(name: str, function: str, *args) -> list:
    """Call ``<app>.<name>.<function>(*args)`` for every Houqin app that has it, in app order."""
    results = []
    for label in settings.HOUQIN_APPS:
        module = app_module(label, name)
        if module is not None and hasattr(module, function):
            results.extend(getattr(module, function)(*args))
    return results


TEMPORAL_TEXT = re.compile(r"\d{1,4}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?( \d{1,2}:\d{2})?|\d{1,2}:\d{2}(:\d{2})?"
                           r"( ?[–~-] ?\d{1,2}:\d{2})?")


def is_temporal(cell) -> bool:
    """A date, time or datetime cell (or one written as such, ``05-12 09:30``): the page keeps it on
    one line, so a phone scrolls a wide register sideways instead of stacking a date on four lines."""
    if isinstance(cell, dt.date | dt.time):
        return True
    return isinstance(cell, str) and TEMPORAL_TEXT.fullmatch(cell.strip()) is not None
