"""Today's menu for the parent's today page (``campus.family.today``): the published week's dishes
of the day, meal by meal. Two queries (the settings row is read once per campus object)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from campus.family.today import Line, Section

from .choices import Meal, MenuStatus
from .models import MenuItem
from .services import settings_for


def today_sections(child, day: dt.date) -> list[Section]:
    served = settings_for(child.campus).served_meals()
    dishes: dict = {}
    for meal, name in (MenuItem.objects.filter(menu__campus_id=child.campus_id, menu__status=MenuStatus.PUBLISHED, date=day)
                       .order_by("meal", "id").values_list("meal", "dish__name")):
        dishes.setdefault(meal, []).append(name)
    lines = [Line(f"{Meal(meal).label}：{'、'.join(dishes[meal])}") for meal in served if meal in dishes]
    return [Section(_("Today's menu"), "egg-fried", lines=lines, empty=_("No menu published for today."),
                    link=reverse("kitchen:parent_menu", args=[child.pk]))]
