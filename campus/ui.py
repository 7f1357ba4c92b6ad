"""What apps hand to the shared pages: navigation entries, dashboard cards and today's to-dos.

Each app may have:
- ``nav.py``: ``items(request) -> list[NavItem]`` (already filtered by what the user may open) and,
  for the parent portal, ``parent_links(request, child) -> list[NavItem]``.
- ``dashboard.py``: ``cards(campus, day) -> list[Card]`` for the director's dashboard (and, one
  column per campus, the group director's side-by-side page), ``todos(request, day) -> list[Todo]``
  for each role's home page ("what must I do today"), and optionally ``alerts(campuses, day) ->
  list[Alert]`` (the red banner on top of the dashboards) and ``home_alerts(request, day)`` (the
  same banner on the home page of the roles concerned).

A card's ``state`` is a ``CardState``: OK only on the records that prove it (not on the absence of a
problem), NONE when nothing was recorded, so that a campus nobody works on never shows green.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass
class NavItem:
    label: str
    url: str
    icon: str = ""  # a name from static/icons (optional)
    group: str = ""  # the menu heading; "" = the app's own (its verbose name), PINNED = on the bar itself


PINNED = "pinned"
FLAT_MENU_UP_TO = 8  # a role with this many entries or fewer gets a flat menu; more are grouped by department


@dataclass
class NavGroup:
    label: str
    items: list


def nav_menu(request, user_may_open) -> tuple[list, list]:
    """The menu of a staff member: the pinned entries and the department groups, each entry one the
    user may open. A menu of a few entries (a cook's, a gatekeeper's) stays flat: one group, no heading."""
    from django.apps import apps

    pinned, groups = [], {}
    for label in settings.HOUQIN_APPS:
        module = app_module(label, "nav")
        if module is None or not hasattr(module, "items"):
            continue
        for item in module.items(request):
            if not user_may_open(item.url):
                continue
            if item.group == PINNED:
                pinned.append(item)
            else:
                heading = item.group or str(apps.get_app_config(label).verbose_name)
                groups.setdefault(heading, []).append(item)
    if len(pinned) + sum(len(items) for items in groups.values()) <= FLAT_MENU_UP_TO:
        return pinned + [item for items in groups.values() for item in items], []
    return pinned, [NavGroup(heading, items) for heading, items in groups.items()]


class CardState(models.TextChoices):
    """What a card claims. OK (green) only when the records that prove it exist; NONE when nothing
    has been recorded at all (neither good nor bad: nobody knows yet); INFO for a figure that judges
    nothing (a month's attendance)."""

    OK = "ok", pgettext_lazy("card state", "On track")
    ATTENTION = "attention", pgettext_lazy("card state", "Needs attention")
    OVERDUE = "overdue", pgettext_lazy("card state", "Overdue")
    NONE = "none", pgettext_lazy("card state", "Nothing recorded")
    INFO = "info", pgettext_lazy("card state", "For information")


LEVELS = {
    CardState.OK: "success", CardState.ATTENTION: "warning", CardState.OVERDUE: "danger",
    CardState.NONE: "secondary", CardState.INFO: "info",
}


def nothing_recorded() -> str:
    """The text of a card in the NONE state (“今日尚无记录”)."""
    return str(_("Nothing recorded today."))


@dataclass
class Card:
    title: str
    value: str = ""
    detail: str = ""
    url: str = ""
    state: str = CardState.NONE
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # list of lists of cell values, shown as a small table
    key: str = ""  # a stable name ("kitchen.today") to line the same card up across campuses

    @property
    def level(self) -> str:
        """The bootstrap contextual class of the state: success, warning, danger, secondary, info."""
        return LEVELS[CardState(self.state)]

    @property
    def state_label(self) -> str:
        return CardState(self.state).label

    @property
    def lines(self) -> list:
        """``rows`` with each cell as ``(value, is_temporal(value))``: the page keeps dates on one line."""
        return [[(cell, is_temporal(cell)) for cell in row] for row in self.rows]


@dataclass
class Alert:
    """Something that must be dealt with now, shown as a red banner above everything else."""

    title: str
    url: str
    detail: str = ""
    due: str = ""
    overdue: bool = False
    campus: object = None


@dataclass
class Todo:
    title: str
    url: str
    detail: str = ""
    due: str = ""
    level: str = "secondary"  # danger for overdue


@cache
def app_module(label: str, name: str):
    """``<label>.<name>`` or None, looked up once per process: a failed import searches the package's
    directory every time (a quarter of a millisecond each, six apps on every page that collects)."""
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
