"""What the day's menu needs (带量食谱 × children): raw grams per ingredient for the children expected
to eat, read by ``analysis`` (purchase quantities) and by ``services.menu_needs`` (the food store's
daily issue to the kitchen). Reads only, no import of ``services`` or ``analysis`` (both import this).

Children per grade: a class whose attendance is recorded on the day counts its present children (the
meal count: present children eat every meal served); a class not yet recorded counts its enrolled
children × its attendance rate of the last four weeks (1 without records)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from campus import attendance
from campus.choices import Grade
from campus.models import Child, Classroom

from .models import DishIngredient, MenuItem

ONE = Decimal("0.1")
GRADES = [Grade.NURSERY, Grade.SMALL, Grade.MIDDLE, Grade.LARGE]


def q1(value) -> Decimal:
    return Decimal(value).quantize(ONE, rounding=ROUND_HALF_UP)


def expected_children(campus, day: dt.date, lookback_days: int = 28) -> dict[str, Decimal]:
    """Children expected per grade: enrolled × the class's recent attendance rate (1 without records)."""
    since = day - dt.timedelta(days=lookback_days)
    rooms = attendance.with_counts(Classroom.objects.filter(campus=campus, is_active=True), since, day)
    enrolled = dict(
        Child.objects.enrolled_on(day).filter(campus=campus).values_list("classroom").annotate(n=Count("id"))
    )
    result = {grade: Decimal("0") for grade in GRADES}
    for room in rooms:
        rate = Decimal(room.present) / Decimal(room.recorded) if room.recorded else Decimal("1")
        result[room.grade] += Decimal(enrolled.get(room.pk, 0)) * rate
    return {grade: q1(value) for grade, value in result.items()}


def children_eating(campus, day: dt.date) -> tuple[dict[str, Decimal], bool]:
    """Children per grade who eat on ``day`` and whether every class's attendance is recorded (then
    they are the day's meal count; otherwise unrecorded classes count as expected). Four queries."""
    rooms = list(attendance.with_counts(Classroom.objects.filter(campus=campus, is_active=True), day, day))
    expected_by_room = {}
    if any(not room.recorded for room in rooms):
        since = day - dt.timedelta(days=28)
        recent = {room.pk: room for room in attendance.with_counts(
            Classroom.objects.filter(campus=campus, is_active=True), since, day - dt.timedelta(days=1))}
        enrolled = dict(Child.objects.enrolled_on(day).filter(campus=campus).values_list("classroom").annotate(n=Count("id")))
        for pk, room in recent.items():
            rate = Decimal(room.present) / Decimal(room.recorded) if room.recorded else Decimal("1")
            expected_by_room[pk] = Decimal(enrolled.get(pk, 0)) * rate
    result = {grade: Decimal("0") for grade in GRADES}
    for room in rooms:
        result[room.grade] += Decimal(room.present) if room.recorded else expected_by_room.get(room.pk, Decimal("0"))
    return {grade: q1(value) for grade, value in result.items()}, all(room.recorded for room in rooms)


@dataclass
class MenuNeed:
    """One ingredient of the day's menu: raw grams for all the children eating, and the dishes using it."""

    ingredient: object
    grams: Decimal
    dishes: list = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """The names a food-store item may have: the ingredient's store link first, then its Chinese name
        and that name without its note in brackets (大米(粳米) -> 大米)."""
        names = [self.ingredient.store_name.strip()] if self.ingredient.store_name.strip() else []
        name = self.ingredient.name_zh.strip()
        names.append(name)
        for bracket in ("(", "（"):
            if bracket in name:
                names.append(name.split(bracket, 1)[0].strip())
        return [n for n in dict.fromkeys(names) if n]


def menu_needs(campus, day: dt.date, children: dict | None = None) -> list[MenuNeed]:
    """The raw grams of each ingredient the menu of ``day`` needs for ``children`` per grade (default:
    ``children_eating``), all meals together, in the menu's order. Two queries besides the children."""
    if children is None:
        children, _recorded = children_eating(campus, day)
    items = list(MenuItem.objects.filter(menu__campus=campus, date=day).select_related("dish").order_by("meal", "id"))
    lines = DishIngredient.objects.filter(dish_id__in={item.dish_id for item in items}).select_related("ingredient")
    by_dish = defaultdict(list)
    for line in lines:
        by_dish[line.dish_id].append(line)
    needs: dict[int, MenuNeed] = {}
    for item in items:
        for line in by_dish[item.dish_id]:
            need = needs.setdefault(line.ingredient_id, MenuNeed(ingredient=line.ingredient, grams=Decimal("0")))
            need.grams += sum((line.grams_for(grade) * children.get(grade, 0) for grade in GRADES), Decimal("0"))
            if item.dish.name not in need.dishes:
                need.dishes.append(item.dish.name)
    for need in needs.values():
        need.grams = need.grams.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return [need for need in needs.values() if need.grams > 0]
