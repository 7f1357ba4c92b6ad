"""Today's menu for the parent's today page (``campus.family.today``): the published week's dishes
of the day, meal by meal, with the kitchen's photos of today's meals beside them (served to the
parent through ``kitchen:parent_meal_photo``). One query, and the settings row (read once per campus
object)."""

import datetime as dt

from django.db.models import CharField, F, IntegerField, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from campus.family.today import Line, Photo, Section

from .choices import Meal, MenuStatus
from .models import MenuItem
from .models_photos import MealPhoto
from .services import settings_for


def today_sections(child, day: dt.date) -> list[Section]:
    """One query for the dishes and the photos together (a UNION), plus the kitchen settings row."""
    served = settings_for(child.campus).served_meals()
    dishes = (MenuItem.objects.filter(menu__campus_id=child.campus_id, menu__status=MenuStatus.PUBLISHED, date=day)
              .order_by().values_list("meal", F("dish__name"), Value(0, output_field=IntegerField()), "id"))
    shots = (MealPhoto.objects.shown().filter(campus_id=child.campus_id, date=day).order_by()
             .values_list("meal", Value("", output_field=CharField()), "id", "id"))
    by_meal: dict = {}
    photo_ids: dict = {}
    for meal, name, photo_id, _order in sorted(dishes.union(shots, all=True), key=lambda row: (row[0], row[3])):
        if photo_id:
            photo_ids.setdefault(meal, []).append(photo_id)
        else:
            by_meal.setdefault(meal, []).append(name)
    lines = [Line(f"{Meal(meal).label}：{'、'.join(by_meal[meal])}") for meal in served if meal in by_meal]
    base = reverse("kitchen:parent_meal_photo", args=[child.pk, 0])[:-2]  # one reverse, not one per photo
    photos = [Photo(f"{base}{pk}/", str(Meal(meal).label)) for meal in served for pk in photo_ids.get(meal, ())]
    return [Section(_("Today's menu"), "egg-fried", lines=lines, photos=photos, empty=_("No menu published for today."),
                    link=reverse("kitchen:parent_menu", args=[child.pk]))]
